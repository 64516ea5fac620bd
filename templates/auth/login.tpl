{{%AUTOESCAPE context="HTML"}}
{{! Sign-in form. Fields: USERNAME, PASSWORD (each X_VALUE / X_INVALID / X_ERROR{MESSAGE});
    REMEMBER_CHECKED ("checked" or empty); sections NOTICE{MESSAGE}, FORM_ERROR{MESSAGE},
    RESET_LINK.
    Names from the parent dictionary: FORM_ACTION, CSRF_TOKEN. }}
<div class="row justify-content-center">
  <div class="col-sm-10 col-md-7 col-lg-5">
    <h1 class="h3 mb-3">[[Sign in]]</h1>
{{#NOTICE}}
    <div class="alert alert-info" role="alert">{{MESSAGE}}</div>
{{/NOTICE}}
{{#FORM_ERROR}}
    <div class="alert alert-danger" role="alert">{{MESSAGE}}</div>
{{/FORM_ERROR}}
    <form method="post" action="{{FORM_ACTION}}" novalidate>
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <div class="mb-3">
        <label class="form-label" for="username">[[Username]]</label>
        <input class="form-control{{USERNAME_INVALID}}" type="text" id="username" name="username" value="{{USERNAME_VALUE}}" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus aria-describedby="username-error">
        <div class="invalid-feedback" id="username-error">{{#USERNAME_ERROR}}<div>{{MESSAGE}}</div>{{/USERNAME_ERROR}}</div>
      </div>
      <div class="mb-3">
        <label class="form-label" for="password">[[Password]]</label>
        <input class="form-control{{PASSWORD_INVALID}}" type="password" id="password" name="password" autocomplete="current-password" required aria-describedby="password-error">
        <div class="invalid-feedback" id="password-error">{{#PASSWORD_ERROR}}<div>{{MESSAGE}}</div>{{/PASSWORD_ERROR}}</div>
      </div>
      <div class="mb-3 form-check">
        <input class="form-check-input" type="checkbox" id="remember_me" name="remember_me" value="y" {{REMEMBER_CHECKED}}>
        <label class="form-check-label" for="remember_me">[[Keep me signed in on this device]]</label>
      </div>
      <button type="submit" class="btn btn-primary w-100">[[Sign In]]</button>
    </form>
    <p class="mt-4 mb-1">[[New here? <a href="/auth/register">Register</a>]]</p>
{{#RESET_LINK}}
    <p class="mb-0"><a href="/auth/reset_password_request">[[Forgot your password?]]</a></p>
{{/RESET_LINK}}
  </div>
</div>
