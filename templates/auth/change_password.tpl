{{%AUTOESCAPE context="HTML"}}
{{! Change password. Fields: CURRENT_PASSWORD, PASSWORD, PASSWORD2
    (X_INVALID / X_ERROR{MESSAGE}; no values are ever prefilled); FORM_ERROR{MESSAGE}.
    From the parent dictionary: FORM_ACTION, CSRF_TOKEN. }}
<div class="row justify-content-center">
  <div class="col-sm-10 col-md-7 col-lg-5">
    <h1 class="h3 mb-3">[[Change password]]</h1>
{{#FORM_ERROR}}
    <div class="alert alert-danger" role="alert">{{MESSAGE}}</div>
{{/FORM_ERROR}}
    <p class="text-body-secondary" id="change-password-note">[[After the change, every other browser or device signed in to your account is signed out. This one stays signed in.]]</p>
    <form method="post" action="{{FORM_ACTION}}" novalidate>
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <div class="mb-3">
        <label class="form-label" for="current_password">[[Current password]]</label>
        <input class="form-control{{CURRENT_PASSWORD_INVALID}}" type="password" id="current_password" name="current_password" autocomplete="current-password" required autofocus aria-describedby="current_password-error">
        <div class="invalid-feedback" id="current_password-error">{{#CURRENT_PASSWORD_ERROR}}<div>{{MESSAGE}}</div>{{/CURRENT_PASSWORD_ERROR}}</div>
      </div>
      <div class="mb-3">
        <label class="form-label" for="password">[[New password]]</label>
        <input class="form-control{{PASSWORD_INVALID}}" type="password" id="password" name="password" autocomplete="new-password" required aria-describedby="password-error">
        <div class="invalid-feedback" id="password-error">{{#PASSWORD_ERROR}}<div>{{MESSAGE}}</div>{{/PASSWORD_ERROR}}</div>
      </div>
      <div class="mb-3">
        <label class="form-label" for="password2">[[Repeat new password]]</label>
        <input class="form-control{{PASSWORD2_INVALID}}" type="password" id="password2" name="password2" autocomplete="new-password" required aria-describedby="password2-error">
        <div class="invalid-feedback" id="password2-error">{{#PASSWORD2_ERROR}}<div>{{MESSAGE}}</div>{{/PASSWORD2_ERROR}}</div>
      </div>
      <button type="submit" class="btn btn-primary me-2">[[Change password]]</button>
      <a class="btn btn-link" href="/edit_profile">[[Cancel]]</a>
    </form>
  </div>
</div>
