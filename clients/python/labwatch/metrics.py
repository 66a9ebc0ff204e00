"""A run's metrics (docs/metrics.md): the name rule, the values' buffer, the CSV file beside the
log and the bounded summary for the status, byte for byte what the Java client writes.

A ``metric`` call costs a few dictionary and list operations under the monitor's lock: the value
goes into an in-memory buffer and its metric's summary. The monitor's timer thread appends the
buffered values to ``monitoring/metrics/<log stem>.csv`` every tick (100 ms, 50 ms while values
keep coming) with one ``os.write`` of whole lines to a descriptor opened with O_APPEND, so a
``kill -9`` loses at most the last 200 ms of values; ``close`` writes the rest. A failing disk holds the values in memory (bounded:
the oldest are dropped and counted), is reported once on stderr and retried; it never raises into
the experiment.
"""

import collections
import datetime
import itertools
import math
import operator
import os
import threading

from . import clock
from .logfile import open_append
from .names import MAX_LENGTH, _is_control_or_format, _quote, common_problem  # noqa: F401 (MAX_LENGTH)
from .outage import Outage, _stderr

HEADER = b"time,step,name,value\n"
METRICS_KEPT = 200  # summaries in the status: the most recently updated
MAX_HELD = 1000000  # values waiting in memory (buffer and outage backlog); the oldest go first
STEP_MIN = -(1 << 63)
STEP_MAX = (1 << 63) - 1

_METRIC_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-")


def metric_problem(name):
    """The reason ``name`` is refused as a metric name, or None when it is fine (Names.metricProblem)."""
    reason = common_problem(name)
    if reason is not None:
        return reason
    # Every character before a refused one is ASCII, so its index is also its position in UTF-16 units.
    for position, ch in enumerate(name):
        if ch not in _METRIC_CHARS:
            shown = "U+%04X" % ord(ch) if _is_control_or_format(ch) else "'%s'" % ch
            return "the character %s at position %d is not allowed (use A-Z a-z 0-9 and _ . / -)" % (shown, position)
    first = name[0]
    if first in "./-":
        return "it starts with '%s' (start with a letter, a digit or _)" % first
    if ".." in name:
        return "it contains '..'"
    if name[-1] == "/":
        return "it ends with '/'"
    return None


def check_metric_name(name):
    """Returns ``name`` or raises ValueError('Invalid metric name "<name>": <reason>') as
    Names.checkMetricName does."""
    reason = metric_problem(name)
    if reason is not None:
        raise ValueError("Invalid metric name %s: %s" % (_quote(name), reason))
    return name


def _is_bool(value):
    # numpy's bool_ is no Python bool but is no number either (Java's Boolean is no Number).
    return isinstance(value, bool) or type(value).__name__ in ("bool", "bool_", "bool8")


def _a(kind):
    name = kind.__name__
    return ("an " if name[:1] in "aeiouAEIOU" else "a ") + name


def to_value(name, value):
    """``value`` as a float: an int, a float, a numpy scalar or anything else ``float()`` takes,
    except text and booleans. Otherwise ValueError naming the metric and the value's type."""
    kind = type(value)
    if kind is float:
        return value
    if kind is int and -(1 << 53) <= value <= (1 << 53):
        return float(value)
    if value is None or _is_bool(value) or isinstance(value, (str, bytes, bytearray)):
        raise ValueError("Invalid value for metric %s: it is %s, not a number"
                         % (_quote(name), "missing (None)" if value is None else _a(kind)))
    try:
        return float(value)
    except OverflowError:
        raise ValueError("Invalid value for metric %s: it is %s too large for a double" % (_quote(name), _a(kind)))
    except (TypeError, ValueError) as e:
        raise ValueError("Invalid value for metric %s: it is %s, not a number (%s)" % (_quote(name), _a(kind), e))


