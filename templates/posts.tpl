{{%AUTOESCAPE context="HTML"}}
{{! A page of posts with pagination. POSTS_HTML: the page's posts, each a rendered post.tpl,
    newest first; NO_POSTS; NEWER{URL}; OLDER{URL}. }}
<div class="post-list">
{{POSTS_HTML:none}}
{{#NO_POSTS}}
<p class="text-body-secondary py-3">[[No posts yet.]]</p>
{{/NO_POSTS}}
</div>
<nav class="pager mt-3" aria-label="[[More posts]]">
  <ul class="pagination justify-content-between">
{{#NEWER}}
    <li class="page-item"><a class="page-link" href="{{URL}}" rel="prev"><span aria-hidden="true">&larr;</span> [[Newer posts]]</a></li>
{{/NEWER}}
{{#OLDER}}
    <li class="page-item ms-auto"><a class="page-link" href="{{URL}}" rel="next">[[Older posts]] <span aria-hidden="true">&rarr;</span></a></li>
{{/OLDER}}
  </ul>
</nav>
