"""Shipping to a server, its pure parts and single requests: the status version rule, backoff,
the outage lines, URL and token checks, and one mirror's rounds against a real local socket that
answers each request as a test scripts it (never a stand-in for the whole server: the real one is
PythonShippingIT's, in itests/)."""

import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest

from labwatch import ship
from labwatch.ingest import (REFUSED, REJECTED, UNAVAILABLE, Hello, IngestApi, IngestFailure, Limits, Server,
                             Token, encode_segment)
from labwatch.mirror import (RACY_US, Hashed, LocalFile, Reports, RootMirror, RunSelection, ShippedRun,
                             hash_stands, sha256, status_version)
from support import ExperimentTestCase

CLIENT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELLO = Hello(1, "fridge-pc", Limits(8 << 20, 1 << 20, 16 << 20))


class StatusVersionTest(unittest.TestCase):
    def test_the_files_time_when_the_server_holds_none(self):
        self.assertEqual(status_version(1733300000123456, None), 1733300000123456)
        self.assertEqual(status_version(0, None), 1)  # a version is positive

    def test_the_files_time_when_it_is_past_the_servers(self):
        self.assertEqual(status_version(2000, 1500), 2000)

    def test_past_the_servers_when_the_clock_disagrees(self):
        self.assertEqual(status_version(2000, 2000), 2001)  # the same time: one more
        self.assertEqual(status_version(2000, 9000), 9001)  # a clock set back, a copy with older times


class HashStandsTest(unittest.TestCase):
    def test_a_hash_stands_only_for_the_same_size_and_time_safely_in_the_past(self):
        f = LocalFile("status", "run_status.json", "/x", 10, 5000000, "status/run_status.json")
        self.assertTrue(hash_stands(Hashed(f, "h", 5000000 + RACY_US + 1), f))
        self.assertFalse(hash_stands(Hashed(f, "h", 5000000 + 1000), f))  # read in the same tick: read again
        bigger = f._replace(size=11)
        self.assertFalse(hash_stands(Hashed(f, "h", 5000000 + RACY_US + 1), bigger))


class BackoffTest(unittest.TestCase):
    def test_doubles_from_half_a_second_to_thirty_seconds_and_resets(self):
        b = ship.Backoff()
        failure = IngestFailure(UNAVAILABLE, 0, "down")
        delays = [b.next_delay(failure) for _ in range(9)]
        self.assertEqual(delays, [0.5, 1, 2, 4, 8, 16, 30, 30, 30])
        b.reset()
        self.assertEqual(b.next_delay(failure), 0.5)

    def test_a_refused_token_waits_longest_and_retry_after_is_honoured(self):
        b = ship.Backoff()
        self.assertEqual(b.next_delay(IngestFailure(REFUSED, 401, "refused")), 30)
        b.reset()
        self.assertEqual(b.next_delay(IngestFailure(UNAVAILABLE, 503, "busy", retry_after=7)), 7)
        self.assertEqual(b.next_delay(IngestFailure(UNAVAILABLE, 503, "busy", retry_after=600)), 30)


class ShipOutageTest(unittest.TestCase):
    def test_one_line_per_outage_and_one_when_caught_up(self):
        lines = []
        outage = ship.ShipOutage(30, lines.append)
        who = "labwatch: shipping root 'qubit1' (/data/qubit1/monitoring) to http://lab:8888"
        self.assertIsNone(outage.caught_up(who))
        for _ in range(5):
            outage.failed(who, IngestFailure(UNAVAILABLE, 0, "GET /api/ingest/v1/: cannot connect"))
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith(who + " failed: GET /api/ingest/v1/: cannot connect. Retrying"), lines)
        self.assertIn("(at most 30 s apart)", lines[0])
        note = outage.caught_up(who)
        self.assertEqual(lines[1], note)
        self.assertRegex(note, r": caught up after \d+ s \(failing from .*Z, 5 attempt\(s\); last: GET ")
        self.assertIsNone(outage.caught_up(who))

    def test_a_refused_token_says_how_tokens_are_added(self):
        lines = []
        ship.ShipOutage(30, lines.append).failed("who", IngestFailure(REFUSED, 401, "GET / answered 401"))
        self.assertIn("./labwatch token on the server adds tokens", lines[0])


