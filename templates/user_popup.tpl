{{%AUTOESCAPE context="HTML"}}
{{! The user's card (GET /user/<name>/popup), put in place by static/js/popups.js: no layout.
    Names and sections as web/profile_summary.hpp sets them, with CSRF_TOKEN. The follow forms
    also work as plain posts; the script sends them with fetch and reloads the card. }}
<div class="user-popup-body d-flex gap-3">
  <a class="flex-shrink-0" href="/user/{{USERNAME:url_query_escape}}" tabindex="-1" aria-hidden="true"><img class="avatar" src="{{AVATAR_URL}}" width="64" height="64" alt=""></a>
  <div class="flex-grow-1 min-w-0">
    <p class="h6 mb-1 text-break"><a class="user-popup-name" href="/user/{{USERNAME:url_query_escape}}">{{USERNAME}}</a></p>
{{#ABOUT_ME_SEC}}
    <p class="user-popup-about small mb-1" dir="auto">{{ABOUT_ME:pre_escape}}</p>
{{/ABOUT_ME_SEC}}
{{#LAST_SEEN_SEC}}
    <p class="small text-body-secondary mb-1">[[Last seen]] <time class="js-time" data-format="full" datetime="{{LAST_SEEN_ISO}}">{{LAST_SEEN_TEXT}}</time></p>
{{/LAST_SEEN_SEC}}
    <p class="user-popup-counts small mb-2">{{FOLLOWERS_TEXT}}, {{FOLLOWING_TEXT}}</p>
{{#FOLLOW_FORM}}
    <form class="js-popup-follow" method="post" action="/follow/{{USERNAME:url_query_escape}}">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <button type="submit" class="btn btn-primary btn-sm">[[Follow]]</button>
    </form>
{{/FOLLOW_FORM}}
{{#UNFOLLOW_FORM}}
    <form class="js-popup-follow" method="post" action="/unfollow/{{USERNAME:url_query_escape}}">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <button type="submit" class="btn btn-outline-secondary btn-sm">[[Unfollow]]</button>
    </form>
{{/UNFOLLOW_FORM}}
    <p class="user-popup-error small text-danger mb-0 mt-2" role="alert" data-failed="[[That did not work. Please try again later.]]"></p>
  </div>
</div>
