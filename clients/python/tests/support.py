"""Shared helpers: a fresh experiment directory per test and readers of what the monitor wrote."""

import glob
import importlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import labwatch

# A developer's shipping settings must not make the tests ship (test_ship sets them where it means to).
for _variable in ("LABWATCH_SERVER", "LABWATCH_TOKEN", "LABWATCH_TOKEN_FILE", "LABWATCH_CA_FILE"):
    os.environ.pop(_variable, None)

CLIENT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

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


def kill_at_random_moments(test, label, iterations, low, high, kill_once):
    """Calls ``kill_once(expt, delay)`` for fresh directories under ``test.expt``, each in a subTest,
    with delays (s) drawn in [low, high) from a seeded generator; prints the seed (LABWATCH_KILL_SEED=<seed>
    repeats the moments, LABWATCH_KILL_ITERATIONS changes how many) and the lines kill_once returns."""
    seed = int(os.environ.get("LABWATCH_KILL_SEED", random.SystemRandom().randrange(1 << 31)))
    iterations = int(os.environ.get("LABWATCH_KILL_ITERATIONS", str(iterations)))
    sys.stderr.write("\n%s: seed %d (LABWATCH_KILL_SEED=%d repeats these moments)\n" % (label, seed, seed))
    chance = random.Random(seed)
    report = []
    for k in range(iterations):
        delay = chance.uniform(low, high)
        with test.subTest(kill=k, seed=seed, delay=delay):
            report.append(kill_once(os.path.join(test.expt, "kill%d" % k), delay))
    sys.stderr.write("%s: %s\n" % (label, "; ".join(report)))


class KilledChild:
    """What a child killed by :func:`kill_child` left: its pid, the lines it printed (bytes, the
    first being ``ready``), and the time of the kill."""

    def __init__(self, pid, lines, killed_at):
        self.pid, self.lines, self.killed_at = pid, lines, killed_at


def kill_child(test, source, expt, delay):
    """Runs ``source`` in a fresh interpreter (argv[1] = ``expt``, the client on the PYTHONPATH),
    waits for its first line, ``delay`` seconds more, then sends it SIGKILL. Fails ``test`` unless
    the child printed ``ready`` first and died of the signal."""
    os.makedirs(expt)
    env = dict(os.environ, PYTHONPATH=CLIENT_DIR, PYTHONDONTWRITEBYTECODE="1")
    child = subprocess.Popen([sys.executable, "-c", source, expt], stdout=subprocess.PIPE,
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
    killed_at = None
    try:
        test.assertTrue(ready.wait(30), "the child did not start")
        time.sleep(delay)  # the random moment
        killed_at = time.time()
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(30)
        reader.join(30)
        stderr = child.stderr.read().decode("utf-8", "replace")
        child.stdout.close()
        child.stderr.close()
    test.assertEqual(child.returncode, -signal.SIGKILL, stderr)
    test.assertEqual(lines[0], b"ready\n", stderr)
    return KilledChild(child.pid, lines, killed_at)


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
