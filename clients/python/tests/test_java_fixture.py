"""Cross-language check: the same calls through the Python client give a status with the same
fields, field order, entry shapes and layout as the Java client's file checked in under fixtures/."""

import glob
import io
import json
import os
import re
import unittest

from support import HEADER, ExperimentTestCase

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "java_client")


def skeleton(value):
    """Keys in order and value types; one entry stands for a list (entries share a shape)."""
    if isinstance(value, dict):
        return [(k, skeleton(v)) for k, v in value.items()]
    if isinstance(value, list):
        return ["list", skeleton(value[0])] if value else ["list"]
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def layout(raw):
    """The text with every string and number blanked: indentation, separators and brackets stay."""
    raw = re.sub(r'"(?:[^"\\]|\\.)*"', '"s"', raw)
    return re.sub(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", "0", raw)


class JavaFixtureTest(ExperimentTestCase):
    def setUp(self):
        super(JavaFixtureTest, self).setUp()
        with open(os.path.join(FIXTURES, "java_run_status.json"), "rb") as f:
            self.java_raw = f.read().decode("utf-8")
        self.java = json.loads(self.java_raw)

    def python_run(self):
        """The calls of GenerateFixture.java, through the Python client."""
        m = self.create("java_run")
        m.log("Starting experiment...")
        m.warning("two\nlines")
        try:
            raise RuntimeError("no signal")
        except RuntimeError as e:
            m.error("Fit did not converge", exc_info=e)
        m.update_progress("Sweep", 1, 2, "half")
        for i in m.tqdm(range(3), desc="Running experiments", file=io.StringIO()):
            m.log("i=%d" % i)
        m.complete("done")
        m.close()
        return m

    def test_same_fields_order_and_entry_shapes(self):
        self.python_run()
        python = self.status("java_run")
        self.assertEqual(skeleton(python), skeleton(self.java))

    def test_same_counts_and_states_for_the_same_calls(self):
        self.python_run()
        python = self.status("java_run")
        for field in ("experiment_name", "current_step", "total_steps", "progress_percent", "status", "message",
                      "message_count", "error_count", "format_version"):
            self.assertEqual(python[field], self.java[field], field)
        self.assertEqual([(m["level"], m["message"]) for m in python["messages"][1:]],
                         [(m["level"], m["message"]) for m in self.java["messages"][1:]])
        self.assertEqual(python["steps"][0]["message"], self.java["steps"][0]["message"])

    def test_same_text_layout(self):
        self.python_run()
        with open(self.status_path("java_run"), "rb") as f:
            python_raw = f.read().decode("utf-8")
        self.assertEqual(layout(python_raw), layout(self.java_raw))

    def test_log_records_match_apart_from_time_and_trace(self):
        m = self.python_run()
        java_log = glob.glob(os.path.join(FIXTURES, "java_run_*.log"))[0]
        with open(java_log, "rb") as f:
            java_lines = f.read().decode("utf-8").splitlines()
        python_lines = self.log_text(m).splitlines()

        def records(lines):
            # headers without their time; continuation lines only for non-trace records
            out = []
            for line in lines:
                if re.match(HEADER, line):
                    out.append(line[24:])
            return out

        self.assertEqual(records(python_lines)[1:], records(java_lines)[1:])
        self.assertIn("    lines", python_lines)
        self.assertIn("    lines", java_lines)


if __name__ == "__main__":
    unittest.main()
