#!/usr/bin/env bash
# The record page on PostgreSQL, one request at a time: how many statements one page makes, and
# its latency over 200 requests in a row. For comparing two builds on the same data, without
# the load of scripts/bench (docs/benchmarks.md, "PostgreSQL record page: statements per page").
#
#   scripts/bench.d/pg_record_page.sh BIN ADMIN_URL DATABASE LOG PORT CHILD OUT
#
# BIN is a journey binary; ADMIN_URL a superuser URL to the cluster, such as the one
# scripts/postgres-throwaway prints; DATABASE one that `BIN bench-data` has built, whose printed
# accounts are in OUT-accounts.txt; LOG the cluster's server log (DIR/data/server.log for a
# throwaway cluster); CHILD a child the service manager may open. Writes OUT-statements.log (the
# page's statements as the server logged them) and OUT-page.html, and prints the count and the
# latencies. WARM pages (default 20) are requested before each measurement.
set -euo pipefail
bin=$1 admin=$2 db=$3 log=$4 port=$5 child=$6 out=$7
warm=${WARM:-20}
url=${admin%/*}/$db
base=http://127.0.0.1:$port
server=

serve() {
  JOURNEY_LOG=warn "$bin" serve --database-url "$url" --bind "127.0.0.1:$port" &
  server=$!
  for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2
  exit 1
}
stop() {
  kill "$server"
  wait "$server" 2>/dev/null || true
}
sign_in() { # as scripts/bench does; sets $cookie
  local manager jar token
  manager=$(awk '/Service manager/ {print $NF; exit}' "$out-accounts.txt")
  jar=$(mktemp)
  token=$(curl -s -c "$jar" -b "$jar" "$base/sign-in" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf_token=$token&username=$manager&password=journey-demo-2026" "$base/sign-in"
  cookie=$(awk '$6 == "journey-session" {print $6"="$7}' "$jar")
  rm -f "$jar"
}
warm_up() {
  for _ in $(seq "$warm"); do curl -s -o /dev/null -b "$cookie" "$base/children/$child"; done
}

# Statements: every statement of this database's new sessions is logged; the page's are the
# lines of the server's own connections written while it was served.
psql "$admin" -X -q -c "ALTER DATABASE $db SET log_statement = 'all'"
serve
sign_in
warm_up
sleep 0.5
start=$(stat -c %s "$log")
code=$(curl -s -o "$out-page.html" -w '%{http_code}' -b "$cookie" "$base/children/$child")
sleep 1
pids=$(psql "$url" -X -At -c "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'journey'" | paste -sd'|')
tail -c +$((start + 1)) "$log" | grep -E "\[($pids)\] LOG:  (statement|execute)" > "$out-statements.log" || true
echo "HTTP $code; statements for one record page: $(wc -l < "$out-statements.log")"
stop
psql "$admin" -X -q -c "ALTER DATABASE $db RESET log_statement"

# Latency, with nothing logged: one keep-alive connection, one request after another.
serve
sign_in
warm_up
python3 - "$base/children/$child" "$cookie" <<'PY'
import http.client, sys, time, urllib.parse
url, cookie = sys.argv[1:3]
u = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(u.hostname, u.port)
times = []
for _ in range(200):
    t = time.perf_counter()
    conn.request("GET", u.path, headers={"Cookie": cookie})
    r = conn.getresponse()
    r.read()
    assert r.status == 200, r.status
    times.append((time.perf_counter() - t) * 1000)
times.sort()
q = lambda p: times[min(len(times) - 1, int(p * len(times)))]
print(f"200 requests: median {q(0.5):.2f} ms, p90 {q(0.9):.2f} ms, "
      f"p99 {q(0.99):.2f} ms, max {times[-1]:.2f} ms")
PY
stop
