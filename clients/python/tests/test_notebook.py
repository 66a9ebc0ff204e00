"""The seed guide's cells in a real Jupyter kernel (nbclient, headless): the notebook still shows
what it showed before (each message printed in its cell, tqdm's bar, the figure), and the files
are the ones the same cells write when run as a plain script."""

import json
import os
import re
import subprocess
import sys
import unittest
from unittest import mock

from support import ISO, ExperimentTestCase, require

CLIENT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The seed guide, cell by cell (the first cell, the experiment directory, is added per run).
CELLS = [
    """\
import os
import matplotlib.pyplot as plt
from persistent_monitoring import create_monitor

monitor = create_monitor(EXPT, "resonator_spectroscopy")
monitor.log("Starting experiment...")""",
    """\
frequencies = [5.0 + 0.01 * i for i in range(50)]
response = []
for f in monitor.tqdm(frequencies, desc="Sweep"):
    response.append(1.0 / (1.0 + ((f - 5.2) * 10.0) ** 2))
monitor.log("Sweep done: %d points" % len(response))""",
    """\
monitor.update_progress("Calibrate", 1, 3, message="finding readout frequency")
monitor.update_progress("Sweep", 2, 3)
monitor.log("Q looks low", level="warning")
monitor.update_progress("Fit", 3, 3, message="fitting Lorentzian")""",
    """\
fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
ax.plot(frequencies, response)
ax.set_xlabel("frequency (GHz)")
ax.set_title("spectrum")
path = monitor.save_plot(fig, "spectrum")
print("plot at", os.path.basename(path))""",
    """\
monitor.complete(message="Done")""",
]

# What each cell must still print in the notebook (the monitor echoes every message, as print did).
PRINTED = [
    ["Starting experiment..."],
    ["Sweep done: 50 points"],
    ["Step 1/3: Calibrate - finding readout frequency", "Step 2/3: Sweep", "Q looks low",
     "Step 3/3: Fit - fitting Lorentzian"],
    ["Saved plot spectrum.png (", "plot at spectrum.png"],
    ["Done"],
]

NAME = "resonator_spectroscopy"


def first_cell(expt):
    return "EXPT = %r" % expt


def environment():
    env = dict(os.environ)
    env["PYTHONPATH"] = CLIENT_DIR + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel's debugger warns about frozen modules
    env.pop("LABWATCH_ECHO", None)
    env.pop("MPLBACKEND", None)  # the kernel's inline backend, the script's default (Agg when headless)
    return env


def stream(outputs, name):
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream" and o.get("name") == name)


def files_of(expt):
    """log text, status dict and plot bytes of the run in ``expt``."""
    root = os.path.join(expt, "monitoring")
    logs = os.listdir(os.path.join(root, "logs"))
    assert len(logs) == 1, logs
    with open(os.path.join(root, "logs", logs[0]), "rb") as f:
        log = f.read().decode("utf-8")
    with open(os.path.join(root, "status", NAME + "_status.json"), "rb") as f:
        status = json.loads(f.read().decode("utf-8"))
    plots = {}
    for p in sorted(os.listdir(os.path.join(root, "plots"))):
        with open(os.path.join(root, "plots", p), "rb") as f:
            plots[p] = f.read()
    return logs[0], log, status, plots


def normalised_log(text, expt):
    """Without the times, the experiment directory, the pid and the run stamp."""
    text = text.replace(expt, "<EXPT>")
    text = re.sub(r"(?m)^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} - ", "<T> - ", text)
    text = re.sub(r"\(host [^,]*, pid \d+\)", "(host <H>, pid <P>)", text)
    return re.sub(r"_\d{8}_\d{6}\.log", "_<STAMP>.log", text)


