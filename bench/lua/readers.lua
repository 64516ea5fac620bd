-- wrk script of bench/readers.sh: many signed-in readers, a session each, taking turns.
-- Environment:
--   BENCH_COOKIES  file of `session` cookie values, one per line; line i is user<i>'s
--   BENCH_PATH     the path every request asks for, or "profiles": /user/user<k>, k moving over
--                  all the users and never the reader's own profile
--   BENCH_USERS    how many users the data has (for "profiles")
-- No response() hook, as in get.lua: it would copy every body into Lua. readers.sh fetches each
-- route once with curl before the load, and wrk counts non-2xx/3xx answers and socket errors.
local path = os.getenv("BENCH_PATH") or "/index"
local cookie_file = os.getenv("BENCH_COOKIES") or ""
local users = tonumber(os.getenv("BENCH_USERS") or "0") or 0

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_no", thread_count)
end

local cookies = {}
local requests = {}
local next_reader = 0

function init(args)
  local file = assert(io.open(cookie_file, "r"), "BENCH_COOKIES: cannot open " .. cookie_file)
  for line in file:lines() do
    if line ~= "" then
      cookies[#cookies + 1] = "session=" .. line
    end
  end
  file:close()
  assert(#cookies > 0, "BENCH_COOKIES: no cookies in " .. cookie_file)
  assert(path ~= "profiles" or users > 1, "BENCH_USERS must be > 1 for profiles")
  -- Threads start at different readers, spread by the golden ratio so that any number of
  -- threads lands apart without knowing how many there are.
  local spread = ((thread_no or 1) - 1) * 0.6180339887
  next_reader = math.floor((spread - math.floor(spread)) * #cookies)
  -- A fixed path: the requests are built once, so request() costs no formatting.
  if path ~= "profiles" then
    for i, cookie in ipairs(cookies) do
      requests[i] = wrk.format("GET", path, { Cookie = cookie })
    end
  end
end

function request()
  local n = next_reader
  next_reader = n + 1
  local i = n % #cookies + 1
  if path ~= "profiles" then
    return requests[i]
  end
  -- Every pass over the readers shifts the profiles by one more user, and the shift is never
  -- a multiple of the user count, so reader i never gets user<i>.
  local shift = 1 + math.floor(n / #cookies) % (users - 1)
  local k = (i - 1 + shift) % users + 1
  return wrk.format("GET", "/user/user" .. k, { Cookie = cookies[i] })
end
