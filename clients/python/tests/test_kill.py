"""kill -9 at random moments: a child writes records, steps, errors and a bar at full speed and is
killed with SIGKILL. Whatever the moment, the status file parses with the expected fields and
every record whose ``log`` call returned before the kill is in the log file.

The moments come from a seeded random generator; the seed is printed, and LABWATCH_KILL_SEED=<seed>
repeats a run (LABWATCH_KILL_ITERATIONS changes how many kills).
"""

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import unittest

from support import HEADER, ISO, ExperimentTestCase

CLIENT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Acknowledges each record on stdout (flushed) only once its log call has returned.
CHILD = r"""
import os, sys
import labwatch

out = sys.stdout
m = labwatch.create_monitor(sys.argv[1], "killed", echo=False)
bar = m.tqdm(total=10 ** 9, desc="records", file=open(os.devnull, "w"))
out.write("ready\n")
out.flush()
i = 0
while True:
    i += 1
    m.log("record %d" % i)
    out.write("%d\n" % i)
    out.flush()
    bar.update(1)
    if i % 5 == 0:
        m.update_progress("step %d" % i, i % 1000, 1000, message="at record %d" % i)
    if i % 97 == 0:
        m.error("error at record %d" % i)
"""

FIELDS = {
    "experiment_name": str, "start_time": str, "last_update": str, "current_step": int, "total_steps": int,
    "progress_percent": float, "status": str, "steps": list, "messages": list, "errors": list,
    "format_version": int, "pid": int, "heartbeat": str, "plots": list, "progress_bars": list,
    "message_count": int, "error_count": int, "log_file": str,
}
RECORD = re.compile(r" - INFO - record (\d+)$")


class KillNineTest(ExperimentTestCase):
    def test_status_parses_and_every_acknowledged_record_is_logged_after_sigkill(self):
        seed = int(os.environ.get("LABWATCH_KILL_SEED", random.SystemRandom().randrange(1 << 31)))
        iterations = int(os.environ.get("LABWATCH_KILL_ITERATIONS", "10"))
        sys.stderr.write("\ntest_kill: seed %d (LABWATCH_KILL_SEED=%d repeats these kill moments)\n" % (seed, seed))
        chance = random.Random(seed)
        report = []
        for k in range(iterations):
            delay = chance.uniform(0.0, 0.5)
            with self.subTest(kill=k, seed=seed, delay=delay):
                report.append(self.kill_once(os.path.join(self.expt, "kill%d" % k), delay))
        sys.stderr.write("test_kill: %s\n" % "; ".join(report))

    def kill_once(self, expt, delay):
        os.makedirs(expt)
        env = dict(os.environ, PYTHONPATH=CLIENT_DIR, PYTHONDONTWRITEBYTECODE="1")
        child = subprocess.Popen([sys.executable, "-c", CHILD, expt], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=env)
        lines = []
        ready = threading.Event()

        def drain():  # the child never waits for a full pipe
            for line in iter(child.stdout.readline, b""):
                lines.append(line)
                ready.set()
            ready.set()

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            self.assertTrue(ready.wait(30), "the child did not start")
            time.sleep(delay)  # the random moment
            child.send_signal(signal.SIGKILL)
        finally:
            child.wait(30)
            reader.join(30)
            stderr = child.stderr.read().decode("utf-8", "replace")
            child.stdout.close()
            child.stderr.close()
        self.assertEqual(child.returncode, -signal.SIGKILL, stderr)
        self.assertEqual(lines[0], b"ready\n", stderr)
        acknowledged = [int(line) for line in lines[1:] if line.endswith(b"\n")]
        last = acknowledged[-1] if acknowledged else 0
        self.assertEqual(acknowledged, list(range(1, last + 1)))

        status_path = os.path.join(expt, "monitoring", "status", "killed_status.json")
        with open(status_path, "rb") as f:
            raw = f.read()
        try:
            status = json.loads(raw.decode("utf-8"))
        except ValueError as e:
            self.fail("status after kill -9 at %.3f s is not JSON (%s): %r" % (delay, e, raw[-200:]))
        for field, kind in FIELDS.items():
            self.assertIsInstance(status.get(field), kind, "%s in %r" % (field, status))
        self.assertEqual((status["experiment_name"], status["status"], status["pid"], status["format_version"]),
                         ("killed", "running", child.pid, 1))
        for field in ("start_time", "last_update", "heartbeat"):
            self.assertRegex(status[field], ISO)
        self.assertTrue(0.0 <= status["progress_percent"] <= 100.0)
        self.assertGreaterEqual(status["message_count"], len(status["messages"]))

        with open(os.path.join(expt, "monitoring", "logs", status["log_file"]), "rb") as f:
            log = f.read().decode("utf-8")
        self.assertTrue(log.endswith("\n"), "a record cut by the kill: %r" % log[-200:])
        for line in log.splitlines():
            self.assertRegex(line, "^" + HEADER, "a line that is not a whole record")
        logged = [int(match.group(1)) for match in map(RECORD.search, log.splitlines()) if match]
        self.assertEqual(logged[:last], list(range(1, last + 1)),
                         "records acknowledged before the kill missing from the log")
        temp_left = [f for f in os.listdir(os.path.dirname(status_path)) if f.startswith(".")]
        return "%.3f s: %d acknowledged, %d logged, status %d messages%s" % (
            delay, last, len(logged), status["message_count"],
            ", %d temporary file(s) left" % len(temp_left) if temp_left else "")


if __name__ == "__main__":
    unittest.main()
