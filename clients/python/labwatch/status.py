"""The run's status JSON: bounded in memory, written whole and atomically.

Field names and order follow StatusJsonWriter (the seed's fields first, labwatch's after), and
absent optional values are left out. The lists are bounded like the Java client's
(200 messages, 500 errors, 100 steps, 500 plots) so the millionth write costs what the first did;
the log file keeps everything.
"""

import collections
import json
import json.encoder
import os
import binascii

from . import clock

FORMAT_VERSION = 1
MESSAGES_KEPT = 200
ERRORS_KEPT = 500
STEPS_KEPT = 100
PLOTS_KEPT = 500
STATUS_SUFFIX = "_status.json"


def _percent(number, total):
    p = max(0, min(number, total)) * 100.0 / total
    return round(p * 10.0) / 10.0


class RunStatus(object):
    """Not thread-safe: the monitor's lock guards it. ``version`` grows with every change."""

    def __init__(self, name, start, host, pid, log_file, bars):
        self.name = name
        self.start = start
        self.host = host
        self.pid = pid
        self.log_file = log_file
        self.bars = bars
        self.messages = collections.deque(maxlen=MESSAGES_KEPT)
        self.errors = collections.deque(maxlen=ERRORS_KEPT)
        self.steps = collections.deque(maxlen=STEPS_KEPT)
        self.plots = collections.OrderedDict()
        self.last_update = start
        self.heartbeat_time = start
        self.current_step = 0
        self.total_steps = 0
        self.progress_percent = 0.0
        self.steps_seen = False
        self.state = "running"
        self.final_message = None
        self.completed_time = None
        self.message_count = 0
        self.error_count = 0
        self.version = 0
        self.metrics = None  # the run's Metrics (metrics.py), set by the monitor

    @property
    def finished(self):
        return self.state != "running"

    def message(self, t, level, text):
        # Kept as tuples; turned into dicts only when a snapshot is written.
        self.messages.append((t, level, text))
        self.message_count += 1
        self._touch(t)

    def error(self, t, text, traceback_text):
        self.errors.append((t, text, traceback_text))
        self.error_count += 1
        self._touch(t)

    def step(self, t, name, number, total, message):
        self.steps_seen = True
        self.steps.append((name, number, t, message))
        self.current_step = number
        self.total_steps = total
        if total > 0:
            self.progress_percent = _percent(number, total)
        self._touch(t)

    def plot(self, t, name, file_name, media_type, size):
        self.plots.pop(file_name, None)
        self.plots[file_name] = (name, file_name, t, media_type, size)
        while len(self.plots) > PLOTS_KEPT:
            self.plots.popitem(last=False)
        self._touch(t)

    def finish(self, t, state, message):
        self.state = state
        self.final_message = message
        self.completed_time = t
        if state == "completed":
            self.progress_percent = 100.0
            if self.total_steps > 0:
                self.current_step = max(self.current_step, self.total_steps)
        self._touch(t)

    def bars_changed(self):
        self.version += 1

    def metrics_changed(self):
        self.version += 1

    def heartbeat(self, t):
        self.heartbeat_time = t
        self.version += 1

    def snapshot(self):
        """The status as an ordered dict, in StatusJsonWriter's field order."""
        iso = clock.iso
        s = collections.OrderedDict()
        s["experiment_name"] = self.name
        s["start_time"] = iso(self.start)
        s["last_update"] = iso(self.last_update)
        s["current_step"] = self.current_step
        s["total_steps"] = self.total_steps
        s["progress_percent"] = float(self._percent())
        s["status"] = self.state
        s["steps"] = [_without_none([("name", n), ("step_number", k), ("timestamp", iso(t)), ("message", m)])
                      for (n, k, t, m) in self.steps]
        s["messages"] = [_without_none([("timestamp", iso(t)), ("level", lvl), ("message", m)])
                         for (t, lvl, m) in self.messages]
        s["errors"] = [_without_none([("timestamp", iso(t)), ("message", m), ("traceback", tb)])
                       for (t, m, tb) in self.errors]
        if self.final_message is not None:
            s["message"] = self.final_message
        if self.completed_time is not None:
            s["completed_time"] = iso(self.completed_time)
        s["format_version"] = FORMAT_VERSION
        if self.host is not None:
            s["host"] = self.host
        s["pid"] = self.pid
        s["heartbeat"] = iso(self.heartbeat_time)
        s["plots"] = [_without_none([("name", n), ("file", f), ("timestamp", iso(t)), ("media_type", mt),
                                     ("bytes", b)]) for (n, f, t, mt, b) in self.plots.values()]
        s["progress_bars"] = self.bars.records(clock.now())
        s["message_count"] = self.message_count
        s["error_count"] = self.error_count
        s["log_file"] = self.log_file
        s["metrics"] = [] if self.metrics is None else self.metrics.records()
        return s

    def _percent(self):
        """The seed's step-based percent; a run without steps follows its outermost running bar."""
        if not self.steps_seen and not self.finished:
            bar_percent = self.bars.outermost_percent()
            if bar_percent is not None:
                return bar_percent
        return self.progress_percent

    def _touch(self, t):
        self.last_update = t
        self.version += 1


