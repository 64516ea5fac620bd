{{%AUTOESCAPE context="HTML"}}
{{! Registration form. Fields: USERNAME, EMAIL, PASSWORD, PASSWORD2
    (X_VALUE, never for passwords / X_INVALID / X_ERROR{MESSAGE}); FORM_ERROR{MESSAGE}.
    From the parent dictionary: FORM_ACTION, CSRF_TOKEN. }}
<div class="row justify-content-center">
  <div class="col-sm-10 col-md-7 col-lg-5">
    <h1 class="h3 mb-3">[[Create an account]]</h1>
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
        <label class="form-label" for="email">[[Email address]]</label>
        <input class="form-control{{EMAIL_INVALID}}" type="email" id="email" name="email" value="{{EMAIL_VALUE}}" autocomplete="email" maxlength="120" required aria-describedby="email-error">
        <div class="invalid-feedback" id="email-error">{{#EMAIL_ERROR}}<div>{{MESSAGE}}</div>{{/EMAIL_ERROR}}</div>
      </div>
      <div class="mb-3">
        <label class="form-label" for="password">[[Password]]</label>
        <input class="form-control{{PASSWORD_INVALID}}" type="password" id="password" name="password" autocomplete="new-password" required aria-describedby="password-error">
        <div class="invalid-feedback" id="password-error">{{#PASSWORD_ERROR}}<div>{{MESSAGE}}</div>{{/PASSWORD_ERROR}}</div>
      </div>
      <div class="mb-3">
        <label class="form-label" for="password2">[[Repeat password]]</label>
        <input class="form-control{{PASSWORD2_INVALID}}" type="password" id="password2" name="password2" autocomplete="new-password" required aria-describedby="password2-error">
        <div class="invalid-feedback" id="password2-error">{{#PASSWORD2_ERROR}}<div>{{MESSAGE}}</div>{{/PASSWORD2_ERROR}}</div>
      </div>
      <button type="submit" class="btn btn-primary w-100">[[Register]]</button>
    </form>
    <p class="mt-4 mb-0">[[Already have an account? <a href="/auth/login">Sign in</a>]]</p>
  </div>
</div>
