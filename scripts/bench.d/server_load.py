"""Prints the server's CPU time (user + system, in clock ticks) and context switches so far.

    python3 scripts/bench.d/server_load.py PID [--tree PID]...

Read before and after a measurement, the differences divided by the requests served give CPU
time and context switches per request: steadier than throughput on a shared machine, and the
context switches show how often a request hands work between threads.

Each `--tree PID` adds that process and its live children, and the CPU time of its children
that have ended: a PostgreSQL postmaster and its backends, whose work serves Journey's requests.
"""
import glob
import os
import sys


def stat_fields(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def switches_of(pid):
    total = 0
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            with open(status) as f:
                for line in f:
                    if "ctxt_switches" in line:
                        total += int(line.split()[1])
        except OSError:
            pass  # a thread that ended while we read
    return total


def children_of(parent):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if stat_fields(entry)[1] == parent:
                    found.append(entry)
            except (OSError, IndexError):
                pass  # a process that ended while we read
    return found


ticks = switches = 0
args = sys.argv[1:]
while args:
    tree = args[0] == "--tree"
    if tree:
        args = args[1:]
    pid, args = args[0], args[1:]
    fields = stat_fields(pid)
    ticks += int(fields[11]) + int(fields[12])
    switches += switches_of(pid)
    if tree:
        ticks += int(fields[13]) + int(fields[14])  # children that have ended and been waited for
        for child in children_of(pid):
            try:
                child_fields = stat_fields(child)
            except OSError:
                continue
            ticks += int(child_fields[11]) + int(child_fields[12])
            switches += switches_of(child)
print(ticks, switches)
