"""Prints the server's CPU time (user + system, in clock ticks) and context switches so far.

    python3 scripts/bench.d/server_load.py PID

Read before and after a measurement, the differences divided by the requests served give CPU
time and context switches per request: steadier than throughput on a shared machine, and the
context switches show how often a request hands work between threads.
"""
import glob
import sys

pid = sys.argv[1]
with open(f"/proc/{pid}/stat") as stat:
    fields = stat.read().rsplit(")", 1)[1].split()
ticks = int(fields[11]) + int(fields[12])
switches = 0
for status in glob.glob(f"/proc/{pid}/task/*/status"):
    try:
        with open(status) as f:
            for line in f:
                if "ctxt_switches" in line:
                    switches += int(line.split()[1])
    except OSError:
        pass  # a thread that ended while we read
print(ticks, switches)
