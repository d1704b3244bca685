"""``fazhi add``: files or folders in, manifest rows inferred, ``sources.csv`` written at once.

For each file: its bytes are read (refused over the size limit), converted to text
(:mod:`fazhi.ingest.formats` when present, plain text otherwise), every manifest field
inferred (:func:`fazhi.parse.infer.infer_text`), a value the researcher already typed
in ``sources.csv`` kept, and the file copied into the raw folder if it is not already in
it (byte for byte).  ``sources.csv`` is written once, at the end, through a temporary file
and a rename: a file that fails is reported on one line and left out; the others are added.

>>> slug("Huaibei 2021 Plan.txt"), slug("page.html"), slug("规划.txt")
('huaibei_2021_plan', '', '')
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.errors import FazhiError, ManifestError, SourceFileError
from fazhi.ingest.encoding import MAX_FILE_BYTES, read_regular
from fazhi.ingest.formats import detect, extract
from fazhi.ingest.formats.word import prepare_docs
from fazhi.parse.hardwrap import width as columns  # terminal columns: a Chinese character takes two
from fazhi.parse.infer import FIELDS, Inferred, infer_text
from fazhi.ingest.manifest import DOC_ID, OPTIONAL, REQUIRED
from fazhi.store.cache import write_atomic

MANIFEST = "sources.csv"
#: Files of a folder taken as documents (a file named on the command line is always tried).
DOCUMENT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx", ".doc"}
#: Names that say nothing of the document (a crawler's page.html): the folder names it instead.
GENERIC_STEMS = {"page", "index", "content", "default", "document", "main", "text", "article", "fulltext"}
SKIP_NAMES = {"sources.csv", "corrections.csv"}


@dataclass
class Added:
    """One file's outcome: its manifest row, the inferred values and which were typed."""

    path: Path
    row: dict[str, str]
    inferred: dict[str, Inferred]
    typed: set[str]
    copied_to: Path | None = None


@dataclass
class AddResult:
    added: list[Added] = field(default_factory=list)
    errors: list[FazhiError] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    manifest: Path | None = None


def slug(name: str) -> str:
    """A doc_id from a file name, or '' when the name says nothing (page.html) or is not Latin."""
    stem = Path(name).stem if "." in name else name
    if stem.lower() in GENERIC_STEMS:
        return ""
    # A Chinese name carries no ASCII: its initial would only mislead (规划.txt → ''); the caller builds one.
    s = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    if not s or not re.search(r"[a-z]", s):
        return ""
    return s if DOC_ID.match(s) else ""


def expand(paths: list[str | Path]) -> tuple[list[tuple[Path, Path | None]], list[FazhiError], list[Path]]:
    """``(file, folder it was found under or None)`` for each document, errors for paths
    that do not exist, and files of a folder that are not documents (skipped)."""
    out: list[tuple[Path, Path | None]] = []
    errors: list[FazhiError] = []
    skipped: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if any(part.startswith(".") for part in f.relative_to(p).parts) or not f.is_file():
                    continue
                if f.name in SKIP_NAMES or f.suffix.lower() not in DOCUMENT_SUFFIXES or f.name.lower().startswith("readme"):
                    skipped.append(f)
                    continue
                out.append((f, p))
        elif p.exists() or p.is_symlink():
            out.append((p, None))
        else:
            errors.append(SourceFileError("not found", path=p))
    return out, errors, skipped


def extract_text(data: bytes, path: Path) -> tuple[str, dict]:
    """The text and page metadata of a raw file, by the format converters."""
    x = extract(data, path)
    return x.text, dict(x.meta or {})


def convert_docs_at_once(files: list[Path]) -> None:
    """Every legacy Word file among ``files`` (by its bytes) converted with one LibreOffice
    start, so each file after it needs none (a start costs seconds); a file this cannot
    convert is tried again on its own and fails on its own line."""
    docs = []
    for f in files:
        try:
            if f.stat().st_size <= MAX_FILE_BYTES:
                with open(f, "rb") as fh:
                    head = fh.read(4)
                if head == b"\xd0\xcf\x11\xe0":  # an OLE2 compound file: Word's .doc among others
                    data = f.read_bytes()
                    if detect(data, f.name) == "doc":
                        docs.append(data)
        except (OSError, FazhiError):
            continue  # said on the file's own line by the main pass
    if len(docs) > 1:
        prepare_docs(docs)


def read_manifest_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The manifest's header and rows as typed (unvalidated: a half-filled row is kept as it is)."""
    if not path.exists():
        return [], []
    text = read_regular(path, ManifestError).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = [{k: (v or "") for k, v in r.items() if k is not None} for r in reader]
    return list(reader.fieldnames or []), rows


def _destination(src: Path, folder: Path | None, raw: Path, data: bytes, taken: set[Path]) -> Path:
    """Where a file from outside the raw folder goes: its path under the folder it was
    found in (``realpages/x/page.html``), or its name; ``_2``… if another file has that name."""
    rel = Path(folder.name) / src.relative_to(folder) if folder is not None else Path(src.name)
    dest = raw / rel
    k = 1
    while (dest.exists() and dest.read_bytes() != data) or (dest in taken):
        k += 1
        dest = raw / rel.with_name(f"{rel.stem}_{k}{rel.suffix}")
    return dest


def _doc_id(path: Path, inferred: dict[str, Inferred], used: set[str]) -> str:
    base = slug(path.name) or slug(path.parent.name)
    if not base:
        en = re.sub(r"[^a-z0-9]+", "_", inferred["jurisdiction_en"].value.split(",")[0].lower()).strip("_") or "doc"
        parts = [en, inferred["period_start"].value, inferred["doc_type"].value]
        base = "_".join(p for p in parts if p) or "doc"
    doc_id, k = base, 1
    while doc_id in used:
        k += 1
        doc_id = f"{base}_{k}"
    return doc_id


