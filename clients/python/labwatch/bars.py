"""Progress bars: the notebook keeps its own bar, the status gets the bar's state.

``Monitor.tqdm`` wraps tqdm (tqdm.auto when installed) or a plain console bar, counts items
itself and tells the monitor the bars moved; the monitor's timer persists them at most once a
second, so iterating costs a counter increment, not a file write.
"""

import sys
import threading
import time

from . import clock

FINISHED_KEPT = 20


class Bar(object):
    def __init__(self, board, bar_id, description, total):
        self.board = board
        self.id = bar_id
        self.description = description
        self.total = total or 0
        self.n = 0
        self.message = None
        self.state = "running"
        self.started = clock.now()
        self._start = time.monotonic()
        self._end = None

    def advance(self, count=1):
        self.n += count
        self.board.moved()

    def end(self, how="done"):
        if self.state != "running":
            return
        self._end = time.monotonic()
        self.state = how
        self.board.ended(self)

    def elapsed(self):
        end = self._end if self._end is not None else time.monotonic()
        return max(0.0, end - self._start)

    def record(self, snapshot_time):
        """The bar as a ``progress_bars`` entry (BarBoard.record)."""
        import datetime
        n, total, elapsed = self.n, self.total, self.elapsed()
        rate = n / elapsed if elapsed > 0 else 0.0
        out = [("id", self.id), ("description", self.description), ("n", n), ("total", total)]
        if total > 0:
            out.append(("percent", min(100.0, round(n * 1000.0 / total) / 10.0)))
        out += [("rate", _round(rate)), ("elapsed_s", _round(elapsed))]
        if total > 0 and rate > 0:
            out.append(("eta_s", _round(max(0.0, (total - n) / rate))))
        if self.message is not None:
            out.append(("message", self.message))
        out.append(("state", self.state))
        out.append(("started", clock.iso(self.started)))
        if self.state == "running":
            updated = snapshot_time
        else:
            updated = self.started + datetime.timedelta(seconds=elapsed)
            updated = updated.replace(microsecond=(updated.microsecond // 1000) * 1000)
        out.append(("updated", clock.iso(updated)))
        return dict(out)


def _round(v):
    return round(v * 1000.0) / 1000.0


class BarBoard(object):
    """The run's bars: the 20 most recently finished, then the running ones, outermost first."""

    def __init__(self, on_change):
        self._on_change = on_change
        self._lock = threading.Lock()
        self._running = []
        self._finished = []
        self._count = 0

    def open(self, description, total):
        with self._lock:
            self._count += 1
            bar = Bar(self, "bar-%d" % self._count, description, total)
            self._running.append(bar)
        self._on_change()
        return bar

    def moved(self):
        self._on_change()

    def ended(self, bar):
        with self._lock:
            if bar in self._running:
                self._running.remove(bar)
            self._finished.append(bar)
            del self._finished[:-FINISHED_KEPT]
        self._on_change()

    def abandon_all(self):
        for bar in list(self._running):
            bar.end("abandoned")

    def records(self, snapshot_time):
        with self._lock:
            bars = self._finished + self._running
        return [b.record(snapshot_time) for b in bars]

    def outermost_percent(self):
        with self._lock:
            for bar in self._running:
                if bar.total > 0:
                    return min(100.0, round(bar.n * 1000.0 / bar.total) / 10.0)
        return None


class ConsoleBar(object):
    """A plain bar on stderr when tqdm is not installed: redrawn at most five times a second."""

    def __init__(self, iterable, desc=None, total=None, file=None, **_ignored):
        self.iterable = iterable
        self.desc = desc
        self.total = total
        self.file = file if file is not None else sys.stderr
        self.n = 0
        self._last = 0.0

    def __iter__(self):
        try:
            for item in self.iterable:
                yield item
                self.n += 1
                now = time.monotonic()
                if now - self._last >= 0.2:
                    self._last = now
                    self._draw()
        finally:
            self._draw()
            self._write("\n")

    def __len__(self):
        return len(self.iterable)

    def update(self, n=1):
        self.n += n
        now = time.monotonic()
        if now - self._last >= 0.2:
            self._last = now
            self._draw()

    def close(self):
        self._draw()
        self._write("\n")

    def _draw(self):
        prefix = (self.desc + ": ") if self.desc else ""
        if self.total:
            self._write("\r%s%3d%% %d/%d" % (prefix, self.n * 100 // self.total, self.n, self.total))
        else:
            self._write("\r%s%d it" % (prefix, self.n))

    def _write(self, text):
        try:
            self.file.write(text)
            self.file.flush()
        except Exception:
            pass


def notebook_bar_factory():
    """tqdm.auto's bar when tqdm is installed (a widget in Jupyter, text elsewhere), else ConsoleBar."""
    try:
        from tqdm.auto import tqdm
        return tqdm
    except ImportError:
        return ConsoleBar


class TrackedIterable(object):
    """Iterates the notebook's bar and counts into the monitor's Bar; ends it when iteration
    stops, as 'done' (finished or broken out of) — an exception still ends the bar."""

    def __init__(self, inner, bar):
        self.inner = inner
        self.bar = bar

    def __iter__(self):
        bar = self.bar
        try:
            for item in self.inner:
                yield item
                bar.advance()
        finally:
            bar.end("done")

    def __len__(self):
        return len(self.inner)

    def update(self, n=1):
        """Manual use (``with monitor.tqdm(total=100) as bar: bar.update(5)``), as tqdm's own."""
        self.inner.update(n)
        self.bar.advance(n)

    def close(self):
        self.inner.close()
        self.bar.end("done")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False

    def set_message(self, message):
        """Shown with the bar on the server (the bar's ``message`` field)."""
        self.bar.message = None if message is None else str(message)
        self.bar.board.moved()

    def __getattr__(self, attribute):
        # set_description, set_postfix, write ... go to the notebook's bar.
        return getattr(self.inner, attribute)
