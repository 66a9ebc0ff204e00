"""Shipping runs to a labwatch server (docs/remote.md), as the Java client's embedded shipper does.

A monitor created with a server (``server=`` or ``LABWATCH_SERVER``) ships its own run: its log,
its metrics file, its status file and the plots it saved, read from the files on one daemon thread per server
(``labwatch-ship``). The notebook's calls never wait for it: a saved plot is a set insertion, the end
of a run a flag. The thread polls the files every 200 ms and sends what the server lacks; while the
server cannot be used it says so once on stderr, retries with backoff from 0.5 s doubling to 30 s,
forever, and says "caught up after N s" when the server holds everything again (a note that also
goes into the log of each open run). At interpreter exit it waits at most 5 s for the last data,
then names what the server lacks and the ``ship --once`` command that sends it.

Only wrong arguments raise (a server URL that is not http/https, a token with spaces); settings
from the environment that cannot be used are said on stderr and the run is not shipped.
"""

import os
import threading
import time

from .ingest import REFUSED, UNAVAILABLE, IngestApi, IngestFailure, Server, Token, describe, name_problem
from .mirror import Reports, RootMirror, RunSelection, ShippedRun
from .outage import _stderr

INTERVAL_S = 0.2
MIN_BACKOFF_S = 0.5
MAX_BACKOFF_S = 30.0
MAX_CHUNK_BYTES = 1 << 20
EXIT_WAIT_S = 5.0

_shippers = {}  # settings key -> Shipper, one per server (and token) for the whole process
_unusable = set()  # settings already said to be unusable
_registry_lock = threading.Lock()


class Backoff(object):
    """Capped exponential backoff: quick for a server restart, at most ``max_s`` apart for an outage
    of days. A refused token waits the longest, since only an administrator can fix it."""

    def __init__(self, min_s=MIN_BACKOFF_S, max_s=MAX_BACKOFF_S):
        self.min_s = min_s
        self.max_s = max(min_s, max_s)
        self._next = min_s

    def next_delay(self, failure):
        delay = self._next
        self._next = min(self.max_s, self._next * 2)
        if failure.kind == REFUSED:
            delay = self.max_s
        if failure.retry_after is not None:
            delay = max(delay, min(self.max_s, failure.retry_after))
        return delay

    def reset(self):
        self._next = self.min_s


def _seconds_text(seconds):
    return "%d ms" % (seconds * 1000) if seconds < 1 else "%d s" % seconds


class ShipOutage(object):
    """One period during which the server could not be used: a line when it begins, a line when
    the server holds everything again ("caught up after N s")."""

    def __init__(self, max_backoff_s=MAX_BACKOFF_S, say=_stderr):
        self.max_backoff_s = max_backoff_s
        self._say = say
        self.since = None
        self.reason = None
        self.failures = 0

    def failed(self, who, failure):
        self.reason = str(failure)
        self.failures += 1
        if self.since is None:
            self.since = int(time.time())
            hint = (" (./labwatch token on the server adds tokens; the token file is read again at each retry)"
                    if failure.kind == REFUSED else "")
            self._say("%s failed: %s%s. Retrying until it works (at most %s apart); the files stay where they are, "
                      "nothing is lost." % (who, self.reason, hint, _seconds_text(self.max_backoff_s)))

    def caught_up(self, who):
        """The note to show (None when there was no outage); the outage ends."""
        if self.since is None:
            return None
        note = ("%s: caught up after %d s (failing from %s, %d attempt(s); last: %s)"
                % (who, int(time.time()) - self.since, _instant(self.since), self.failures, self.reason))
        self._say(note)
        self.since = None
        self.reason = None
        self.failures = 0
        return note

    def describe(self):
        return None if self.since is None else "failing since %s: %s" % (_instant(self.since), self.reason)


