"""I/O trouble never raises into the notebook: reported once on stderr, retried, written later."""

import io
import os
import shutil
import sys
import unittest

from support import ExperimentTestCase


class IoTroubleTest(ExperimentTestCase):
    def setUp(self):
        super(IoTroubleTest, self).setUp()
        self.saved_stderr, sys.stderr = sys.stderr, io.StringIO()

    def tearDown(self):
        super(IoTroubleTest, self).tearDown()  # closing may still report on stderr: keep it captured
        sys.stderr = self.saved_stderr

    def block(self, part):
        """A file where the directory should be: fails for every user, root included."""
        path = os.path.join(self.expt, "monitoring", part)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("not a directory")
        return path

    def test_status_outage_is_reported_once_and_recovers(self):
        blocker = self.block("status")
        m = self.create()
        for i in range(50):
            m.log("line %d" % i)
            m.error("error %d" % i)
        reports = [l for l in sys.stderr.getvalue().splitlines() if "writing the status of 'run'" in l]
        self.assertEqual(len(reports), 1, sys.stderr.getvalue())
        self.assertIn("failed:", reports[0])
        os.remove(blocker)
        self.wait_for(lambda: self.status()["error_count"] == 50, timeout=5, what="the status after the outage")
        self.wait_for(lambda: "labwatch: writing the status of 'run'" in self.log_text(m), what="the outage note")

    def test_log_outage_holds_records_in_order(self):
        blocker = self.block("logs")
        m = self.create()
        m.log("held one")
        m.log("held two")
        self.assertEqual(len([l for l in sys.stderr.getvalue().splitlines() if "writing the log" in l]), 1)
        os.remove(blocker)
        self.wait_for(lambda: os.path.exists(m.log_file), what="the log file")
        self.wait_for(lambda: "held two" in self.log_text(m), what="the held records")
        text = self.log_text(m)
        self.assertLess(text.index("Monitoring started"), text.index("held one"))
        self.assertLess(text.index("held one"), text.index("held two"))

    def test_plot_outage_retries(self):
        from test_plots import tiny_png
        blocker = self.block("plots")
        m = self.create()
        m.save_plot(tiny_png(), "late")
        self.assertIn("saving plots of 'run'", sys.stderr.getvalue())
        os.remove(blocker)
        self.wait_for(lambda: any(p["file"] == "late.png" for p in self.status()["plots"]), what="the held plot")

    def test_read_only_directory(self):
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            self.skipTest("running as root: permissions do not stop root (the blocked-directory tests cover it)")
        os.makedirs(os.path.join(self.expt, "monitoring", "status"))
        os.makedirs(os.path.join(self.expt, "monitoring", "logs"))
        os.chmod(os.path.join(self.expt, "monitoring", "status"), 0o555)
        m = self.create()
        m.log("still fine")
        m.complete()
        self.assertIn("writing the status of 'run'", sys.stderr.getvalue())
        self.assertIn("still fine", self.log_text(m))

    def test_experiment_directory_removed_during_the_run(self):
        m = self.create()
        shutil.rmtree(os.path.join(self.expt, "monitoring"))
        m.log("after removal")
        m.error("still no exception")
        m.complete()
        self.assertEqual(self.status()["status"], "completed")


if __name__ == "__main__":
    unittest.main()
