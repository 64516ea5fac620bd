{{%AUTOESCAPE context="HTML"}}
{{! HTML notice after a password reset. Names: LANG, USERNAME, RESET_REQUEST_URL. }}
<!DOCTYPE html>
<html lang="{{LANG}}">
<body>
<p>[[Dear {{USERNAME}},]]</p>
<p>[[The password of your Microblog account was just changed with a reset link, and every session of your account was signed out.]]</p>
<p>[[If you did this, there is nothing more to do. If you did not, someone can read your email: secure your mailbox, then <a href="{{RESET_REQUEST_URL}}">choose a new password</a>.]]</p>
<p>[[Sincerely,]]</p>
<p>[[The Microblog Team]]</p>
</body>
</html>
