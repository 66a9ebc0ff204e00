"""The Monitor a notebook talks to: the seed tool's API, writing the Java client's files.

Every call takes the monitor's lock, records into the bounded RunStatus and the log, and
returns; a metric value goes into a buffer that the timer appends to the run's metrics file
at its next tick (metrics.py). Status writes that must be immediate (start, error, step, plot, end) happen in the
calling thread outside the lock; everything else is coalesced by a daemon timer thread that
writes at most every 500 ms, refreshes the heartbeat every 10 s and persists progress bars at most
once a second. I/O trouble never raises into the notebook: it is reported once on stderr and
retried.

With a server (``server=`` or LABWATCH_SERVER) the run is also shipped to it: the shipper's own
daemon thread (ship.py) reads the run's files and sends what the server lacks, so no call here
waits for the network; the monitor only tells it of saved plots and of the run's end.
"""

import atexit
import collections
import logging
import os
import sys
import threading
import time
import traceback

from . import clock, ship
from .bars import BarBoard, notebook_bar_factory, track
from .logfile import LogFile
from .metrics import Metrics, check_metric_name, to_step, to_value
from .names import check_name
from .outage import Outage, _stderr
from .plots import file_name, image_bytes, image_type, plot_name
from .status import RunStatus, atomic_write, keep_earlier_run, to_json

FLUSH_INTERVAL_S = 0.5
HEARTBEAT_INTERVAL_S = 10.0
BAR_PERSIST_INTERVAL_S = 1.0
RETRY_INTERVAL_S = 1.0
TICK_S = 0.1
METRICS_TICK_S = 0.05  # the next tick while metric values keep coming: in the file well within 200 ms

_LEVELS = {
    "debug": "DEBUG", "trace": "DEBUG", "info": "INFO", "warning": "WARNING", "warn": "WARNING",
    "error": "ERROR", "critical": "ERROR", "fatal": "ERROR", "exception": "ERROR",
}
_PY_LEVEL = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARNING": logging.WARNING, "ERROR": logging.ERROR}

logger = logging.getLogger("labwatch")
logger.addHandler(logging.NullHandler())  # a library never decides where records are printed

_open_monitors = {}  # status file -> Monitor; a re-run cell supersedes the run it started before
_registry_lock = threading.Lock()


def create_monitor(expt_path, name, server=None, token=None, echo=None):
    """Starts a run named ``name`` under ``<expt_path>/monitoring`` (the seed tool's entry point).

    ``server`` (``https://labserver:8888``) ships the run to a labwatch server as well, with
    ``token`` (from ``./labwatch token add NAME``); without them LABWATCH_SERVER and
    LABWATCH_TOKEN_FILE or LABWATCH_TOKEN are used (docs/remote.md). A server URL that is not
    http(s) or a token with spaces raises ValueError; the network never raises. ``echo`` prints
    each message on stdout as ``print`` did (default on; LABWATCH_ECHO=false turns it off), like
    the Java client outside a container.
    """
    return Monitor(expt_path, name, server=server, token=token, echo=echo)


def _echo_default():
    return os.environ.get("LABWATCH_ECHO", "true").strip().lower() not in ("0", "false", "no", "off")


def _level_name(level):
    if isinstance(level, int):
        if level >= logging.ERROR:
            return "ERROR"
        if level >= logging.WARNING:
            return "WARNING"
        return "INFO" if level >= logging.INFO else "DEBUG"
    name = _LEVELS.get(str(level).strip().lower())
    if name is None:
        raise ValueError("level must be debug, info, warning or error (got %r)" % (level,))
    return name


def _traceback_text(exc_info):
    """The traceback as Python prints it, for exc_info=True, an exception or an exc_info tuple."""
    if exc_info is None or exc_info is False:
        return None
    if exc_info is True:
        exc_info = sys.exc_info()
    elif isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if not isinstance(exc_info, tuple) or len(exc_info) != 3 or exc_info[1] is None:
        return None
    return "".join(traceback.format_exception(*exc_info)).rstrip("\r\n")


def _host():
    for variable in ("HOSTNAME", "COMPUTERNAME"):
        value = os.environ.get(variable, "").strip()
        if value:
            return value
    try:
        with open("/etc/hostname") as f:
            value = f.read().strip()
            if value:
                return value
    except OSError:
        pass
    import socket
    return socket.gethostname()


