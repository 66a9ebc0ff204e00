"""One monitoring directory shipped as one root, as the Java shipper's RootMirror: what the run's
files hold that the server lacks, sent in rounds.

A round sends new plots first, then changed status files (so the server's heartbeat is fresh while
a long log catches up), then at most one chunk of each log and metrics file. The local files are the spool: nothing
is kept in memory but positions and hashes, and after any failure the server's manifest is asked
again and is the truth.
"""

import collections
import hashlib
import os
import stat as stat_module
import threading
import time

from .ingest import HeldStatus, IngestFailure

RACY_US = 3000000  # a hash stands for a size and time only once that time is this far in the past
STATUS_CONFLICTS = 3  # conflicts in a row on one status after which it is taken as refused
SECTIONS = ("plots", "status", "logs", "metrics")  # the order of a round
APPENDED = ("logs", "metrics")  # sent by offset; status files and plots are replaced whole

# A file as one stat saw it: size and modification time identify its content's version.
LocalFile = collections.namedtuple("LocalFile", "section name path size mtime_us key")
# A status or plot's hash, valid while the file keeps the size and time it had when read.
Hashed = collections.namedtuple("Hashed", "version sha256 read_us")


def stat(section, directory, name):
    """The file as one stat sees it now, or None when it is missing or not a regular file."""
    path = os.path.join(directory, name)
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat_module.S_ISREG(st.st_mode):
        return None
    return LocalFile(section, name, path, st.st_size, st.st_mtime_ns // 1000, section + "/" + name)


def same_version(f, other):
    """Same size and time: taken to be the same content, so it is not read or hashed again."""
    return other is not None and f.size == other.size and f.mtime_us == other.mtime_us


def hash_stands(known, f):
    """Whether ``known`` may stand for ``f``: not for a file read within RACY_US of its modification
    (a same-size rewrite in one tick of a coarse clock), which is read again until that is past."""
    return same_version(f, known.version) and known.version.mtime_us < known.read_us - RACY_US


def status_version(mtime_us, held_version):
    """A status's version only goes forward: its file's time in microseconds, or the server's
    version + 1 when that is not greater (a clock set back, a copy with older times)."""
    if held_version is None:
        return max(1, mtime_us)
    return max(mtime_us, held_version + 1)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def _now_us():
    return int(time.time() * 1000) * 1000


class ShippedRun(object):
    """One run's files (its log, its metrics file, its status file, the plots it saved): what the
    run tells its shipper. Each call is a set insertion or a flag and a wake; nothing waits."""

    def __init__(self, log_name, status_name, wake, note=None, metrics_name=None):
        self.log_name = log_name
        self.metrics_name = metrics_name  # None: the run has none; a file not written yet is skipped
        self.status_name = status_name
        self.plots = collections.OrderedDict()  # file name -> True, in the order saved
        self._plots_lock = threading.Lock()
        self._wake = wake
        self.note = note  # called with the shipper's "caught up" line, for the run's own log
        self.ended = False

    def plot_saved(self, file_name):
        with self._plots_lock:
            self.plots[file_name] = True
        self._wake()

    def end(self):
        """Everything of the run is in its files: shipped until the server holds it all, then let go."""
        self.ended = True
        self._wake()

    def plot_names(self):
        with self._plots_lock:
            return list(self.plots)


class RunSelection(object):
    """The files the runs of this process name in one monitoring directory; other files there are
    not this client's to ship (``labwatch ship`` ships a whole directory)."""

    def __init__(self, monitoring_dir):
        self.monitoring_dir = monitoring_dir
        self.runs = []
        self._lock = threading.Lock()
        self._ended_at_last_scan = []

    def add(self, run):
        with self._lock:
            self.runs.append(run)

    def open_runs(self):
        with self._lock:
            return [r for r in self.runs if not r.ended]

    def scan(self, remember=True):
        """The files to ship now, plots first, then status files, logs, metrics; missing ones left out.
        ``remember``: the runs ended by now are let go at the next ``settled`` (the shipper's scans)."""
        with self._lock:
            runs = list(self.runs)
        names = dict((section, collections.OrderedDict()) for section in SECTIONS)
        ended = []
        for run in runs:
            # The flag first: whatever the run wrote before it ended is on disk by the stats below.
            if run.ended:
                ended.append(run)
            names["logs"][run.log_name] = True
            if run.metrics_name is not None:
                names["metrics"][run.metrics_name] = True
            names["status"][run.status_name] = True
            for plot in run.plot_names():
                names["plots"][plot] = True
        if remember:
            self._ended_at_last_scan = ended
        files = []
        for section in SECTIONS:
            directory = os.path.join(self.monitoring_dir, section)
            for name in names[section]:
                f = stat(section, directory, name)
                if f is not None:
                    files.append(f)
        return files

    def settled(self):
        """The server holds everything the last scan saw: runs ended by then are let go.
        True when no run is left to follow."""
        with self._lock:
            for run in self._ended_at_last_scan:
                if run in self.runs:
                    self.runs.remove(run)
            self._ended_at_last_scan = []
            return not self.runs


class Reports(object):
    """Lines on stderr about one file or condition, each said once until the condition clears."""

    def __init__(self, say):
        self._say = say
        self._said = set()

    def once(self, key, line):
        if key not in self._said:
            self._said.add(key)
            self._say(line)

    def clear(self, key):
        self._said.discard(key)


class RootMirror(object):
    """Used by the shipper's thread only, except ``missing``, which reads without locking."""

    def __init__(self, monitoring_dir, root, selection, reports):
        self.monitoring_dir = monitoring_dir
        self.root = root
        self.selection = selection
        self.reports = reports
        self.who = "labwatch: shipping root '%s' (%s)" % (root, monitoring_dir)
        self.server = None  # what the server holds; None until the manifest is fetched, and after a failure
        self.hashes = {}
        self.refused = {}  # key -> the LocalFile version refused or unreadable: skipped until it changes
        self.status_conflicts = {}
        self.shorter = set()
        self.behind = 0

    def forget_server(self):
        self.server = None

    def round(self, api, hello, max_chunk):
        """Sends what the server lacks of the files as they are now; True when it holds everything
        this round saw. Raises IngestFailure when the server cannot be used."""
        if self.server is None:
            self.server = api.manifest(hello.source, self.root)
        files = self.selection.scan()
        self.behind = self._behind(files)
        pending = False
        for f in files:
            if f.section == "plots":
                pending |= self._plot(api, hello, f)
        for f in files:
            if f.section == "status":
                pending |= self._status(api, hello, f)
        chunk = max(1, min(max_chunk, hello.limits.chunk_bytes))
        for f in files:
            if f.section in APPENDED:
                pending |= self._appended(api, hello, f, chunk)
        return not pending

    def _changed(self, f, server_sha, limit, kind):
        """(bytes, sha256) when the server lacks this content; None when there is nothing to send:
        unchanged since the server matched it, refused in this version, over the server's limit,
        unreadable, or reading as what the server holds."""
        if same_version(f, self.refused.get(f.key)):
            return None
        known = self.hashes.get(f.key)
        if known is not None and hash_stands(known, f) and known.sha256 == server_sha:
            return None
        if f.size > limit:
            self._refuse(f, "%d bytes, more than the server's limit for a %s (%d)" % (f.size, kind, limit))
            return None
        data = self._read(f)
        if data is None:
            return None
        sha = sha256(data)
        self.hashes[f.key] = Hashed(f, sha, _now_us())
        return None if sha == server_sha else (data, sha)

    def _plot(self, api, hello, f):
        content = self._changed(f, self.server.plots.get(f.name), hello.limits.plot_bytes, "plot")
        if content is None:
            return False
        data = content[0]
        if not _looks_like_image(data):
            self._refuse(f, "not a PNG, JPEG or SVG image")
            return False
        try:
            self.server.plots[f.name] = api.put_plot(hello.source, self.root, f.name, data, self._sending(len(data)))
            self._accepted(f)
        except IngestFailure as e:
            if not e.rejected:
                raise
            self._refuse(f, str(e))
        return False

    def _status(self, api, hello, f):
        held = self.server.statuses.get(f.name)
        content = self._changed(f, None if held is None else held.sha256, hello.limits.status_bytes, "status")
        if content is None:
            return False
        data, sha = content
        version = status_version(f.mtime_us, None if held is None else held.version)
        try:
            ack = api.put_status(hello.source, self.root, f.name, version, data, self._sending(len(data)))
        except IngestFailure as e:
            if not e.rejected:
                raise
            self._refuse(f, str(e))
            return False
        if not ack.conflict:
            self.server.statuses[f.name] = HeldStatus(ack.value, sha)
            self.status_conflicts.pop(f.key, None)
            self._accepted(f)
            return False
        # The server holds a newer or other version: go past it next round.
        self.server.statuses[f.name] = HeldStatus(ack.value, None)
        conflicts = self.status_conflicts.get(f.key, 0) + 1
        self.status_conflicts[f.key] = conflicts
        if conflicts >= STATUS_CONFLICTS:
            del self.status_conflicts[f.key]
            self._refuse(f, "the server answered %d versions in a row with a conflict (it holds version %d)"
                         % (conflicts, ack.value))
            return False
        return True

    def _appended(self, api, hello, f, chunk):
        acked = self.server.length(f.key)
        if f.size < acked:
            # Truncated or replaced: sending from 0 would duplicate, from acked would skip. Said; nothing sent.
            self.shorter.add(f.key)
            self.reports.once("shorter " + f.key,
                              "%s: %s is %d bytes here, but the server already holds %d bytes of it (truncated or "
                              "replaced?). Nothing of it is sent again; the server's copy is kept, and bytes written "
                              "here beyond %d will be sent." % (self.who, f.key, f.size, acked, acked))
            return False
        if f.key in self.shorter:
            self.shorter.discard(f.key)
            self.reports.clear("shorter " + f.key)
        if f.size == acked or same_version(f, self.refused.get(f.key)):
            return False
        data = self._read(f, acked, min(chunk, f.size - acked))
        if not data:
            return False
        try:
            ack = api.append(hello.source, self.root, f.section, f.name, acked, data, self._sending(len(data)))
        except IngestFailure as e:
            if not e.rejected:
                raise
            self._refuse(f, str(e))
            return False
        self.server.lengths[f.key] = ack.value
        if not ack.conflict:
            self._accepted(f)
        # Done when it reached the size seen this round; after a conflict the next round judges the server's length.
        return ack.value != f.size or ack.conflict

    def _behind(self, files):
        """What the files hold that the server lacks, as far as known without reading them."""
        total = 0
        for f in files:
            if same_version(f, self.refused.get(f.key)):
                continue
            if f.section in APPENDED:
                total += max(0, f.size - self.server.length(f.key))
            elif not self._held(f, self.server):
                total += f.size
        return total

    def _held(self, f, server):
        """Whether the server holds this version of a status or plot, as far as known."""
        known = self.hashes.get(f.key)
        if f.section == "plots":
            held = server.plots.get(f.name)
        else:
            status = server.statuses.get(f.name)
            held = None if status is None else status.sha256
        return known is not None and same_version(f, known.version) and known.sha256 == held

    def _sending(self, size):
        """A request of ``size`` bytes is about to go: what will be left after it (Labwatch-Behind)."""
        self.behind = max(0, self.behind - size)
        return self.behind

    def _refuse(self, f, why):
        self.refused[f.key] = f
        self.reports.once("refused " + f.key, "%s: %s is not shipped: %s. It is tried again when the file changes."
                          % (self.who, f.key, why))

    def _accepted(self, f):
        self.refused.pop(f.key, None)
        self.reports.clear("refused " + f.key)
        self.reports.clear("unreadable " + f.key)

    def _read(self, f, offset=0, length=None):
        """The file's bytes (from ``offset``, at most ``length``), or None: removed meanwhile (quietly)
        or unreadable (said once)."""
        try:
            with open(f.path, "rb") as stream:
                if offset:
                    stream.seek(offset)
                return stream.read() if length is None else stream.read(length)
        except FileNotFoundError:
            return None
        except OSError as e:
            self.refused[f.key] = f
            self.reports.once("unreadable " + f.key, "%s: %s cannot be read (%s: %s); tried again when it changes."
                              % (self.who, f.path, type(e).__name__, e))
            return None

    def missing(self):
        """What the server does not hold of the files there now, one line each; empty when it holds all."""
        files = self.selection.scan(remember=False)
        server = self.server
        lines = []
        if server is None:
            lines.append("%s: the server's copy is not known (no manifest since the last failure)" % self.root)
            for f in files:
                lines.append("%s: %s (%d bytes) not known to be on the server" % (self.root, f.key, f.size))
            return lines
        for f in files:
            why = None
            if f.section in APPENDED:
                acked = server.length(f.key)
                if acked < f.size:
                    why = "%d of %d bytes on the server" % (acked, f.size)
            elif not self._held(f, server):
                why = "this version not on the server"
            if why is not None:
                lines.append("%s: %s: %s%s" % (self.root, f.key, why,
                                               " (refused, see above)" if same_version(f, self.refused.get(f.key))
                                               else ""))
        return lines

    def __repr__(self):
        return "root '%s' (%s)" % (self.root, self.monitoring_dir)


def _looks_like_image(data):
    """PNG, JPEG or SVG by content (PlotFiles.looksLikeImage): a half-written file is not sent to be refused."""
    if data[:4] == b"\x89PNG" and len(data) >= 8:
        return True
    if data[:3] == b"\xff\xd8\xff":
        return True
    return b"<svg" in data[:4096]

