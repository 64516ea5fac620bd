-- wrk script for tests/ops/bluegreen_test.sh: requests a few read-only pages in turn and counts
-- the answers that are not 2xx (wrk itself only counts socket errors and non-2xx/3xx). done()
-- prints one line the test parses:
--   bluegreen-result requests=N non2xx=N connect=N read=N write=N timeout=N status=N
local paths = { "/auth/login", "/readyz", "/auth/register", "/healthz" }
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  turn = 0
end

function request()
  turn = turn % #paths + 1
  return wrk.format("GET", paths[turn])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 5 then
      io.stderr:write(string.format("non-2xx answer: %d\n", status))
    end
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    "bluegreen-result requests=%d non2xx=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, non2xx_total, e.connect, e.read, e.write, e.timeout, e.status))
end
