"""Plot images: what a notebook hands to ``save_plot`` turned into checked image bytes.

The type comes from the content, not from a name, so the server's media type is always right
(PlotType.of); a name whose extension contradicts the content is refused rather than renamed,
because the user would look for the wrong file (PlotFileName).
"""

import io
import os

from .names import check_name

PNG = ("image/png", "png")
JPEG = ("image/jpeg", "jpg")
SVG = ("image/svg+xml", "svg")
_BY_EXTENSION = {"png": PNG, "jpg": JPEG, "jpeg": JPEG, "svg": SVG}
SNIFF_BYTES = 4096


def image_type(data):
    """(media type, extension) of PNG, JPEG or SVG bytes, or None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    head = data[:SNIFF_BYTES]
    if head[:3] == b"\xef\xbb\xbf":
        head = head[3:]
    text = head.lstrip()
    if text.startswith(b"<") and b"<svg" in text:
        return SVG
    return None


def image_bytes(name, image):
    """The bytes of a matplotlib Figure (savefig as PNG), PNG/JPEG/SVG bytes, a file path or a PIL image."""
    if image is None:
        raise ValueError("plot '%s': image must not be None" % name)
    if hasattr(image, "savefig"):
        buffer = io.BytesIO()
        image.savefig(buffer, format="png")
        return buffer.getvalue()
    if isinstance(image, (bytes, bytearray, memoryview)):
        return bytes(image)
    if isinstance(image, (str, os.PathLike)):
        path = os.fspath(image)
        if not os.path.exists(path):
            raise ValueError("plot file %s does not exist" % path)
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as e:
            raise ValueError("plot file %s cannot be read: %s" % (path, e))
    if hasattr(image, "save") and hasattr(image, "mode"):  # PIL.Image.Image
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()
    raise TypeError("plot '%s': cannot save a %s; give a matplotlib Figure, PNG/JPEG/SVG bytes, "
                    "a file path or a PIL image" % (name, type(image).__name__))


def file_name(name, kind):
    """The user's name when it already ends with its content's extension, else with it added."""
    stem, dot, extension = name.rpartition(".")
    known = _BY_EXTENSION.get(extension.lower()) if dot else None
    if known is None:
        return check_name("plot file name (with the extension added)", name + "." + kind[1])
    if known != kind:
        raise ValueError('plot "%s": name says .%s but the content is %s'
                         % (name, extension.lower(), kind[1].upper() if kind != JPEG else "JPEG"))
    return name


def plot_name(file):
    """The ``name`` field of a plot entry: the file name without its extension."""
    stem, dot, _ = file.rpartition(".")
    return stem if dot else file
