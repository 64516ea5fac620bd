{{%AUTOESCAPE context="HTML"}}
{{! Home page. Names: USERNAME; section POST_FORM with field POST (POST_VALUE, POST_INVALID,
    POST_ERROR{MESSAGE}) and FORM_ERROR{MESSAGE}; FORM_ACTION/CSRF_TOKEN may come from a parent.
    POSTS_HTML: a rendered posts.tpl. }}
<h1 class="h3 mb-3">[[Hi, {{USERNAME}}!]]</h1>
{{#POST_FORM}}
{{#FORM_ERROR}}
<div class="alert alert-danger" role="alert">{{MESSAGE}}</div>
{{/FORM_ERROR}}
<form class="post-form card card-body mb-4" method="post" action="/index" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="mb-2">
    <label class="form-label" for="post">[[Say something]]</label>
    <textarea class="form-control{{POST_INVALID}}" id="post" name="post" rows="3" maxlength="140" required autofocus data-maxlength-counter="post-counter" aria-describedby="post-counter post-error">{{POST_VALUE:pre_escape}}</textarea>
    <div class="invalid-feedback" id="post-error">{{#POST_ERROR}}<div>{{MESSAGE}}</div>{{/POST_ERROR}}</div>
  </div>
  <div class="d-flex justify-content-between align-items-center gap-2">
    <div class="form-text char-counter m-0" id="post-counter" data-left-one="[[{n} character left]]" data-left-other="[[{n} characters left]]" data-over-one="[[{n} character too many]]" data-over-other="[[{n} characters too many]]">[[At most 140 characters.]]</div>
    <button type="submit" class="btn btn-primary">[[Submit]]</button>
  </div>
</form>
{{/POST_FORM}}
{{POSTS_HTML:none}}
