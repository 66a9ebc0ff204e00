"""The requests of ingest protocol version 1 (docs/remote.md), as the Java shipper's IngestApi
sends them: one at a time on one kept-alive connection, each answered or failed as an
``IngestFailure``. A conflict (409) is an answer: it carries the server's length or version, which
the caller continues from.

Also here: where to ship and as whom (``Server``, ``Token``), with the same checks as the Java
client's ShipServer and ShipToken.
"""

import collections
import http.client
import ipaddress
import json
import socket
import ssl
import urllib.parse

BEHIND = "Labwatch-Behind"
CONNECT_TIMEOUT_S = 5.0
REQUEST_TIMEOUT_S = 30.0
USER_AGENT = "labwatch-ship-python/1"

# IngestFailure kinds, as the Java IngestFailure.Kind.
UNAVAILABLE = "unavailable"  # network trouble, 5xx, 429, 404, a garbled answer: retried with backoff
REFUSED = "refused"  # 401 or 403: retried slowly, an administrator may add the token back
REJECTED = "rejected"  # 400 or 413 for this content: not sent again until the file changes

Limits = collections.namedtuple("Limits", "chunk_bytes status_bytes plot_bytes")
Hello = collections.namedtuple("Hello", "protocol source limits")
Ack = collections.namedtuple("Ack", "value conflict")  # length (logs) or version (status) the server holds
HeldStatus = collections.namedtuple("HeldStatus", "version sha256")  # sha256 None when a 409 told only the version


class IngestFailure(Exception):
    """A request that did not get its answer; ``kind`` says whether and how it is retried."""

    def __init__(self, kind, status, message, retry_after=None):
        Exception.__init__(self, message)
        self.kind = kind
        self.status = status  # 0 when no answer came
        self.retry_after = retry_after  # the server's Retry-After in seconds, or None

    @property
    def rejected(self):
        return self.kind == REJECTED


class ServerCopy(object):
    """What the server holds of one root, as its manifest said and acknowledgements since updated it."""

    def __init__(self):
        self.lengths = {}  # "logs/x.log" -> length
        self.statuses = {}  # file name -> HeldStatus
        self.plots = {}  # file name -> sha256 hex

    def length(self, key):
        return self.lengths.get(key, 0)


def encode_segment(segment):
    """Percent-encoding of one path segment: only RFC 3986's unreserved characters stay."""
    return urllib.parse.quote(segment, safe="")


def name_problem(name):
    """Why a server of protocol v1 would refuse this file or root name, or None (PathSegments.problem)."""
    if name == "":
        return "an empty name"
    if len(name.encode("utf-8", "surrogatepass")) > 255:
        return "a name longer than 255 bytes (no file system keeps it)"
    if name.startswith("."):
        return "a name beginning with '.'"
    for ch in name:
        if ch in "/\\" or ord(ch) < 0x20 or ord(ch) == 0x7F:
            return "a name holding a separator or control character"
    return None


class Token(object):
    """The bearer token, given as text or read from a file; a file is read again after a 401."""

    def __init__(self, value, path=None):
        self.value = value
        self.path = path

    @staticmethod
    def of(text):
        value = "" if text is None else str(text).strip()
        if not value or any(ord(c) < 0x21 or ord(c) > 0x7E for c in value):
            raise ValueError("the token is empty or holds spaces or control characters")
        return Token(value)

    @staticmethod
    def from_file(path):
        """The file's last non-empty line, so the whole output of ``./labwatch token add`` works too.
        Raises OSError or ValueError."""
        return Token(_read_token(path), path)

    def reload(self):
        """After a 401: the file may hold a new token now; kept as it was when it cannot be read."""
        if self.path is None:
            return
        try:
            self.value = _read_token(self.path)
        except (OSError, ValueError):
            pass

    def __repr__(self):
        # Never the token itself: this ends up in messages.
        return "token file %s" % self.path if self.path is not None else "token"


def _read_token(path):
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8", "replace").splitlines()
    for line in reversed(lines):
        if line.strip():
            try:
                return Token.of(line).value
            except ValueError:
                raise ValueError("token file %s: its last line is not a token" % path)
    raise ValueError("token file %s is empty" % path)


