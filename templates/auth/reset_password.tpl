{{%AUTOESCAPE context="HTML"}}
{{! Choose a new password (reached from the emailed link). Fields: PASSWORD, PASSWORD2
    (X_INVALID / X_ERROR{MESSAGE}); FORM_ERROR{MESSAGE}.
    From the parent dictionary: FORM_ACTION (/auth/reset_password: never the token), CSRF_TOKEN. }}
<div class="row justify-content-center">
  <div class="col-sm-10 col-md-7 col-lg-5">
    <h1 class="h3 mb-3">[[Choose a new password]]</h1>
{{#FORM_ERROR}}
    <div class="alert alert-danger" role="alert">{{MESSAGE}}</div>
{{/FORM_ERROR}}
    <form method="post" action="{{FORM_ACTION}}" novalidate>
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <div class="mb-3">
        <label class="form-label" for="password">[[New password]]</label>
        <input class="form-control{{PASSWORD_INVALID}}" type="password" id="password" name="password" autocomplete="new-password" required autofocus aria-describedby="password-error">
        <div class="invalid-feedback" id="password-error">{{#PASSWORD_ERROR}}<div>{{MESSAGE}}</div>{{/PASSWORD_ERROR}}</div>
      </div>
      <div class="mb-3">
        <label class="form-label" for="password2">[[Repeat new password]]</label>
        <input class="form-control{{PASSWORD2_INVALID}}" type="password" id="password2" name="password2" autocomplete="new-password" required aria-describedby="password2-error">
        <div class="invalid-feedback" id="password2-error">{{#PASSWORD2_ERROR}}<div>{{MESSAGE}}</div>{{/PASSWORD2_ERROR}}</div>
      </div>
      <button type="submit" class="btn btn-primary w-100">[[Set new password]]</button>
    </form>
  </div>
</div>
