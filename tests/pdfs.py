"""Real PDF files for the tests, made here: text in any script (Roboto, a TrueType
font with Cyrillic and Kazakh letters, so that the text can be extracted again),
and the bad files an upload must refuse."""

import io
import logging
from pathlib import Path

import font_roboto
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

logging.getLogger("fontTools").setLevel(logging.WARNING)  # font subsetting, line by line
FONT = Path(font_roboto.__file__).parent / "files" / "Roboto-Regular.ttf"


def make_pdf(*pages, title="A report"):
    """A PDF with one page per text in ``pages`` (each may be several lines)."""
    document = FPDF(format="A4")
    document.set_title(title)
    document.add_font("Roboto", fname=str(FONT))
    for text in pages or ("",):
        document.add_page()
        document.set_font("Roboto", size=14)
        document.multi_cell(0, 8, text)
    return bytes(document.output())


def _rewritten(data, change):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(text="Secret"):
    return _rewritten(
        make_pdf(text), lambda w: w.encrypt("", "owner-password", algorithm="RC4-128")
    )


def _open_action(**entries):
    def add(writer):
        action = DictionaryObject({NameObject(k): v for k, v in entries.items()})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    return add


def pdf_with_javascript(text="Open me"):
    """JavaScript that runs when the file is opened."""
    script = _open_action(
        **{"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert('hello');")}
    )
    return _rewritten(make_pdf(text), script)


def pdf_with_launch_action(text="Click me"):
    """An action that starts a program when the file is opened."""
    launch = _open_action(**{"/S": NameObject("/Launch"), "/F": TextStringObject("calc.exe")})
    return _rewritten(make_pdf(text), launch)


def truncated_pdf(text="Cut short"):
    data = make_pdf(text * 50)
    return data[: len(data) * 2 // 3]


def png_named_pdf():
    """A PNG image (whatever its name says)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PNG")
    return out.getvalue()