def normalised_status(value, expt):
    """Times, host, pid, run stamp, directory and measured rates blanked; the rest as written."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("host", "pid"):
                out[k] = "<%s>" % k
            elif k in ("rate", "elapsed_s", "eta_s"):
                out[k] = "<measured>"
            else:
                out[k] = normalised_status(v, expt)
        return out
    if isinstance(value, list):
        return [normalised_status(v, expt) for v in value]
    if isinstance(value, str):
        if re.match(ISO, value):
            return "<T>"
        return normalised_log(value, expt)
    return value


class NotebookKernelTest(ExperimentTestCase):
    def setUp(self):
        super(NotebookKernelTest, self).setUp()
        self.nbformat, self.nbclient = require(self, "nbformat", "nbclient")
        require(self, "ipykernel", "matplotlib", "tqdm")

    def run_notebook(self, expt):
        nbformat = self.nbformat
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(first_cell(expt))] + [nbformat.v4.new_code_cell(c) for c in CELLS]
        client = self.nbclient.NotebookClient(nb, kernel_name="python3", timeout=120,
                                              resources={"metadata": {"path": expt}})
        # The kernel gets environment(); the variable also quiets the debugger check run on its launch.
        with mock.patch.dict(os.environ, {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}):
            client.execute(env=environment())
        return nb

    def run_script(self, expt):
        script = os.path.join(self.expt, "seed_guide.py")
        with open(script, "w") as f:
            f.write("\n\n".join([first_cell(expt)] + CELLS) + "\n")
        done = subprocess.run([sys.executable, script], cwd=expt, env=environment(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr.decode("utf-8", "replace"))
        return done.stdout.decode("utf-8"), done.stderr.decode("utf-8")

    def test_seed_guide_in_a_kernel_shows_as_before_and_writes_what_a_script_writes(self):
        in_kernel = os.path.join(self.expt, "kernel")
        as_script = os.path.join(self.expt, "script")
        os.makedirs(in_kernel)
        os.makedirs(as_script)
        nb = self.run_notebook(in_kernel)
        script_out, script_err = self.run_script(as_script)

        cells = nb.cells[1:]
        for cell, expected in zip(cells, PRINTED):
            errors = [o for o in cell.outputs if o.get("output_type") == "error"]
            self.assertEqual(errors, [], cell.source)
            printed = stream(cell.outputs, "stdout")
            for text in expected:
                self.assertIn(text, printed, "cell %r printed %r" % (cell.source[:40], printed))
        # The first cell's echo names the run's files, as the script's does.
        self.assertIn("Monitoring started for experiment 'resonator_spectroscopy'", stream(cells[0].outputs, "stdout"))

        # tqdm's own bar still shows: a widget where ipywidgets is installed, else its text on stderr.
        sweep = cells[1].outputs
        widgets = [o for o in sweep if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        if not widgets:
            bar_text = stream(sweep, "stderr")
            self.assertIn("Sweep: 100%", bar_text)
            self.assertIn("50/50", bar_text)
        self.assertIn("Sweep: 100%", script_err)

        # The figure still shows inline below its cell.
        images = [o for o in cells[3].outputs if "image/png" in o.get("data", {})]
        self.assertEqual(len(images), 1, cells[3].outputs)

        # Every message printed by the script is printed by the kernel's cells, in the same order.
        kernel_out = "".join(stream(c.outputs, "stdout") for c in cells)
        self.assertEqual(normalised_log(kernel_out, in_kernel), normalised_log(script_out, as_script))

        kernel_log_name, kernel_log, kernel_status, kernel_plots = files_of(in_kernel)
        script_log_name, script_log, script_status, script_plots = files_of(as_script)
        self.assertEqual(normalised_log(kernel_log_name, in_kernel), normalised_log(script_log_name, as_script))
        self.assertEqual(normalised_log(kernel_log, in_kernel), normalised_log(script_log, as_script))
        self.assertEqual(normalised_status(kernel_status, in_kernel), normalised_status(script_status, as_script))
        self.assertEqual(kernel_status["status"], "completed")
        self.assertEqual(kernel_status["progress_percent"], 100.0)
        self.assertEqual([b["n"] for b in kernel_status["progress_bars"]], [50])
        self.assertEqual(sorted(kernel_plots), ["spectrum.png"])
        self.assertEqual(kernel_plots, script_plots, "the figure's PNG differs between kernel and script")


if __name__ == "__main__":
    unittest.main()
