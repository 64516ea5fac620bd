{{! Plain-text part of the reset mail. Names: USERNAME, RESET_URL, VALID_FOR. No escaping: this is not HTML. }}
[[Dear {{USERNAME}},]]

[[To choose a new password, open this link:]]

{{RESET_URL}}

[[The link works once, within {{VALID_FOR}}. If you did not ask for a password reset, ignore this message: your password stays as it is.]]

[[Sincerely,]]
[[The Microblog Team]]
