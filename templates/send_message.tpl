{{%AUTOESCAPE context="HTML"}}
{{! The private message form. Names: HEADING, RECIPIENT; field MESSAGE (MESSAGE_VALUE,
    MESSAGE_INVALID, MESSAGE_ERROR{MESSAGE}) and FORM_ERROR{MESSAGE}; CSRF_TOKEN from the
    parent dictionary. }}
<h1 class="h3 mb-3 text-break">{{HEADING}}</h1>
{{#FORM_ERROR}}
<div class="alert alert-danger" role="alert">{{MESSAGE}}</div>
{{/FORM_ERROR}}
<form class="post-form card card-body mb-4" method="post" action="/send_message/{{RECIPIENT:url_query_escape}}" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="mb-2">
    <label class="form-label" for="message">[[Message]]</label>
    <textarea class="form-control{{MESSAGE_INVALID}}" id="message" name="message" rows="3" maxlength="140" required autofocus data-maxlength-counter="message-counter" aria-describedby="message-counter message-error">{{MESSAGE_VALUE:pre_escape}}</textarea>
    <div class="invalid-feedback" id="message-error">{{#MESSAGE_ERROR}}<div>{{MESSAGE}}</div>{{/MESSAGE_ERROR}}</div>
  </div>
  <div class="d-flex justify-content-between align-items-center gap-2">
    <div class="form-text char-counter m-0" id="message-counter" data-left-one="[[{n} character left]]" data-left-other="[[{n} characters left]]" data-over-one="[[{n} character too many]]" data-over-other="[[{n} characters too many]]">[[At most 140 characters.]]</div>
    <button type="submit" class="btn btn-primary">[[Send]]</button>
  </div>
</form>
