{{%AUTOESCAPE context="HTML"}}
{{! Page layout shared by every HTML page.
    Top-level names: LANG, PAGE_TITLE, CSRF_TOKEN, USERNAME, UNREAD_COUNT and UNREAD_HIDDEN
    (" d-none" when there are no unread messages) when signed in.
    Sections: NAV_ANON | NAV_USER, FLASH (repeated: CATEGORY, MESSAGE), EXPORT_TASK (TASK_ID,
    PROGRESS: the signed-in user's posts export while it runs), LANGUAGE_FORM (NEXT,
    repeated LANGUAGE_OPTION: CODE, NAME, SELECTED).
    Include: CONTENT (the page body template, set with SetFilename). }}
<!doctype html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="csrf-token" content="{{CSRF_TOKEN}}">
<title>{{PAGE_TITLE}} - Microblog</title>
<script src="/static/js/theme.js"></script>
<link rel="stylesheet" href="/static/vendor/bootstrap/css/bootstrap.min.css">
<link rel="stylesheet" href="/static/css/app.css">
</head>
<body class="d-flex flex-column min-vh-100">
<a class="visually-hidden-focusable skip-link" href="#main">[[Skip to main content]]</a>
<nav class="navbar navbar-expand-md bg-body-tertiary border-bottom mb-4" aria-label="[[Main navigation]]">
  <div class="container">
    <a class="navbar-brand fw-semibold" href="/index">Microblog</a>
    <button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#main-nav" aria-controls="main-nav" aria-expanded="false" aria-label="[[Toggle navigation]]">
      <span class="navbar-toggler-icon"></span>
    </button>
    <div class="collapse navbar-collapse" id="main-nav">
      <ul class="navbar-nav me-auto">
        <li class="nav-item"><a class="nav-link" href="/index">[[Home]]</a></li>
        <li class="nav-item"><a class="nav-link" href="/explore">[[Explore]]</a></li>
      </ul>
{{#NAV_USER}}
      <form class="d-flex me-md-3 my-2 my-md-0" method="get" action="/search" role="search">
        <input class="form-control form-control-sm" type="search" name="q" placeholder="[[Search]]" aria-label="[[Search posts]]">
      </form>
{{/NAV_USER}}
      <ul class="navbar-nav">
{{#NAV_ANON}}
        <li class="nav-item"><a class="nav-link" href="/auth/login">[[Login]]</a></li>
{{/NAV_ANON}}
{{#NAV_USER}}
        <li class="nav-item"><a class="nav-link" href="/messages">[[Messages]] <span class="badge rounded-pill text-bg-danger{{UNREAD_HIDDEN}}" id="message_count"><span class="js-message-count">{{UNREAD_COUNT}}</span><span class="visually-hidden"> [[unread]]</span></span></a></li>
        <li class="nav-item"><a class="nav-link" href="/user/{{USERNAME:url_query_escape}}">[[Profile]]</a></li>
        <li class="nav-item">
          <form class="d-inline" method="post" action="/auth/logout">
            <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
            <button type="submit" class="nav-link">[[Logout]]</button>
          </form>
        </li>
{{/NAV_USER}}
      </ul>
{{#LANGUAGE_FORM}}
      <form class="language-form d-flex align-items-center gap-1 ms-md-3 my-2 my-md-0" method="post" action="/language">
        <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
        <input type="hidden" name="next" value="{{NEXT}}">
        <label class="visually-hidden" for="language-select">[[Language]]</label>
        <select class="form-select form-select-sm js-autosubmit" id="language-select" name="language">
{{#LANGUAGE_OPTION}}
          <option value="{{CODE}}" lang="{{CODE}}" {{SELECTED}}>{{NAME}}</option>
{{/LANGUAGE_OPTION}}
        </select>
        <button type="submit" class="btn btn-sm btn-outline-secondary">[[Change]]</button>
      </form>
{{/LANGUAGE_FORM}}
    </div>
  </div>
</nav>
<main class="container flex-grow-1" id="main">
{{#FLASH}}
  <div class="alert alert-{{CATEGORY}} alert-dismissible fade show" role="alert">
    {{MESSAGE}}
    <button type="button" class="btn-close" data-bs-dismiss="alert" aria-label="[[Close]]"></button>
  </div>
{{/FLASH}}
{{#EXPORT_TASK}}
  <div class="alert alert-success js-task" role="status" data-task-id="{{TASK_ID}}">
    <span class="js-task-running">[[Exporting posts...]] <span data-task-progress="{{TASK_ID}}">{{PROGRESS}}%</span></span>
    <span class="js-task-done" hidden>[[Your posts are exported: they are on their way to your email address.]]</span>
    <progress class="d-block w-100 mt-2" max="100" value="{{PROGRESS}}" data-task-progress="{{TASK_ID}}" aria-label="[[Export progress]]">{{PROGRESS}}%</progress>
  </div>
{{/EXPORT_TASK}}
{{>CONTENT}}
</main>
<footer class="site-footer container py-3 mt-4 border-top small text-body-secondary">
  [[Microblog &middot; a small social blogging site]]
</footer>
<script src="/static/vendor/bootstrap/js/bootstrap.bundle.min.js" defer></script>
<script src="/static/js/app.js" defer></script>
{{#NAV_USER}}
<script src="/static/js/notifications.js" defer></script>
{{/NAV_USER}}
<script src="/static/js/popups.js" defer></script>
</body>
</html>
