"""``build``: raw texts + manifest → documents, provisions and quality tables.

:func:`process_document` does everything for one document from its bytes; it
reads no other document, so :func:`build` runs it in worker processes and caches
its result (:mod:`fazhi.store.cache`).  :func:`build` collects every problem and
writes nothing unless all documents processed cleanly.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from fazhi.ingest.encoding import Decoded, decode_bytes, hint_window, will_read
from fazhi.errors import BuildError, ChecksumError, FazhiError, SourceFileError
from fazhi.parse.header import HeaderInfo, extract_header
from fazhi.ingest.manifest import Source, read_corrections, read_manifest
from fazhi.parse.normalize import Correction, Normalized, normalize
from fazhi.parse.outline import Outline, parse_outline
from fazhi.analyze.stage import analyze, provision_tokens, text_hash
from fazhi.analyze.corpusinputs import SCHEMA as ANALYSIS_SCHEMA, CorpusInputs
from fazhi.extract.catalogue import load_catalogue
from fazhi.extract.indicators import indicator_rows
from fazhi.schema import TABLES
from fazhi.store import shards
from fazhi.store.memory import release, tune_for_build
from fazhi.store.cache import Payload, PayloadCache, Workers, document_key, dumps, loads, read_ahead, work
from fazhi.store.rawindex import RawIndex
from fazhi.analyze.reuse import fingerprints, flatten
from fazhi.store.parquetparts import Part
from fazhi.store.tables import TableStream, columns, to_arrow
from fazhi.parse.textedit import Record
from fazhi.analyze.tokenize import cache_dir


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


PER_DOCUMENT_TABLES = ("documents", "provisions", "indicators", "quality")
#: Raw files hinted to the kernel ahead of the one being hashed (fazhi.ingest.encoding.will_read).
READ_AHEAD = 64


def document_payload(src: Source, data: bytes, corrections: Sequence[Correction] = ()) -> Payload:
    """One document's payload: its table rows as Arrow plus the corpus stage's inputs."""
    r = process_document(src, data, corrections)
    rows = {"documents": [r.document], "provisions": r.provisions, "indicators": r.indicators, "quality": r.quality}
    tables = {name: to_arrow(columns(rows[name], TABLES[name]), TABLES[name]) for name in PER_DOCUMENT_TABLES}
    provs = r.provisions
    analysis = pa.Table.from_pydict(
        {
            "provision_id": [p["provision_id"] for p in provs],
            "doc_id": [src.doc_id] * len(provs),
            "parent_id": [p["parent_id"] for p in provs],
            "is_task": [p["is_task"] for p in provs],
            "text": [p["text"] for p in provs],
            "text_hash": [text_hash(p["text"]) for p in provs],
            "text_start": [p["text_start"] for p in provs],
            "text_tokens": [t[0] for t in r.tokens],
            "head_tokens": [t[1] for t in r.tokens],
            "prints": _list_column([fingerprints(p["text"]) for p in provs]),
        },
        schema=ANALYSIS_SCHEMA,
    )
    summary = {k: v for k, v in r.document.items() if k != "text"}
    return Payload(src.doc_id, tables, analysis, summary, r.warnings)


def _list_column(arrays: list[np.ndarray]) -> pa.ListArray:
    """``list<uint64>`` from numpy arrays without a Python int per element."""
    values, offsets = flatten(arrays)
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), pa.array(values))


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
    timings: dict[str, float] = field(default_factory=dict)
    cache_hits: int = 0
    jobs: int = 1

    def report(self, *, max_lines: int = 30) -> str:
        lines = [
            f"built {self.n_documents} documents, {self.n_provisions} provisions ({self.n_tasks} tasks), "
            f"{self.n_indicators} indicator rows, {self.n_quality} quality rows"
        ]
        for d in self.per_document[:max_lines]:
            lines.append(
                f"  {d['doc_id']:<28} {d['jurisdiction_zh']:<5} {d['doc_type']:<11} {d['period_start']}–{d['period_end']}"
                f"  {d['script']:<11} {d['n_tasks']:>3} tasks  {d['n_provisions']:>3} provisions"
            )
        if len(self.per_document) > max_lines:
            lines.append(f"  … and {len(self.per_document) - max_lines} more documents")
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s) (see the quality table):")
            lines.extend("  " + w for w in self.warnings[:max_lines])
            if len(self.warnings) > max_lines:
                lines.append(f"  … and {len(self.warnings) - max_lines} more")
        lines.append(
            f"{self.jobs} job(s); {self.cache_hits} of {self.n_documents} documents from the cache; "
            + ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items())
        )
        lines.append("tables: " + ", ".join(str(p) for p in self.written))
        return "\n".join(lines)


Progress = Callable[[str], None]
_NEWLINE = re.compile("\r\n|\r|\n")


def _key(src: Source, corrections: list[Correction], digest: bytes | None, index: RawIndex) -> tuple[str | None, str, FazhiError | None]:
    """A document's cache key and its file's sha256 (hex), ``digest`` if known; or the error reading it."""
    try:
        digest = digest or index.digest(src.path)
    except FazhiError as e:
        return None, "", e
    return document_key(src, digest, corrections), digest.hex(), None


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def build(
    raw_dir: str | Path = "data/raw",
    out_dir: str | Path = "data/processed",
    *,
    jobs: int = 1,
    cache: bool | str | Path = True,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build the processed tables from a raw folder; all or nothing.

    ``jobs`` processes run the per-document stage (the output is the same for any
    number); ``cache`` reuses per-document results from earlier builds (``True``: the
    project's cache folder, a path: that folder, ``False``: none).  Raises
    :class:`BuildError` listing every problem; then nothing is written and the tables
    already in ``out_dir`` are left untouched.
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    tune_for_build()
    if not raw_dir.is_dir():
        raise BuildError([SourceFileError("raw folder not found", path=raw_dir)])
    sources, problems = read_manifest(raw_dir / "sources.csv")
    corrections, more = read_corrections(raw_dir / "corrections.csv", {s.doc_id for s in sources})
    problems.extend(more)
    if not sources and not problems:
        problems.append(SourceFileError("the manifest lists no documents", path=raw_dir / "sources.csv"))
    folder = None if cache is False else (cache_dir() / "documents" if cache is True else Path(cache))
    store = PayloadCache(folder)
    shard_store = PayloadCache(folder, suffix=shards.SUFFIX, cls=shards.Shard)
    by_doc: dict[str, list[Correction]] = {}
    for c in corrections:
        by_doc.setdefault(c.doc_id, []).append(c)
    keys: dict[str, str] = {}
    digests: dict[str, str] = {}  # sha256 of each raw file, as its key hashed it
    pending: set[str] = set()  # documents whose payloads are computed in this build
    workers = Workers(jobs)
    stream = TableStream(out_dir)
    try:
        # Files whose stat is as the last build saw it are not read again (fazhi.store.rawindex).
        index = RawIndex(folder)
        known = [index.known(s.path) for s in sources]
        unread = [s for s, d in zip(sources, known) if d is None]
        place = {s.doc_id: n for n, s in enumerate(unread)}
        for src, digest in zip(sources, known):
            n = place.get(src.doc_id)
            if n is not None:  # a cold disk reads the next files to read while this one is hashed
                for m in hint_window(n, len(unread), READ_AHEAD):
                    will_read(unread[m].path)
            key, digests[src.doc_id], error = _key(src, by_doc.get(src.doc_id, []), digest, index)
            if error is not None:
                problems.append(error)
                continue
            keys[src.doc_id] = key
            if not store.has(key):  # a worker starts on it now, while the other files are hashed
                workers.add((src, by_doc.get(src.doc_id, [])))
                pending.add(src.doc_id)
        index.save()
        readable = [s for s in sources if s.doc_id in keys]
        # Boundaries from the raw files' hashes, not the cache keys: the tables' row groups
        # (one per shard) then stay where they are from one fazhi version to the next.
        groups = [readable[a:b] for a, b in shards.bounds([digests[s.doc_id] for s in readable])]
        group_keys = [shards.shard_key([keys[s.doc_id] for s in g]) for g in groups]
        shard_cached = [shard_store.has(gk) for gk in group_keys]
        for group in (g for g, hit in zip(groups, shard_cached) if hit):
            for src in group:  # the shard is cached (its payload files were removed by hand)
                if src.doc_id in pending:
                    workers.discard(src.doc_id)
                    pending.discard(src.doc_id)
        timings["read"] = time.perf_counter() - clock
        clock = time.perf_counter()

        inputs = CorpusInputs()
        summaries: list[dict] = []
        warnings: list[str] = []
        done = computed = 0

        def load(k: int) -> tuple[shards.Shard | None, list[Payload | None]]:
            # In the read-ahead thread: the cached shard, or else its documents' cached payloads.
            shard = shard_store.get(group_keys[k]) if shard_cached[k] else None
            if shard is not None:
                return shard, []
            return None, [None if s.doc_id in pending else store.get(keys[s.doc_id]) for s in groups[k]]

        def files(k: int) -> list[Path]:
            if shard_cached[k]:
                return [shard_store.path(group_keys[k])]
            return [store.path(keys[s.doc_id]) for s in groups[k] if s.doc_id not in pending]

        loaded = read_ahead(load, len(groups), files=files if folder else lambda k: [])
        for n_shard, (group, gk) in enumerate(zip(groups, group_keys)):
            shard, cached = next(loaded)
            if shard is None:
                payloads = []
                for src, payload in zip(group, cached):
                    if payload is None:  # from the workers, or computed here if the cached file was unreadable
                        computed += 1
                        _, blob, error = workers.take(src.doc_id) if src.doc_id in pending else work((src, by_doc.get(src.doc_id, [])))
                        if error is not None:
                            problems.append(error)
                            continue
                        payload = loads(blob)
                        if payload.summary["sha256"] != digests[src.doc_id]:  # never store it under the old key
                            problems.append(SourceFileError("the file changed while the build read it; build again", path=src.path))
                            continue
                        store.put(keys[src.doc_id], blob)
                    payloads.append(payload)
                if problems:  # nothing will be written: only keep collecting problems
                    continue
                shard = shards.join(gk, payloads)
                del payloads
                shard_store.put(gk, dumps(shard, shards.CODEC, by_buffer=True))
            done += len(group)
            if progress:
                progress(f"[{done}/{len(sources)}] {group[-1].doc_id}")
            if problems:
                continue
            for name in PER_DOCUMENT_TABLES:
                stream.write_part(name, shard.parts[name])  # validated by to_arrow, in the worker
            inputs.add(shard.analysis, key=gk)
            summaries.extend(shard.summaries)
            warnings.extend(shard.warnings)
            del shard
            if n_shard % 16 == 15:
                release()  # the loaded shards' freed buffers, before they pile up
        loaded.close()
        workers.close()  # ends the worker processes now, before the corpus stage needs the memory
        timings["documents"] = time.perf_counter() - clock
        if problems:
            raise BuildError(problems)
        inputs.finish()
        release()
        writing = [0.0]

        def emit(name: str, rows: dict | Part) -> None:
            # Each table (or a segment's rows, encoded) goes to the stream as soon as
            # analyze has it, and is freed.
            t = time.perf_counter()
            if isinstance(rows, Part):
                stream.write_part(name, rows)
            else:
                stream.write(name, to_arrow(rows, TABLES[name]), validated=True)
            writing[0] += time.perf_counter() - t

        analyze(inputs, emit, jobs=jobs, timings=timings, cache=folder)
        del inputs
        clock = time.perf_counter()
        counts = dict(stream.counts)
        written = stream.commit()
        timings["write"] = writing[0] + time.perf_counter() - clock
    except BaseException:
        stream.abort()
        raise
    finally:
        workers.close()
    return BuildSummary(
        raw_dir,
        out_dir,
        written,
        len(summaries),
        counts["provisions"],
        sum(d["n_tasks"] for d in summaries),
        counts["indicators"],
        counts["quality"],
        warnings,
        summaries,
        timings,
        len(readable) - computed,
        max(1, jobs),
    )
