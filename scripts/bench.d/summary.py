"""Turns wrk's --latency output into one markdown table row.

    python3 summary.py NAME [CPU_MS SWITCHES REQUESTS [DB_CPU_MS DB_SWITCHES]] < wrk-output

With the server's CPU milliseconds, context switches and the requests served during the
measurement (scripts/bench.d/server_load.py), the row also gives both per request. With the
database server's too (PostgreSQL's processes), each is the sum of both, with the database's
share in brackets.
"""
import re
import sys

name = sys.argv[1]
text = sys.stdin.read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
note = ""
if non2xx:
    note += f" ({non2xx.group(1)} non-2xx!)"
if errors:
    note += f" (socket errors: {errors.group(1)})"
per_request = ""
if len(sys.argv) == 5:
    cpu_ms, switches, requests = (float(a) for a in sys.argv[2:5])
    per_request = f" {cpu_ms / requests:.2f} ms | {switches / requests:.1f} |"
elif len(sys.argv) == 7:
    cpu_ms, switches, requests, db_cpu_ms, db_switches = (float(a) for a in sys.argv[2:7])
    per_request = (
        f" {(cpu_ms + db_cpu_ms) / requests:.2f} ms ({db_cpu_ms / requests:.2f} in the database) |"
        f" {(switches + db_switches) / requests:.1f} ({db_switches / requests:.1f}) |"
    )
print(f"| {name}{note} | {float(rps.group(1)):,.0f} | {p50.group(1)} | {p99.group(1)} |{per_request}")
