"""Time texts exactly as the Java client writes them.

Log lines use Python logging's default ``YYYY-MM-DD HH:MM:SS,mmm`` in local time; status
timestamps use ISO-8601 with milliseconds and the local offset (``Z`` for zero), and run stamps
``YYYYmmdd_HHMMSS``. All come from one aware local datetime so a run's files agree.
"""

import datetime


def now():
    """The current local time, aware, truncated to milliseconds (the precision written)."""
    t = datetime.datetime.now().astimezone()
    return t.replace(microsecond=(t.microsecond // 1000) * 1000)


def iso(t):
    """``2025-01-01T12:05:00.123+01:00``; ``Z`` when the offset is zero (Timestamps.format)."""
    if t is None:
        return None
    text = t.isoformat(timespec="milliseconds")
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return text


def log_stamp(t):
    """``2025-01-01 12:05:00,123``: Python logging's asctime."""
    return t.strftime("%Y-%m-%d %H:%M:%S") + ",%03d" % (t.microsecond // 1000)


def run_stamp(t):
    """``20250101_120500`` (MonitoringLayout.RUN_STAMP), in local time."""
    return t.astimezone().strftime("%Y%m%d_%H%M%S")


def parse_iso(text):
    """A status timestamp back to an aware datetime, or None when it is not one."""
    if not isinstance(text, str):
        return None
    t = text.strip().replace(" ", "T", 1)
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    try:
        parsed = datetime.datetime.fromisoformat(t)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()
    return parsed
