{{%AUTOESCAPE context="HTML"}}
{{! Explore: every post, newest first. Include: POSTS (posts.tpl). }}
<h1 class="h3 mb-3">Explore</h1>
{{>POSTS}}
