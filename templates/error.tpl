{{%AUTOESCAPE context="HTML"}}
{{! Error page body (403/404/405/413/429/500). Names: STATUS, TITLE, MESSAGE, REQUEST_ID. }}
<div class="error-page text-center py-5">
  <p class="display-1 fw-bold text-body-secondary mb-0">{{STATUS}}</p>
  <h1 class="h2 mb-3">{{TITLE}}</h1>
  <p class="lead mb-4">{{MESSAGE}}</p>
  <p><a class="btn btn-primary" href="/index">[[Back to the home page]]</a></p>
  <p class="small text-body-secondary mt-4 mb-0">[[Reference:]] <code class="request-id">{{REQUEST_ID}}</code></p>
</div>
