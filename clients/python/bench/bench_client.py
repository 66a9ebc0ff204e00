#!/usr/bin/env python3
"""Micro-benchmarks of the Python client against the issue's targets (docs/benchmarks.md).

    cd clients/python && python3 bench/bench_client.py [--repetitions 15] [--items 1000000] ...

Standard library only; the tqdm rows need tqdm (Debian: python3-tqdm), the built-in bar's row is
measured with the console fallback forced whatever is installed. Prints a Markdown table: the
median over the repetitions (min in brackets), the target and whether it is met.

* ``monitor.log`` vs ``logging.FileHandler``: the same message into files in the same directory,
  the handler with the client's record layout (``%(asctime)s - %(levelname)s - %(message)s``).
  The monitor runs with ``echo=False`` (no stdout), so both only write the file; its timer's
  status writes (every 500 ms while records arrive) run meanwhile and are part of its cost.
* ``monitor.tqdm`` vs tqdm: ``for _ in bar: pass`` over ``range(items)``, both bars drawing into
  os.devnull; per item, including creating and closing the bar.
* status cost: the per-call cost of ``monitor.log`` once the run has 100,000 messages vs when it
  has 10 (a fresh monitor per repetition), ``--window`` calls each; and, for information, one
  status write (snapshot, JSON, temporary file and rename) at both sizes.
"""

import argparse
import gc
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import labwatch  # noqa: E402
import labwatch.monitor  # noqa: E402
import labwatch.status  # noqa: E402
from labwatch import bars  # noqa: E402

MESSAGE = "Measured point 42 at 5.1234 GHz: S21 = -23.5 dB"


def timed(function, *args):
    """Seconds ``function(*args)`` took, with the garbage collector off as timeit does."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        function(*args)
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def calls(function, n):
    for _ in range(n):
        function(MESSAGE)


def loop(iterable):
    for _ in iterable:
        pass


class Row(object):
    def __init__(self, what, samples, unit, scale, target=None, limit=None):
        self.what, self.unit, self.target, self.limit = what, unit, target, limit
        self.median = statistics.median(samples) * scale
        self.min = min(samples) * scale

    def value(self):
        return "%.3g %s (min %.3g)" % (self.median, self.unit, self.min) if self.unit else "%.2f" % self.median

    def verdict(self):
        if self.limit is None:
            return ""
        return "yes" if self.median <= self.limit else "**no**"


def ratio_row(what, numerators, denominators, limit):
    """Per-repetition ratios (numerator and denominator measured back to back), median and min."""
    return Row(what, [a / b for a, b in zip(numerators, denominators)], "", 1.0, "<= %g" % limit, limit)


def bench_log(directory, repetitions, n):
    plain = logging.getLogger("labwatch-bench.plain")
    plain.propagate = False
    plain.setLevel(logging.INFO)
    logs = os.path.join(directory, "monitoring", "logs")  # next to the monitor's own log
    os.makedirs(logs)
    handler = logging.FileHandler(os.path.join(logs, "plain.log"))
    handler.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s - %(message)s"))
    plain.addHandler(handler)
    monitor = labwatch.create_monitor(directory, "log_bench", echo=False)
    try:
        calls(plain.info, 1000)  # warm-up
        calls(monitor.log, 1000)
        handler_s, monitor_s = [], []
        for _ in range(repetitions):  # interleaved, so drift in the machine hits both
            handler_s.append(timed(calls, plain.info, n) / n)
            monitor_s.append(timed(calls, monitor.log, n) / n)
    finally:
        monitor.complete()
        monitor.close()
        plain.removeHandler(handler)
        handler.close()
    return [Row("logging.FileHandler: logger.info(msg)", handler_s, "us", 1e6),
            Row("monitor.log(msg)", monitor_s, "us", 1e6),
            ratio_row("monitor.log / FileHandler", monitor_s, handler_s, 1.5)]


def bench_bars(directory, repetitions, items):
    devnull = open(os.devnull, "w")
    monitor = labwatch.create_monitor(directory, "bar_bench", echo=False)
    rows = []
    try:
        plain = [timed(loop, range(items)) / items for _ in range(repetitions)]
        rows.append(Row("plain for loop over range", plain, "ns/item", 1e9))
        try:
            from tqdm import tqdm
        except ImportError:
            tqdm = None
            print("tqdm is not installed for %s: its rows are skipped" % sys.executable)
        if tqdm is not None:
            own, ours = [], []
            for _ in range(repetitions):
                own.append(timed(lambda: loop(tqdm(range(items), desc="own", file=devnull))) / items)
                ours.append(timed(lambda: loop(monitor.tqdm(range(items), desc="ours", file=devnull))) / items)
            rows += [Row("tqdm(range) loop", own, "ns/item", 1e9),
                     Row("monitor.tqdm(range) loop, tqdm's bar", ours, "ns/item", 1e9),
                     ratio_row("monitor.tqdm / tqdm", ours, own, 1.2)]
        saved = labwatch.monitor.notebook_bar_factory
        labwatch.monitor.notebook_bar_factory = lambda: bars.ConsoleBar  # the fallback without tqdm
        try:
            console = [timed(lambda: loop(monitor.tqdm(range(items), desc="console", file=devnull))) / items
                       for _ in range(repetitions)]
        finally:
            labwatch.monitor.notebook_bar_factory = saved
        rows.append(Row("monitor.tqdm(range) loop, built-in bar", console, "ns/item", 1e9, "<= 1000 ns", 1000))
    finally:
        monitor.complete()
        monitor.close()
        devnull.close()
    return rows


def status_write(monitor):
    """One status write as the monitor's timer does it (snapshot under the lock, then the file)."""
    with monitor._lock:
        monitor._status.heartbeat(labwatch.clock.now())
        due = monitor._pending()
    monitor._write_outside_lock(due)


