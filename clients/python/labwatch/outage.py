"""One report per outage on stderr, so a full disk during a long run is noticed but never floods
the notebook, and a note for the run's log once writing works again (core's Outage)."""

import sys
import time


class Outage(object):
    def __init__(self, what):
        self.what = what
        self.since = None
        self.reason = None

    def failed(self, error, holding):
        self.reason = "%s: %s" % (type(error).__name__, error)
        if self.since is None:
            self.since = time.time()
            _stderr("labwatch: %s failed: %s; %s" % (self.what, self.reason, holding))

    def recovered(self):
        """Returns the note for the log (None if there was no outage) and resets."""
        if self.since is None:
            return None
        seconds = int(time.time() - self.since)
        note = "labwatch: %s failed for %d s (%s); written late" % (self.what, seconds, self.reason)
        _stderr(note)
        self.since = None
        self.reason = None
        return note


def _stderr(text):
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except Exception:  # a closed stderr at interpreter exit must not matter
        pass
