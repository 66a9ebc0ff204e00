"""Progress bars: the notebook's bar is kept, its state persisted at most once a second."""

import io
import time
import unittest

from labwatch import bars as bars_module
from support import ExperimentTestCase, require


class ConsoleBarsTest(ExperimentTestCase):
    def setUp(self):
        super(ConsoleBarsTest, self).setUp()
        self.saved = bars_module.notebook_bar_factory
        self.console = io.StringIO()
        bars_module.notebook_bar_factory = lambda: (lambda it, **kw: bars_module.ConsoleBar(it, file=self.console, **kw))
        import labwatch.monitor
        labwatch.monitor.notebook_bar_factory = bars_module.notebook_bar_factory

    def tearDown(self):
        import labwatch.monitor
        bars_module.notebook_bar_factory = self.saved
        labwatch.monitor.notebook_bar_factory = self.saved
        super(ConsoleBarsTest, self).tearDown()

    def test_items_pass_through_and_the_bar_is_persisted(self):
        m = self.create()
        seen = [x for x in m.tqdm(range(10), desc="sweep")]
        self.assertEqual(seen, list(range(10)))
        self.assertIn("sweep: 100% 10/10", self.console.getvalue())
        self.wait_for(lambda: self.status()["progress_bars"][0]["state"] == "done", what="the bar as done")
        bar = self.status()["progress_bars"][0]
        self.assertEqual((bar["id"], bar["description"], bar["n"], bar["total"], bar["percent"]),
                         ("bar-1", "sweep", 10, 10, 100.0))
        self.assertEqual(list(bar.keys()), ["id", "description", "n", "total", "percent", "rate", "elapsed_s",
                                            "eta_s", "state", "started", "updated"])

    def test_running_bar_drives_percent_and_is_written_at_most_once_a_second(self):
        m = self.create()
        seen = []
        for i in m.tqdm(range(1000), desc="outer"):
            if i == 250:
                self.wait_for(lambda: self.status()["progress_bars"][0]["n"] >= 200, what="the running bar")
                s = self.status()
                seen.append(s["progress_percent"])
                self.assertEqual(s["progress_bars"][0]["state"], "running")
                first_n = s["progress_bars"][0]["n"]
                time.sleep(0.4)
                self.assertEqual(self.status()["progress_bars"][0]["n"], first_n)  # not rewritten yet
                break
        self.assertGreaterEqual(seen[0], 20.0)

    def test_unknown_total_and_manual_update(self):
        m = self.create()
        for _ in m.tqdm(iter(range(3))):
            pass
        self.wait_for(lambda: self.status()["progress_bars"][0]["state"] == "done", what="the bar")
        bar = self.status()["progress_bars"][0]
        self.assertEqual((bar["n"], bar["total"]), (3, 0))
        self.assertNotIn("percent", bar)
        self.assertNotIn("eta_s", bar)

    def test_manual_bar_with_update(self):
        m = self.create()
        with m.tqdm(total=10, desc="manual") as bar:
            bar.update(4)
            bar.update(6)
            bar.set_message("fridge cold")
        m.complete()
        record = self.status()["progress_bars"][0]
        self.assertEqual((record["n"], record["total"], record["state"], record["message"]),
                         (10, 10, "done", "fridge cold"))

    def test_open_bar_is_abandoned_when_the_monitor_closes(self):
        m = self.create()
        it = iter(m.tqdm(range(5), desc="open"))
        next(it)
        next(it)
        m.close()
        self.assertEqual(self.status()["progress_bars"][0]["state"], "abandoned")

    def test_finished_bars_are_bounded(self):
        m = self.create()
        for k in range(25):
            for _ in m.tqdm(range(2), desc="bar %d" % k):
                pass
        m.complete()
        bars = self.status()["progress_bars"]
        self.assertEqual(len(bars), 20)
        self.assertEqual(bars[-1]["id"], "bar-25")


class TqdmTest(ExperimentTestCase):
    def setUp(self):
        super(TqdmTest, self).setUp()
        self.tqdm = require(self, "tqdm")

    def test_tqdm_auto_bar_is_handed_back_itself(self):
        m = self.create()
        wrapped = m.tqdm(range(5), desc="tq", file=io.StringIO())
        self.assertIsInstance(wrapped, self.tqdm.tqdm)  # no layer around tqdm's own loop
        self.assertEqual(list(wrapped), [0, 1, 2, 3, 4])
        m.complete()
        self.assertEqual(self.status()["progress_bars"][0]["n"], 5)

    def test_broken_loop_manual_updates_and_message(self):
        m = self.create()
        for i in m.tqdm(range(100), desc="broken", file=io.StringIO()):
            if i == 41:
                break
        with m.tqdm(total=10, desc="manual", file=io.StringIO()) as bar:
            bar.update(4)
            bar.set_message("fridge cold")
            bar.set_description("manual, renamed")  # tqdm's own methods are tqdm's
        m.complete()
        bars = self.status()["progress_bars"]
        self.assertEqual([(b["description"], b["n"], b["total"], b["state"]) for b in bars],
                         [("broken", 41, 100, "done"), ("manual", 4, 10, "done")])
        self.assertEqual(bars[1]["message"], "fridge cold")

    def test_a_disabled_bar_is_still_counted(self):
        m = self.create()
        self.assertEqual(sum(m.tqdm(range(7), desc="quiet", disable=True)), 21)
        m.complete()
        self.assertEqual(self.status()["progress_bars"][0]["n"], 7)

    def test_running_bar_shows_the_count_tqdm_last_drew(self):
        m = self.create()
        for i in m.tqdm(range(100), desc="slow", file=io.StringIO(), mininterval=0):
            if i == 30:
                self.wait_for(lambda: self.status()["progress_bars"][0]["n"] == 30, what="the running bar at 30")
                break


if __name__ == "__main__":
    unittest.main()
