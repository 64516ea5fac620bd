{{%AUTOESCAPE context="HTML"}}
{{! A page of posts with pagination. Repeated section POST (POST_ID, AUTHOR, AUTHOR_AVATAR_URL,
    BODY, LANGUAGE, TIMESTAMP_ISO, TIMESTAMP_TEXT, TRANSLATE: a post in another language than
    READER_LANGUAGE); NO_POSTS; NEWER{URL}; OLDER{URL}. The Translate button's other words
    are data attributes, so that app.js shows them in the reader's language. }}
<div class="post-list">
{{#POST}}
<article class="post d-flex gap-3 py-3" id="post{{POST_ID}}">
  <a class="flex-shrink-0" href="/user/{{AUTHOR:url_query_escape}}" tabindex="-1" aria-hidden="true"><img class="avatar avatar-sm" src="{{AUTHOR_AVATAR_URL}}" width="48" height="48" alt=""></a>
  <div class="post-main flex-grow-1">
    <header class="post-meta small"><a class="post-author fw-semibold" href="/user/{{AUTHOR:url_query_escape}}">{{AUTHOR}}</a> <span class="text-body-secondary" aria-hidden="true">&middot;</span> <a class="post-permalink text-body-secondary" href="#post{{POST_ID}}"><time class="js-time" data-format="relative" datetime="{{TIMESTAMP_ISO}}">{{TIMESTAMP_TEXT}}</time></a></header>
    <p class="post-body mb-0" lang="{{LANGUAGE}}" dir="auto"{{#TRANSLATE}} aria-live="polite"{{/TRANSLATE}}>{{BODY:pre_escape}}</p>
{{#TRANSLATE}}
    <div class="post-translate small mt-1"><button type="button" class="btn btn-link btn-sm p-0 align-baseline js-translate d-none" data-post-id="{{POST_ID}}" data-dest-language="{{READER_LANGUAGE}}" data-label-translate="[[Translate]]" data-label-original="[[Show original]]" data-label-busy="[[Translating…]]" data-label-failed="[[The translation failed. Please try again later.]]">[[Translate]]</button> <span class="js-translate-error text-danger ms-2" role="alert"></span></div>
{{/TRANSLATE}}
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