def to_step(step, what):
    """``step`` as a 64-bit integer (an int or a numpy integer); ValueError naming ``what()`` otherwise.
    ``what`` is called only for a refused step, so a good one costs no text."""
    if type(step) is int and STEP_MIN <= step <= STEP_MAX:
        return step
    if _is_bool(step):
        raise ValueError("Invalid step for %s: it is %s, not an integer" % (what(), _a(type(step))))
    try:
        step = operator.index(step)
    except TypeError:
        raise ValueError("Invalid step for %s: it is %s, not an integer" % (what(), _a(type(step))))
    if not STEP_MIN <= step <= STEP_MAX:
        raise ValueError("Invalid step for %s: %d is outside the 64-bit range" % (what(), step))
    return step


def value_text(value):
    """``repr(float)``, or NaN, Infinity, -Infinity as Java's Double.toString writes them."""
    if value - value == 0.0:  # finite
        return repr(value)
    if value != value:
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _millis(t):
    return math.floor(t * 1000)


def format_lines(values):
    """``time,step,name,value`` lines (time: Unix seconds with three decimals) for (t, step, name,
    value) tuples, as one bytes object."""
    out = []
    append = out.append
    for t, step, name, value in values:
        ms = _millis(t)
        append("%d.%03d,%d,%s,%s\n" % (ms // 1000, ms % 1000, step, name,
                                      repr(value) if value - value == 0.0 else value_text(value)))
    return "".join(out).encode("ascii")


_second_text = (None, "", "")  # (Unix second, text before the milliseconds, offset): one entry, swapped whole


def _iso_of(t):
    """The status timestamp of Unix time ``t``, to the same millisecond as its line in the file
    (clock.iso's form). Metrics updated within one second share the conversion of that second."""
    global _second_text
    ms = _millis(t)
    second, fraction = divmod(ms, 1000)
    cached = _second_text
    if cached[0] != second:
        text = clock.iso(datetime.datetime.fromtimestamp(second).astimezone().replace(microsecond=0))
        head, tail = text[:19], text[23:]  # "2026-12-04T20:24:11" and "Z" or "+01:00" around ".000"
        cached = _second_text = (second, head, tail)
    return "%s.%03d%s" % (cached[1], fraction, cached[2])


def _json_value(value):
    """JSON has no NaN or infinities: those are the strings "NaN", "Infinity", "-Infinity"."""
    return value if value - value == 0.0 else value_text(value)


class MetricsFile(object):
    """The run's metrics file, written by one thread at a time (``Metrics``' file lock). Each batch
    is one write of whole lines; a write cut short (a full disk) is cut back off the file so the
    retry writes no value twice. Failed batches are held in order, at most MAX_HELD values."""

    def __init__(self, path):
        self.path = path
        self._fd = None
        self._identity = None
        self._held = collections.deque()  # (bytes, number of values), oldest first
        self._held_values = 0
        self.dropped = 0  # values dropped from the full backlog, not yet told
        self._outage = Outage("writing the metrics file " + path)

    @property
    def held(self):
        return self._held_values

    def append(self, data, count):
        """Writes what is held, then ``data``; returns the note for the run's log when an outage
        ended, else None. Never raises for I/O trouble."""
        if count:
            self._held.append((data, count))
            self._held_values += count
            while self._held_values > MAX_HELD and len(self._held) > 1:
                _, lost = self._held.popleft()
                self._held_values -= lost
                self.dropped += lost
        while self._held:
            data, count = self._held[0]
            if not self._write(data):
                return None
            self._held.popleft()
            self._held_values -= count
        return self._outage.recovered()

    def close(self):
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def _write(self, data):
        try:
            before, prefix = self._prepare()
        except OSError as e:
            self.close()
            self._outage.failed(e, "keeping metric values in memory and retrying")
            return False
        payload = prefix + data if prefix else data
        written = 0
        try:
            view = memoryview(payload)
            while written < len(payload):
                written += os.write(self._fd, view[written:])
            return True
        except OSError as e:
            if written:
                self._cut_back(before, written)
            self.close()
            self._outage.failed(e, "keeping metric values in memory and retrying")
            return False

    def _prepare(self):
        """Opens the file when needed (again, after it vanished); returns (its size before this
        write, what goes before the lines: the header for a new file, a line break after a line
        left unfinished)."""
        if self._fd is not None:
            try:
                st = os.stat(self.path)
                if (st.st_dev, st.st_ino) == self._identity:
                    return st.st_size, b""
            except OSError:
                pass
            _stderr("labwatch: the metrics file %s had disappeared (deleted or moved); writing continues in a new file"
                    % self.path)
            self.close()
        self._fd, st = open_append(self.path)
        self._identity = (st.st_dev, st.st_ino)
        if st.st_size == 0:
            return 0, HEADER
        with open(self.path, "rb") as f:
            f.seek(st.st_size - 1)
            last = f.read(1)
        return st.st_size, b"" if last == b"\n" else b"\n"

    def _cut_back(self, before, written):
        """Only when the file holds nothing after ``before`` but part of this write: never cuts
        another writer's lines."""
        try:
            st = os.fstat(self._fd)
            if (st.st_dev, st.st_ino) == self._identity and before < st.st_size <= before + written:
                os.ftruncate(self._fd, before)
        except OSError:
            pass


