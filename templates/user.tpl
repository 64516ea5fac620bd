{{%AUTOESCAPE context="HTML"}}
{{! Profile page. Names: AVATAR_URL, USERNAME, FOLLOWERS_TEXT, FOLLOWING_TEXT, POSTS_TEXT (the
    counts with their words, in the reader's language and plural);
    sections ABOUT_ME_SEC{ABOUT_ME}, LAST_SEEN_SEC{LAST_SEEN_ISO, LAST_SEEN_TEXT},
    OWN_PROFILE, FOLLOW_FORM, UNFOLLOW_FORM, SEND_MESSAGE; CSRF_TOKEN from the parent dictionary.
    POSTS_HTML: a rendered posts.tpl. }}
<section class="profile-header d-flex flex-column flex-sm-row align-items-sm-start gap-3 mb-4" aria-labelledby="profile-name">
  <img class="avatar avatar-lg flex-shrink-0" src="{{AVATAR_URL}}" width="128" height="128" alt="[[Avatar of {{USERNAME}}]]">
  <div class="flex-grow-1 min-w-0">
    <h1 class="h2 mb-1 text-break" id="profile-name">{{USERNAME}}</h1>
{{#ABOUT_ME_SEC}}
    <p class="profile-about mb-2" dir="auto">{{ABOUT_ME:pre_escape}}</p>
{{/ABOUT_ME_SEC}}
{{#LAST_SEEN_SEC}}
    <p class="small text-body-secondary mb-2">[[Last seen]] <time class="js-time" data-format="full" datetime="{{LAST_SEEN_ISO}}">{{LAST_SEEN_TEXT}}</time></p>
{{/LAST_SEEN_SEC}}
    <p class="profile-counts mb-3"><a href="/user/{{USERNAME:url_query_escape}}/followers">{{FOLLOWERS_TEXT}}</a>, <a href="/user/{{USERNAME:url_query_escape}}/following">{{FOLLOWING_TEXT}}</a>, {{POSTS_TEXT}}</p>
{{#OWN_PROFILE}}
    <div class="d-flex flex-wrap gap-2">
      <a class="btn btn-outline-primary btn-sm" href="/edit_profile">[[Edit your profile]]</a>
      <a class="btn btn-outline-secondary btn-sm" href="/auth/change_password">[[Change password]]</a>
    </div>
{{/OWN_PROFILE}}
{{#EXPORT_FORM}}
    <form method="post" action="/export_posts" class="mt-2">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <button type="submit" class="btn btn-outline-secondary btn-sm" id="export-posts">[[Export your posts]]</button>
    </form>
{{/EXPORT_FORM}}
{{#FOLLOW_FORM}}
    <form method="post" action="/follow/{{USERNAME:url_query_escape}}">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <button type="submit" class="btn btn-primary btn-sm">[[Follow]]</button>
    </form>
{{/FOLLOW_FORM}}
{{#UNFOLLOW_FORM}}
    <form method="post" action="/unfollow/{{USERNAME:url_query_escape}}">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <button type="submit" class="btn btn-outline-secondary btn-sm">[[Unfollow]]</button>
    </form>
{{/UNFOLLOW_FORM}}
{{#SEND_MESSAGE}}
    <a class="btn btn-outline-secondary btn-sm mt-2" href="/send_message/{{USERNAME:url_query_escape}}">[[Send private message]]</a>
{{/SEND_MESSAGE}}
  </div>
</section>
<h2 class="visually-hidden">[[Posts by {{USERNAME}}]]</h2>
{{POSTS_HTML:none}}