class Server(object):
    """The server as the dashboard is reached (``https://labserver:8888``), the token, and TLS trust:
    the system's default CAs, or the PEM file ``ca_file`` (a lab CA)."""

    def __init__(self, url, token, ca_file=None):
        trimmed = "" if url is None else str(url).strip()
        while trimmed.endswith("/"):
            trimmed = trimmed[:-1]
        try:
            parts = urllib.parse.urlsplit(trimmed)
            port = parts.port
        except ValueError as e:
            raise ValueError("server URL '%s' is not a URL: %s" % (url, e))
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("server URL '%s' must be http://HOST[:PORT] or https://HOST[:PORT]" % (url,))
        if parts.query or parts.fragment or "@" in parts.netloc:
            raise ValueError("server URL '%s' must not hold a query, fragment or user" % (url,))
        self.url = trimmed
        self.scheme = scheme
        self.host = parts.hostname
        self.port = port
        self.base_path = parts.path + "/api/ingest/v1/"
        self.token = token
        self.ssl_context = None
        if scheme == "https":
            try:
                self.ssl_context = ssl.create_default_context(cafile=ca_file)
            except (OSError, ssl.SSLError) as e:
                raise ValueError("CA file %s cannot be used: %s" % (ca_file, e))

    def token_in_clear(self):
        """Plain http to a host that is not this machine (only literal addresses and localhost count)."""
        if self.scheme != "http":
            return False
        if self.host.lower() == "localhost":
            return False
        try:
            return not ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return True

    def __repr__(self):
        return self.url


