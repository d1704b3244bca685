"""Raw files of any format the field uses → text: the format told by the bytes, the text by a
named converter, everything it drops listed.

=========  ==========================================  =================================
format     told by                                     converter
=========  ==========================================  =================================
``txt``    decodes as UTF-8/GB18030 text, no markup     :func:`fazhi.ingest.encoding.decode_bytes`
``html``   text with ``<html>``/``<body>`` … markup     selectolax (:mod:`.html`)
``pdf``    ``%PDF-`` magic                              pdfplumber (:mod:`.pdf`)
``docx``   a zip holding ``word/document.xml``          python-docx (:mod:`.word`)
``doc``    an OLE2 file with a ``WordDocument`` stream  LibreOffice → DOCX → python-docx
=========  ==========================================  =================================

Anything else (an image, a zip that is not a Word file, an Excel file …) is refused with a
one-line :class:`~fazhi.errors.SourceFileError` naming the file — never read as text.

>>> detect(b"%PDF-1.7 ...", "a.txt"), detect("<html><body>法治</body></html>".encode()), detect("一、总则".encode())
('pdf', 'html', 'txt')
>>> detect(b"PK\\x03\\x04" + bytes(30), "plan.docx")
Traceback (most recent call last):
fazhi.errors.SourceFileError: plan.docx: a damaged zip archive (a .docx must be a valid zip)
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from importlib import metadata
from pathlib import Path

from fazhi.errors import FazhiError, SourceFileError
from fazhi.ingest.encoding import MAX_FILE_BYTES, decode_bytes, too_large
from fazhi.ingest.formats.common import FORMATS, Extracted

__all__ = ["FORMATS", "MAX_FILE_BYTES", "Extracted", "converter_versions", "detect", "extract", "too_large"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Magic numbers of formats that are not documents fazhi reads → how the error names them.
OTHER_MAGIC = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"), (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7z archive"),
    (b"{\\rtf", "an RTF file (save it as .docx)"), (b"\x7fELF", "a program"), (b"MZ", "a program"),
)  # fmt: skip
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_HTML_TAG = re.compile(rb"<(?:html|body|div|p|table|br|span|meta|head)\b[^>]*>", re.I)


def detect(data: bytes, name: str = "") -> str:
    """The format of ``data``, from its bytes; ``name``'s extension only breaks a tie
    (a text with a few tags is HTML if it is called .html). Raises
    :class:`SourceFileError` for a binary file of an unknown kind."""
    head = data[:1024]
    suffix = Path(str(name)).suffix.lower()
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            raise SourceFileError("a damaged zip archive (a .docx must be a valid zip)", path=name) from None
        if "word/document.xml" in names:
            return "docx"
        what = "an Excel workbook" if "xl/workbook.xml" in names else "a zip archive that is not a Word document (no word/document.xml)"
        raise SourceFileError(what if what.startswith("a zip") else f"{what}, not a document fazhi reads", path=name)
    if data.startswith(_OLE2):
        if "WordDocument".encode("utf-16-le") in data[:65536] or b"W\x00o\x00r\x00d\x00D" in data:
            return "doc"
        raise SourceFileError("an old Office file that is not a Word document (Excel or PowerPoint?)", path=name)
    for magic, what in OTHER_MAGIC:
        if data.startswith(magic):
            raise SourceFileError(f"{what}, not a document fazhi reads (txt, html, pdf, docx, doc)", path=name)
    if _HTML_START.match(data.lstrip(b"\xef\xbb\xbf")):
        return "html"
    if suffix in (".html", ".htm", ".shtml", ".xhtml") and _HTML_TAG.search(data[:65536]):
        return "html"
    return "txt"


def converter_versions() -> str:
    """The versions of every converter, for the build cache's key: a new pdfplumber or
    LibreOffice may extract another text. Cheap (no process started).

    >>> "pdfplumber" in converter_versions()
    True
    """
    parts = []
    for lib in ("selectolax", "pdfplumber", "pdfminer.six", "python-docx"):
        try:
            parts.append(f"{lib}=={metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{lib} missing")
    rc = Path("/usr/lib/libreoffice/program/versionrc")
    parts.append("libreoffice " + (hashlib.sha256(rc.read_bytes()).hexdigest()[:16] if rc.is_file() else "missing"))
    return "; ".join(parts)


def extract(data: bytes, path) -> Extracted:
    """``data`` (the bytes of the file at ``path``) → its text and what the converter dropped.

    >>> x = extract("一、总则\\r\\n".encode("gb18030"), "a.txt")
    >>> x.format, x.converter, x.encoding, x.text
    ('txt', 'fazhi decode', 'gb18030', '一、总则\\r\\n')
    """
    if len(data) > MAX_FILE_BYTES:
        raise SourceFileError(too_large(len(data)), path=path)
    fmt = detect(data, str(path))
    try:
        if fmt == "txt":
            decoded = decode_bytes(data, path)
            return Extracted(decoded.text, "txt", "fazhi decode", {}, [], decoded.encoding)
        if fmt == "html":
            from fazhi.ingest.formats.html import extract_html

            return extract_html(data, path)
        if fmt == "pdf":
            from fazhi.ingest.formats.pdf import extract_pdf

            return extract_pdf(data, path)
        from fazhi.ingest.formats.word import extract_doc, extract_docx

        return extract_docx(data, path) if fmt == "docx" else extract_doc(data, path)
    except FazhiError:
        raise
    except Exception as e:  # noqa: BLE001 — a converter's own exception becomes one line naming the file
        raise SourceFileError(f"{fmt} file could not be read ({type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''})", path=path) from None
