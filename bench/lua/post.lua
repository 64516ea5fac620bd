-- wrk script for posting: POST /index with a distinct body per request, the session cookie and
-- the CSRF token. Counts the acknowledged posts (302 See Other/Found, the redirect after a
-- successful post) and every other answer, and prints the sums over all threads in done():
--   BENCH_ACKED <n>
--   BENCH_BAD <n> <last unexpected status>
-- run.sh compares BENCH_ACKED with the rows in the database.
-- Environment: BENCH_COOKIE (session cookie value), BENCH_CSRF (token bound to that session),
-- BENCH_RUN_ID (makes bodies unique across runs).
local cookie = os.getenv("BENCH_COOKIE") or ""
local token = os.getenv("BENCH_CSRF") or ""
local run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())

local threads = {}

-- Runs in the main Lua state, once per wrk thread, before the threads start.
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_no", #threads)
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~ ]", function(c)
    return string.format("%%%02X", c:byte())
  end):gsub(" ", "+"))
end

local counter = 0
local token_param = ""

-- Runs in each thread's own Lua state; these globals are read back by done() via thread:get().
function init(args)
  acked = 0
  bad = 0
  last_bad = 0
  wrk.headers["Cookie"] = "session=" .. cookie
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  token_param = "&csrf_token=" .. urlencode(token)
end

function request()
  counter = counter + 1
  local text = string.format("Load test %s thread %d post %d, nothing to see here.",
    run_id, thread_no, counter)
  return wrk.format("POST", "/index", nil, "post=" .. urlencode(text) .. token_param)
end

function response(status, headers, body)
  if status == 302 or status == 303 then
    acked = acked + 1
  else
    bad = bad + 1
    last_bad = status
  end
end

function done(summary, latency, requests)
  local total_acked, total_bad, status = 0, 0, 0
  for _, t in ipairs(threads) do
    total_acked = total_acked + t:get("acked")
    total_bad = total_bad + t:get("bad")
    if t:get("last_bad") ~= 0 then
      status = t:get("last_bad")
    end
  end
  io.write(string.format("BENCH_ACKED %d\nBENCH_BAD %d %d\n", total_acked, total_bad, status))
end
