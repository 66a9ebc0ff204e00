"""Shared helpers: a fresh experiment directory per test and readers of what the monitor wrote."""

import glob
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
import unittest

import labwatch

# A developer's shipping settings must not make the tests ship (test_ship sets them where it means to).
for _variable in ("LABWATCH_SERVER", "LABWATCH_TOKEN", "LABWATCH_TOKEN_FILE", "LABWATCH_CA_FILE"):
    os.environ.pop(_variable, None)

HEADER = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} - [A-Z]{1,12} - "
ISO = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$"

# Optional packages some tests use, with the Debian package that provides each.
EXTRAS = {
    "matplotlib": "python3-matplotlib", "numpy": "python3-numpy", "PIL": "python3-pil",
    "tqdm": "python3-tqdm", "ipykernel": "python3-ipykernel", "nbclient": "python3-nbclient",
    "nbformat": "python3-nbformat",
}


def extras_required():
    """LABWATCH_PYTHON_EXTRAS=required (CI) turns a missing optional package into a failure."""
    return os.environ.get("LABWATCH_PYTHON_EXTRAS", "").strip().lower() == "required"


def require(test, *modules):
    """Imports ``modules`` for ``test`` and returns them; a missing one skips the test, or fails it
    when LABWATCH_PYTHON_EXTRAS=required, naming the package to install."""
    loaded = []
    for name in modules:
        try:
            loaded.append(importlib.import_module(name))
            continue
        except ImportError as e:
            problem = str(e)
        top = name.split(".")[0]
        reason = ("%s is not installed for %s (%s; Debian: apt-get install %s)"
                  % (top, sys.executable, problem, EXTRAS.get(top, "python3-" + top.lower())))
        if extras_required():
            test.fail(reason + " and LABWATCH_PYTHON_EXTRAS=required")
        test.skipTest(reason + "; LABWATCH_PYTHON_EXTRAS=required makes this a failure")
    return loaded[0] if len(loaded) == 1 else loaded


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
