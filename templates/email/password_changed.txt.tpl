{{! Plain-text notice after a password reset. Names: USERNAME, RESET_REQUEST_URL. }}
[[Dear {{USERNAME}},]]

[[The password of your Microblog account was just changed with a reset link, and every session of your account was signed out.]]

[[If you did this, there is nothing more to do. If you did not, someone can read your email: secure your mailbox, then choose a new password here:]]

{{RESET_REQUEST_URL}}

[[Sincerely,]]
[[The Microblog Team]]
