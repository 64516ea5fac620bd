{{%AUTOESCAPE context="HTML"}}
{{! Confirmation page for GET /auth/logout: signing out needs a POST with a CSRF token.
    From the parent dictionary: CSRF_TOKEN. }}
<div class="row justify-content-center">
  <div class="col-sm-10 col-md-7 col-lg-5">
    <div class="card shadow-sm">
      <div class="card-body">
        <h1 class="h4 card-title">[[Log out of Microblog?]]</h1>
        <p class="card-text text-body-secondary">[[You will need your username and password to sign in again.]]</p>
        <form method="post" action="/auth/logout">
          <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
          <button type="submit" class="btn btn-primary me-2" autofocus>[[Log out]]</button>
          <a class="btn btn-outline-secondary" href="/index">[[Stay signed in]]</a>
        </form>
      </div>
    </div>
  </div>
</div>
