"""The status JSON: fields in StatusJsonWriter's order, time formats, bounds, coalescing,
heartbeat, earlier runs kept, and atomic replacement seen by a concurrent reader."""

import json
import os
import threading
import time
import unittest

from labwatch import monitor as monitor_module
from labwatch import status as status_module
from support import ISO, ExperimentTestCase

RUNNING_FIELDS = ["experiment_name", "start_time", "last_update", "current_step", "total_steps", "progress_percent",
                  "status", "steps", "messages", "errors", "format_version", "host", "pid", "heartbeat", "plots",
                  "progress_bars", "message_count", "error_count", "log_file", "metrics"]


class StatusFieldsTest(ExperimentTestCase):
    def test_fields_and_order_while_running(self):
        m = self.create()
        self.assertEqual(list(self.status().keys()), RUNNING_FIELDS)
        s = self.status()
        self.assertEqual(s["experiment_name"], "run")
        self.assertEqual(s["status"], "running")
        self.assertEqual(s["format_version"], 1)
        self.assertEqual(s["pid"], os.getpid())
        self.assertEqual(s["log_file"], os.path.basename(m.log_file))
        self.assertEqual(s["progress_percent"], 0.0)
        for field in ("start_time", "last_update", "heartbeat"):
            self.assertRegex(s[field], ISO)

    def test_fields_when_ended(self):
        m = self.create()
        m.complete("All done")
        s = self.status()
        expected = RUNNING_FIELDS[:10] + ["message", "completed_time"] + RUNNING_FIELDS[10:]
        self.assertEqual(list(s.keys()), expected)
        self.assertEqual(s["message"], "All done")
        self.assertRegex(s["completed_time"], ISO)

    def test_jackson_layout_two_space_indent_and_trailing_newline(self):
        self.create()
        with open(self.status_path(), "rb") as f:
            raw = f.read().decode("utf-8")
        self.assertTrue(raw.startswith('{\n  "experiment_name":"run",\n  "start_time":"'))
        self.assertIn('\n  "plots":[ ],\n', raw)
        self.assertTrue(raw.endswith("}\n"))

    def test_steps_and_percent(self):
        m = self.create()
        m.update_progress("Cooldown", 1, 4, "fridge at 10 mK")
        m.update_progress("Sweep", 3, 4)
        s = self.status()
        self.assertEqual((s["current_step"], s["total_steps"], s["progress_percent"]), (3, 4, 75.0))
        self.assertEqual(s["steps"][0]["message"], "fridge at 10 mK")
        self.assertNotIn("message", s["steps"][1])
        self.assertEqual(list(s["steps"][0].keys()), ["name", "step_number", "timestamp", "message"])
        self.assertIn(" - INFO - Step 1/4: Cooldown - fridge at 10 mK\n", self.log_text(m))
        m.complete()
        s = self.status()
        self.assertEqual((s["current_step"], s["progress_percent"], s["message"]), (4, 100.0, "Completed"))
        with self.assertRaises(ValueError) as caught:
            m.update_progress("x", -1, 3)
        self.assertEqual(str(caught.exception),
                         "stepNumber and totalSteps must not be negative (got -1 of 3 for step 'x')")

    def test_error_entry_with_traceback(self):
        m = self.create()
        m.error("plain")
        try:
            1 / 0
        except ZeroDivisionError:
            m.error("Fit failed", exc_info=True)
        s = self.status()  # errors are written at once, no waiting
        self.assertEqual(s["errors"][0], {"timestamp": s["errors"][0]["timestamp"], "message": "plain"})
        self.assertEqual(s["errors"][1]["message"], "Fit failed")
        self.assertTrue(s["errors"][1]["traceback"].startswith("Traceback (most recent call last):\n"))
        self.assertTrue(s["errors"][1]["traceback"].endswith("ZeroDivisionError: division by zero"))
        self.assertEqual(s["error_count"], 2)
        self.assertEqual(s["messages"][-1]["level"], "error")


