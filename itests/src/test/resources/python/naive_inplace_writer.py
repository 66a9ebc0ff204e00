#!/usr/bin/env python3
"""The seed tool's naive way of writing its status, for PythonLiveIT: open(path, "w") and
json.dump into the open file, no temporary file and no rename, so a reader can find the file
empty or half written. Every write is a valid status with a new step, percent and message; the
message list grows to 100 entries, so one write is several write calls. The last write marks the
run completed.

Usage: naive_inplace_writer.py STATUS_FILE WRITES_PER_SECOND SECONDS"""
import datetime
import json
import sys
import time

path, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
total = int(rate * seconds)
start = datetime.datetime.now().astimezone().isoformat(timespec="milliseconds")
messages = []


def write(i, state):
    now = datetime.datetime.now().astimezone().isoformat(timespec="milliseconds")
    messages.append({"timestamp": now, "level": "info", "message": "write %d of %d: T = %.3f mK" % (i, total, 12 + i / 1000)})
    del messages[:-100]
    status = {
        "experiment_name": "naive", "start_time": start, "last_update": now, "current_step": i,
        "total_steps": total, "progress_percent": round(i * 100.0 / total, 1), "status": state,
        "steps": [{"name": "Write %d" % i, "step_number": i, "timestamp": now, "message": "in place"}],
        "messages": messages, "errors": [],
    }
    with open(path, "w") as f:
        json.dump(status, f, indent=2)


period = 1.0 / rate
begin = time.monotonic()
late = 0
for i in range(1, total):
    write(i, "running")
    wait = begin + i * period - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    else:
        late += 1
write(total, "completed")
print("writes %d in %.2f s (%d behind schedule)" % (total, time.monotonic() - begin, late), flush=True)
