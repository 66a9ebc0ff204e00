"""Names: the rule and the exact messages of org.labwatch.api.Names."""

import unittest

import labwatch
from labwatch.names import check_name, problem
from support import ExperimentTestCase


class NamesTest(unittest.TestCase):
    def test_accepted(self):
        for name in ["run", "Qubit sweep (2)", "T1_scan-3.v2", "Résonateur", "e\u0301", "a–b—c", "实验", "x" * 128,
                     "CONSOLE", "com10"]:
            self.assertIsNone(problem(name), name)

    def test_refused_with_the_java_reasons(self):
        cases = {
            "": "it is empty",
            "x" * 129: "it is 129 characters long, at most 128 are allowed",
            "a/b": "it contains a path separator ('/' or '\\'); a name cannot point into another directory",
            "a\\b": "it contains a path separator ('/' or '\\'); a name cannot point into another directory",
            "a..b": "it contains '..'",
            ".hidden": "it starts with '.' (hidden or relative file names are not allowed)",
            "a\0b": "it contains a NUL character at position 1",
            "a\tb": "it contains the control character U+0009 at position 1",
            "a\u200bb": "it contains the control character U+200B at position 1",
            "a:b": "the character ':' at position 1 is not allowed (use letters, digits, space, dashes and _ . ( ))",
            "\U0001F600x:": "the character '\U0001F600' at position 0 is not allowed (use letters, digits, space, dashes and _ . ( ))",
            "\U00010400:": "the character ':' at position 2 is not allowed (use letters, digits, space, dashes and _ . ( ))",
            "run.": "it ends with '.', which Windows drops from file names",
            "run ": "it ends with ' ', which Windows drops from file names",
            " run": "it starts with a space",
            "con": "'CON' is a reserved device name on Windows",
            "Lpt1.data": "'LPT1' is a reserved device name on Windows",
            None: "it is missing (null)",
        }
        for name, reason in cases.items():
            self.assertEqual(problem(name), reason, repr(name))

    def test_check_name_message(self):
        with self.assertRaises(ValueError) as caught:
            check_name("experiment name", "a/b")
        self.assertEqual(str(caught.exception), 'Invalid experiment name "a/b": it contains a path separator '
                         "('/' or '\\'); a name cannot point into another directory")
        with self.assertRaises(ValueError) as caught:
            check_name("plot name", "a\tb")
        self.assertEqual(str(caught.exception),
                         'Invalid plot name "a\\u0009b": it contains the control character U+0009 at position 1')
        with self.assertRaises(ValueError) as caught:
            check_name("experiment name", "x" * 200)
        self.assertTrue(str(caught.exception).startswith('Invalid experiment name "' + "x" * 60 + '...": '))


class CreateMonitorNamesTest(ExperimentTestCase):
    def test_bad_experiment_name_raises_before_anything_is_written(self):
        import os
        with self.assertRaises(ValueError) as caught:
            labwatch.create_monitor(self.expt, "../escape")
        self.assertIn('Invalid experiment name "../escape"', str(caught.exception))
        self.assertFalse(os.path.exists(os.path.join(self.expt, "monitoring")))

    def test_missing_path(self):
        with self.assertRaises(ValueError) as caught:
            labwatch.create_monitor(None, "run")
        self.assertEqual(str(caught.exception), "exptPath must not be null (experiment 'run')")


if __name__ == "__main__":
    unittest.main()
