"""One document taken apart: its bytes decoded (a PDF, web page or Word file first
converted to text by :mod:`fazhi.ingest.formats`), normalised, outlined, its header read,
and its rows for the documents, provisions and quality tables.

:func:`parse_text` needs no manifest (``fazhi inspect`` and notebooks use it on any
file); :func:`document_rows` adds the manifest row: metadata the manifest leaves blank
are filled from the header, and a disagreement is flagged in ``quality``.

>>> parsed = parse_text("关于印发某市法治政府建设实施方案的通知\\n一、主要任务\\n1.推进依法行政。每人每年不少于60学时。\\n".encode())
>>> parsed.header.title, [(p.label, p.heading, p.is_task) for p in parsed.outline.provisions]
('某市法治政府建设实施方案', [('一、', '主要任务', False), ('1.', '推进依法行政', True)])
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fazhi.errors import ChecksumError
from fazhi.ingest.encoding import Decoded, decode_bytes, sha256_bytes
from fazhi.ingest.formats import Extracted, detect, extract
from fazhi.ingest.manifest import Correction, Source
from fazhi.parse.header import HeaderInfo, _describe_title as describe_title, extract_header, filename_title, parse_date, reprinted_title
from fazhi.parse.speaker import issuer_level
from fazhi.parse.normalize import Normalized, normalize
from fazhi.parse.outline import Outline, parse_outline
from fazhi.parse.textedit import Record

_NEWLINE = re.compile("\r\n|\r|\n")
#: Keys of a posting line that date the page: 发布时间:2019年3月1日, 更新时间:2021/03/29.
POSTED = re.compile(r"(?:发布时间|发布日期|更新时间|(?<![\u4e00-\u9fff])时间)\s*[:：]")


@dataclass
class Parsed:
    """A document taken apart: decoded, normalised, outlined, header read."""

    decoded: Decoded
    norm: Normalized
    outline: Outline
    header: HeaderInfo
    records: list[Record]
    #: The converter's output for a PDF, HTML or Word file (its text is ``decoded.text``); None for plain text.
    extracted: Extracted | None = None

    @property
    def format(self) -> str:
        return self.extracted.format if self.extracted else "txt"

    @property
    def converter(self) -> str:
        return self.extracted.converter if self.extracted else "fazhi decode"

    @property
    def text(self) -> str:
        return self.norm.text


def parse_text(data: bytes, *, path: str | Path = "<text>", corrections: Sequence[Correction] = (), doc_type: str | None = None) -> Parsed:
    """Decode (or convert), normalise and outline one document's bytes (no manifest needed).

    The format comes from the bytes: a PDF, web page or Word file is converted to text
    first and that text plays the raw text's part (the quality log rebuilds it); a file of
    no known format is a :class:`~fazhi.errors.SourceFileError`, never read as text.
    """
    extracted = None
    if detect(data, str(path)) == "txt":
        decoded = decode_bytes(data, path)
    else:
        extracted = extract(data, path)
        decoded = Decoded(extracted.text, extracted.encoding, "utf-8", sha256_bytes(data), len(data))
    norm = normalize(decoded.text, corrections, path=str(path))
    outline = parse_outline(norm.text, doc_type=doc_type)
    text = norm.text
    front = text[: outline.front_end].split("\n") if outline.front_end else []
    back = text[outline.back_start :].split("\n") if outline.back_start < len(text) else []
    header = extract_header(front, back)
    if not header.title:  # a news page reprinting the document names it in its lead
        header.title = reprinted_title(text[outline.front_end : outline.front_end + 2000].split("\n"))
        if header.title:
            describe_title(header, header.title)
    records = norm.tracked.records()
    if not header.issued_date:
        # the page's own header lines (a crawler's 发布时间: line) may sit before or inside the preamble
        header.issued_date = posting_date(records) or posting_date_in(text[:2000].split("\n")[:20])
    if extracted is not None:  # what the file says about itself, where the text says nothing
        meta = extracted.meta
        header.issued_date = header.issued_date or meta.get("published")
        header.doc_number = header.doc_number or meta.get("doc_number")
        header.title = header.title or meta.get("title")
    if not header.title:  # a file saved under its title (Word, PDF, crawler)
        header.title = filename_title(path)
        if header.title:
            describe_title(header, header.title)
    for s, e, kind, detail in outline.warnings:
        norm.tracked.flag(s, e, kind, detail)
    return Parsed(decoded, norm, outline, header, norm.tracked.records(), extracted)


def posting_date_in(lines: Sequence[str]) -> str | None:
    """The posting date a saved page or a crawler's text states in its own header lines
    (发布时间: 2022-03-14 09:24), when the document itself is undated.

    >>> posting_date_in(["标题: 某局关于…的通知", "发布时间: 2022-03-14 09:24"])
    '2022-03-14'
    >>> posting_date_in(["某镇关于…的报告", "发布时间:", "2026-03-04"])
    '2026-03-04'
    """
    for k, line in enumerate(lines):
        m = POSTED.search(line)
        if m:
            rest = line[m.end() :].strip()
            # the label alone, the date on the next line (发布时间:\n2026-03-04)
            date = parse_date(rest) if rest else parse_date(lines[k + 1]) if k + 1 < len(lines) else None
            if date:
                return date
    return None


def posting_date(records) -> str | None:
    """The date a portal posted the page (发布时间/更新时间 on a removed metadata line):
    the best date left when the document itself states none."""
    for r in records:
        if r.kind == "web_debris" and r.detail.startswith("page metadata"):
            m = POSTED.search(r.before)
            if m:
                return parse_date(r.before[m.end() :])
    return None


@dataclass
class DocumentRows:
    """One document's rows of the documents, provisions and quality tables, and its
    warnings (the quality rows that flag without changing)."""

    document: dict
    provisions: list[dict]
    quality: list[dict]
    warnings: list[str]


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _NEWLINE.finditer(text)]


def _metadata(src: Source, header: HeaderInfo) -> tuple[dict, list[str], list[str]]:
    """Manifest values, blanks filled from the header; and mismatch warnings."""
    detected: list[str] = []
    mismatches: list[str] = []
    header_date = dt.date.fromisoformat(header.issued_date) if header.issued_date else None
    values = {}
    for name, manifest_value, text_value in (
        ("title", src.title, header.title),
        ("issued_date", src.issued_date, header_date),
        ("issuer", src.issuer, header.issuer),
        ("doc_number", src.doc_number, header.doc_number),
        ("is_draft", src.is_draft, header.is_draft),
    ):
        if manifest_value is None and text_value is not None:
            values[name] = text_value
            detected.append(name)
        else:
            values[name] = manifest_value
            if name in ("issued_date", "doc_number") and manifest_value is not None and text_value is not None and manifest_value != text_value:
                mismatches.append(f"manifest {name} {manifest_value} differs from the text's {text_value}")
    if values["is_draft"] is None:
        values["is_draft"] = False
    values["addressees"] = header.addressees
    return values, detected, mismatches


LABEL_PUNCTUATION = ".、．,， 　"


def printed_label(label: str) -> str:
    """A label as it reads inside a citation path: its trailing punctuation dropped.

    >>> [printed_label(x) for x in ("二、", "(九)", "39.", "第三章", "")]
    ['二', '(九)', '39', '第三章', '']
    """
    return label.strip().rstrip(LABEL_PUNCTUATION)


def document_rows(src: Source, parsed: Parsed) -> DocumentRows:
    """The document's rows, from its manifest row and its parsed text; a
    :class:`~fazhi.errors.ChecksumError` if the bytes are not those the manifest names."""
    if src.sha256 and parsed.decoded.sha256 != src.sha256:
        raise ChecksumError(
            f"sha256 {parsed.decoded.sha256} differs from the manifest's {src.sha256} "
            f"({src.manifest.name} line {src.line}); the raw file changed",
            path=src.path,
        )
    text = parsed.text
    outline = parsed.outline
    values, detected, mismatches = _metadata(src, parsed.header)
    records = list(parsed.records)
    if parsed.extracted is not None:
        # What the converter dropped (page numbers, running headers, navigation …): logged
        # first, outside the extracted text's offsets, so nothing leaves the file unaccounted.
        conv = parsed.extracted.converter
        records[:0] = [Record(0, 0, 0, 0, what, "", "conversion", "removed", f"{kind} (dropped by {conv})") for kind, what in parsed.extracted.removed]
    for msg in mismatches:
        records.append(Record(0, outline.front_end, 0, 0, text[: outline.front_end], text[: outline.front_end], "metadata", "flagged", msg))
    line_starts = _line_starts(parsed.decoded.text)
    quality = [
        {
            "doc_id": src.doc_id,
            "seq": k,
            "kind": r.kind,
            "action": r.action,
            "start": r.start,
            "end": r.end,
            "raw_start": r.raw_start,
            "raw_end": r.raw_end,
            "line": bisect.bisect_right(line_starts, r.raw_start),
            "before": r.before,
            "after": r.after,
            "detail": r.detail,
        }
        for k, r in enumerate(records)
    ]
    provs = outline.provisions
    ids = [f"{src.doc_id}:{p.path}" for p in provs]
    printed: list[str] = []
    for p in provs:
        printed.append((printed[p.parent] if p.parent is not None else "") + printed_label(p.label))
    provisions = [
        {
            "doc_id": src.doc_id,
            "provision_id": ids[i],
            "parent_id": ids[p.parent] if p.parent is not None else None,
            "depth": p.depth,
            "label": p.label,
            "path_label": printed[i],
            "ordinal": p.ordinal,
            "style": p.style,
            "kind": p.kind,
            "heading": p.heading,
            "text": p.text,
            "start": p.start,
            "end": p.end,
            "subtree_end": p.subtree_end,
            "is_task": p.is_task,
            "lead_units": p.lead_units,
            "partner_units": p.partner_units,
            "deadlines": [
                {"year": d.year, "month": d.month, "recurring": d.recurring, "text": d.text, "start": d.start, "end": d.end} for d in p.deadlines
            ],
            "n_chars": len(p.text),
            "text_start": text.find(p.text, p.start) if p.text else p.start,  # not a column: for reuse offsets
        }
        for i, p in enumerate(provs)
    ]
    document = {
        "doc_id": src.doc_id,
        "jurisdiction_zh": src.jurisdiction_zh,
        "jurisdiction_en": src.jurisdiction_en,
        "level": src.level,
        "province_zh": src.province_zh,
        "doc_type": src.doc_type,
        "period_start": src.period_start,
        "period_end": src.period_end,
        **values,
        # who the document speaks for: the manifest's word, else inferred from issuer and title
        "issuer_level": src.issuer_level or issuer_level(values.get("issuer"), values.get("title"), src.jurisdiction_zh),
        "current_name": src.current_name,
        "source_url": src.source_url,
        "notes": src.notes,
        "detected_fields": detected,
        "source_file": src.file,
        "sha256": parsed.decoded.sha256,
        "encoding": parsed.decoded.encoding,
        "format": parsed.format,
        "converter": parsed.converter,
        "script": parsed.norm.script,
        "n_converted": parsed.norm.n_converted,
        "text": text,
        "n_chars": len(text),
        "header_end": outline.front_end,
        "back_start": outline.back_start,
        "n_provisions": len(provs),
        "n_tasks": sum(p.is_task for p in provs),
        "task_style": outline.task_style,
    }
    warnings = [f"{src.doc_id}: {r.kind}: {r.detail}" for r in records if r.action == "flagged"]
    return DocumentRows(document, provisions, quality, warnings)
