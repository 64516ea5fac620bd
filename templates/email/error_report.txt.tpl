{{! Plain-text error report to ADMINS. Names: REQUEST_ID, METHOD, ROUTE, ERROR, TIME, INSTANCE, INTERVAL_MINUTES.
    Never add the query string, headers, cookies or the body: they may hold secrets. }}
A request failed with an unhandled error.

Request id: {{REQUEST_ID}}
Method:     {{METHOD}}
Route:      {{ROUTE}}
Time (UTC): {{TIME}}
Instance:   {{INSTANCE}}

Error:
{{ERROR}}

Further failures with the same route and error are not mailed for {{INTERVAL_MINUTES}} minutes; the log has each one under its request id.
