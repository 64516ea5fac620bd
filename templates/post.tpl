{{%AUTOESCAPE context="HTML"}}
{{! One post in a list: POST_ID, AUTHOR, AUTHOR_AVATAR_URL, BODY, LANGUAGE, TIMESTAMP_ISO,
    TIMESTAMP_TEXT, TRANSLATE (a post in another language than READER_LANGUAGE). Rendered once
    per post and interface language and kept (web/post_fragments.hpp), so it holds nothing that
    depends on who reads it or on the page it is on. The Translate button's other words are data
    attributes, so that app.js shows them in the reader's language. data-user-popup on the
    author's name is where popups.js attaches the author's card. }}
<article class="post d-flex gap-3 py-3" id="post{{POST_ID}}">
  <a class="flex-shrink-0" href="/user/{{AUTHOR:url_query_escape}}" tabindex="-1" aria-hidden="true"><img class="avatar avatar-sm" src="{{AUTHOR_AVATAR_URL}}" width="48" height="48" alt=""></a>
  <div class="post-main flex-grow-1">
    <header class="post-meta small"><a class="post-author fw-semibold" href="/user/{{AUTHOR:url_query_escape}}" data-user-popup="{{AUTHOR}}">{{AUTHOR}}</a> <span class="text-body-secondary" aria-hidden="true">&middot;</span> <a class="post-permalink text-body-secondary" href="#post{{POST_ID}}"><time class="js-time" data-format="relative" datetime="{{TIMESTAMP_ISO}}">{{TIMESTAMP_TEXT}}</time></a></header>
    <p class="post-body mb-0" lang="{{LANGUAGE}}" dir="auto"{{#TRANSLATE}} aria-live="polite"{{/TRANSLATE}}>{{BODY:pre_escape}}</p>
{{#TRANSLATE}}
    <div class="post-translate small mt-1"><button type="button" class="btn btn-link btn-sm p-0 align-baseline js-translate d-none" data-post-id="{{POST_ID}}" data-dest-language="{{READER_LANGUAGE}}" data-label-translate="[[Translate]]" data-label-original="[[Show original]]" data-label-busy="[[Translating…]]" data-label-failed="[[The translation failed. Please try again later.]]">[[Translate]]</button> <span class="js-translate-error text-danger ms-2" role="alert"></span></div>
{{/TRANSLATE}}
  </div>
</article>
