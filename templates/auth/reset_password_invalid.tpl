{{%AUTOESCAPE context="HTML"}}
{{! A reset link that cannot be used (expired, already used, unknown). Names: TITLE, MESSAGE. }}
<div class="row justify-content-center">
  <div class="col-sm-10 col-md-7 col-lg-5 text-center py-4">
    <h1 class="h3 mb-3">{{TITLE}}</h1>
    <p class="lead mb-4">{{MESSAGE}}</p>
    <p><a class="btn btn-primary" href="/auth/reset_password_request">[[Ask for a new link]]</a></p>
    <p class="mt-3 mb-0"><a href="/auth/login">[[Back to sign in]]</a></p>
  </div>
</div>
