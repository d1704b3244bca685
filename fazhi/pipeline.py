"""``build``: raw texts + manifest → documents, provisions and quality tables.

:func:`process_document` does everything for one document from its bytes; it
reads no other document, so a build can later run it in parallel or from a
cache.  :func:`build` validates the whole raw folder first, collects every
problem, and writes nothing unless all documents processed cleanly.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from .encoding import Decoded, decode_bytes, read_bytes
from .errors import BuildError, ChecksumError, FazhiError, SourceFileError
from .header import HeaderInfo, extract_header
from .manifest import Source, read_corrections, read_manifest
from .normalize import Correction, Normalized, normalize
from .outline import Outline, parse_outline
from .analysis import analyze, provision_tokens
from .catalogue import load_catalogue
from .indicators import indicator_rows
from .schema import DOCUMENTS, INDICATORS, PROVISIONS, QUALITY, TABLES, TableSpec
from .tableio import to_arrow, write_tables
from .textedit import Record


@dataclass
class Parsed:
    """A document taken apart: decoded, normalised, outlined, header read."""

    decoded: Decoded
    norm: Normalized
    outline: Outline
    header: HeaderInfo
    records: list[Record]

    @property
    def text(self) -> str:
        return self.norm.text


def parse_text(data: bytes, *, path: str | Path = "<text>", corrections: Sequence[Correction] = (), doc_type: str | None = None) -> Parsed:
    """Decode, normalise and outline one document's bytes (no manifest needed)."""
    decoded = decode_bytes(data, path)
    norm = normalize(decoded.text, corrections, path=str(path))
    outline = parse_outline(norm.text, doc_type=doc_type)
    text = norm.text
    front = text[: outline.front_end].split("\n") if outline.front_end else []
    back = text[outline.back_start :].split("\n") if outline.back_start < len(text) else []
    header = extract_header(front, back)
    for s, e, kind, detail in outline.warnings:
        norm.tracked.flag(s, e, kind, detail)
    return Parsed(decoded, norm, outline, header, norm.tracked.records())


@dataclass
class DocumentResult:
    doc_id: str
    document: dict
    provisions: list[dict]
    indicators: list[dict]
    quality: list[dict]
    tokens: list[tuple[list[str], list[str]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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


def process_document(src: Source, data: bytes, corrections: Sequence[Correction] = ()) -> DocumentResult:
    """Everything for one document, from its raw bytes and manifest row."""
    parsed = parse_text(data, path=src.path, corrections=corrections, doc_type=src.doc_type)
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
    provisions = [
        {
            "doc_id": src.doc_id,
            "provision_id": ids[i],
            "parent_id": ids[p.parent] if p.parent is not None else None,
            "depth": p.depth,
            "label": p.label,
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
        "source_url": src.source_url,
        "notes": src.notes,
        "detected_fields": detected,
        "source_file": src.file,
        "sha256": parsed.decoded.sha256,
        "encoding": parsed.decoded.encoding,
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
    indicators = indicator_rows(src.doc_id, text, list(zip(ids, provs)), src.doc_type, (src.period_start, src.period_end), load_catalogue())
    warnings = [f"{src.doc_id}: {r.kind}: {r.detail}" for r in records if r.action == "flagged"]
    tokens = [provision_tokens(p.text, p.heading) for p in provs]
    return DocumentResult(src.doc_id, document, provisions, indicators, quality, tokens, warnings)


def _columns(rows: list[dict], spec: TableSpec) -> dict[str, list]:
    return {name: [r[name] for r in rows] for name in spec.names}


def assemble(results: Sequence[DocumentResult]) -> dict[str, pa.Table]:
    """Per-document results → every Arrow table, in manifest order (corpus steps included)."""
    provisions = [p for r in results for p in r.provisions]
    corpus_rows = analyze(provisions, [t for r in results for t in r.tokens])
    rows = {
        "documents": [r.document for r in results],
        "provisions": provisions,
        "indicators": [i for r in results for i in r.indicators],
        **corpus_rows,
        "quality": [q for r in results for q in r.quality],
    }
    return {name: to_arrow(_columns(rows[name], spec), spec) for name, spec in TABLES.items()}


@dataclass
class BuildSummary:
    raw_dir: Path
    out_dir: Path
    written: list[Path]
    n_documents: int
    n_provisions: int
    n_tasks: int
    n_indicators: int
    n_quality: int
    warnings: list[str]
    per_document: list[dict]

    def report(self) -> str:
        lines = [
            f"built {self.n_documents} documents, {self.n_provisions} provisions ({self.n_tasks} tasks), "
            f"{self.n_indicators} indicator rows, {self.n_quality} quality rows"
        ]
        for d in self.per_document:
            lines.append(
                f"  {d['doc_id']:<28} {d['jurisdiction_zh']:<5} {d['doc_type']:<11} {d['period_start']}–{d['period_end']}"
                f"  {d['script']:<11} {d['n_tasks']:>3} tasks  {d['n_provisions']:>3} provisions"
            )
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s) (see the quality table):")
            lines.extend("  " + w for w in self.warnings)
        lines.append("tables: " + ", ".join(str(p) for p in self.written))
        return "\n".join(lines)


Progress = Callable[[str], None]
_NEWLINE = re.compile("\r\n|\r|\n")


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def build(raw_dir: str | Path = "data/raw", out_dir: str | Path = "data/processed", *, progress: Progress | None = None) -> BuildSummary:
    """Build the processed tables from a raw folder; all or nothing.

    Raises :class:`BuildError` listing every problem; then nothing is written
    and the tables already in ``out_dir`` are left untouched.
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if not raw_dir.is_dir():
        raise BuildError([SourceFileError("raw folder not found", path=raw_dir)])
    sources, problems = read_manifest(raw_dir / "sources.csv")
    corrections, more = read_corrections(raw_dir / "corrections.csv", {s.doc_id for s in sources})
    problems.extend(more)
    results: list[DocumentResult] = []
    for k, src in enumerate(sources, 1):
        if progress:
            progress(f"[{k}/{len(sources)}] {src.doc_id}")
        try:
            data = read_bytes(src.path)
            results.append(process_document(src, data, [c for c in corrections if c.doc_id == src.doc_id]))
        except FazhiError as e:
            problems.append(e)
    if not sources and not problems:
        problems.append(SourceFileError("the manifest lists no documents", path=raw_dir / "sources.csv"))
    if problems:
        raise BuildError(problems)
    tables = assemble(results)
    written = write_tables(tables, out_dir)
    return BuildSummary(
        raw_dir,
        out_dir,
        written,
        len(results),
        tables["provisions"].num_rows,
        sum(r.document["n_tasks"] for r in results),
        tables["indicators"].num_rows,
        tables["quality"].num_rows,
        [w for r in results for w in r.warnings],
        [r.document for r in results],
    )