class Monitor(object):
    """One run of one experiment. Thread-safe; use as a context manager to end the run with the block."""

    def __init__(self, expt_path, name, server=None, token=None, echo=None):
        check_name("experiment name", name)
        if expt_path is None:
            raise ValueError("exptPath must not be null (experiment '%s')" % name)
        ship_settings = ship.configured(server, token)  # checks the arguments before anything is written
        self.name = name
        self.expt_path = os.path.abspath(os.fspath(expt_path))
        root = os.path.join(self.expt_path, "monitoring")
        self.start_time = clock.now()
        self.log_file = os.path.join(root, "logs", "%s_%s.log" % (name, clock.run_stamp(self.start_time)))
        self.status_file = os.path.join(root, "status", name + "_status.json")
        self.plots_dir = os.path.join(root, "plots")
        self.metrics_file = os.path.join(root, "metrics", os.path.basename(self.log_file)[:-len(".log")] + ".csv")
        self.host = _host()
        self.pid = os.getpid()
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._bars_moved = False
        self._bars = BarBoard(self._mark_bars_moved)
        self._status = RunStatus(name, self.start_time, self.host, self.pid,
                                 os.path.basename(self.log_file), self._bars)
        self._log = LogFile(self.log_file)
        self._metrics = Metrics(self.metrics_file, self._lock)
        self._status.metrics = self._metrics
        self._metric_names = set()  # names checked already
        self._metrics_after_close = 0
        self._written_version = -1
        self._status_failing = False
        self._earlier_kept = False
        self._status_outage = Outage("writing the status of '%s' to %s" % (name, self.status_file))
        self._held_plots = collections.OrderedDict()
        self._plot_outage = Outage("saving plots of '%s' to %s" % (name, self.plots_dir))
        self._last_write = 0.0
        self._last_bar_write = 0.0
        self._last_heartbeat = time.monotonic()
        self._closed = False
        self._stop = threading.Event()
        self.echo = _echo_default() if echo is None else bool(echo)
        self.server = None if ship_settings is None else ship_settings[0]
        self._shipped = None  # the run's handle in its shipper, when shipped

        with _registry_lock:
            earlier = _open_monitors.get(self.status_file)
            _open_monitors[self.status_file] = self
        if earlier is not None:
            earlier._superseded_by(self.start_time)

        with self._lock:
            self._record("INFO", "Monitoring started for experiment '%s' (host %s, pid %d); status: %s; log: %s"
                         % (name, self.host, self.pid, self.status_file, self.log_file))
            due = self._pending()
        self._write_outside_lock(due)
        if ship_settings is not None:
            self._shipped = ship.follow_run(ship_settings, self.expt_path, name, os.path.basename(self.log_file),
                                            os.path.basename(self.status_file), self._shipping_note,
                                            os.path.basename(self.metrics_file))
        self._timer = threading.Thread(target=self._run_timer, name="labwatch-monitor-timer", daemon=True)
        self._timer.start()

    # ---- the seed tool's API ------------------------------------------------------------

    def log(self, message, level="info", exc_info=None):
        """Records ``message`` at ``level`` (debug, info, warning, error); the status follows within 500 ms."""
        level_name = _level_name(level)
        trace = _traceback_text(exc_info)
        with self._lock:
            if self._closed:
                return self._after_close(level_name, message)
            self._record(level_name, str(message), trace)

    def debug(self, message, exc_info=None):
        self.log(message, "debug", exc_info)

    def info(self, message, exc_info=None):
        self.log(message, "info", exc_info)

    def warning(self, message, exc_info=None):
        self.log(message, "warning", exc_info)

    warn = warning

    def error(self, message, exc_info=None):
        """An error: in the log, in ``errors`` (with the traceback for exc_info=True or an exception), written at once."""
        text = str(message)
        trace = _traceback_text(exc_info)
        with self._lock:
            if self._closed:
                return self._after_close("ERROR", text + ("" if trace is None else "\n" + trace))
            t = self._record("ERROR", text, trace)
            self._status.error(t, text, trace)
            due = self._due()
        self._write_outside_lock(due)

    def exception(self, message):
        """``error`` with the exception being handled, as logging.exception."""
        self.error(message, exc_info=True)

    def update_progress(self, step_name, step_number, total_steps, message=""):
        """Step ``step_number`` of ``total_steps``: logged, added to ``steps``, written at once."""
        if step_name is None:
            raise ValueError("stepName must not be null")
        step_number, total_steps = int(step_number), int(total_steps)
        if step_number < 0 or total_steps < 0:
            raise ValueError("stepNumber and totalSteps must not be negative (got %d of %d for step '%s')"
                             % (step_number, total_steps, step_name))
        message = None if message is None or message == "" else str(message)
        with self._lock:
            if self._closed:
                return self._after_close("INFO", "Step %d/%d: %s" % (step_number, total_steps, step_name))
            t = self._record("INFO", "Step %d/%d: %s%s" % (step_number, total_steps, step_name,
                                                            "" if message is None else " - " + message))
            self._status.step(t, str(step_name), step_number, total_steps, message)
            due = self._due()
        self._write_outside_lock(due)

    def tqdm(self, iterable=None, desc=None, total=None, **kwargs):
        """The notebook's own progress bar around ``iterable``, its state kept in ``progress_bars``."""
        if total is None and iterable is not None:
            try:
                total = len(iterable)
            except (TypeError, AttributeError):
                total = None
        inner = notebook_bar_factory()(iterable, desc=desc, total=total, **kwargs)
        with self._lock:
            if self._closed:
                return inner
            bar = self._bars.open(desc, total)
        return track(inner, bar)

    def save_plot(self, fig, name):
        """Saves a Figure, PNG/JPEG/SVG bytes, an image file or a PIL image as ``plots/<name>.<ext>``.

        Returns the file's path. Bad input raises ValueError/TypeError; a failing disk does not.
        """
        check_name("plot name", name)
        data = image_bytes(name, fig)
        kind = image_type(data)
        if kind is None:
            raise ValueError("plot '%s': the content is not a PNG, JPEG or SVG image" % name)
        target = file_name(name, kind)
        with self._lock:
            if self._closed:
                self._after_close("INFO", "Saved plot %s (not listed in the finished status)" % target)
            self._held_plots.pop(target, None)
            self._held_plots[target] = (data, kind)
            self._write_plots()
            due = self._due()
        self._write_outside_lock(due)
        return os.path.join(self.plots_dir, target)

    def metric(self, name, value, step=None):
        """Records a value of metric ``name`` at ``step``, by default the metric's last step in this
        run + 1 (0 for its first value). Into ``monitoring/metrics/<log stem>.csv`` within 200 ms
        and into the status summary (docs/metrics.md). NaN and the infinities are kept.

        A bad name (1 to 128 of ``A-Z a-z 0-9 _ . / -``), a value that is not a number or a step
        that is not an integer raises ValueError; a failing disk does not.
        """
        if type(name) is not str or name not in self._metric_names:
            check_metric_name(name)
            self._metric_names.add(name)
        value = to_value(name, value)
        if step is not None:
            step = to_step(step, lambda: "metric \"%s\"" % name)
        t = time.time()
        with self._lock:
            if self._closed:
                return self._metric_after_close(name, value)
            self._metrics.record(t, name, value, step)
            self._status.metrics_changed()

    def metrics(self, values, step=None):
        """Records one value of each metric in the dict ``values`` (name -> number) with one
        timestamp, at ``step`` or each at its own next step. Every name and value is checked
        before anything is recorded."""
        if values is None or not hasattr(values, "items"):
            raise ValueError("metrics: values must be a dict of metric name -> number, not %s"
                             % ("None" if values is None else "a " + type(values).__name__))
        checked = []
        for name, value in values.items():
            if type(name) is not str or name not in self._metric_names:
                check_metric_name(name)
            checked.append((name, to_value(name, value)))
        if step is not None:
            step = to_step(step, lambda: "metrics %s" % ", ".join(name for name, _ in checked))
        t = time.time()
        with self._lock:
            if self._closed:
                return self._metric_after_close(*checked[0]) if checked else None
            for name, value in checked:
                self._metric_names.add(name)
                self._metrics.record(t, name, value, step)
            self._status.metrics_changed()

    def complete(self, message=None):
        """Ends the run as ``completed`` (progress 100 %)."""
        self._finish("completed", "Completed" if message is None else str(message), None)

    def fail(self, message=None, exc=None):
        """Ends the run as ``failed``; adds an error with the traceback of ``exc`` if given."""
        self._finish("failed", "Failed" if message is None else str(message), exc)

    def close(self):
        """Ends the monitor; a run neither completed nor failed is marked ``interrupted``."""
        self._close_as("Run closed without complete() or fail(): marked interrupted")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is not None and not self._status.finished:
            if isinstance(exc, KeyboardInterrupt):
                self._close_as("Interrupted (KeyboardInterrupt)")
                return False
            self.fail("%s: %s" % (exc_type.__name__, exc), exc)
        self.close()
        return False

    @property
    def status(self):
        """The run's state: running, completed, failed or interrupted."""
        return self._status.state

    def __repr__(self):
        return "Monitor[%s @ %s]" % (self.name, self.expt_path)

    # ---- internals -----------------------------------------------------------------------

    def _record(self, level_name, text, trace=None):
        """Under the lock: one record into the status, the log file and the 'labwatch' logger."""
        t = clock.now()
        self._status.message(t, level_name.lower(), text)
        self._log.write(t, level_name, text, trace)
        if self.echo:
            try:
                sys.stdout.write(text + ("" if trace is None else "\n" + trace) + "\n")
                sys.stdout.flush()
            except Exception:  # a closed or odd stdout must not stop the experiment
                pass
        if logger.isEnabledFor(_PY_LEVEL[level_name]):
            logger.log(_PY_LEVEL[level_name], "%s: %s%s", self.name, text, "" if trace is None else "\n" + trace)
        return t

    def _after_close(self, level_name, message):
        _stderr("labwatch: the monitor of '%s' is closed; not recorded: %s %s" % (self.name, level_name, message))

    def _metric_after_close(self, name, value):
        """Said once per monitor: a loop recording after the end would otherwise flood stderr."""
        self._metrics_after_close += 1
        if self._metrics_after_close == 1:
            _stderr("labwatch: the monitor of '%s' is closed; metric values are not recorded (first: %s = %r)"
                    % (self.name, name, value))

    def _finish(self, state, message, exc):
        with self._lock:
            if self._closed:
                return self._after_close("ERROR" if state == "failed" else "INFO", message)
            if self._status.finished:
                self._record("WARNING", "Run already %s; now also marked %s: %s"
                             % (self._status.state, state, message))
            due = self._end_as(state, message, exc)
        self._write_outside_lock(due)

    def _end_as(self, state, message, exc):
        """Under the lock: the final record and state; returns the status to write."""
        trace = _traceback_text(exc) if exc is not None else None
        level = "INFO" if state == "completed" else "ERROR" if state == "failed" else "WARNING"
        t = self._record(level, message, trace)
        if state == "failed":
            self._status.error(t, message, trace)
        self._status.finish(t, state, message)
        return self._pending()

    def _close_as(self, message):
        with self._lock:
            if self._closed:
                return
            due = None
            if not self._status.finished:
                due = self._end_as("interrupted", message, None)
            self._bars.abandon_all()
            self._status.bars_changed()
        self._write_outside_lock(due)
        self._stop.set()
        if self._timer is not threading.current_thread():
            self._timer.join(2.0)
        with self._lock:
            self._closed = True
            self._write_plots()
            self._log.retry()
            due = self._pending()
        self._write_outside_lock(due)
        self._metrics.flush()  # closed: nothing more is recorded; an outage's end is said on stderr
        with self._lock:
            lost = self._log.held
            metrics_lost = self._metrics.held
            status_lost = self._status.version != self._written_version
            if lost or self._held_plots or status_lost or metrics_lost:
                _stderr("labwatch: could not write everything of '%s': %d log record(s), %d plot(s)%s lost%s"
                        % (self.name, lost, len(self._held_plots),
                           ", %d metric value(s)" % metrics_lost if metrics_lost else "",
                           ", last status not written" if status_lost else ""))
            self._log.close()
            self._metrics.close()
        if self._shipped is not None:
            self._shipped.end()  # its files hold everything now: shipped until the server has it all
        with _registry_lock:
            if _open_monitors.get(self.status_file) is self:
                del _open_monitors[self.status_file]

    def _superseded_by(self, new_start):
        self._close_as("Superseded by a new run of the same experiment started at %s" % clock.iso(new_start))

    def _shipping_note(self, text):
        """The shipper's "caught up" line after an outage, for the run's log (as disk outages get)."""
        with self._lock:
            if not self._closed:
                self._record("WARNING", text)

    def _mark_bars_moved(self):
        self._bars_moved = True  # a flag only: called whenever a bar redraws or is updated by hand

    def _pending(self):
        """Under the lock: (version, snapshot) to write, or None when the file holds this version."""
        version = self._status.version
        if version == self._written_version:
            return None
        self._last_write = time.monotonic()
        if self._bars_moved:
            self._bars_moved = False
            self._last_bar_write = self._last_write
        return version, self._status.snapshot()

    def _due(self):
        """Under the lock: an immediate write, unless writes are failing (then the timer retries)."""
        return None if self._status_failing else self._pending()

    def _write_outside_lock(self, due):
        if due is None:
            return
        notes = self._write_status(due)
        if notes:
            with self._lock:
                for note in notes:
                    self._record("WARNING" if note.startswith("labwatch:") else "INFO", note)

    def _write_status(self, due):
        """Writes ``due`` unless a newer version is on disk; returns notes for the run's log."""
        version, snapshot = due
        notes = []
        with self._write_lock:
            if version <= self._written_version:
                return notes
            try:
                os.makedirs(os.path.dirname(self.status_file), exist_ok=True)
                if not self._earlier_kept:
                    # Never lose a run: the file of an earlier run under the same name is renamed first.
                    kept = keep_earlier_run(self.status_file, self.name)
                    self._earlier_kept = True
                    if kept is not None:
                        notes.append("Kept the status of an earlier run of '%s' as %s" % (self.name, kept))
                atomic_write(self.status_file, to_json(snapshot))
                self._written_version = version
            except (OSError, ValueError) as e:
                self._status_failing = True
                self._status_outage.failed(e, "keeping the status in memory and retrying")
                return notes
            self._status_failing = False
            note = self._status_outage.recovered()
            if note is not None:
                notes.append(note)
        return notes

    def _write_plots(self):
        """Under the lock: writes held plots in order; a failure keeps them for the timer."""
        while self._held_plots:
            target, (data, kind) = next(iter(self._held_plots.items()))
            try:
                os.makedirs(self.plots_dir, exist_ok=True)
                atomic_write(os.path.join(self.plots_dir, target), data, fsync=True)
            except OSError as e:
                self._plot_outage.failed(e, "keeping %d plot(s) in memory and retrying" % len(self._held_plots))
                return
            del self._held_plots[target]
            if self._shipped is not None:
                self._shipped.plot_saved(target)
            if self._closed:
                continue
            t = self._record("INFO", "Saved plot %s (%d bytes)" % (target, len(data)))
            self._status.plot(t, plot_name(target), target, kind[0], len(data))
        note = self._plot_outage.recovered()
        if note is not None and not self._closed:
            self._record("WARNING", note)

    def _run_timer(self):
        while not self._stop.wait(METRICS_TICK_S if self._metrics.waiting else TICK_S):
            try:
                self._tick()
            except Exception as e:  # the timer must survive anything; report and go on
                _stderr("labwatch: monitor timer: %s: %s" % (type(e).__name__, e))

    def _tick(self):
        # Buffered metric values, every tick there are some: in the file within 200 ms of the call.
        notes = self._metrics.flush() if self._metrics.waiting else ()
        now = time.monotonic()
        with self._lock:
            if self._closed:
                return
            for note in notes:
                self._record("WARNING", note)
            if self._log.held:
                self._log.retry()
            if self._held_plots:
                self._write_plots()
            if now - self._last_heartbeat >= HEARTBEAT_INTERVAL_S:
                self._last_heartbeat = now
                self._status.heartbeat(clock.now())  # while the monitor is open, as the Java client
            if self._bars_moved and now - self._last_bar_write >= BAR_PERSIST_INTERVAL_S:
                self._status.bars_changed()
            interval = RETRY_INTERVAL_S if self._status_failing else FLUSH_INTERVAL_S
            due = None
            if self._status.version != self._written_version and now - self._last_write >= interval:
                due = self._pending()
        self._write_outside_lock(due)


def _at_exit():
    """Marks runs still open 'interrupted', as the Java client does when its JVM shuts down, then
    gives the shippers at most 5 s to send the runs' last data."""
    with _registry_lock:
        monitors = list(_open_monitors.values())
    for monitor in monitors:
        try:
            monitor._close_as("Monitoring stopped (Python interpreter exiting)")
        except Exception as e:
            _stderr("labwatch: at exit, %r: %s: %s" % (monitor, type(e).__name__, e))
    ship.finish_all(ship.EXIT_WAIT_S)


atexit.register(_at_exit)
