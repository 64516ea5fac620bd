#!/usr/bin/env python3
"""Posts at a steady rate as several signed-in users, for bench/readers.sh.

    bench/poster.py --base http://127.0.0.1:PORT --cookies FILE --rate 20 [--connections 4]
                    [--duration SECONDS] [--run-id TEXT] [--timeout 5]

FILE holds one `session` cookie value per line (microblog_bench_seed sessions). Each session's
CSRF token is read once from GET /index before posting starts; then the script prints READY and
sends POST /index over --connections keep-alive connections, the sessions taking turns, until
SIGTERM or --duration. It ends with one line:

    POSTER asked=20.0 achieved=19.9 sent=N acked=N failed=N late=N p50_ms=X p99_ms=Y failures=...

acked counts the redirects that acknowledge a post; failed counts every other answer and every
request without one (timeout, reset), and failures says which. Exit status 0 unless the
sessions could not be prepared.
"""

import argparse
import http.client
import re
import signal
import sys
import threading
import time
import urllib.parse

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def connect(base, timeout):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)


def csrf_tokens(base, cookies, timeout):
    """The CSRF token bound to each session, read from the home page as a browser would."""
    conn = connect(base, timeout)
    tokens = []
    try:
        for cookie in cookies:
            conn.request("GET", "/index", headers={"Cookie": "session=" + cookie})
            resp = conn.getresponse()
            page = resp.read().decode("utf-8", "replace")
            found = CSRF_INPUT.search(page)
            if resp.status != 200 or not found:
                raise RuntimeError(
                    "GET /index answered HTTP %d %s: the session is not signed in"
                    % (resp.status, "with a CSRF token" if found else "without a CSRF token"))
            tokens.append(found.group(1))
    finally:
        conn.close()
    return tokens


class Schedule:
    """Hands out the posts in order, each with the time it is due: post i at start + i / rate.

    Due times do not move when a request is slow, so a late connection sends its next post at
    once and the rate over the run holds as long as the server keeps up on average."""

    def __init__(self, rate):
        self.interval = 1.0 / rate
        self.start = time.monotonic()
        self.next = 0
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            i = self.next
            self.next += 1
        return i, self.start + i * self.interval


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = self.acked = self.late = 0
        self.failures = {}
        self.latencies = []

    def add(self, outcome, seconds, late):
        with self.lock:
            self.sent += 1
            self.late += late
            self.latencies.append(seconds)
            if outcome == "acked":
                self.acked += 1
            else:
                self.failures[outcome] = self.failures.get(outcome, 0) + 1


def post_loop(args, sessions, schedule, stats, stop):
    conn = connect(args.base, args.timeout)
    while True:
        i, due = schedule.take()
        wait = due - time.monotonic()
        # Waiting for the post's due time is the pacing itself; the event ends it early on stop.
        if wait > 0 and stop.wait(wait):
            break
        if stop.is_set():
            break
        cookie, token = sessions[i % len(sessions)]
        body = urllib.parse.urlencode({
            "post": "Readers bench %s post %d: what others read while this is written." % (
                args.run_id, i),
            "csrf_token": token,
        })
        headers = {"Cookie": "session=" + cookie,
                   "Content-Type": "application/x-www-form-urlencoded"}
        t0 = time.monotonic()
        late = 1 if t0 - due > schedule.interval else 0
        try:
            conn.request("POST", "/index", body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            outcome = "acked" if resp.status in (302, 303) else "HTTP %d" % resp.status
        except (OSError, http.client.HTTPException) as e:
            outcome = type(e).__name__
            # A connection in an unknown state is not reused: the next post opens a new one.
            conn.close()
            conn = connect(args.base, args.timeout)
        stats.add(outcome, time.monotonic() - t0, late)
    conn.close()


def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100.0 * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the server, http://host:port")
    parser.add_argument("--cookies", required=True, help="file of session cookie values")
    parser.add_argument("--rate", type=float, default=20.0, help="posts per second")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--duration", type=float, default=0.0, help="seconds; 0: until SIGTERM")
    parser.add_argument("--run-id", default=str(int(time.time())), help="makes bodies unique")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per request")
    args = parser.parse_args()
    if args.rate <= 0 or args.connections < 1:
        parser.error("--rate must be > 0 and --connections >= 1")

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    with open(args.cookies, encoding="ascii") as f:
        cookies = [line.strip() for line in f if line.strip()]
    if not cookies:
        print("poster: no cookies in %s" % args.cookies, file=sys.stderr)
        return 1
    try:
        sessions = list(zip(cookies, csrf_tokens(args.base, cookies, args.timeout)))
    except (OSError, http.client.HTTPException, RuntimeError) as e:
        print("poster: preparing the sessions: %s" % e, file=sys.stderr)
        return 1
    print("READY %d sessions" % len(sessions), flush=True)

    schedule = Schedule(args.rate)
    stats = Stats()
    workers = [threading.Thread(target=post_loop, args=(args, sessions, schedule, stats, stop))
               for _ in range(args.connections)]
    for w in workers:
        w.start()
    # Short waits: the signal handler runs in this thread between them.
    end = schedule.start + args.duration if args.duration > 0 else None
    while not stop.is_set() and (end is None or time.monotonic() < end):
        stop.wait(0.2 if end is None else min(0.2, max(0.0, end - time.monotonic())))
    stop.set()
    elapsed = time.monotonic() - schedule.start
    # A request in flight ends within the timeout; its answer still counts.
    for w in workers:
        w.join(args.timeout + 1)
    with stats.lock:
        failed = sum(stats.failures.values())
        failures = ",".join("%s:%d" % kv for kv in sorted(stats.failures.items())) or "-"
        print("POSTER asked=%.1f achieved=%.1f sent=%d acked=%d failed=%d late=%d "
              "p50_ms=%.1f p99_ms=%.1f failures=%s" % (
                  args.rate, stats.acked / elapsed if elapsed > 0 else 0.0, stats.sent,
                  stats.acked, failed, stats.late, 1000 * percentile(stats.latencies, 50),
                  1000 * percentile(stats.latencies, 99), failures.replace(" ", "_")),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