class ServerAndTokenTest(unittest.TestCase):
    def test_only_http_and_https_urls(self):
        for url in ("ftp://lab", "lab:8888", "", "http://", "https://lab:8888?x=1", "http://user@lab"):
            with self.assertRaises(ValueError, msg=url):
                Server(url, None)
        s = Server("https://lab.example.org:8443/labwatch/", None)
        self.assertEqual((s.url, s.host, s.port, s.base_path),
                         ("https://lab.example.org:8443/labwatch", "lab.example.org", 8443,
                          "/labwatch/api/ingest/v1/"))

    def test_a_token_in_clear_is_plain_http_to_another_machine(self):
        self.assertTrue(Server("http://labserver:8888", None).token_in_clear())
        self.assertTrue(Server("http://192.0.2.1:8888", None).token_in_clear())
        self.assertFalse(Server("http://127.0.0.1:8888", None).token_in_clear())
        self.assertFalse(Server("http://[::1]:8888", None).token_in_clear())
        self.assertFalse(Server("http://localhost:8888", None).token_in_clear())
        self.assertFalse(Server("https://labserver:8888", None).token_in_clear())

    def test_token_text_and_token_file(self):
        self.assertEqual(Token.of("  abc_DEF-123 \n").value, "abc_DEF-123")
        for bad in ("", "   ", "two words", "tab\tbed"):
            with self.assertRaises(ValueError):
                Token.of(bad)
        directory = tempfile.mkdtemp()
        try:
            path = os.path.join(directory, "token")
            with open(path, "w") as f:
                f.write("Token for source 'fridge-pc' (shown once):\n\nfirst-token\n\n")
            token = Token.from_file(path)
            self.assertEqual(token.value, "first-token")
            self.assertNotIn("first-token", repr(token))
            with open(path, "w") as f:
                f.write("second-token\n")
            token.reload()
            self.assertEqual(token.value, "second-token")
            os.remove(path)
            token.reload()  # unreadable now: kept
            self.assertEqual(token.value, "second-token")
        finally:
            shutil.rmtree(directory)

    def test_segments_are_percent_encoded(self):
        self.assertEqual(encode_segment("run 1_status.json"), "run%201_status.json")
        self.assertEqual(encode_segment("µ-scan.png"), "%C2%B5-scan.png")
        self.assertEqual(encode_segment("a/b"), "a%2Fb")

    def test_roots_the_server_would_refuse(self):
        for root in ("", ".", "..", ".hidden", "a/b", "tab\there"):
            self.assertIsNotNone(ship.root_problem(root), root)
        self.assertIsNone(ship.root_problem("qubit1"))