def _without_none(pairs):
    return collections.OrderedDict((k, v) for k, v in pairs if v is not None)


def to_json(snapshot):
    """The layout StatusJsonWriter (Jackson) produces, so the two clients' files diff cleanly:
    two-space indent, ``"key":value``, ``[ ]`` for an empty list, a final newline; UTF-8."""
    out = []
    _write_value(out, snapshot, "")
    out.append("\n")
    return "".join(out).encode("utf-8", "replace")


# json.dumps per value costs a call through the encoder's setup each time; these are what it ends
# up calling for a str (ensure_ascii=False), an int and a float.
_encode_str = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
_FLOAT_REPR = float.__repr__
_INT_REPR = int.__repr__


def _write_value(out, value, indent):
    kind = type(value)
    if kind is str:
        out.append(_encode_str(value))
    elif kind is int:
        out.append(_INT_REPR(value))
    elif kind is float and value - value == 0.0:  # finite (NaN - NaN and inf - inf are NaN)
        out.append(_FLOAT_REPR(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{ }")
            return
        inner = indent + "  "
        out.append("{")
        first = True
        for key, item in value.items():
            out.append("\n" + inner if first else ",\n" + inner)
            first = False
            out.append(_encode_str(key) + ":" if type(key) is str else json.dumps(key, ensure_ascii=False) + ":")
            _write_value(out, item, inner)
        out.append("\n" + indent + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[ ]")
            return
        inner = indent + "  "
        out.append("[")
        first = True
        for item in value:
            out.append("\n" + inner if first else ",\n" + inner)
            first = False
            _write_value(out, item, inner)
        out.append("\n" + indent + "]")
    else:  # bool, None, subclasses; a NaN or infinite float raises ValueError as before
        out.append(json.dumps(value, ensure_ascii=False, allow_nan=False))


def atomic_write(path, data, fsync=False):
    """Writes ``.<file>.<random hex>.tmp`` in the same directory, then renames it over ``path``:
    a reader sees the old content or the new, never half a file (JsonStatusStore.write)."""
    directory, file_name = os.path.split(path)
    temp = os.path.join(directory, ".%s.%s.tmp" % (file_name, binascii.hexlify(os.urandom(8)).decode("ascii")))
    try:
        with open(temp, "wb") as f:
            f.write(data)
            if fsync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def keep_earlier_run(status_path, name):
    """Renames an existing ``<name>_status.json`` to ``<name>_<start>_status.json`` (``_2``,
    ``_3``... when taken) so a new run never overwrites an earlier one (StatusStore.keepEarlierRun).
    Returns the kept file's name or None."""
    if not os.path.lexists(status_path):
        return None
    start = None
    try:
        with open(status_path, "rb") as f:
            earlier = json.loads(f.read().decode("utf-8"))
        if isinstance(earlier, dict):
            start = clock.parse_iso(earlier.get("start_time"))
    except (OSError, ValueError):
        start = None
    if start is None:
        import datetime
        start = datetime.datetime.fromtimestamp(os.lstat(status_path).st_mtime).astimezone()
    stamp = clock.run_stamp(start)
    directory = os.path.dirname(status_path)
    n = 1
    while True:
        target = os.path.join(directory, "%s_%s%s%s" % (name, stamp, "" if n == 1 else "_%d" % n, STATUS_SUFFIX))
        if not os.path.lexists(target):
            os.rename(status_path, target)
            return os.path.basename(target)
        n += 1
