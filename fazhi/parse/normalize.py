"""From decoded raw text to the normalised text every later stage reads.

Each step is a small pure function from the current text to the changes (or
flags) it proposes; :func:`normalize` runs them in order on a
:class:`~fazhi.parse.textedit.TrackedText`, which logs every change.  The order matters:

1. ``encoding``   – a byte-order mark is dropped.
2. ``newline``    – CRLF / CR become LF.
3. ``correction`` – reviewed fixes from ``corrections.csv`` (matched on the raw text
   as a human sees it, each exactly once).
4. ``garbled``    – mojibake is *flagged* (never guessed at).
5. ``newline``, ``layout`` – a fixed-width layout (a PDF converted to text) gets its
   lines joined and its page numbers dropped (:mod:`fazhi.parse.hardwrap`).
6. ``width``      – full-width ASCII variants become ASCII (``，（１）`` → ``,(1)``).
7. ``whitespace`` – spaces trimmed and collapsed, blank lines dropped.
8. ``web_debris`` – navigation bars, breadcrumbs, page metadata, print buttons.
9. ``pinyin``     – annotations after characters (``關(guān)`` → ``關``).
10. ``script``     – traditional → simplified with OpenCC (``t2s``).
11. ``newline``   – a very long line holding a numbered outline is broken before its items
    (:mod:`fazhi.parse.oneline`: a crawler's one-line body).

>>> normalize("關(guān)於印發\\r\\n").text
'关于印发'
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from fazhi.parse import patterns as P
from fazhi.errors import CorrectionError
from fazhi.parse.hardwrap import hardwrap_changes, page_mark_changes
from fazhi.parse.oneline import oneline_changes
from fazhi.parse.textedit import Change, TrackedText, apply_changes  # noqa: F401 (the doctests use it)
from fazhi.ingest.manifest import Correction

#: Fraction of Han characters OpenCC changes above which a text counts as traditional.
TRADITIONAL_THRESHOLD = 0.02


@dataclass(frozen=True)
class Normalized:
    tracked: TrackedText
    script: str  # traditional | simplified
    n_converted: int  # characters changed by script conversion

    @property
    def text(self) -> str:
        return self.tracked.text


# -- steps ---------------------------------------------------------------------------
def bom_changes(text: str) -> list[Change]:
    """The byte-order mark, if the text starts with one."""
    return [Change(0, 1, "", "encoding", "byte-order mark removed")] if text.startswith("\ufeff") else []


def newline_changes(text: str) -> list[Change]:
    """CRLF and lone CR → LF.

    >>> [(c.start, c.end) for c in newline_changes("a\\r\\nb\\rc")]
    [(1, 3), (4, 5)]
    """
    return [Change(m.start(), m.end(), "\n", "newline", "line end folded to LF") for m in P.CRLF.finditer(text)]


def correction_changes(text: str, corrections: Sequence[Correction], *, path: str = "") -> tuple[list[Change], list[CorrectionError]]:
    """Locate each reviewed correction; a fix matching 0 or ≥2 times is an error."""
    changes: list[Change] = []
    errors: list[CorrectionError] = []
    for c in corrections:
        # The text's line ends are LF by now (step 2); so are the fix's, whatever the file used.
        find, replace = (P.CRLF.sub("\n", s) for s in (c.find, c.replace))
        hits = _find_all(text, find)
        if len(hits) != 1:
            what = "no longer matches" if not hits else f"matches {len(hits)} times"
            errors.append(
                CorrectionError(
                    f"correction for {c.doc_id} {what} in {path or 'the text'} (expected exactly once): {c.find!r}",
                    path=c.source,
                    line=c.line,
                )
            )
            continue
        changes.append(Change(hits[0], hits[0] + len(find), replace, "correction", c.reason))
    changes.sort(key=lambda ch: ch.start)
    for a, b in zip(changes, changes[1:]):
        if b.start < a.end:
            errors.append(CorrectionError(f"corrections overlap at offset {b.start}", path=corrections[0].source))
            return [], errors
    return changes, errors


def _find_all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while needle and i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def garbled_spans(text: str, *, gap: int = 12) -> list[tuple[int, int, str]]:
    """Spans that look like mojibake, as ``(start, end, signals)``.

    Signals: U+FFFD, an ASCII ``?`` glued to ASCII or CJK punctuation or letters, a pinyin
    annotation after a non-Han character, a toned syllable whose ``(`` is missing, a toned
    pinyin fragment outside any annotation, box-drawing characters.
    Signals closer than ``gap`` characters are one span.

    >>> [text for s, e, _ in garbled_spans("区)?,F(xiàn)將有") for text in ["区)?,F(xiàn)將有"[s:e]]]
    ['?,F(xiàn)']
    """
    sigs: list[tuple[int, int, str]] = []
    for rx, name in (
        (P.REPLACEMENT_CHAR, "replacement character"),
        (P.GARBLE_QUESTION, "? glued to ASCII"),
        (P.PINYIN_AFTER_NON_HAN, "pinyin after a non-Han character"),
        (P.BROKEN_ANNOTATION, "annotation without its opening bracket"),
        (P.GARBLE_QUESTION_CJK, "? glued to CJK punctuation"),
        (P.STRAY_PINYIN, "pinyin without a base character"),
        (P.BOX_DRAWING, "box-drawing character"),
    ):
        sigs.extend((m.start() - (1 if name.startswith("pinyin") else 0), m.end(), name) for m in rx.finditer(text))
    sigs.sort()
    spans: list[list] = []
    for s, e, name in sigs:
        if spans and s <= spans[-1][1] + gap:
            spans[-1][1] = max(spans[-1][1], e)
            spans[-1][2].add(name)
        else:
            spans.append([s, e, {name}])
    return [(s, e, ", ".join(sorted(names))) for s, e, names in spans]


_SPACES = {0x3000, 0x00A0, 0x202F, 0x205F, *range(0x2002, 0x200B)}
_ZERO_WIDTH = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}
# Scanning with one regex keeps this step linear and fast (no Python loop per character).
_WIDTH_CANDIDATES = re.compile("[\uff01-\uff5e\u3000\u00a0\u202f\u205f\u2002-\u200a\u200b-\u200d\u2060\ufeff]")
_HAN_CHAR = re.compile(f"[{P.HAN}]")


def width_changes(text: str) -> list[Change]:
    """Full-width ASCII forms → ASCII; exotic spaces → space; zero-width → nothing.

    >>> apply_changes("（一）１２％", width_changes("（一）１２％"))
    '(一)12%'
    """
    out: list[Change] = []
    for m in _WIDTH_CANDIDATES.finditer(text):
        i, o = m.start(), ord(m.group())
        if 0xFF01 <= o <= 0xFF5E:
            out.append(Change(i, i + 1, chr(o - 0xFEE0), "width", "full-width form folded to ASCII"))
        elif o in _SPACES:
            out.append(Change(i, i + 1, " ", "whitespace", "non-ASCII space folded"))
        elif o in _ZERO_WIDTH:
            out.append(Change(i, i + 1, "", "whitespace", "zero-width character removed"))
    return out


def _regex_changes(text: str, rx, after: str, detail: str) -> list[Change]:
    return [Change(m.start(), m.end(), after, "whitespace", detail) for m in rx.finditer(text) if m.group() != after]


class _TrailingSpaces:
    """Trailing spaces per line, found with rstrip: a regex like [ \\t]+$ backtracks
    quadratically on a long run of spaces inside a line."""

    @staticmethod
    def finditer(text: str):
        pos = 0
        for line in text.split("\n"):
            kept = len(line.rstrip(" \t"))
            if kept < len(line):
                yield _Span(pos + kept, pos + len(line), line[kept:])
            pos += len(line) + 1


class _Span:
    def __init__(self, start: int, end: int, text: str):
        self._s, self._e, self._t = start, end, text

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self) -> str:
        return self._t


WHITESPACE_RULES = (
    (P.LINE_LEADING_WS, "", "line indentation removed"),
    (_TrailingSpaces, "", "trailing spaces removed"),
    (P.INNER_WS_RUN, " ", "run of spaces collapsed"),
    (P.BLANK_LINES, "\n", "blank lines removed"),
    (P.EDGE_NEWLINES, "", "leading/trailing blank lines removed"),
)


def web_debris_rule(line: str) -> str | None:
    """Name of the web-page debris rule a (trimmed) line matches, else None.

    >>> web_debris_rule("首 页 | 走进台安 | 政府领导 | 投资台安")
    'navigation bar'
    >>> web_debris_rule("一、总体要求") is None
    True
    >>> web_debris_rule("发文字号 | 金政发〔2025〕33号 | 制发机构 | |") is None
    True
    >>> web_debris_rule("主办:某市人民政府办公室 承办:某市大数据中心"), web_debris_rule("网站标识码:3700000000 鲁ICP备05000000号")
    ('page footer', 'page footer')
    >>> [web_debris_rule(x) for x in ("首页", ">> 政务公开 >> 法治政府工作报告", "某某资讯网 某某资讯网", "转自:司法部")]
    ['breadcrumb', 'breadcrumb', 'site name', 'repost source']
    """
    if len(line) <= 80 and P.SITE_BLURB.search(line):
        return "site blurb"  # (it ends with 。)
    if not line or "。" in line:
        return None
    parts = [p for p in P.NAV_SEPARATOR.split(line) if p]
    if any(P.META_TABLE_KEY.match(p.strip()) for p in parts):
        return None  # a portal's metadata table (发文字号 | …): the header reads it
    if P.PAGE_TODAY.match(line):
        return "page date"
    if line.count("|") + line.count("｜") >= 2 and len(parts) >= 3 and all(len(p) <= 10 for p in parts):
        return "navigation bar"
    if P.BREADCRUMB.match(line) or (len(line) <= 60 and P.BREADCRUMB_ARROWS.search(line)):
        return "breadcrumb"
    if len({m.group(1) for m in P.PAGE_META_KEY.finditer(line)}) >= 2:
        return "page metadata"
    if P.PAGE_BUTTONS.match(line) and P.PAGE_BUTTON_WORDS.search(line):
        return "page buttons"
    if len(line) <= 40 and P.PAGE_TOOLS.match(line):
        return "page tools"
    if len(line) <= 60 and P.BREADCRUMB_PART.match(line):
        return "breadcrumb"
    if P.SITE_NAME.match(line):
        return "site name"
    if P.REPOST_LINE.match(line):
        return "repost source"
    if (len(line) <= 120 or P.PAGE_TOOLS.match(line) or P.PAGE_BUTTONS.match(line[:12])) and (P.PAGE_FOOTER_STRONG.search(line) or len({m.group(1) for m in P.PAGE_FOOTER_KEY.finditer(line)}) >= 2):
        return "page footer"
    return None


def web_debris_changes(text: str) -> list[Change]:
    """Whole lines of web-page debris, removed with their line end."""
    out: list[Change] = []
    pos = 0
    lines = text.split("\n")
    for k, line in enumerate(lines):
        end = pos + len(line)
        rule = web_debris_rule(line)
        if rule:
            if k + 1 < len(lines):
                out.append(Change(pos, end + 1, "", "web_debris", rule))
            elif pos > 0:
                out.append(Change(pos - 1, end, "", "web_debris", rule))
            else:
                out.append(Change(pos, end, "", "web_debris", rule))
        pos = end + 1
    # Merge a removal of a last line (which eats the preceding LF) with a removal
    # right before it, so the changes never overlap.
    merged: list[Change] = []
    for c in out:
        if merged and c.start < merged[-1].end:
            p = merged[-1]
            merged[-1] = Change(p.start, max(p.end, c.end), "", "web_debris", p.detail)
        else:
            merged.append(c)
    return merged


@functools.lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    data = resources.files("fazhi").joinpath("data/pinyin_syllables.txt").read_text("utf-8")
    return frozenset(line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#"))


def toneless(syllable: str) -> str:
    """``guān`` → ``guan``, ``lǜ`` → ``lv``."""
    decomposed = unicodedata.normalize("NFD", syllable.lower().replace("ü", "v"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("u\u0308", "v")


def pinyin_changes(text: str) -> list[Change]:
    """Pinyin annotations right after Han characters.

    A bracketed word counts only if it is a real syllable; toneless ones
    (``(de)``) only in a text that has toned annotations too, so that real
    bracketed Latin text is left alone.

    >>> [text[c.start:c.end] for text in ["關(guān)於(yú)計劃(a)"] for c in pinyin_changes(text)]
    ['(guān)', '(yú)']
    """
    valid = pinyin_syllables()
    cands = [m for m in P.PINYIN_ANNOTATION.finditer(text) if toneless(m.group(1)) in valid]
    toned = [m for m in cands if any(ch in P.TONE_MARKS for ch in m.group(1))]
    keep = cands if len(toned) >= 3 else toned
    return [Change(m.start(), m.end(), "", "pinyin", "pinyin annotation removed") for m in keep]


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: it loads dictionaries

    return opencc.OpenCC("t2s")


def script_changes(text: str) -> list[Change]:
    """Traditional → simplified with OpenCC's ``t2s`` (phrase-aware).

    >>> apply_changes("關於印發", script_changes("關於印發"))
    '关于印发'
    """
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return _char_diff(text, converted, 0)
    # Phrase conversions that change length are rare: diff line by line.
    out: list[Change] = []
    pos = 0
    for line in text.split("\n"):
        conv = _t2s().convert(line)
        if len(conv) == len(line):
            out.extend(_char_diff(line, conv, pos))
        else:
            sm = difflib.SequenceMatcher(None, line, conv, autojunk=False)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag != "equal":
                    out.append(Change(pos + i1, pos + i2, conv[j1:j2], "script", "traditional → simplified"))
        pos += len(line) + 1
    return out


def _char_diff(a: str, b: str, offset: int) -> list[Change]:
    """One change per run of differing characters of two equal-length strings.

    >>> [(c.start, c.end, c.after) for c in _char_diff("關於印發", "关于印发", 0)]
    [(0, 2, '关于'), (3, 4, '发')]
    """
    if a == b:
        return []
    # Compare code points as arrays: a Python loop over every character of every
    # traditional document was a tenth of the per-document stage.
    diff = np.frombuffer(a.encode("utf-32-le"), np.uint32) != np.frombuffer(b.encode("utf-32-le"), np.uint32)
    edges = np.flatnonzero(np.diff(np.concatenate(([False], diff, [False])).astype(np.int8)))
    return [Change(offset + s, offset + e, b[s:e], "script", "traditional → simplified") for s, e in zip(edges[::2].tolist(), edges[1::2].tolist())]


def count_han(text: str) -> int:
    return len(_HAN_CHAR.findall(text))


# -- the pipeline -------------------------------------------------------------------
def normalize(raw: str, corrections: Sequence[Correction] = (), *, path: str = "") -> Normalized:
    """Run every step on ``raw``; raise :class:`CorrectionError` if a fix misses.

    The returned :class:`Normalized` carries the tracked text (with the log of
    every change and flag), the detected script and the conversion count.
    """
    t = TrackedText(raw)
    t.apply(bom_changes(t.text))
    t.apply(newline_changes(t.text))
    changes, errors = correction_changes(t.text, corrections, path=path)
    if errors:
        raise errors[0] if len(errors) == 1 else CorrectionError("; ".join(str(e) for e in errors))
    t.apply(changes)
    for s, e, signals in garbled_spans(t.text):
        t.flag(s, e, "garbled", f"looks garbled ({signals}); add a reviewed row to corrections.csv")
    # A PDF converted to text: lines broken by the page width joined, page numbers dropped
    # (before width and whitespace: a paragraph's indent tells where it opens).
    t.apply(hardwrap_changes(t.text))
    t.apply(page_mark_changes(t.text))
    t.apply(width_changes(t.text))
    for rx, after, detail in WHITESPACE_RULES:
        t.apply(_regex_changes(t.text, rx, after, detail))
    _drop_debris(t)
    t.apply(pinyin_changes(t.text))
    n_han = count_han(t.text)
    conv = script_changes(t.text)
    t.apply(conv, split_at_edits=True)
    n_converted = sum(c.end - c.start for c in conv)
    script = "traditional" if n_han and n_converted / n_han >= TRADITIONAL_THRESHOLD else "simplified"
    # A crawler's one-line body: line breaks before the numbering inside it (fazhi.parse.oneline).
    t.apply(oneline_changes(t.text))
    _drop_debris(t)  # page chrome the one-line breaks set on lines of its own
    return Normalized(t, script, n_converted)


def _drop_debris(t: TrackedText) -> None:
    """Web-page debris lines removed, and the blank edges their removal can leave."""
    t.apply(web_debris_changes(t.text))
    t.apply(_regex_changes(t.text, P.EDGE_NEWLINES, "", "leading/trailing blank lines removed"))