class BoundsTest(ExperimentTestCase):
    def test_lists_are_bounded_and_counts_are_not(self):
        m = self.create()
        for i in range(250):
            m.log("message %d" % i)
        for i in range(600):
            m.error("error %d" % i)
        for i in range(150):
            m.update_progress("step %d" % i, i, 150)
        s = self.status()
        self.assertEqual(len(s["messages"]), 200)
        self.assertEqual(len(s["errors"]), 500)
        self.assertEqual(len(s["steps"]), 100)
        self.assertEqual(s["errors"][0]["message"], "error 100")
        self.assertEqual(s["steps"][-1]["name"], "step 149")
        self.assertEqual(s["message_count"], 1 + 250 + 600 + 150)
        self.assertEqual(s["error_count"], 600)
        self.assertEqual(s["messages"][-1]["message"], "Step 149/150: step 149")


class CoalescingTest(ExperimentTestCase):
    def test_plain_log_reaches_the_status_within_the_flush_interval(self):
        m = self.create()
        m.log("quiet message")
        self.wait_for(lambda: self.status()["messages"][-1]["message"] == "quiet message", timeout=1.5,
                      what="the message in the status")

    def test_many_logs_cause_few_writes(self):
        m = self.create()
        writes = []
        original = status_module.atomic_write

        def counting(path, data, fsync=False):
            writes.append(path)
            return original(path, data, fsync)

        monitor_module.atomic_write = counting
        try:
            started = time.monotonic()
            for i in range(20000):
                m.log("line %d" % i)
            elapsed = time.monotonic() - started
            time.sleep(0.7)
        finally:
            monitor_module.atomic_write = original
        self.assertLessEqual(len(writes), int(elapsed / 0.5) + 3)
        self.assertEqual(self.status()["message_count"], 20001)

    def test_heartbeat_refreshes_without_changing_last_update(self):
        saved = monitor_module.HEARTBEAT_INTERVAL_S
        monitor_module.HEARTBEAT_INTERVAL_S = 0.3
        try:
            self.create()
            first = self.status()
            self.wait_for(lambda: self.status()["heartbeat"] != first["heartbeat"], timeout=3, what="a heartbeat")
            self.assertEqual(self.status()["last_update"], first["last_update"])
        finally:
            monitor_module.HEARTBEAT_INTERVAL_S = saved


class EarlierRunTest(ExperimentTestCase):
    def test_earlier_run_is_kept_under_its_start_stamp(self):
        first = self.create()
        first.complete()
        start = self.status()["start_time"]
        second = self.create()
        from labwatch import clock
        kept = "run_%s_status.json" % clock.run_stamp(clock.parse_iso(start))
        self.assertEqual(self.status_files(), sorted([kept, "run_status.json"]))
        self.assertEqual(self.status()["status"], "running")
        with open(os.path.join(self.expt, "monitoring", "status", kept)) as f:
            self.assertEqual(json.load(f)["status"], "completed")
        self.assertIn("Kept the status of an earlier run of 'run' as " + kept, self.log_text(second))
        third = self.create()
        third.complete()
        self.create()
        self.assertEqual(len(self.status_files()), 4)

    def test_second_create_supersedes_an_open_run(self):
        first = self.create()
        self.create()
        self.assertEqual(first.status, "interrupted")
        kept = [f for f in self.status_files() if f != "run_status.json"]
        with open(os.path.join(self.expt, "monitoring", "status", kept[0])) as f:
            s = json.load(f)
        self.assertEqual(s["status"], "interrupted")
        self.assertTrue(s["message"].startswith("Superseded by a new run of the same experiment started at "))


class AtomicReplaceTest(ExperimentTestCase):
    def test_reader_never_sees_invalid_json(self):
        m = self.create()
        stop = threading.Event()
        problems = []
        reads = [0]

        def reader():
            while not stop.is_set() or reads[0] < 2000:
                try:
                    with open(self.status_path(), "rb") as f:
                        data = f.read()
                    json.loads(data.decode("utf-8"))
                    reads[0] += 1
                except ValueError as e:
                    problems.append(repr(e))
                if reads[0] > 20000:
                    break

        t = threading.Thread(target=reader)
        t.start()
        try:
            for i in range(400):
                m.update_progress("step", i, 400, "x" * (i % 50))  # every step is a full write
        finally:
            stop.set()
            t.join(60)
        self.assertGreaterEqual(reads[0], 2000)
        self.assertEqual(problems, [])
        leftovers = [f for f in os.listdir(os.path.dirname(self.status_path())) if f.startswith(".")]
        self.assertEqual(leftovers, [])


if __name__ == "__main__":
    unittest.main()
