{{%AUTOESCAPE context="HTML"}}
{{! A list of users (followers / following). Names: HEADING; repeated section USER
    (USERNAME, AVATAR_URL); NO_USERS; NEWER{URL}; OLDER{URL}. }}
<h1 class="h3 mb-3 text-break">{{HEADING}}</h1>
<ul class="user-list list-unstyled">
{{#USER}}
  <li class="d-flex align-items-center gap-3 py-2"><img class="avatar avatar-sm" src="{{AVATAR_URL}}" width="48" height="48" alt=""><a class="fw-semibold text-break" href="/user/{{USERNAME:url_query_escape}}">{{USERNAME}}</a></li>
{{/USER}}
</ul>
{{#NO_USERS}}
<p class="text-body-secondary">[[Nobody here yet.]]</p>
{{/NO_USERS}}
<nav class="pager mt-3" aria-label="[[More users]]">
  <ul class="pagination justify-content-between">
{{#NEWER}}
    <li class="page-item"><a class="page-link" href="{{URL}}" rel="prev"><span aria-hidden="true">&larr;</span> [[Previous]]</a></li>
{{/NEWER}}
{{#OLDER}}
    <li class="page-item ms-auto"><a class="page-link" href="{{URL}}" rel="next">[[Next]] <span aria-hidden="true">&rarr;</span></a></li>
{{/OLDER}}
  </ul>
</nav>
