{{%AUTOESCAPE context="HTML"}}
{{! Ask for a password reset email. Field: EMAIL (EMAIL_VALUE / EMAIL_INVALID / EMAIL_ERROR{MESSAGE});
    FORM_ERROR{MESSAGE}. From the parent dictionary: FORM_ACTION, CSRF_TOKEN. }}
<div class="row justify-content-center">
  <div class="col-sm-10 col-md-7 col-lg-5">
    <h1 class="h3 mb-3">[[Reset your password]]</h1>
{{#FORM_ERROR}}
    <div class="alert alert-danger" role="alert">{{MESSAGE}}</div>
{{/FORM_ERROR}}
    <p class="text-body-secondary">[[Enter the email address of your account. If it belongs to an account, a link to choose a new password is sent to it.]]</p>
    <form method="post" action="{{FORM_ACTION}}" novalidate>
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <div class="mb-3">
        <label class="form-label" for="email">[[Email address]]</label>
        <input class="form-control{{EMAIL_INVALID}}" type="email" id="email" name="email" value="{{EMAIL_VALUE}}" autocomplete="email" maxlength="120" required autofocus aria-describedby="email-error">
        <div class="invalid-feedback" id="email-error">{{#EMAIL_ERROR}}<div>{{MESSAGE}}</div>{{/EMAIL_ERROR}}</div>
      </div>
      <button type="submit" class="btn btn-primary w-100">[[Send reset link]]</button>
    </form>
    <p class="mt-4 mb-0"><a href="/auth/login">[[Back to sign in]]</a></p>
  </div>
</div>
