{{%AUTOESCAPE context="HTML"}}
{{! Edit profile. Fields: USERNAME, ABOUT_ME (X_VALUE / X_INVALID / X_ERROR{MESSAGE});
    FORM_ERROR{MESSAGE}. From the parent dictionary: FORM_ACTION, CSRF_TOKEN.
    app.js keeps the counter named by data-maxlength-counter up to date. }}
<div class="row justify-content-center">
  <div class="col-md-9 col-lg-7">
    <h1 class="h3 mb-3">[[Edit your profile]]</h1>
{{#FORM_ERROR}}
    <div class="alert alert-danger" role="alert">{{MESSAGE}}</div>
{{/FORM_ERROR}}
    <form method="post" action="{{FORM_ACTION}}" novalidate>
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <div class="mb-3">
        <label class="form-label" for="username">[[Username]]</label>
        <input class="form-control{{USERNAME_INVALID}}" type="text" id="username" name="username" value="{{USERNAME_VALUE}}" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" required autofocus aria-describedby="username-error">
        <div class="invalid-feedback" id="username-error">{{#USERNAME_ERROR}}<div>{{MESSAGE}}</div>{{/USERNAME_ERROR}}</div>
      </div>
      <div class="mb-3">
        <label class="form-label" for="about_me">[[About me]]</label>
        <textarea class="form-control{{ABOUT_ME_INVALID}}" id="about_me" name="about_me" rows="3" maxlength="140" data-maxlength-counter="about_me-counter" aria-describedby="about_me-counter about_me-error">{{ABOUT_ME_VALUE:pre_escape}}</textarea>
        <div class="invalid-feedback" id="about_me-error">{{#ABOUT_ME_ERROR}}<div>{{MESSAGE}}</div>{{/ABOUT_ME_ERROR}}</div>
        <div class="form-text char-counter" id="about_me-counter" data-left-one="[[{n} character left]]" data-left-other="[[{n} characters left]]" data-over-one="[[{n} character too many]]" data-over-other="[[{n} characters too many]]">[[At most 140 characters.]]</div>
      </div>
      <button type="submit" class="btn btn-primary">[[Save]]</button>
    </form>
    <hr class="my-4">
    <p class="mb-0"><a href="/auth/change_password">[[Change your password]]</a></p>
  </div>
</div>
