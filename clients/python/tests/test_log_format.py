"""The log file: FileLogSink's line format, continuation lines and write-through."""

import datetime
import os
import re
import unittest

from labwatch.logfile import format_record
from support import HEADER, ExperimentTestCase

T = datetime.datetime(2025, 1, 1, 12, 5, 0, 123000).astimezone()


class FormatRecordTest(unittest.TestCase):
    def test_single_line(self):
        self.assertEqual(format_record(T, "INFO", "Starting resonator spectroscopy..."),
                         "2025-01-01 12:05:00,123 - INFO - Starting resonator spectroscopy...\n")

    def test_continuation_lines_are_indented_and_line_breaks_normalised(self):
        self.assertEqual(format_record(T, "WARNING", "two\r\nlines\rthree\n\n"),
                         "2025-01-01 12:05:00,123 - WARNING - two\n    lines\n    three\n")

    def test_empty_message_keeps_the_space(self):
        self.assertEqual(format_record(T, "DEBUG", ""), "2025-01-01 12:05:00,123 - DEBUG - \n")

    def test_traceback_starts_on_its_own_indented_line(self):
        trace = "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\nValueError: no signal\n"
        self.assertEqual(format_record(T, "ERROR", "Fit failed", trace),
                         "2025-01-01 12:05:00,123 - ERROR - Fit failed\n"
                         "    Traceback (most recent call last):\n"
                         "      File \"x.py\", line 1, in <module>\n"
                         "    ValueError: no signal\n")

    def test_empty_traceback_adds_nothing(self):
        self.assertEqual(format_record(T, "ERROR", "x", "\n"), "2025-01-01 12:05:00,123 - ERROR - x\n")

    def test_timestamp_like_text_in_a_message_cannot_start_a_record(self):
        text = format_record(T, "INFO", "a\n2025-01-01 12:00:00,000 - ERROR - fake")
        headers = [line for line in text.splitlines() if re.match(HEADER, line)]
        self.assertEqual(len(headers), 1)


class LogFileTest(ExperimentTestCase):
    def test_file_name_and_first_record(self):
        m = self.create("Qubit sweep (2)")
        name = os.path.basename(m.log_file)
        self.assertRegex(name, r"^Qubit sweep \(2\)_\d{8}_\d{6}\.log$")
        self.assertEqual(os.path.dirname(m.log_file), os.path.join(self.expt, "monitoring", "logs"))
        first = self.log_text(m).splitlines()[0]
        self.assertRegex(first, "^" + HEADER + "Monitoring started for experiment 'Qubit sweep \\(2\\)' \\(host .+, pid %d\\); status: .+_status.json; log: .+\\.log$" % os.getpid())

    def test_record_is_in_the_file_when_log_returns(self):
        m = self.create()
        for level in ("debug", "info", "warning", "error"):
            m.log("level " + level, level=level)
            self.assertTrue(self.log_text(m).endswith(" - %s - level %s\n" % (level.upper(), level)))

    def test_helpers_and_levels(self):
        m = self.create()
        m.debug("d")
        m.info("i")
        m.warning("w")
        m.error("e")
        levels = re.findall(HEADER.replace("[A-Z]{1,12}", "([A-Z]{1,12})"), self.log_text(m))
        self.assertEqual(levels[-4:], ["DEBUG", "INFO", "WARNING", "ERROR"])
        with self.assertRaises(ValueError):
            m.log("x", level="loud")

    def test_error_with_exception_writes_the_traceback(self):
        m = self.create()
        try:
            raise RuntimeError("no signal")
        except RuntimeError as e:
            m.error("Fit failed", exc_info=e)
        try:
            raise KeyError("k")
        except KeyError:
            m.error("Lookup failed", exc_info=True)
        text = self.log_text(m)
        self.assertIn(" - ERROR - Fit failed\n    Traceback (most recent call last):\n", text)
        self.assertIn("\n    RuntimeError: no signal\n", text)
        self.assertIn("\n    KeyError: 'k'\n", text)

    def test_unpaired_surrogate_is_written_as_question_mark(self):
        m = self.create()
        m.log("bad \ud800 char")
        self.assertTrue(self.log_text(m).endswith(" - INFO - bad ? char\n"))

    def test_deleted_log_file_is_recreated_with_a_warning(self):
        m = self.create()
        os.remove(m.log_file)
        import time
        time.sleep(1.1)
        m.log("after")
        text = self.log_text(m)
        self.assertIn("had disappeared (deleted or moved); writing continues in a new file", text)
        self.assertTrue(text.endswith(" - INFO - after\n"))


if __name__ == "__main__":
    unittest.main()