def add(paths: list[str | Path], raw: str | Path = "data/raw") -> AddResult:
    """Add ``paths`` (files or folders) to the manifest of ``raw``; see the module docstring."""
    raw = Path(raw)
    result = AddResult(manifest=raw / MANIFEST)
    files, result.errors, result.skipped = expand(paths)
    raw.mkdir(parents=True, exist_ok=True)
    raw_real = raw.resolve()
    convert_docs_at_once([src for src, _ in files])
    header, rows = read_manifest_rows(raw / MANIFEST)
    by_file = {r.get("file", ""): r for r in rows}
    used = {r.get("doc_id", "") for r in rows}
    taken: set[Path] = set()
    copies: list[tuple[bytes, Path]] = []
    for src, folder in files:
        try:
            size = src.stat().st_size
            if size > MAX_FILE_BYTES:
                raise SourceFileError(f"file is {size / 1024 / 1024:.1f} MB, over the {MAX_FILE_BYTES // 1024 // 1024} MB limit; is it a document?", path=src)
            data = read_regular(src, SourceFileError)
            text, meta = extract_text(data, src)
            inferred = infer_text(text, meta, path=str(src))
        except FazhiError as e:
            result.errors.append(e)
            continue
        except Exception as e:  # noqa: BLE001 — one bad file must not stop the others
            result.errors.append(SourceFileError(f"could not be read ({type(e).__name__}: {str(e)[:200]})", path=src))
            continue
        real = src.resolve()
        dest = None
        if real.is_relative_to(raw_real):
            rel = real.relative_to(raw_real)
        else:
            dest = _destination(src, folder, raw, data, taken)
            taken.add(dest)
            rel = dest.relative_to(raw)
            copies.append((data, dest))
        file = rel.as_posix()
        typed = dict(by_file.get(file, {}))
        row = dict(typed)
        row["file"] = file
        if not typed.get("doc_id"):
            row["doc_id"] = _doc_id(src if dest is None else dest, inferred, used)
            used.add(row["doc_id"])
        kept = {f for f in FIELDS if (typed.get(f) or "").strip()}
        for f in FIELDS:
            if f not in kept:
                row[f] = inferred[f].value
        sha = hashlib.sha256(data).hexdigest()
        if not (typed.get("sha256") or "").strip():
            row["sha256"] = sha
        if file in by_file:
            by_file[file].clear()
            by_file[file].update(row)
        else:
            rows.append(row)
            by_file[file] = row
        result.added.append(Added(src, row, inferred, kept, dest))
    for data, dest in copies:
        write_atomic(dest, data)
    if result.added:
        columns = list(header) or list(REQUIRED + OPTIONAL)
        columns += [c for c in REQUIRED + OPTIONAL if c not in columns]
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows({c: r.get(c, "") for c in columns} for r in rows)
        write_atomic(raw / MANIFEST, buf.getvalue().encode("utf-8"))
    return result


def _clip(text: str, width: int) -> str:
    while columns(text) > width:
        text = text[:-2] + "…"
    return text


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - columns(text))


def review_table(a: Added, width: int = 48) -> str:
    """The review table of one file: field, value, where it came from, confidence ('typed' wins)."""
    lines = [f"{a.path} → {a.row['doc_id']}" + (f" (copied to {a.copied_to})" if a.copied_to else "")]
    lines.append(f"  {'field':<16}{'value':<{width}}  {'source':<40}conf")
    for f in FIELDS:
        if f in a.typed:
            value, source, conf = a.row[f], "typed in sources.csv (kept)", "—"
        else:
            inf = a.inferred[f]
            value, source, conf = inf.value, inf.source, f"{inf.confidence:.2f}"
        shown = _clip(value or "—", width)
        lines.append(f"  {f:<16}{_pad(shown, width)}  {_pad(_clip(source, 40), 40)}{conf}")
    return "\n".join(lines)


#: Inferred values below this confidence are named for review in :func:`review_line`.
REVIEW_BELOW = 0.8


def review_line(a: Added) -> str:
    """One file's row in a line, naming the inferred values to check (for ``fazhi build``
    of a folder without a manifest, where a table per file would bury the build's output).

    >>> inf = {f: Inferred("", "not found", 0.0) for f in FIELDS}
    >>> inf["jurisdiction_zh"] = Inferred("十堰市", "issuer", 0.95)
    >>> row = {f: "" for f in FIELDS} | {"doc_id": "shiyan", "jurisdiction_zh": "十堰市", "doc_type": "report"}
    >>> review_line(Added(Path("a.txt"), row, inf, {"doc_type"}))
    'a.txt → shiyan: 十堰市 · report; check: jurisdiction_en (not found), level (not found), province_zh (not found), period_start (not found), period_end (not found)'
    """
    core = ("jurisdiction_zh", "level", "province_zh", "doc_type", "period_start", "period_end")
    shown = " · ".join(a.row[f] for f in core if a.row.get(f))
    doubtful = [f for f in FIELDS if f in REVIEW_FIELDS and f not in a.typed and a.inferred[f].confidence < REVIEW_BELOW]
    check = ", ".join(f"{f} ({a.inferred[f].confidence:.2f})" if a.inferred[f].value else f"{f} (not found)" for f in doubtful)
    return f"{a.path} → {a.row['doc_id']}: {shown}" + (f"; check: {check}" if check else "")


#: The fields a build needs (the manifest's required ones): the others may stay blank.
REVIEW_FIELDS = set(REQUIRED) - {"doc_id", "file"}

