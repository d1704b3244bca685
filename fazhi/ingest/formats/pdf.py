"""A PDF's text layer → paragraphs, page furniture logged.

pdfplumber (MIT, on pdfminer.six) gives every character with its position; PyMuPDF would
be faster but is AGPL. Lines are rebuilt from the characters (a space only where the gap
is wide: justified Chinese lines have none), then per page:

* a page number at the top or bottom (``— 3 —``, ``- 3 -``, ``第3页``, ``3/12``) is removed;
* a running header or footer — a line in the first or last two of a page that recurs, digits
  aside, on at least half the pages (two or more) — is removed;
* lines broken by the page width are joined (across pages too). In a layout with first-line
  indents, a line at the left margin continues the line before when that one ends near the
  right margin (a ragged right of a few characters allowed) or, mid-sentence, far enough
  across; a numbered item (一、 (一) 1.) is never merged into a line that ends a sentence.
  Without indents, a line that reaches the right margin and does not end a sentence
  (。；：！？) continues, and a numbered item always starts a new line.

A PDF without a text layer (a scan) is refused: it needs OCR first.

>>> join_lines([Line("一、总体要求", 0, 60, 16), Line("坚持依法行政，推进法治政", 32, 300, 16),
...             Line("府建设。", 0, 64, 16), Line("(一)加强领导", 32, 150, 16)], 0, 300)
['一、总体要求', '坚持依法行政，推进法治政府建设。', '(一)加强领导']
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from fazhi.errors import SourceFileError
from fazhi.ingest.formats.common import NUMBERED, PAGE_NUMBER, Extracted

SCANNED = "scanned PDF without a text layer; OCR it first (e.g. ocrmypdf)"
#: A page number alone on a line: — 3 —, - 3 -, 第3页, 第3页 共9页, 3/12, 3.
SENTENCE_END = tuple("。；;：:！!？?”」』）)")
RUNNING_SHARE = 0.5  # a line recurring at the same place on this share of the pages is a running header/footer
LONG_LINE = 0.6  # with indents, a line cut mid-sentence this far across the text width continues on the next
RAGGED = 4  # in a layout with indents, a line this many characters short of the right margin may still continue
CELL_GAP = 1.5  # a gap wider than this many characters separates table cells
WIDE_GAP = 0.6  # a gap between two glyphs wider than this share of the font size reads as a space
EDGE_LINES = 2  # the lines at the top and bottom of a page where headers, footers and page numbers sit
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    size: float
    cells: bool = False  # a gap of several characters inside: a table row or columns, never joined


@lru_cache(maxsize=1)
def converter_name() -> str:
    return f"pdfplumber {metadata.version('pdfplumber')}"


def page_lines(chars: list[dict]) -> list[Line]:
    """Characters → lines, top to bottom: a character joins the line whose top is within half its size."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if rows and abs(ch["top"] - rows[-1][0]["top"]) <= 0.5 * max(ch["size"], 1):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        glyphs = [c for c in row if c["text"] != " "]
        if not glyphs:
            continue
        size = sorted(c["size"] for c in glyphs)[len(glyphs) // 2]
        parts: list[str] = []
        last = None
        pending = cells = False
        for c in row:
            if c["text"] == " ":
                pending = bool(parts)  # the PDF has the space itself
                continue
            gap = c["x0"] - last["x1"] if last is not None else 0
            cells = cells or gap > CELL_GAP * size
            if parts and (pending or gap > WIDE_GAP * size):
                parts.append(" ")  # a space the PDF drew as a gap only
            parts.append(c["text"])
            last, pending = c, False
        lines.append(Line("".join(parts).strip(), glyphs[0]["x0"], glyphs[-1]["x1"], size, cells))
    return [ln for ln in lines if ln.text]


def _glue(a: str, b: str) -> str:
    # Latin words broken at the margin get their space back; Chinese text has none to restore.
    return a + (" " if a and b and not _CJK.match(a[-1]) and not _CJK.match(b[0]) and a[-1] != "-" else "") + b


def join_lines(lines: list[Line], left: float, right: float, *, indents: bool | None = None) -> list[str]:
    """Lines broken by the page width joined back into paragraphs (see the module docstring)."""
    if indents is None:
        indents = _uses_indents(lines, left)
    out: list[str] = []
    prev: Line | None = None
    for ln in lines:
        if prev is not None and out and _continues(prev, ln, left, right, indents):
            out[-1] = _glue(out[-1], ln.text)
        else:
            out.append(ln.text)
        prev = ln
    return out


def _continues(prev: Line, ln: Line, left: float, right: float, indents: bool) -> bool:
    if prev.cells or ln.cells:
        return False
    open_sentence = not prev.text.endswith(SENTENCE_END)
    if indents:
        # A new paragraph (a numbered item too) starts indented, a continued one at the margin.
        # The line before ends near the right margin — a few characters short on a ragged
        # right — or, mid-sentence, wherever a long unbreakable run (关(guān), 〔2014〕10号)
        # pushed the break. A line at the margin that starts like a numbered item continues
        # only a line cut mid-sentence (…统 / 一、公平公正: the break fell before 一、).
        if ln.x0 > left + 0.5 * ln.size:
            return False
        if NUMBERED.match(ln.text) and not open_sentence:
            return False
        near = prev.x1 >= right - RAGGED * prev.size
        return near or (open_sentence and prev.x1 >= left + LONG_LINE * (right - left))
    if NUMBERED.match(ln.text):
        return False
    return prev.x1 >= right - 1.5 * prev.size and open_sentence


def _uses_indents(lines: list[Line], left: float) -> bool:
    """Paragraphs start indented (by about two characters) on a fair share of the lines."""
    indented = sum(1 for ln in lines if 1.5 * ln.size <= ln.x0 - left <= 2.6 * ln.size)
    return indented >= max(2, 0.1 * len(lines))


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def strip_furniture(pages: list[list[Line]]) -> tuple[list[Line], list[tuple[str, str]]]:
    """The pages' lines without page numbers and running headers/footers, and those removed.

    >>> def page(n, *body): return [Line("某市人民政府文件", 0, 200, 16), *(Line(t, 0, 300, 16) for t in body), Line(f"第{n}页 共2页", 100, 180, 10)]
    >>> body, removed = strip_furniture([page(1, "一、总体要求"), page(2, "二、主要任务")])
    >>> [ln.text for ln in body], removed
    (['一、总体要求', '二、主要任务'], [('running header', '某市人民政府文件'), ('page number', '第1页 共2页'), ('running header', '某市人民政府文件'), ('page number', '第2页 共2页')])
    """
    removed: list[tuple[str, str]] = []
    n = len(pages)
    # Running headers and footers: the same words at the same edge on most pages.
    seen: Counter[tuple[str, str]] = Counter()
    for lines in pages:
        keys = {("header", _edge_key(ln.text)) for ln in lines[:EDGE_LINES]} | {("footer", _edge_key(ln.text)) for ln in lines[-EDGE_LINES:]}
        seen.update(keys)
    running = {k for k, c in seen.items() if n >= 2 and c >= max(2, RUNNING_SHARE * n)}
    body: list[Line] = []
    for lines in pages:
        keep = []
        for i, ln in enumerate(lines):
            edge = "header" if i < EDGE_LINES else "footer" if i >= len(lines) - EDGE_LINES else None
            if edge and PAGE_NUMBER.match(ln.text) and _page_number_ok(ln.text, n):
                removed.append(("page number", ln.text))
            elif edge and (edge, _edge_key(ln.text)) in running:
                removed.append((f"running {edge}", ln.text))
            else:
                keep.append(ln)
        body.extend(keep)
    return body, removed


def extract_pdf(data: bytes, path="<pdf>") -> Extracted:
    """A PDF → :class:`Extracted`; :class:`SourceFileError` for a scan, an encrypted or a broken file."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page_lines(p.dedupe_chars().chars) for p in pdf.pages]
            has_images = any(p.images for p in pdf.pages[:5])
    except SourceFileError:
        raise
    except Exception as e:  # noqa: BLE001 — pdfminer raises many kinds; each becomes one line naming the file
        name = type(e).__name__ + " " + str(e)
        inner = getattr(e, "args", [None])[0] if e.args else None
        name += " " + type(inner).__name__ if isinstance(inner, Exception) else ""
        if re.search(r"password|encrypt", name, re.I):
            raise SourceFileError("password-protected PDF; remove the password first (e.g. qpdf --decrypt)", path=path) from None
        raise SourceFileError(f"corrupt PDF, cannot be read ({type(e).__name__})", path=path) from None
    if not any(pages):
        raise SourceFileError(SCANNED if has_images or pages else "PDF without pages", path=path)
    body, removed = strip_furniture(pages)
    if not body:
        raise SourceFileError(SCANNED, path=path)
    left = min(ln.x0 for ln in body)
    right = _right_margin(body)
    text = "\n".join(join_lines(body, left, right)) + "\n"
    return Extracted(text, "pdf", converter_name(), {}, removed)


def _right_margin(lines: list[Line]) -> float:
    """Where full lines end: the rightmost line end shared by three lines or more (justified lines
    end together; one overlong table row does not move the margin), else the rightmost end."""
    ends = Counter(round(ln.x1) for ln in lines)
    common = [x for x, c in ends.items() if c >= 3]
    return float(max(common)) if common else max(ln.x1 for ln in lines)


def _page_number_ok(text: str, n_pages: int) -> bool:
    # A bare number is a page number only if it could be one (not the year 2022 alone on a line).
    digits = [int(d) for d in re.findall(r"\d+", text)]
    return bool(digits) and digits[0] <= n_pages + 10
