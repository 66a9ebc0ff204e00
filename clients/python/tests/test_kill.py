"""kill -9 at random moments: a child writes records, steps, errors and a bar at full speed and is
killed with SIGKILL. Whatever the moment, the status file parses with the expected fields and
every record whose ``log`` call returned before the kill is in the log file.

The moments come from a seeded random generator; the seed is printed, and LABWATCH_KILL_SEED=<seed>
repeats a run (LABWATCH_KILL_ITERATIONS changes how many kills).
"""

import json
import os
import re
import unittest

from support import HEADER, ISO, ExperimentTestCase, kill_at_random_moments, kill_child


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
        kill_at_random_moments(self, "test_kill", 10, 0.0, 0.5, self.kill_once)

    def kill_once(self, expt, delay):
        child = kill_child(self, CHILD, expt, delay)
        acknowledged = [int(line) for line in child.lines[1:] if line.endswith(b"\n")]
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
