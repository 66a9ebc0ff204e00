#!/usr/bin/env python3
"""An experiment in Python shipping its own run, for PythonShippingIT: the labwatch Python client
(PYTHONPATH=clients/python) with server= and token= from the environment (IT_SERVER, IT_TOKEN;
none: local files only). It logs LINES lines INTERVAL_MS apart ("tick 00001 of ..."), records the
metric T_mK every 10th line (a NaN among them) and fit/chi2 and fit/f_res_GHz at each step, marks
STEPS steps with update_progress, saves PLOTS PNG plots (bytes made here, no matplotlib) and
completes, so the run's log, metrics file, status and plots are shipped.

OUT_DIR/progress.txt holds the index of the last line logged; OUT_DIR/calls.txt the time each
monitor.log call took (microseconds, one per line), OUT_DIR/sent.txt when each line was handed to
monitor.log ("INDEX MONOTONIC_NS", the clock Java's System.nanoTime reads on Linux) and
OUT_DIR/runtime.txt the run's whole time (milliseconds, from create_monitor to complete). With INTERVAL_MS 0 the lines are logged in a
tight loop (the per-call cost, shipping on or off).

Usage: python_shipping.py EXPT_DIR NAME LINES INTERVAL_MS STEPS PLOTS OUT_DIR"""
import binascii
import os
import struct
import sys
import time
import zlib

from labwatch import create_monitor


def png(n):
    """A small PNG of its own colour for plot n (distinct bytes per plot)."""
    width, height = 16, 8
    row = b"\x00" + bytes([(40 * n) % 256, (90 + 30 * n) % 256, (200 - 20 * n) % 256]) * width
    raw = row * height

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", binascii.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def main():
    expt_dir, name = sys.argv[1], sys.argv[2]
    lines, interval_ms, steps, plots = (int(a) for a in sys.argv[3:7])
    out = sys.argv[7]
    server = os.environ.get("IT_SERVER") or None
    token = os.environ.get("IT_TOKEN") or None
    started = time.monotonic()
    monitor = create_monitor(expt_dir, name, server=server, token=token, echo=False)
    calls = []
    sent = []
    progress = os.path.join(out, "progress.txt")
    for i in range(1, lines + 1):
        sent.append(time.monotonic_ns())
        t = time.perf_counter()
        monitor.log("tick %05d of %d: T = %.3f mK" % (i, lines, 12 + i / 100.0))
        calls.append(time.perf_counter() - t)
        if i % 10 == 0:
            monitor.metric("T_mK", float("nan") if i == 50 else 12 + i / 100.0)
        if steps and i % max(1, lines // steps) == 0 and i // max(1, lines // steps) <= steps:
            k = i // max(1, lines // steps)
            monitor.update_progress("Sweep %d" % k, k, steps, message="sweep %d done" % k)
            monitor.metrics({"fit/chi2": 1.0 / k, "fit/f_res_GHz": 7.1234 + k * 1e-4}, step=k)
        if plots and i % max(1, lines // plots) == 0 and i // max(1, lines // plots) <= plots:
            monitor.save_plot(png(i // max(1, lines // plots)), "scan_%d" % (i // max(1, lines // plots)))
        if interval_ms:
            with open(progress + ".tmp", "w") as f:
                f.write(str(i))
            os.replace(progress + ".tmp", progress)
            time.sleep(interval_ms / 1000.0)
    monitor.complete(message="Done")
    runtime_ms = (time.monotonic() - started) * 1000
    with open(progress + ".tmp", "w") as f:
        f.write(str(lines))
    os.replace(progress + ".tmp", progress)
    with open(os.path.join(out, "calls.txt"), "w") as f:
        f.write("\n".join("%.1f" % (c * 1e6) for c in calls) + "\n")
    with open(os.path.join(out, "sent.txt"), "w") as f:
        f.write("".join("%d %d\n" % (i + 1, ns) for i, ns in enumerate(sent)))
    with open(os.path.join(out, "runtime.txt"), "w") as f:
        f.write("%d\n" % runtime_ms)


if __name__ == "__main__":
    main()
