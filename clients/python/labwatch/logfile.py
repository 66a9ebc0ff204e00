"""The run's log file, byte for byte what the Java FileLogSink writes.

Each record is one ``os.write`` to a descriptor opened with O_APPEND, so it is in the operating
system when ``log`` returns (a killed kernel loses nothing) and records of two writers stay whole.
Lines after the first are indented by four spaces so only a record's first line can look like a
header (RecordText). A write that fails keeps the record in memory; it is retried later and never
raises into the experiment.
"""

import os
import time

from . import clock
from .outage import Outage

INDENT = "    "
MAX_HELD = 100000  # records kept in memory during an outage; a bound so a dead disk cannot exhaust RAM


def _content(text):
    """Trailing line breaks are dropped: they would only add empty continuation lines."""
    return text.rstrip("\r\n")


def _indented(text):
    return _content(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\n" + INDENT)


def format_record(t, level, message, traceback_text=None):
    """``time - LEVEL - message`` plus the indented traceback, ending with a newline."""
    out = clock.log_stamp(t) + " - " + level + " - " + _indented(str(message))
    if traceback_text is not None and _content(traceback_text):
        out += "\n" + INDENT + _indented(traceback_text)
    return out + "\n"


class LogFile(object):
    """Not thread-safe: the monitor's lock guards it."""

    def __init__(self, path):
        self.path = path
        self._fd = None
        self._identity = None
        self._last_check = 0.0
        self._held = []
        self._dropped = 0
        self._outage = Outage("writing the log " + path)

    def write(self, t, level, message, traceback_text=None):
        data = format_record(t, level, message, traceback_text).encode("utf-8", "replace")
        if self._held:
            self._held.append(data)
            self.retry()
            return
        if not self._write_bytes(data):
            self._hold(data)

    def retry(self):
        """Writes held records in order; called by the next record and by the monitor's timer."""
        while self._held:
            if not self._write_bytes(self._held[0]):
                return False
            self._held.pop(0)
        note = self._outage.recovered()
        if note is not None:
            if self._dropped:
                note += "; %d record(s) were lost because the in-memory backlog was full" % self._dropped
                self._dropped = 0
            self._write_bytes(format_record(clock.now(), "WARNING", note).encode("utf-8", "replace"))
        return True

    @property
    def held(self):
        return len(self._held)

    def close(self):
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def _hold(self, data):
        if len(self._held) >= MAX_HELD:
            self._held.pop(0)
            self._dropped += 1
        self._held.append(data)

    def _write_bytes(self, data):
        try:
            self._ensure_open()
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            return True
        except OSError as e:
            self.close()
            self._outage.failed(e, "keeping log records in memory and retrying")
            return False

    def _ensure_open(self):
        now = time.monotonic()
        if self._fd is not None and now - self._last_check >= 1.0:
            self._last_check = now
            if not self._still_there():
                self.close()
                self._open()
                note = ("The log file " + self.path
                        + " had disappeared (deleted or moved); writing continues in a new file")
                os.write(self._fd, format_record(clock.now(), "WARNING", note).encode("utf-8", "replace"))
        if self._fd is None:
            self._open()
            self._last_check = now

    def _still_there(self):
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self._identity

    def _open(self):
        self._fd, st = open_append(self.path)
        self._identity = (st.st_dev, st.st_ino)


def open_append(path):
    """Opens ``path`` for appending (O_APPEND, binary, created with its directory); returns the
    descriptor and its ``fstat``, whose (st_dev, st_ino) tell later whether the file was replaced."""
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o644)
    return fd, os.fstat(fd)
