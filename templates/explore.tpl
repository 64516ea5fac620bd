{{%AUTOESCAPE context="HTML"}}
{{! Explore: every post, newest first. POSTS_HTML: a rendered posts.tpl. }}
<h1 class="h3 mb-3">[[Explore]]</h1>
{{POSTS_HTML:none}}
