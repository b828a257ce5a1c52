"""Reading study material: .txt, .md, .html, .pdf (text layer via pypdf) and standard input.

Everything a learner might feed in is checked here, before a job exists, so the refusal is
immediate and says what to do: empty or too short, over 2 MB, binary, a PDF without a text layer
(a scan), or bytes in no encoding we can read with confidence.

Each reading also says which format it is (``Material.format``: markdown, html, man, pdf or
text), so submission can clean it the right way (:mod:`studyapp.generation.cleaning`). A PDF is
cleaned here already, page by page (running headers, page numbers, its outline as headings).
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from studyapp.errors import BadInput
from studyapp.generation.cleaning import detect_format
from studyapp.generation.cleaning import pdf as pdf_cleaning
from studyapp.handlers.common import MAX_MATERIAL_BYTES, MIN_MATERIAL

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".html", ".htm", ".xhtml", ""}
MAX_FILE_BYTES = 50_000_000  # a PDF is bigger than its text; its text must still be <= 2 MB


@dataclass(frozen=True)
class Material:
    text: str
    source: str
    encoding: str
    note: str = ""
    format: str = ""  # "" means: guess from the source name and the text at submission


def decode(data: bytes, source: str) -> tuple[str, str, str]:
    """(text, encoding, note). UTF-8 (with or without BOM) and UTF-16 with a BOM are certain;
    otherwise cp1252 (a superset of Latin-1 for printable text) with a note saying so."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput(f"{source} looks like a binary file (it contains NUL bytes), not text.")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", source), "utf-8-sig", ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", source)
        if "\x00" in text:
            raise BadInput(f"{source} looks like a binary file (it contains NUL characters).")
        return text, "utf-16", ""
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f") + sum(
        1 for ch in text if 0x80 <= ord(ch) <= 0x9F
    )
    if controls > max(3, len(text) // 100):
        raise BadInput(
            f"{source} is not in an encoding Studyapp can read (not UTF-8, UTF-16 or Windows-1252"
            "); save it as UTF-8 and try again."
        )
    note = (
        f"{source} is not UTF-8; it was read as {encoding} (Western European). If letters look "
        "wrong, save it as UTF-8 and import it again."
    )
    return text, encoding, note


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise BadInput(
            f"{source} says it is {encoding.upper()} but is not valid {encoding.upper()}; save "
            "it again as UTF-8."
        ) from None


def check_size(text: str, source: str) -> None:
    """THE material size rule, on the text the learner gave (UTF-8 bytes, as given: before
    newlines are normalised or markup is cleaned), so a file of exactly the documented size
    is accepted wherever it comes in. Cleaning may make the text a little longer or shorter;
    what is derived from the material is never measured against this limit again."""
    size = len(text.encode("utf-8"))
    if size > MAX_MATERIAL_BYTES:
        raise BadInput(
            f"{source} is too large ({size:,} bytes of text; the limit is "
            f"{MAX_MATERIAL_BYTES:,} bytes, 2 MB). Split it into smaller files."
        )


def check_text(text: str, source: str) -> str:
    """Apply the size rules, then normalise newlines."""
    check_size(text, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadInput(f"{source} is empty: there is nothing to make cards from.")
    if len(text.strip()) < MIN_MATERIAL:
        raise BadInput(
            f"{source} is too short ({len(text.strip())} characters): give at least "
            f"{MIN_MATERIAL} characters of text to make cards from."
        )
    return text


def read_pdf(data: bytes, source: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise BadInput(f"{source} is an encrypted PDF; remove the password and try again.")
        text = pdf_cleaning.clean_reader(reader)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise BadInput(f"{source} is not a readable PDF ({type(exc).__name__}).") from None
    if len(text.strip()) < MIN_MATERIAL:
        raise BadInput(
            f"{source} has no text layer (a scanned PDF?): Studyapp cannot read images. Run it "
            "through OCR first, or paste the text."
        )
    return text


def from_bytes(data: bytes, source: str, *, pdf: bool = False) -> Material:
    if pdf or data.startswith(b"%PDF-"):
        return Material(check_text(read_pdf(data, source), source), source, "pdf", format="pdf")
    if len(data) > 2 * MAX_MATERIAL_BYTES + 4:  # even UTF-16 of 2 MB of text is smaller
        raise BadInput(
            f"{source} is too large ({len(data):,} bytes; the limit is "
            f"{MAX_MATERIAL_BYTES:,} bytes of text, 2 MB). Split it into smaller files."
        )
    text, encoding, note = decode(data, source)
    text = check_text(text, source)
    return Material(text, source, encoding, note, detect_format(text, source))


def read_file(path: Path) -> Material:
    source = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BadInput(f"{source} is too large to import ({path.stat().st_size / 1e6:.0f} MB).")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"No such file: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a file.") from None
    except PermissionError:
        raise BadInput(f"{path} cannot be read (permission denied).") from None
    suffix = path.suffix.lower()
    if suffix != ".pdf" and suffix not in TEXT_SUFFIXES:
        raise BadInput(
            f"{source}: only .txt, .md, .html and .pdf files can be imported (got {suffix})."
        )
    return from_bytes(data, source, pdf=suffix == ".pdf")


def read_stream(stream: BinaryIO | None = None, source: str = "standard input") -> Material:
    stream = stream or sys.stdin.buffer
    data = stream.read(2 * MAX_MATERIAL_BYTES + 8)
    return from_bytes(data, source)


def read_source(spec: str) -> Material:
    """``-`` is standard input, anything else a path."""
    return read_stream() if spec == "-" else read_file(Path(spec).expanduser())
