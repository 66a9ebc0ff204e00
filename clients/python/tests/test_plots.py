"""save_plot: content-checked PNG/JPEG/SVG bytes, paths, matplotlib figures and PIL images."""

import os
import struct
import unittest
import zlib

from labwatch.plots import image_type
from support import ExperimentTestCase, require


def tiny_png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + chunk(b"IEND", b""))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32 + b"\xff\xd9"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n'


class ImageTypeTest(unittest.TestCase):
    def test_detected_from_content(self):
        self.assertEqual(image_type(tiny_png()), ("image/png", "png"))
        self.assertEqual(image_type(JPEG), ("image/jpeg", "jpg"))
        self.assertEqual(image_type(SVG), ("image/svg+xml", "svg"))
        self.assertEqual(image_type(b"\xef\xbb\xbf  <svg/>"), ("image/svg+xml", "svg"))
        self.assertIsNone(image_type(b"GIF89a"))
        self.assertIsNone(image_type(b""))


class SavePlotTest(ExperimentTestCase):
    def plots_dir(self):
        return os.path.join(self.expt, "monitoring", "plots")

    def test_bytes_are_saved_and_listed(self):
        m = self.create()
        png = tiny_png()
        path = m.save_plot(png, "spectrum")
        self.assertEqual(path, os.path.join(self.plots_dir(), "spectrum.png"))
        with open(path, "rb") as f:
            self.assertEqual(f.read(), png)
        m.save_plot(JPEG, "photo")
        m.save_plot(SVG, "drawing.svg")
        plots = self.status()["plots"]  # written at once
        self.assertEqual([(p["name"], p["file"], p["media_type"], p["bytes"]) for p in plots], [
            ("spectrum", "spectrum.png", "image/png", len(png)),
            ("photo", "photo.jpg", "image/jpeg", len(JPEG)),
            ("drawing", "drawing.svg", "image/svg+xml", len(SVG))])
        self.assertEqual(list(plots[0].keys()), ["name", "file", "timestamp", "media_type", "bytes"])
        self.assertIn(" - INFO - Saved plot spectrum.png (%d bytes)\n" % len(png), self.log_text(m))
        self.assertEqual([f for f in os.listdir(self.plots_dir()) if f.startswith(".")], [])

    def test_saving_a_name_again_moves_it_to_the_end(self):
        m = self.create()
        m.save_plot(tiny_png(), "a")
        m.save_plot(tiny_png(), "b")
        m.save_plot(tiny_png(), "a")
        self.assertEqual([p["file"] for p in self.status()["plots"]], ["b.png", "a.png"])

    def test_path_input(self):
        m = self.create()
        source = os.path.join(self.expt, "source.png")
        with open(source, "wb") as f:
            f.write(tiny_png())
        m.save_plot(source, "from file")
        self.assertTrue(os.path.exists(os.path.join(self.plots_dir(), "from file.png")))
        with self.assertRaises(ValueError) as caught:
            m.save_plot(os.path.join(self.expt, "missing.png"), "x")
        self.assertIn("does not exist", str(caught.exception))

    def test_bad_input_is_refused(self):
        m = self.create()
        with self.assertRaises(ValueError) as caught:
            m.save_plot(b"GIF89a....", "x")
        self.assertEqual(str(caught.exception), "plot 'x': the content is not a PNG, JPEG or SVG image")
        with self.assertRaises(ValueError) as caught:
            m.save_plot(tiny_png(), "x.jpg")
        self.assertEqual(str(caught.exception), 'plot "x.jpg": name says .jpg but the content is PNG')
        with self.assertRaises(ValueError) as caught:
            m.save_plot(tiny_png(), "../x")
        self.assertTrue(str(caught.exception).startswith('Invalid plot name "../x"'))
        with self.assertRaises(TypeError):
            m.save_plot(42, "x")

    def test_matplotlib_figure(self):
        matplotlib = require(self, "matplotlib")
        matplotlib.use("Agg")
        from matplotlib.figure import Figure
        fig = Figure()
        fig.add_subplot(111).plot([1, 2, 3])
        m = self.create()
        m.save_plot(fig, "figure")
        self.assertEqual(self.status()["plots"][0]["media_type"], "image/png")

    def test_pil_image(self):
        Image = require(self, "PIL.Image")
        m = self.create()
        m.save_plot(Image.new("RGB", (4, 4)), "pil")
        self.assertEqual(self.status()["plots"][0]["file"], "pil.png")


if __name__ == "__main__":
    unittest.main()
