#!/usr/bin/env python3
"""A run through the labwatch Python client (PYTHONPATH=clients/python), for PythonLiveIT: steps
spread over a few seconds so a watching server sees it progress, a tqdm-style bar, then complete.

Usage: live_run.py EXPT_DIR NAME STEPS SECONDS_PER_STEP"""
import io
import sys
import time

from persistent_monitoring import create_monitor

expt_dir, name, steps, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
monitor = create_monitor(expt_dir, name, echo=False)
monitor.log("Starting experiment...")
for i in monitor.tqdm(range(1, steps + 1), desc="Sweep", file=io.StringIO()):
    monitor.update_progress("Point %d" % i, i, steps, message="measuring point %d" % i)
    print("step %d" % i, flush=True)
    time.sleep(pause)
monitor.complete(message="Done")
print("completed", flush=True)
