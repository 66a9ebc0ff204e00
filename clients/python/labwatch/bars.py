"""Progress bars: the notebook keeps its own bar, the status gets the bar's state.

``Monitor.tqdm`` makes tqdm's bar (tqdm.auto when installed) or a plain console bar and hands
that very object back, watched (``track``): the monitor reads the bar's own count ``n`` when it
writes the status and hears of movement through the bar's ``update``, which tqdm calls only when
it redraws. Iterating therefore costs what tqdm's own loop costs; the monitor's timer persists
bars at most once a second.
"""

import sys
import threading
import time

from . import clock

FINISHED_KEPT = 20
DRAW_INTERVAL_S = 0.2


def _count(value):
    try:
        return int(value) if value else 0
    except (TypeError, ValueError, OverflowError):
        return 0


class Bar(object):
    """A bar's entry in ``progress_bars``. While running, ``n`` and ``total`` are read from
    ``source`` (the notebook's bar) when set, else counted by ``advance``."""

    def __init__(self, board, bar_id, description, total):
        self.board = board
        self.id = bar_id
        self.description = description
        self._total = total or 0
        self._n = 0
        self.source = None
        self.message = None
        self.state = "running"
        self.started = clock.now()
        self._start = time.monotonic()
        self._end = None

    @property
    def n(self):
        source = self.source
        return self._n if source is None else _count(getattr(source, "n", 0))

    @property
    def total(self):
        source = self.source
        return self._total if source is None else _count(getattr(source, "total", 0))

    def advance(self, count=1):
        self._n += count
        self.board.moved()

    def end(self, how="done"):
        if self.state != "running":
            return
        if self.source is not None:  # the last count stays; the notebook's bar is let go
            self._n, self._total = self.n, self.total
            self.source = None
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
    """A plain bar on stderr when tqdm is not installed: redrawn at most five times a second.
    Its ``n`` is exact at every item; like tqdm's, ``update`` is called when it redraws."""

    def __init__(self, iterable=None, desc=None, total=None, file=None, **_ignored):
        self.iterable = iterable
        self.desc = desc
        self.total = total
        self.file = file if file is not None else sys.stderr
        self.n = 0
        self._last = 0.0
        self._closed = False

    def __iter__(self):
        monotonic = time.monotonic
        try:
            for item in self.iterable:
                yield item
                self.n += 1
                if monotonic() - self._last >= DRAW_INTERVAL_S:
                    self.update(0)
        finally:
            self.close()

    def __len__(self):
        return len(self.iterable)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False

    def update(self, n=1):
        self.n += n
        now = time.monotonic()
        if now - self._last >= DRAW_INTERVAL_S:
            self._last = now
            self._draw()

    def close(self):
        if self._closed:
            return
        self._closed = True
        self._draw()
        self._write("\n")

    def set_description(self, desc=None, refresh=True):
        self.desc = desc

    def set_postfix(self, *args, **kwargs):
        pass

    def write(self, text, file=None, end="\n"):
        self._write("\r" + str(text) + end)

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


def track(inner, bar):
    """The notebook's bar ``inner`` itself, watched by ``bar``: no layer is added to the loop.

    Its ``update`` (which tqdm's loop calls when it redraws) tells the monitor the bar moved, its
    ``close`` (called when iteration ends, is broken out of or raises, and by ``with``) ends the
    bar as 'done', and ``set_message`` sets the bar's ``message`` field. The instance's methods are
    patched, so ``type()``, ``isinstance`` and every other attribute stay tqdm's. A bar that does
    not count (tqdm's ``disable``) or is not tqdm-like is wrapped in a counting TrackedIterable.
    """
    if getattr(inner, "disable", False) or not all(hasattr(inner, a) for a in ("n", "update", "close")):
        return TrackedIterable(inner, bar)
    board = bar.board
    inner_update, inner_close = inner.update, inner.close

    def update(n=1):
        result = inner_update(n)
        board.moved()
        return result

    def close():
        try:
            return inner_close()
        finally:
            bar.end("done")

    def set_message(message):
        """Shown with the bar on the server (the bar's ``message`` field)."""
        bar.message = None if message is None else str(message)
        board.moved()

    try:
        inner.update, inner.close, inner.set_message = update, close, set_message
    except AttributeError:  # no instance attributes (__slots__): count in a wrapper instead
        return TrackedIterable(inner, bar)
    bar.source = inner
    return inner


class TrackedIterable(object):
    """For a bar ``track`` cannot watch: iterates it and counts into the monitor's Bar; ends it
    when iteration stops, as 'done' (finished or broken out of) — an exception still ends the bar."""

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
