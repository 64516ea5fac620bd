{{%AUTOESCAPE context="HTML"}}
{{! A page of posts with pagination. Repeated section POST (POST_ID, AUTHOR, AUTHOR_AVATAR_URL,
    BODY, LANGUAGE, TIMESTAMP_ISO, TIMESTAMP_TEXT); NO_POSTS; NEWER{URL}; OLDER{URL}. }}
<div class="post-list">
{{#POST}}
<article class="post d-flex gap-3 py-3" id="post{{POST_ID}}">
  <a class="flex-shrink-0" href="/user/{{AUTHOR:url_query_escape}}" tabindex="-1" aria-hidden="true"><img class="avatar avatar-sm" src="{{AUTHOR_AVATAR_URL}}" width="48" height="48" alt=""></a>
  <div class="post-main flex-grow-1">
    <header class="post-meta small"><a class="post-author fw-semibold" href="/user/{{AUTHOR:url_query_escape}}">{{AUTHOR}}</a> <span class="text-body-secondary" aria-hidden="true">&middot;</span> <a class="post-permalink text-body-secondary" href="#post{{POST_ID}}"><time class="js-time" data-format="relative" datetime="{{TIMESTAMP_ISO}}">{{TIMESTAMP_TEXT}}</time></a></header>
    <p class="post-body mb-0" lang="{{LANGUAGE}}" dir="auto">{{BODY:pre_escape}}</p>
  </div>
</article>
{{/POST}}
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