def bench_status(directory, repetitions, window, prefill):
    big = labwatch.create_monitor(os.path.join(directory, "big"), "status_bench", echo=False)
    small_s, big_s, small_write, full_write, big_write = [], [], [], [], []
    try:
        for i in range(prefill - 1):  # creating the monitor logged the first message
            big.log("%s #%d" % (MESSAGE, i))
        for r in range(repetitions):
            small = labwatch.create_monitor(os.path.join(directory, "small%d" % r), "status_bench", echo=False)
            try:
                calls(small.log, 9)
                small_write.append(timed(status_write, small))
                small_s.append(timed(calls, small.log, window) / window)
                full_write.append(timed(status_write, small))
            finally:
                small.complete()
                small.close()
            big_write.append(timed(status_write, big))
            big_s.append(timed(calls, big.log, window) / window)
    finally:
        big.complete()
        big.close()
    kept = labwatch.status.MESSAGES_KEPT
    return [Row("monitor.log at 10 messages (fresh run, next %d calls)" % window, small_s, "us", 1e6),
            Row("monitor.log at %d messages (next %d calls)" % (prefill, window), big_s, "us", 1e6),
            ratio_row("log at %d messages / at 10" % prefill, big_s, small_s, 1.5),
            Row("one status write at 10 messages", small_write, "ms", 1e3),
            Row("one status write at %d messages (%d kept)" % (10 + window, kept), full_write, "ms", 1e3),
            Row("one status write at %d messages (%d kept)" % (prefill, kept), big_write, "ms", 1e3),
            ratio_row("status write at %d / at %d messages" % (prefill, 10 + window), big_write, full_write, 1.5)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=15, help="measurements per row (default 15)")
    parser.add_argument("--log-calls", type=int, default=20000, help="log calls per measurement (default 20000)")
    parser.add_argument("--items", type=int, default=1000000, help="items per bar loop (default 1000000)")
    parser.add_argument("--window", type=int, default=1000, help="log calls per status-cost measurement")
    parser.add_argument("--prefill", type=int, default=100000, help="messages before the large run's calls")
    parser.add_argument("--dir", default=None, help="where the files go (default: a new temporary directory)")
    parser.add_argument("--only", choices=["log", "bars", "status"], action="append",
                        help="run only these parts (repeatable)")
    args = parser.parse_args(argv)
    directory = tempfile.mkdtemp(prefix="labwatch-bench-", dir=args.dir)
    parts = args.only or ["log", "bars", "status"]
    try:
        tqdm_version = "not installed"
        try:
            import tqdm
            tqdm_version = tqdm.__version__
        except ImportError:
            pass
        print("Python %s (%s), tqdm %s, %d CPU(s), files in %s; %d repetitions"
              % (sys.version.split()[0], sys.executable, tqdm_version, os.cpu_count() or 0, directory,
                 args.repetitions))
        rows = []
        if "log" in parts:
            rows += bench_log(os.path.join(directory, "log"), args.repetitions, args.log_calls)
        if "bars" in parts:
            rows += bench_bars(os.path.join(directory, "bars"), args.repetitions, args.items)
        if "status" in parts:
            rows += bench_status(os.path.join(directory, "status"), args.repetitions, args.window, args.prefill)
        print()
        print("| measurement | median (min) | target | met |")
        print("|---|---|---|---|")
        for row in rows:
            print("| %s | %s | %s | %s |" % (row.what, row.value(), row.target or "", row.verdict()))
        return 0 if all(row.limit is None or row.median <= row.limit for row in rows) else 1
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