class Scripted(object):
    """A real HTTP/1.1 socket on the loopback that answers each request with ``answer(request)``
    -> (status, JSON object, headers) and keeps what it received."""

    def __init__(self, answer):
        self.requests = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
                outer.requests.append(request)
                status, obj, headers = answer(request)
                data = json.dumps(obj).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = _handle

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]

    def uploads(self):
        return [r for r in self.requests if r["method"] != "GET"]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class MirrorRoundTest(unittest.TestCase):
    """One run's files, one RootMirror, rounds against a scripted socket."""

    LOG = "run_20250101_120000.log"
    METRICS = "run_20250101_120000.csv"
    STATUS = "run_status.json"

    def setUp(self):
        self.expt = tempfile.mkdtemp(prefix="labwatch-ship-test-")
        self.monitoring = os.path.join(self.expt, "monitoring")
        for part in ("logs", "status", "plots", "metrics"):
            os.makedirs(os.path.join(self.monitoring, part))
        self.manifest = {}
        self.said = []
        self.scripted = None
        self.api = None

    def tearDown(self):
        if self.api is not None:
            self.api.close()
        if self.scripted is not None:
            self.scripted.close()
        shutil.rmtree(self.expt, ignore_errors=True)

    def write(self, part, name, data):
        with open(os.path.join(self.monitoring, part, name), "wb") as f:
            f.write(data)

    def mirror(self, answer, plots=()):
        def scripted(request):
            if request["method"] == "GET":
                return 200, self.manifest, None
            return answer(request)
        self.scripted = Scripted(scripted)
        self.api = IngestApi(Server(self.scripted.url, Token.of("secret-token")))
        selection = RunSelection(self.monitoring)
        run = ShippedRun(self.LOG, self.STATUS, lambda: None, metrics_name=self.METRICS)
        for plot in plots:
            run.plot_saved(plot)
        selection.add(run)
        return RootMirror(self.monitoring, "qubit1", selection, Reports(self.said.append))

    def test_a_log_resumes_from_the_length_in_the_manifest(self):
        data = b"".join(b"2025-01-01 12:00:00,%03d - INFO - line %d\n" % (i, i) for i in range(10))
        self.write("logs", self.LOG, data)
        self.manifest = {"logs": {self.LOG: 120}}
        m = self.mirror(lambda r: (200, {"length": 120 + len(r["body"])}, None))
        self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        (post,) = self.scripted.uploads()
        self.assertEqual(post["method"], "POST")
        self.assertEqual(post["path"], "/api/ingest/v1/fridge-pc/qubit1/logs/%s?offset=120" % self.LOG)
        self.assertEqual(post["body"], data[120:])
        self.assertEqual(post["headers"]["Authorization"], "Bearer secret-token")
        self.assertEqual(post["headers"]["Labwatch-Behind"], "0")
        self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        self.assertEqual(len(self.scripted.uploads()), 1, "nothing is sent twice")

    def test_a_conflict_continues_from_the_servers_length(self):
        data = b"x" * 99 + b"\n"
        self.write("logs", self.LOG, data)
        answers = [(409, {"error": "offset 0 is not the length 60", "length": 60}, None),
                   (200, {"length": 100}, None)]
        m = self.mirror(lambda r: answers.pop(0))
        self.assertFalse(m.round(self.api, HELLO, 1 << 20), "not caught up after a conflict")
        self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        first, second = self.scripted.uploads()
        self.assertTrue(first["path"].endswith("?offset=0"), first["path"])
        self.assertTrue(second["path"].endswith("?offset=60"), second["path"])
        self.assertEqual(second["body"], data[60:])

    def test_a_long_log_goes_in_chunks_telling_what_is_behind(self):
        data = b"y" * 2500
        self.write("logs", self.LOG, data)
        m = self.mirror(lambda r: (200, {"length": int(r["path"].rsplit("=", 1)[1]) + len(r["body"])}, None))
        rounds = 0
        while not m.round(self.api, HELLO, 1000):
            rounds += 1
        self.assertEqual(rounds, 2)
        self.assertEqual([r["headers"]["Labwatch-Behind"] for r in self.scripted.uploads()], ["1500", "500", "0"])
        self.assertEqual(b"".join(r["body"] for r in self.scripted.uploads()), data)

    def test_a_status_version_goes_past_the_servers_and_past_a_conflict(self):
        self.write("status", self.STATUS, b'{"experiment_name": "run", "status": "running"}\n')
        held = 10 ** 17  # newer than the file's time: a clock set back
        self.manifest = {"status": {self.STATUS: {"version": held, "sha256": "00" * 32}}}
        answers = [(409, {"error": "older", "version": held + 5}, None), (200, {"version": held + 6}, None)]
        m = self.mirror(lambda r: answers.pop(0))
        self.assertFalse(m.round(self.api, HELLO, 1 << 20))
        self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        first, second = self.scripted.uploads()
        self.assertTrue(first["path"].endswith("/status/%s?version=%d" % (self.STATUS, held + 1)), first["path"])
        self.assertTrue(second["path"].endswith("?version=%d" % (held + 6)), second["path"])

    def test_a_status_the_server_holds_is_not_sent(self):
        data = b'{"experiment_name": "run", "status": "running"}\n'
        self.write("status", self.STATUS, data)
        self.manifest = {"status": {self.STATUS: {"version": 5, "sha256": sha256(data)}}}
        m = self.mirror(lambda r: self.fail("nothing is to be sent: %r" % r["path"]))
        self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        self.assertEqual(m.missing(), [])

    def test_a_plot_is_sent_once_and_a_refused_one_said_once(self):
        from test_plots import tiny_png
        png = tiny_png()
        self.write("plots", "scan.png", png)
        self.write("plots", "broken.png", b"not an image at all")
        m = self.mirror(lambda r: (200, {"sha256": sha256(r["body"]), "stored": True}, None),
                        plots=["scan.png", "broken.png"])
        for _ in range(3):
            self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        (put,) = self.scripted.uploads()
        self.assertEqual((put["method"], put["path"], put["body"]),
                         ("PUT", "/api/ingest/v1/fridge-pc/qubit1/plots/scan.png", png))
        self.assertEqual(len(self.said), 1, self.said)
        self.assertIn("plots/broken.png is not shipped: not a PNG, JPEG or SVG image", self.said[0])

    def test_a_metrics_file_goes_by_offset_after_the_log(self):
        log = b"2025-01-01 12:00:00,000 - INFO - line\n"
        metrics = b"time,step,name,value\n1735732800.000,0,T1_us,45.2\n1735732800.100,1,T1_us,NaN\n"
        self.write("logs", self.LOG, log)
        self.write("metrics", self.METRICS, metrics)
        self.manifest = {"logs": {self.LOG: len(log)}, "metrics": {self.METRICS: 21}}
        m = self.mirror(lambda r: (200, {"length": 21 + len(r["body"])}, None))
        self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        (post,) = self.scripted.uploads()
        self.assertEqual((post["method"], post["path"], post["body"]),
                         ("POST", "/api/ingest/v1/fridge-pc/qubit1/metrics/%s?offset=21" % self.METRICS, metrics[21:]))
        self.assertEqual(post["headers"]["Content-Type"], "application/octet-stream")
        self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        self.assertEqual(len(self.scripted.uploads()), 1, "nothing is sent twice")
        self.assertEqual(m.missing(), [])

    def test_logs_then_metrics_in_a_round_and_a_metrics_conflict_continues_from_the_servers_length(self):
        self.write("logs", self.LOG, b"x" * 10 + b"\n")
        metrics = b"time,step,name,value\n" + b"".join(b"1.%03d,%d,v,%d.0\n" % (i, i, i) for i in range(20))
        self.write("metrics", self.METRICS, metrics)
        answers = {"logs": [(200, {"length": 11}, None)],
                   "metrics": [(409, {"error": "offset 0 is not the length 40", "length": 40}, None),
                               (200, {"length": len(metrics)}, None)]}
        m = self.mirror(lambda r: answers[r["path"].split("/")[6]].pop(0))
        self.assertFalse(m.round(self.api, HELLO, 1 << 20), "not caught up after a conflict")
        self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        log, first, second = self.scripted.uploads()
        self.assertIn("/logs/", log["path"])
        self.assertTrue(first["path"].endswith("/metrics/%s?offset=0" % self.METRICS), first["path"])
        self.assertTrue(second["path"].endswith("/metrics/%s?offset=40" % self.METRICS), second["path"])
        self.assertEqual(second["body"], metrics[40:])

    def test_a_run_without_a_metrics_file_sends_none(self):
        self.write("logs", self.LOG, b"y\n")
        m = self.mirror(lambda r: (200, {"length": 2}, None))
        self.assertTrue(m.round(self.api, HELLO, 1 << 20))
        self.assertEqual([r["path"].split("/")[6] for r in self.scripted.uploads()], ["logs"])

    def test_missing_names_what_the_server_lacks(self):
        self.write("logs", self.LOG, b"z" * 50)
        self.manifest = {"logs": {self.LOG: 20}}
        m = self.mirror(lambda r: (503, {"error": "store not available"}, {"Retry-After": "3"}))
        self.assertEqual(m.missing()[0], "qubit1: the server's copy is not known (no manifest since the last failure)")
        with self.assertRaises(IngestFailure) as caught:
            m.round(self.api, HELLO, 1 << 20)
        self.assertEqual((caught.exception.kind, caught.exception.status, caught.exception.retry_after),
                         (UNAVAILABLE, 503, 3))
        self.assertEqual(m.missing(), ["qubit1: logs/%s: 20 of 50 bytes on the server" % self.LOG])
        self.write("metrics", self.METRICS, b"time,step,name,value\n")
        self.assertEqual(m.missing()[1], "qubit1: metrics/%s: 0 of 21 bytes on the server" % self.METRICS)


