{{%AUTOESCAPE context="HTML"}}
{{! HTML part of the reset mail. Names: LANG, USERNAME, RESET_URL, VALID_FOR ("60 minutes", in the reader's language). }}
<!DOCTYPE html>
<html lang="{{LANG}}">
<body>
<p>[[Dear {{USERNAME}},]]</p>
<p>[[To choose a new password, <a href="{{RESET_URL}}">click here</a>.]]</p>
<p>[[Alternatively, paste this link into your browser's address bar:]]</p>
<p>{{RESET_URL}}</p>
<p>[[The link works once, within {{VALID_FOR}}. If you did not ask for a password reset, ignore this message: your password stays as it is.]]</p>
<p>[[Sincerely,]]</p>
<p>[[The Microblog Team]]</p>
</body>
</html>
