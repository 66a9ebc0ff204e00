#!/usr/bin/env python3
"""Writes a finished run in the format of the seed's Python persistent_monitoring tool, for
RemoteRunsIT's `ship --once`: EXPT_DIR/monitoring/logs/<name>_<YYYYmmdd_HHMMSS>.log with lines
`YYYY-MM-DD HH:MM:SS,mmm - INFO - message` (as Python's logging writes them),
monitoring/status/<name>_status.json as the tool's json.dump(indent=2) and a PNG in plots/.

Usage: seed_writer.py EXPT_DIR NAME LINES"""
import base64
import datetime
import json
import os
import sys

expt_dir, name, lines = sys.argv[1], sys.argv[2], int(sys.argv[3])
monitoring = os.path.join(expt_dir, "monitoring")
for part in ("logs", "status", "plots"):
    os.makedirs(os.path.join(monitoring, part), exist_ok=True)

start = datetime.datetime(2025, 1, 1, 12, 0, 0)
log_path = os.path.join(monitoring, "logs", "%s_%s.log" % (name, start.strftime("%Y%m%d_%H%M%S")))
steps, messages = [], []
total_steps = 5
with open(log_path, "w", encoding="utf-8") as log:
    for i in range(1, lines + 1):
        t = start + datetime.timedelta(milliseconds=250 * i)
        message = "seed tick %d of %d: T = %.3f mK (µ-wave on)" % (i, lines, 12 + i / 100)
        log.write("%s,%03d - INFO - %s\n" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, message))
        messages.append({"timestamp": t.isoformat(), "level": "info", "message": message})
        if i % max(1, lines // total_steps) == 0 and len(steps) < total_steps:
            steps.append({"name": "Sweep %d" % (len(steps) + 1), "step_number": len(steps) + 1,
                          "timestamp": t.isoformat(), "message": "sweep %d done" % (len(steps) + 1)})
end = start + datetime.timedelta(milliseconds=250 * lines)
status = {
    "experiment_name": name,
    "start_time": start.isoformat(),
    "last_update": end.isoformat(),
    "current_step": len(steps),
    "total_steps": total_steps,
    "progress_percent": 100.0 * len(steps) / total_steps,
    "status": "completed",
    "steps": steps,
    "messages": messages[-100:],
    "errors": [],
}
with open(os.path.join(monitoring, "status", "%s_status.json" % name), "w", encoding="utf-8") as f:
    json.dump(status, f, indent=2)

# A 1x1 red PNG, as matplotlib's savefig would leave a (much larger) file.
png = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
with open(os.path.join(monitoring, "plots", "%s_spectrum.png" % name), "wb") as f:
    f.write(png)
print(log_path)