class IngestApi(object):
    """Not thread-safe: the shipper's thread is its only user."""

    def __init__(self, server, timeout=REQUEST_TIMEOUT_S):
        self.server = server
        self.timeout = timeout
        self._connection = None

    def close(self):
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:
                pass
            self._connection = None

    def hello(self):
        answer = self._answer("GET", self.server.base_path, None, {}, False)[0]
        limits = _object(answer, "limits")
        return Hello(_number(answer, "protocol"), _text(answer, "source"),
                     Limits(_number(limits, "chunkBytes"), _number(limits, "statusBytes"), _number(limits, "plotBytes")))

    def manifest(self, source, root):
        answer = self._answer("GET", self._path(source, root), None, {}, False)[0]
        copy = ServerCopy()
        for section in ("logs", "metrics"):
            files = _optional_object(answer, section)
            for name in files:
                copy.lengths[section + "/" + name] = _number(files, name)
        statuses = _optional_object(answer, "status")
        for name in statuses:
            held = _object(statuses, name)
            copy.statuses[name] = HeldStatus(_number(held, "version"), _text(held, "sha256"))
        plots = _optional_object(answer, "plots")
        for name in plots:
            copy.plots[name] = _text(plots, name)
        return copy

    def append(self, source, root, section, name, offset, data, behind):
        """POST of ``data`` from ``offset``: Ack(length the server now holds, conflict)."""
        path = self._path(source, root, section, name) + "?offset=%d" % offset
        answer, status = self._answer("POST", path, data, _upload("application/octet-stream", behind), True)
        return Ack(_number(answer, "length"), status == 409)

    def put_status(self, source, root, name, version, data, behind):
        path = self._path(source, root, "status", name) + "?version=%d" % version
        answer, status = self._answer("PUT", path, data, _upload("application/json", behind), True)
        return Ack(_number(answer, "version"), status == 409)

    def put_plot(self, source, root, name, data, behind):
        """The SHA-256 the server stored the plot under."""
        path = self._path(source, root, "plots", name)
        answer = self._answer("PUT", path, data, _upload("application/octet-stream", behind), False)[0]
        return _text(answer, "sha256")

    def _path(self, *segments):
        return self.server.base_path + "/".join(encode_segment(s) for s in segments)

    def _answer(self, method, path, body, headers, conflict_answers):
        """(JSON object, status) for 200 (and 409 when ``conflict_answers``); IngestFailure otherwise."""
        status, response, data = self._send(method, path, body, headers)
        shown = path.split("?", 1)[0]
        what = "%s %s answered %d" % (method, shown, status)
        if status == 200 or status == 409 and conflict_answers:
            try:
                answer = json.loads(data.decode("utf-8"))
                if not isinstance(answer, dict):
                    raise ValueError("not a JSON object")
            except ValueError as e:
                raise IngestFailure(UNAVAILABLE, status, "%s with an answer that is not the protocol's (%s)" % (what, e))
            return answer, status
        error = _error_of(data)
        if 300 <= status < 400:
            # Redirects are not followed (a token must not travel on to where one points): say where to.
            error = "redirected to %s; give that server URL instead" % response.getheader("Location", "?")
        kind = REJECTED if status in (400, 413) else REFUSED if status in (401, 403) else UNAVAILABLE
        raise IngestFailure(kind, status, what + ("" if error is None else ": " + error),
                            _retry_after(response.getheader("Retry-After")))

    def _send(self, method, path, body, headers):
        shown = path.split("?", 1)[0]
        all_headers = {"User-Agent": USER_AGENT}
        token = self.server.token
        if token is not None:
            all_headers["Authorization"] = "Bearer " + token.value
        all_headers.update(headers)
        try:
            try:
                return self._exchange(method, path, body, all_headers)
            except socket.timeout:
                raise
            except (OSError, http.client.HTTPException):
                # Once more at once, on a new connection: a kept-alive connection the server closed just
                # as the request went out is no outage. Every request of the protocol may be repeated.
                self.close()
                return self._exchange(method, path, body, all_headers)
        except socket.timeout:
            self.close()
            raise IngestFailure(UNAVAILABLE, 0, "no answer within %d s to %s %s" % (self.timeout, method, shown))
        except (OSError, http.client.HTTPException) as e:
            self.close()
            raise IngestFailure(UNAVAILABLE, 0, "%s %s: %s" % (method, shown, describe(e)))

    def _exchange(self, method, path, body, headers):
        connection = self._connect()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.will_close:
            self.close()
        return response.status, response, data

    def _connect(self):
        if self._connection is None:
            s = self.server
            if s.scheme == "https":
                connection = http.client.HTTPSConnection(s.host, s.port, timeout=CONNECT_TIMEOUT_S,
                                                         context=s.ssl_context)
            else:
                connection = http.client.HTTPConnection(s.host, s.port, timeout=CONNECT_TIMEOUT_S)
            connection.connect()
            connection.sock.settimeout(self.timeout)  # a hung server or a stalled connection is a failure
            self._connection = connection
        return self._connection


def describe(e):
    """A network error in a few words."""
    if isinstance(e, ConnectionRefusedError):
        return "cannot connect (connection refused)"
    if isinstance(e, http.client.RemoteDisconnected):
        return "the connection closed without an answer"
    text = str(e)
    return type(e).__name__ + (": " + text if text else "")


def _upload(content_type, behind):
    return {"Content-Type": content_type, BEHIND: str(max(0, int(behind)))}


def _error_of(data):
    try:
        error = json.loads(data.decode("utf-8")).get("error")
    except (ValueError, AttributeError):
        return None
    return error if isinstance(error, str) else None


def _retry_after(value):
    try:
        return max(0, int(value.strip())) if value is not None else None
    except ValueError:
        return None  # an HTTP date: rare, and the backoff does as well


def _garbled(what):
    return IngestFailure(UNAVAILABLE, 200, "an answer that is not the protocol's: " + what)


def _object(answer, name):
    value = answer.get(name)
    if not isinstance(value, dict):
        raise _garbled("'%s' is not an object" % name)
    return value


def _optional_object(answer, name):
    return {} if answer.get(name) is None else _object(answer, name)


def _number(answer, name):
    value = answer.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _garbled("'%s' is not a number" % name)
    if isinstance(value, float):
        if not value.is_integer():
            raise _garbled("'%s' is not a whole number" % name)
        value = int(value)
    return value


def _text(answer, name):
    value = answer.get(name)
    if not isinstance(value, str):
        raise _garbled("'%s' is not a string" % name)
    return value
