"""Ending a run: complete, fail, close, the context manager, after-close calls and interpreter exit."""

import os
import subprocess
import sys
import textwrap
import unittest

import labwatch
import persistent_monitoring
from support import ExperimentTestCase

CLIENT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class EndingTest(ExperimentTestCase):
    def test_seed_module_re_exports_create_monitor(self):
        self.assertIs(persistent_monitoring.create_monitor, labwatch.create_monitor)

    def test_complete(self):
        m = self.create()
        m.complete(message="Sweep finished")
        s = self.status()
        self.assertEqual((s["status"], s["message"], s["progress_percent"]), ("completed", "Sweep finished", 100.0))
        self.assertTrue(self.log_text(m).endswith(" - INFO - Sweep finished\n"))

    def test_fail_with_exception(self):
        m = self.create()
        try:
            raise IOError("instrument timeout")
        except IOError as e:
            m.fail("Measurement failed", e)
        s = self.status()
        self.assertEqual((s["status"], s["message"], s["error_count"]), ("failed", "Measurement failed", 1))
        self.assertIn("OSError: instrument timeout", s["errors"][0]["traceback"])
        self.assertIn(" - ERROR - Measurement failed\n    Traceback (most recent call last):\n", self.log_text(m))

    def test_second_end_is_recorded_with_a_warning(self):
        m = self.create()
        m.complete()
        m.fail("late failure")
        s = self.status()
        self.assertEqual(s["status"], "failed")
        self.assertIn(" - WARNING - Run already completed; now also marked failed: late failure\n", self.log_text(m))

    def test_close_without_end_is_interrupted(self):
        m = self.create()
        m.close()
        s = self.status()
        self.assertEqual((s["status"], s["message"]),
                         ("interrupted", "Run closed without complete() or fail(): marked interrupted"))

    def test_calls_after_close_go_to_stderr_only(self):
        m = self.create()
        m.complete()
        m.close()
        before = self.log_text(m)
        import io
        saved, sys.stderr = sys.stderr, io.StringIO()
        try:
            m.log("too late")
            captured = sys.stderr.getvalue()
        finally:
            sys.stderr = saved
        self.assertEqual(self.log_text(m), before)
        self.assertIn("labwatch: the monitor of 'run' is closed; not recorded: INFO too late", captured)


class EchoAndServerTest(ExperimentTestCase):
    def capture(self, stream_name, action):
        import io
        saved = getattr(sys, stream_name)
        setattr(sys, stream_name, io.StringIO())
        try:
            action()
            return getattr(sys, stream_name).getvalue()
        finally:
            setattr(sys, stream_name, saved)

    def test_echo_prints_messages_as_print_did(self):
        def run():
            m = self.create(echo=True)
            m.log("visible in the notebook")
            m.complete()
        out = self.capture("stdout", run)
        self.assertIn("visible in the notebook\n", out)
        self.assertIn("Completed\n", out)

    def test_echo_off_by_environment(self):
        os.environ["LABWATCH_ECHO"] = "false"
        try:
            out = self.capture("stdout", lambda: self.create(echo=None).log("quiet"))
        finally:
            del os.environ["LABWATCH_ECHO"]
        self.assertEqual(out, "")

    def test_a_server_is_shipped_to_no_longer_said_to_be_missing_from_this_version(self):
        import socket
        from labwatch import ship
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            url = "http://127.0.0.1:%d" % s.getsockname()[1]
        def run():
            m = self.create(server=url, token="t")
            self.assertEqual(m.server, url)
            m.log("shipped when the server answers")
            self.assertNotIn("not part of this version", self.log_text(m))
            m.close()
            with ship._registry_lock:
                for shipper in ship._shippers.values():
                    shipper.close()
                ship._shippers.clear()
        err = self.capture("stderr", run)
        self.assertNotIn("Traceback", err)  # the outage is said by the shipper's thread, once (test_ship)


class ContextManagerTest(ExperimentTestCase):
    def test_exception_marks_failed_with_traceback(self):
        with self.assertRaises(ValueError):
            with self.create() as m:
                m.log("working")
                raise ValueError("bad fit")
        s = self.status()
        self.assertEqual((s["status"], s["message"]), ("failed", "ValueError: bad fit"))
        self.assertIn("ValueError: bad fit", s["errors"][-1]["traceback"])

    def test_completed_block_stays_completed(self):
        with self.create() as m:
            m.complete()
        self.assertEqual(self.status()["status"], "completed")

    def test_block_ending_without_complete_is_interrupted_as_in_java(self):
        with self.create():
            pass
        self.assertEqual(self.status()["status"], "interrupted")

    def test_keyboard_interrupt_marks_interrupted(self):
        with self.assertRaises(KeyboardInterrupt):
            with self.create():
                raise KeyboardInterrupt()
        self.assertEqual(self.status()["status"], "interrupted")


class InterpreterExitTest(ExperimentTestCase):
    def run_child(self, body):
        code = "import sys; sys.path.insert(0, %r)\n" % CLIENT_DIR + textwrap.dedent(body)
        return subprocess.run([sys.executable, "-c", code, self.expt], capture_output=True, text=True, timeout=60)

    def test_open_run_is_marked_interrupted_at_exit(self):
        result = self.run_child("""
            import sys
            from persistent_monitoring import create_monitor
            m = create_monitor(sys.argv[1], "run")
            m.log("about to exit")
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        s = self.status()
        self.assertEqual((s["status"], s["message"]),
                         ("interrupted", "Monitoring stopped (Python interpreter exiting)"))
        self.assertEqual(s["messages"][-2]["message"], "about to exit")

    def test_completed_run_stays_completed_at_exit(self):
        result = self.run_child("""
            import sys
            from persistent_monitoring import create_monitor
            create_monitor(sys.argv[1], "run").complete("ok")
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.status()["status"], "completed")

    def test_uncaught_exception_leaves_interrupted_and_the_log_whole(self):
        result = self.run_child("""
            import sys
            from persistent_monitoring import create_monitor
            m = create_monitor(sys.argv[1], "run")
            for i in range(1000):
                m.log("line %d" % i)
            raise SystemExit(3)
        """)
        self.assertEqual(result.returncode, 3)
        self.assertEqual(self.status()["status"], "interrupted")
        self.assertEqual(self.status()["message_count"], 1002)

    def test_no_root_logger_configuration(self):
        result = self.run_child("""
            import logging, sys
            from persistent_monitoring import create_monitor
            m = create_monitor(sys.argv[1], "run", echo=False)
            m.warning("to the labwatch logger only")
            m.complete()
            assert logging.getLogger().handlers == [], logging.getLogger().handlers
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")


if __name__ == "__main__":
    unittest.main()
