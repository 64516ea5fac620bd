-- wrk script for the GET routes: sends the logged-in user's session cookie.
-- Environment: BENCH_COOKIE = value of the `session` cookie (empty or unset: no cookie, as for
-- nginx). No response() hook on purpose: it would make wrk copy every body into Lua and lower
-- the nginx ceiling; run.sh checks each route once with curl before the load instead, and wrk
-- itself counts non-2xx/3xx answers and socket errors.
local cookie = os.getenv("BENCH_COOKIE") or ""
if cookie ~= "" then
  wrk.headers["Cookie"] = "session=" .. cookie
end