class Metrics(object):
    """One run's metrics. ``record`` and ``records`` run under the monitor's lock (``lock``);
    ``flush`` takes the file lock and then, briefly, the monitor's lock: never call it holding the
    monitor's lock."""

    def __init__(self, path, lock):
        self.path = path
        self._lock = lock
        self._file_lock = threading.Lock()
        self._file = MetricsFile(path)
        self._pending = collections.deque()
        self._dropped = 0  # values dropped from the full buffer (under the monitor's lock)
        # name -> [count, last, last_step, min, max, time], least recently updated first
        self._summaries = collections.OrderedDict()

    def record(self, t, name, value, step):
        """Under the monitor's lock: one checked value at Unix time ``t``; ``step`` None for the
        metric's next step."""
        s = self._summaries.get(name)
        if s is None:
            s = self._summaries[name] = [0, value, -1, None, None, t]
            if step is None:
                step = 0
        else:
            self._summaries.move_to_end(name)
            if step is None:
                step = s[2] + 1 if s[2] != STEP_MAX else STEP_MIN  # a Java long's wrap
        s[0] += 1
        s[1] = value
        s[2] = step
        s[5] = t
        if value - value == 0.0:  # finite
            if s[3] is None or value < s[3]:
                s[3] = value
            if s[4] is None or value > s[4]:
                s[4] = value
        pending = self._pending
        if len(pending) >= MAX_HELD:
            pending.popleft()
            self._dropped += 1
        pending.append((t, step, name, value))

    def records(self):
        """Under the monitor's lock: the status ``metrics``, the METRICS_KEPT most recently updated,
        least recent first."""
        kept = list(itertools.islice(reversed(self._summaries.items()), METRICS_KEPT))
        kept.reverse()
        out = []
        for name, (count, last, last_step, low, high, t) in kept:
            entry = collections.OrderedDict()
            entry["name"] = name
            entry["count"] = count
            entry["last"] = _json_value(last)
            entry["last_step"] = last_step
            if low is not None:
                entry["min"] = low
                entry["max"] = high
            entry["updated"] = _iso_of(t)
            out.append(entry)
        return out

    @property
    def waiting(self):
        """Whether a flush has something to do (read without the lock: a hint for the timer)."""
        return bool(self._pending) or self._file.held > 0

    @property
    def held(self):
        """Values recorded but not in the file."""
        return len(self._pending) + self._file.held

    def flush(self):
        """Appends the buffered values to the file; returns notes for the run's log (an outage's end,
        values dropped from a full buffer)."""
        notes = []
        with self._file_lock:
            with self._lock:
                batch = self._pending
                if batch:
                    self._pending = collections.deque()
                dropped, self._dropped = self._dropped, 0
            self._file.dropped += dropped
            note = self._file.append(format_lines(batch) if batch else b"", len(batch))
            if note is not None:
                notes.append(note)
            if self._file.dropped and self._file.held == 0:
                lost = self._file.dropped
                self._file.dropped = 0
                line = ("labwatch: %d metric value(s) were lost because the in-memory buffer of %d values was full"
                        % (lost, MAX_HELD))
                _stderr(line)
                notes.append(line)
        return notes

    def close(self):
        with self._file_lock:
            self._file.close()
