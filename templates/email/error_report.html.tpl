{{%AUTOESCAPE context="HTML"}}
{{! HTML error report to ADMINS. Names: REQUEST_ID, METHOD, ROUTE, ERROR, TIME, INSTANCE, INTERVAL_MINUTES. }}
<!DOCTYPE html>
<html lang="en">
<body>
<p>A request failed with an unhandled error.</p>
<table>
<tr><th align="left">Request id</th><td><code>{{REQUEST_ID}}</code></td></tr>
<tr><th align="left">Method</th><td>{{METHOD}}</td></tr>
<tr><th align="left">Route</th><td><code>{{ROUTE}}</code></td></tr>
<tr><th align="left">Time (UTC)</th><td>{{TIME}}</td></tr>
<tr><th align="left">Instance</th><td>{{INSTANCE}}</td></tr>
</table>
<pre>{{ERROR}}</pre>
<p>Further failures with the same route and error are not mailed for {{INTERVAL_MINUTES}} minutes; the log has each one under its request id.</p>
</body>
</html>
