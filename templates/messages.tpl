{{%AUTOESCAPE context="HTML"}}
{{! The signed-in user's inbox, newest first. Repeated section MESSAGE_ROW (ID, SENDER,
    SENDER_AVATAR_URL, TIMESTAMP_ISO, TIMESTAMP_TEXT, BODY); NO_MESSAGES; NEWER{URL};
    OLDER{URL}. }}
<h1 class="h3 mb-3">[[Messages]]</h1>
<div class="message-list">
{{#MESSAGE_ROW}}
<article class="post d-flex gap-3 py-3" id="message{{ID}}">
  <a class="flex-shrink-0" href="/user/{{SENDER:url_query_escape}}" tabindex="-1" aria-hidden="true"><img class="avatar avatar-sm" src="{{SENDER_AVATAR_URL}}" width="48" height="48" alt=""></a>
  <div class="post-main flex-grow-1">
    <header class="post-meta small"><a class="post-author fw-semibold" href="/user/{{SENDER:url_query_escape}}">{{SENDER}}</a> <span class="text-body-secondary" aria-hidden="true">&middot;</span> <time class="js-time text-body-secondary" data-format="relative" datetime="{{TIMESTAMP_ISO}}">{{TIMESTAMP_TEXT}}</time></header>
    <p class="post-body mb-0" dir="auto">{{BODY:pre_escape}}</p>
  </div>
</article>
{{/MESSAGE_ROW}}
</div>
{{#NO_MESSAGES}}
<p class="text-body-secondary">[[No messages yet.]]</p>
{{/NO_MESSAGES}}
<nav class="pager mt-3" aria-label="[[More messages]]">
  <ul class="pagination justify-content-between">
{{#NEWER}}
    <li class="page-item"><a class="page-link" href="{{URL}}" rel="prev"><span aria-hidden="true">&larr;</span> [[Newer messages]]</a></li>
{{/NEWER}}
{{#OLDER}}
    <li class="page-item ms-auto"><a class="page-link" href="{{URL}}" rel="next">[[Older messages]] <span aria-hidden="true">&rarr;</span></a></li>
{{/OLDER}}
  </ul>
</nav>
