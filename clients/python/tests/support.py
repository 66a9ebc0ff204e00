"""Shared helpers: a fresh experiment directory per test and readers of what the monitor wrote."""

import glob
import json
import os
import shutil
import tempfile
import time
import unittest

import labwatch

# A developer's shipping settings must not make the tests ship (test_ship sets them where it means to).
for _variable in ("LABWATCH_SERVER", "LABWATCH_TOKEN", "LABWATCH_TOKEN_FILE", "LABWATCH_CA_FILE"):
    os.environ.pop(_variable, None)

HEADER = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} - [A-Z]{1,12} - "
ISO = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$"


class ExperimentTestCase(unittest.TestCase):
    def setUp(self):
        self.expt = tempfile.mkdtemp(prefix="labwatch-test-")
        self.monitors = []

    def tearDown(self):
        for m in self.monitors:
            m.close()
        for root, dirs, files in os.walk(self.expt):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(self.expt, ignore_errors=True)

    def create(self, name="run", **kwargs):
        kwargs.setdefault("echo", False)  # keep the test output readable; EchoTest covers echo
        m = labwatch.create_monitor(self.expt, name, **kwargs)
        self.monitors.append(m)
        return m

    def status_path(self, name="run"):
        return os.path.join(self.expt, "monitoring", "status", name + "_status.json")

    def status(self, name="run"):
        with open(self.status_path(name), "rb") as f:
            return json.loads(f.read().decode("utf-8"))

    def log_text(self, m):
        with open(m.log_file, "rb") as f:
            return f.read().decode("utf-8")

    def wait_for(self, predicate, timeout=5.0, what="condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if predicate():
                    return
            except (OSError, ValueError, LookupError):
                pass
            time.sleep(0.02)
        self.fail("timed out waiting for " + what)

    def status_files(self):
        return sorted(os.path.basename(p) for p in glob.glob(os.path.join(self.expt, "monitoring", "status", "*")))
