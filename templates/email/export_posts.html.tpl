{{%AUTOESCAPE context="HTML"}}
{{! HTML mail that carries a posts export. Names: LANG, USERNAME, POST_COUNT_TEXT. }}
<!DOCTYPE html>
<html lang="{{LANG}}">
<body>
<p>[[Dear {{USERNAME}},]]</p>
<p>[[Please find attached the archive of your posts that you requested: {{POST_COUNT_TEXT}}, oldest first, in posts.json.]]</p>
<p>[[Sincerely,]]</p>
<p>[[The Microblog Team]]</p>
</body>
</html>