def _instant(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class Shipper(object):
    """Ships the runs it is told of to one server, on one daemon thread. Nothing here raises into a
    caller or makes one wait, except ``await_caught_up`` and ``finish``, which exist to be waited on."""

    def __init__(self, server, interval_s=INTERVAL_S, min_backoff_s=MIN_BACKOFF_S, max_backoff_s=MAX_BACKOFF_S,
                 max_chunk=MAX_CHUNK_BYTES, say=_stderr):
        self.server = server
        self.api = IngestApi(server)
        self.interval_s = interval_s
        self.max_chunk = max_chunk
        self._say = say
        self.reports = Reports(say)
        self.outage = ShipOutage(max_backoff_s, say)
        self.backoff = Backoff(min_backoff_s, max_backoff_s)
        self._roots = {}  # monitoring dir -> RootMirror
        self._expt_paths = []  # for the command that sends the rest
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = threading.Event()
        self._progress = threading.Condition()
        self._rounds_started = 0
        self._last_finished = 0
        self._last_caught_up = 0
        self._hello = None
        if server.token_in_clear():
            say("labwatch: WARNING: the token is sent over plain http to %s: anyone on the way can read it and "
                "write as this source. Use https:// (with LABWATCH_CA_FILE for a lab CA) for a server on another "
                "machine." % server.url)
        self._thread = threading.Thread(target=self._run, name="labwatch-ship", daemon=True)
        self._thread.start()

    def follow_run(self, expt_path, root, log_name, status_name, note=None, metrics_name=None):
        """Ships one run's files of ``<expt_path>/monitoring`` as root ``root`` (its log, its metrics
        file when it has one, its status file and the plots it is told of); runs of one directory
        share it. Returns the run's handle. Raises ValueError for a root the server would refuse."""
        problem = root_problem(root)
        if problem is not None:
            raise ValueError("root '%s' cannot be shipped: %s" % (root, problem))
        monitoring_dir = os.path.join(os.path.abspath(expt_path), "monitoring")
        run = ShippedRun(log_name, status_name, self.wake, note, metrics_name)
        with self._lock:
            mirror = self._roots.get(monitoring_dir)
            if mirror is None:
                mirror = RootMirror(monitoring_dir, root, RunSelection(monitoring_dir), self.reports)
                self._roots[monitoring_dir] = mirror
            mirror.selection.add(run)
            if os.path.abspath(expt_path) not in self._expt_paths:
                self._expt_paths.append(os.path.abspath(expt_path))
        self.wake()
        return run

    def wake(self):
        """Polls now instead of at the end of the interval."""
        self._wake.set()

    def await_caught_up(self, timeout_s):
        """Waits until a round that began after this call found the server holding everything;
        False when ``timeout_s`` passed first or the shipper was closed."""
        deadline = time.monotonic() + timeout_s
        with self._progress:
            target = self._rounds_started + 1
            self.wake()
            while not self._closed.is_set() and self._last_caught_up < target:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._progress.wait(left)
            return self._last_caught_up >= target

    def missing(self):
        """What the server does not hold yet, one line per file (empty when it holds everything)."""
        lines = []
        failing = self.outage.describe()
        if failing is not None:
            lines.append("the server: " + failing)
        with self._lock:
            mirrors = list(self._roots.values())
        for mirror in mirrors:
            lines.extend(mirror.missing())
        return lines

    def close(self):
        """Stops the thread at its next step, without waiting for it: the files stay, and a next
        shipper (or ``labwatch ship``) resumes where the server's copy ends."""
        self._closed.set()
        self._wake.set()
        with self._progress:
            self._progress.notify_all()

    def finish(self, max_s):
        """At interpreter exit: waits at most ``max_s`` for the server to hold everything, then stops,
        naming what is left and the command that sends it."""
        done = self.await_caught_up(max_s)
        self.close()
        if done:
            return
        missing = self.missing()
        with self._lock:
            dirs = list(self._expt_paths)
        self._say("labwatch: stopped shipping to %s before the server held everything%s"
                  % (self.server.url, ":" if missing else ""))
        for line in missing:
            self._say("  " + line)
        self._say("labwatch: to send the rest: ./labwatch ship --once %s --server %s --token-file FILE"
                  % (" ".join(dirs), self.server.url))

    # ---- the thread ----------------------------------------------------------------------

    def _run(self):
        try:
            while not self._closed.is_set():
                self._round()
        except BaseException as e:  # at interpreter exit nothing may be said; otherwise a bug
            if not self._closed.is_set():
                self._say("labwatch: shipping to %s stopped: %s" % (self.server.url, describe(e)))
        finally:
            self.api.close()

    def _round(self):
        with self._progress:
            self._rounds_started += 1
            round_number = self._rounds_started
        self._wake.clear()
        failure = None
        failed = None
        caught_up = True
        with self._lock:
            mirrors = list(self._roots.values())
        try:
            for mirror in mirrors:
                failed = mirror
                if self._hello is None:
                    self._hello = self.api.hello()
                if mirror.round(self.api, self._hello, self.max_chunk):
                    with self._lock:
                        if self._roots.get(mirror.monitoring_dir) is mirror and mirror.selection.settled():
                            del self._roots[mirror.monitoring_dir]
                else:
                    caught_up = False
        except IngestFailure as f:
            failure = f
        except Exception as e:  # a bug must not end shipping for good: an outage, retried like one
            failure = IngestFailure(UNAVAILABLE, 0, "unexpected %s" % describe(e))
        if self._closed.is_set():
            self._finished(round_number, False)
            return
        if failure is not None:
            self._hello = None
            if failed is not None:
                failed.forget_server()
            if failure.kind == REFUSED and self.server.token is not None:
                self.server.token.reload()
            self.outage.failed(self._who(failed), failure)
            self._finished(round_number, False)
            self._closed.wait(self.backoff.next_delay(failure))  # a wake does not cut a backoff short
            return
        self.backoff.reset()
        if caught_up:
            note = self.outage.caught_up(self._who(None))
            if note is not None:
                self._tell_runs(note, mirrors)
        self._finished(round_number, caught_up)
        if caught_up:
            with self._lock:
                idle = not self._roots
            self._wake.wait(None if idle else self.interval_s)

    def _finished(self, round_number, caught_up):
        with self._progress:
            self._last_finished = round_number
            if caught_up:
                self._last_caught_up = round_number
            self._progress.notify_all()

    def _tell_runs(self, note, mirrors):
        for mirror in mirrors:
            for run in mirror.selection.open_runs():
                if run.note is not None:
                    try:
                        run.note(note)
                    except Exception as e:
                        self._say("labwatch: shipping: telling of the recovery failed: %s" % describe(e))

    def _who(self, failed):
        if failed is not None:
            what = repr(failed)
        else:
            with self._lock:
                names = ["'%s'" % m.root for m in self._roots.values()]
            what = ("root " if len(names) == 1 else "roots ") + ", ".join(names) if names else ""
        return "labwatch: shipping %sto %s%s" % (what + " " if what else "", self.server.url,
                                                  "" if self._hello is None else " as source '%s'" % self._hello.source)


def root_problem(name):
    """Why ``name`` cannot be a root on the server, or None."""
    problem = name_problem(name)
    return "not a name" if problem is None and name in (".", "..") else problem


# ---- the process's shippers ----------------------------------------------------------------


def configured(server, token):
    """The shipping settings a monitor asks for: None when no server is given (argument or
    LABWATCH_SERVER). Raises ValueError for a wrong argument: a server URL that is not http(s), a
    token that is not one."""
    from_argument = server is not None and str(server).strip() != ""
    url = str(server).strip() if from_argument else os.environ.get("LABWATCH_SERVER", "").strip()
    if not url:
        return None
    if from_argument:
        Server(url, None)  # the URL's check, without a CA file from the environment
    if token is not None:
        Token.of(token)
    return (url, token, os.environ.get("LABWATCH_TOKEN_FILE", "").strip(), os.environ.get("LABWATCH_TOKEN"),
            os.environ.get("LABWATCH_CA_FILE", "").strip())


def follow_run(settings, expt_path, name, log_name, status_name, note, metrics_name=None):
    """Starts shipping a run's files (the process's shipper for ``settings``, made on first use);
    None when it cannot be shipped (said on stderr; the run goes on with local files)."""
    shipper = _shipper(settings)
    if shipper is None:
        return None
    root = os.path.basename(os.path.abspath(expt_path))
    try:
        return shipper.follow_run(expt_path, root, log_name, status_name, note, metrics_name)
    except ValueError as e:
        _stderr("labwatch: run '%s' is not shipped: %s" % (name, e))
        return None


def _shipper(settings):
    with _registry_lock:
        shipper = _shippers.get(settings)
        if shipper is not None or settings in _unusable:
            return shipper
        url, token_text, token_file, env_token, ca_file = settings
        try:
            server = Server(url, _token(token_text, token_file, env_token), ca_file or None)
        except ValueError as e:
            _unusable.add(settings)
            _stderr("labwatch: runs are not shipped to %s: %s" % (url, e))
            return None
        shipper = Shipper(server)
        _shippers[settings] = shipper
        return shipper


def _token(token_text, token_file, env_token):
    """The token argument, else LABWATCH_TOKEN_FILE's, else LABWATCH_TOKEN; None (said) when none works."""
    if token_text is not None:
        return Token.of(token_text)
    if token_file:
        try:
            return Token.from_file(token_file)
        except (OSError, ValueError) as e:
            _stderr("labwatch: shipping: the token file %s cannot be used (%s); the server will refuse until it can"
                    % (token_file, e))
            return None
    if env_token is None or not env_token.strip():
        _stderr("labwatch: shipping: no token (give token=, or set LABWATCH_TOKEN or LABWATCH_TOKEN_FILE); "
                "the server will refuse until there is one")
        return None
    try:
        return Token.of(env_token)
    except ValueError as e:
        _stderr("labwatch: shipping: LABWATCH_TOKEN %s" % e)
        return None


def finish_all(max_s=EXIT_WAIT_S):
    """At interpreter exit, after the runs wrote their last records: at most ``max_s`` in all for
    the servers to hold everything."""
    with _registry_lock:
        shippers = list(_shippers.values())
        _shippers.clear()
    deadline = time.monotonic() + max_s
    for shipper in shippers:
        try:
            shipper.finish(max(0.0, deadline - time.monotonic()))
        except Exception as e:
            _stderr("labwatch: at exit, shipping to %s: %s" % (shipper.server.url, describe(e)))
