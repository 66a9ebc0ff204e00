"""The name rule of org.labwatch.api.Names, with the same messages.

Experiment and plot names become file names, and the server reads files written by either
client, so both must refuse exactly the same names with exactly the same reasons.
"""

import unicodedata

MAX_LENGTH = 128

_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + ["COM%d" % i for i in range(1, 10)]
    + ["LPT%d" % i for i in range(1, 10)]
)

_LETTER_OR_DIGIT = frozenset(["Lu", "Ll", "Lt", "Lm", "Lo", "Nd"])
_ALSO_ALLOWED_CATEGORIES = frozenset(["Mn", "Mc", "Pd"])


def _utf16_length(text):
    """Java counts UTF-16 units; a character outside the BMP counts twice there too."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _is_control_or_format(ch):
    cp = ord(ch)
    return cp <= 0x1F or 0x7F <= cp <= 0x9F or unicodedata.category(ch) == "Cf"


def _allowed(ch):
    category = unicodedata.category(ch)
    if category in _LETTER_OR_DIGIT or category in _ALSO_ALLOWED_CATEGORIES:
        return True
    return ch in " _-.()"


def common_problem(name):
    """The checks every name rule starts with (missing, not text, empty, too long), or None."""
    if name is None:
        return "it is missing (null)"
    if not isinstance(name, str):
        return "it is a %s, not a string" % type(name).__name__
    if name == "":
        return "it is empty"
    length = _utf16_length(name)
    if length > MAX_LENGTH:
        return "it is %d characters long, at most %d are allowed" % (length, MAX_LENGTH)
    return None


def problem(name):
    """The reason ``name`` is refused, or None when it is fine (Names.problem)."""
    reason = common_problem(name)
    if reason is not None:
        return reason
    if "/" in name or "\\" in name:
        return "it contains a path separator ('/' or '\\'); a name cannot point into another directory"
    if ".." in name:
        return "it contains '..'"
    if name[0] == ".":
        return "it starts with '.' (hidden or relative file names are not allowed)"
    position = 0  # in UTF-16 units, as Java reports it
    for ch in name:
        if ch == "\0":
            return "it contains a NUL character at position %d" % position
        if _is_control_or_format(ch):
            return "it contains the control character U+%04X at position %d" % (ord(ch), position)
        if not _allowed(ch):
            return ("the character '%s' at position %d is not allowed "
                    "(use letters, digits, space, dashes and _ . ( ))" % (ch, position))
        position += 2 if ord(ch) > 0xFFFF else 1
    last = name[-1]
    if last in ". ":
        return "it ends with '%s', which Windows drops from file names" % last
    if name[0] == " ":
        return "it starts with a space"
    stem = name.split(".", 1)[0].strip().upper()
    if stem in _WINDOWS_RESERVED:
        return "'%s' is a reserved device name on Windows" % stem
    return None


def _quote(name):
    if name is None:
        return "(null)"
    if not isinstance(name, str):
        return repr(name)
    shown = name[:60]
    out = "".join("\\u%04x" % ord(c) if ord(c) < 0x20 or ord(c) == 0x7F else c for c in shown)
    return '"' + out + ("..." if len(shown) < len(name) else "") + '"'


def check_name(kind, name):
    """Returns ``name`` or raises ValueError('Invalid <kind> "<name>": <reason>') as Names.checkName does."""
    reason = problem(name)
    if reason is not None:
        raise ValueError("Invalid %s %s: %s" % (kind, _quote(name), reason))
    return name