class AnswerKindsTest(unittest.TestCase):
    def kind_of(self, status, headers=None):
        scripted = Scripted(lambda r: (status, {"error": "because"}, headers))
        api = IngestApi(Server(scripted.url, Token.of("t")))
        try:
            with self.assertRaises(IngestFailure) as caught:
                api.hello()
            return caught.exception
        finally:
            api.close()
            scripted.close()

    def test_answers_map_to_how_they_are_retried(self):
        self.assertEqual(self.kind_of(401).kind, REFUSED)
        self.assertEqual(self.kind_of(403).kind, REFUSED)
        self.assertEqual(self.kind_of(400).kind, REJECTED)
        self.assertEqual(self.kind_of(413).kind, REJECTED)
        self.assertEqual(self.kind_of(404).kind, UNAVAILABLE)
        self.assertEqual(self.kind_of(500).kind, UNAVAILABLE)
        self.assertIn("GET /api/ingest/v1/ answered 401: because", str(self.kind_of(401)))
        self.assertIn("redirected to https://elsewhere/; give that server URL instead",
                      str(self.kind_of(302, {"Location": "https://elsewhere/"})))

    def test_an_answer_that_is_not_the_protocols(self):
        scripted = Scripted(lambda r: (200, {"protocol": 1, "source": "x"}, None))
        api = IngestApi(Server(scripted.url, None))
        try:
            with self.assertRaises(IngestFailure) as caught:
                api.hello()
            self.assertIn("'limits' is not an object", str(caught.exception))
        finally:
            api.close()
            scripted.close()

    def test_nothing_listening(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with self.assertRaises(IngestFailure) as caught:
            IngestApi(Server("http://127.0.0.1:%d" % port, None)).hello()
        self.assertEqual(caught.exception.kind, UNAVAILABLE)
        self.assertIn("cannot connect", str(caught.exception))


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def close_shippers():
    """The shippers the test made, stopped and forgotten (a test process's exit must not wait for them)."""
    with ship._registry_lock:
        for shipper in ship._shippers.values():
            shipper.close()
        ship._shippers.clear()
        ship._unusable.clear()


class MonitorShippingTest(ExperimentTestCase):
    """Monitors with a server that does not answer: their shippers' lines stay in a captured stderr."""

    def setUp(self):
        super(MonitorShippingTest, self).setUp()
        self.saved_stderr, sys.stderr = sys.stderr, io.StringIO()

    def tearDown(self):
        super(MonitorShippingTest, self).tearDown()
        close_shippers()
        sys.stderr = self.saved_stderr

    def test_a_server_url_that_is_not_http_raises_and_nothing_is_written(self):
        with self.assertRaises(ValueError) as caught:
            self.create(server="ftp://labserver", token="t")
        self.assertIn("must be http://HOST[:PORT] or https://HOST[:PORT]", str(caught.exception))
        with self.assertRaises(ValueError):
            self.create(server="https://labserver:8443", token="two words")
        self.assertFalse(os.path.exists(os.path.join(self.expt, "monitoring")))

    def test_the_environment_names_the_server_when_the_argument_does_not(self):
        url = "http://127.0.0.1:%d" % closed_port()
        os.environ["LABWATCH_SERVER"] = url
        os.environ["LABWATCH_TOKEN"] = "env-token"
        try:
            m = self.create()
            self.assertEqual(m.server, url)
            (shipper,) = ship._shippers.values()
            self.assertEqual(shipper.server.token.value, "env-token")
            os.environ["LABWATCH_SERVER"] = "ftp://not-a-server"
            m2 = self.create("other")  # a setting from the environment is said, not raised
            self.assertIn("labwatch: runs are not shipped to ftp://not-a-server", sys.stderr.getvalue())
            self.assertIsNone(m2._shipped)
        finally:
            del os.environ["LABWATCH_SERVER"]
            del os.environ["LABWATCH_TOKEN"]

    def test_a_token_file_from_the_environment(self):
        path = os.path.join(self.expt, "token")
        with open(path, "w") as f:
            f.write("file-token\n")
        os.environ["LABWATCH_TOKEN_FILE"] = path
        try:
            self.create(server="http://127.0.0.1:%d" % closed_port())
            (shipper,) = ship._shippers.values()
            self.assertEqual(shipper.server.token.value, "file-token")
        finally:
            del os.environ["LABWATCH_TOKEN_FILE"]

    def test_a_token_over_plain_http_to_another_machine_is_warned_of_once(self):
        settings = ship.configured("http://192.0.2.1:8888", "t0ken")
        self.assertIs(ship._shipper(settings), ship._shipper(settings))  # one per server in a process
        warnings = [l for l in sys.stderr.getvalue().splitlines() if "WARNING: the token is sent over plain http" in l]
        self.assertEqual(len(warnings), 1, warnings)

    def test_the_monitor_names_its_own_files_to_the_shipper(self):
        m = self.create(server="http://127.0.0.1:%d" % closed_port(), token="t")
        from test_plots import tiny_png
        m.save_plot(tiny_png(), "scan")
        self.assertEqual((m._shipped.log_name, m._shipped.status_name, m._shipped.plot_names()),
                         (os.path.basename(m.log_file), "run_status.json", ["scan.png"]))
        self.assertEqual(m._shipped.metrics_name, os.path.basename(m.log_file)[:-4] + ".csv")
        self.assertEqual(os.path.dirname(m.metrics_file), os.path.join(self.expt, "monitoring", "metrics"))
        self.assertFalse(m._shipped.ended)
        m.close()
        self.assertTrue(m._shipped.ended)


class UnreachableServerTest(ExperimentTestCase):
    def test_calls_never_wait_one_line_tells_the_outage_and_exit_names_the_rest(self):
        url = "http://127.0.0.1:%d" % closed_port()
        code = "import sys; sys.path.insert(0, %r)\n" % CLIENT_DIR + textwrap.dedent("""
            import time
            from labwatch import create_monitor
            m = create_monitor(sys.argv[1], "run", server=sys.argv[2], token="t0ken", echo=False)
            slowest = 0.0
            for i in range(300):
                t = time.perf_counter()
                m.log("line %d" % i)
                slowest = max(slowest, time.perf_counter() - t)
                time.sleep(0.005)
            m.complete()
            print("slowest %.6f" % slowest)
            print("completed %.6f" % time.monotonic())
        """)
        result = subprocess.run([sys.executable, "-c", code, self.expt, url], capture_output=True, text=True,
                                timeout=60)
        ended = time.monotonic()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        out = dict(line.split(" ", 1) for line in result.stdout.splitlines())
        self.assertLess(float(out["slowest"]), 0.5, "a call waited for the network")
        waited = ended - float(out["completed"])
        self.assertLess(waited, 7.0, "the interpreter waited %.1f s at exit" % waited)
        self.assertGreater(waited, 4.0, "the interpreter did not wait for the server at exit")
        lines = result.stderr.splitlines()
        failed = [l for l in lines if l.startswith("labwatch: shipping root '%s'" % os.path.basename(self.expt))
                  and " failed: " in l]
        self.assertEqual(len(failed), 1, result.stderr)
        self.assertIn("stopped shipping to %s before the server held everything:" % url, result.stderr)
        log_name = os.listdir(os.path.join(self.expt, "monitoring", "logs"))[0]
        self.assertIn("logs/%s" % log_name, result.stderr)
        self.assertIn("status/run_status.json", result.stderr)
        self.assertIn("labwatch: to send the rest: ./labwatch ship --once %s --server %s --token-file FILE"
                      % (self.expt, url), result.stderr)
        self.assertEqual(self.status()["status"], "completed")


if __name__ == "__main__":
    unittest.main()
