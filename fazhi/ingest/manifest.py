"""The manifest (``sources.csv``) and the reviewed corrections (``corrections.csv``).

Every problem is collected, with the file and line, rather than stopping at the
first one: a researcher adding ten documents fixes the manifest in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from fazhi.errors import FazhiError, ManifestError, SourceFileError
from fazhi.ingest.encoding import read_regular
from fazhi.schema import DOC_TYPES, ISSUER_LEVELS, LEVELS

REQUIRED = ("doc_id", "file", "jurisdiction_zh", "jurisdiction_en", "level", "province_zh", "doc_type", "period_start", "period_end")
OPTIONAL = ("title", "issued_date", "issuer", "doc_number", "source_url", "is_draft", "sha256", "notes", "issuer_level", "current_name")

CORRECTION_COLUMNS = ("doc_id", "find", "replace", "reason")
DOC_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
TRUE, FALSE = {"true", "yes", "1", "y", "是"}, {"false", "no", "0", "n", "否", ""}


@dataclass(frozen=True)
class Correction:
    """A reviewed fix: replace ``find`` (exactly once) by ``replace`` in ``doc_id``."""

    doc_id: str
    find: str
    replace: str
    reason: str
    source: str = "corrections.csv"
    line: int | None = None


@dataclass(frozen=True)
class Source:
    """One manifest row, validated; optional fields are None when blank."""

    doc_id: str
    file: str
    path: Path
    jurisdiction_zh: str
    jurisdiction_en: str
    level: str
    province_zh: str
    doc_type: str
    period_start: int
    period_end: int
    title: str | None
    issued_date: dt.date | None
    issuer: str | None
    doc_number: str | None
    source_url: str | None
    is_draft: bool | None
    sha256: str | None
    notes: str | None
    line: int
    manifest: Path
    issuer_level: str | None = None  # typed in the manifest; else inferred from issuer and title
    current_name: str | None = None  # the jurisdiction's present name when the document's is a former one


#: Control characters a CSV field may not hold (tab, newline and CR are text).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _read_csv(path: Path, what: type[FazhiError]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and ``(first line, row)`` pairs; a row that cannot be taken is ``{"__bad__": why}``.

    A record spanning several lines (a quoted field with line ends) is named by its
    first line.
    """
    data = read_regular(path, what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise what(f"not UTF-8 (byte offset {e.start})", path=path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise what("empty file: expected a header row", path=path) from None
    except csv.Error as e:
        raise what(f"malformed CSV: {e}", path=path, line=1) from None
    twice = sorted({h for h in header if header.count(h) > 1 and h})
    if twice:
        raise what(f"column(s) given twice: {', '.join(twice)}", path=path, line=1)
    rows = []
    first = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as e:  # e.g. a field over the csv module's size limit
            raise what(f"malformed CSV: {e}", path=path, line=first) from None
        line, first = first, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            rows.append((line, {"__bad__": f"has {len(record)} fields, header has {len(header)}"}))
            continue
        bad = [h for h, cell in zip(header, record) if CONTROL.search(cell)]
        if bad:
            rows.append((line, {"__bad__": f"control character (e.g. NUL) in {', '.join(bad)}"}))
            continue
        rows.append((line, dict(zip(header, record))))
    return header, rows


def read_manifest(path: Path) -> tuple[list[Source], list[FazhiError]]:
    """Validated rows and every problem found (the caller decides to stop)."""
    path = Path(path)
    header, rows = _read_csv(path, ManifestError)
    problems: list[FazhiError] = []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [ManifestError(f"missing required column(s): {', '.join(missing)}", path=path, line=1)]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        problems.append(ManifestError(f"unknown column(s): {', '.join(unknown)} (allowed: {', '.join(REQUIRED + OPTIONAL)})", path=path, line=1))
    raw_dir = path.parent.resolve()
    folders: dict[str, str] = {}
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        if "__bad__" in row:
            problems.append(ManifestError(row["__bad__"], path=path, line=line))
            continue
        row = {k: (v or "").strip() for k, v in row.items()}
        errs: list[str] = []

        def need(col: str) -> str:
            if not row.get(col):
                errs.append(f"{col} is blank")
            return row.get(col, "")

        doc_id = need("doc_id")
        if doc_id and not DOC_ID.match(doc_id):
            errs.append(f"doc_id {doc_id!r} must be a lowercase slug (a-z, 0-9, _)")
        if doc_id in seen:
            errs.append(f"duplicate doc_id {doc_id!r} (first on line {seen[doc_id]})")
        elif doc_id:
            seen[doc_id] = line
        for col in ("jurisdiction_zh", "jurisdiction_en"):
            need(col)
        level = need("level")
        # The nation belongs to no province: its province_zh is left blank (and only its).
        if level != "national":
            need("province_zh")
        elif row.get("province_zh"):
            errs.append(f"province_zh {row['province_zh']!r} given for the national level (leave it blank)")
        if level and level not in LEVELS:
            errs.append(f"unknown level {level!r} (expected one of {', '.join(LEVELS)})")
        doc_type = need("doc_type")
        if doc_type and doc_type not in DOC_TYPES:
            errs.append(f"unknown doc_type {doc_type!r} (expected one of {', '.join(DOC_TYPES)})")
        years = []
        for col in ("period_start", "period_end"):
            v = need(col)
            if v and not re.fullmatch(r"(19|20)\d{2}", v):
                errs.append(f"{col} {v!r} is not a year")
            years.append(int(v) if re.fullmatch(r"\d{4}", v or "") else None)
        if None not in years:
            if years[0] > years[1]:
                errs.append(f"period_start {years[0]} is after period_end {years[1]}")
            if doc_type == "report" and years[0] != years[1]:
                errs.append("a report covers one year: period_start must equal period_end")
        issued = None
        if row.get("issued_date"):
            try:
                issued = dt.date.fromisoformat(row["issued_date"])
            except ValueError:
                errs.append(f"issued_date {row['issued_date']!r} is not YYYY-MM-DD")
        is_draft = None
        if "is_draft" in row:
            v = row["is_draft"].lower()
            if v in TRUE:
                is_draft = True
            elif v in FALSE:
                is_draft = False if v else None
            else:
                errs.append(f"is_draft {row['is_draft']!r} is not true/false")
        issuer_level = row.get("issuer_level", "").strip() or None
        if issuer_level and issuer_level not in ISSUER_LEVELS:
            errs.append(f"issuer_level {issuer_level!r} is not one of {', '.join(ISSUER_LEVELS)}")
        sha = row.get("sha256", "").lower() or None
        if sha and not SHA256.match(sha):
            errs.append("sha256 must be 64 hexadecimal digits")
        file = need("file")
        file_path = None
        if file:
            candidate = _resolve(raw_dir, file, folders)
            if Path(file).is_absolute() or not candidate.is_relative_to(raw_dir):
                errs.append(f"file {file!r} points outside the manifest's folder")
            else:
                file_path = candidate
        if errs:
            problems.extend(ManifestError(e, path=path, line=line) for e in errs)
            continue
        if not file_path.exists():
            problems.append(SourceFileError(f"file listed on {path.name} line {line} not found", path=file_path))
            continue
        sources.append(
            Source(
                doc_id, file, file_path, row["jurisdiction_zh"], row["jurisdiction_en"], level, row["province_zh"], doc_type,
                years[0], years[1], row.get("title") or None, issued, row.get("issuer") or None, row.get("doc_number") or None,
                row.get("source_url") or None, is_draft, sha, row.get("notes") or None, line, path, issuer_level,
                (row.get("current_name") or "").strip() or None,
            )
        )
    return sources, problems


def _resolve(raw_dir: Path, file: str, folders: dict[str, str]) -> Path:
    """``(raw_dir / file).resolve()``, resolving each folder once (a manifest of
    10,000 rows in one folder would otherwise walk every path component 10,000 times)."""
    target = os.path.join(raw_dir, file)
    folder, name = os.path.split(target)
    if folder not in folders:
        folders[folder] = os.path.realpath(folder)
    candidate = os.path.join(folders[folder], name)
    return Path(os.path.realpath(candidate) if name in ("..", ".", "") or os.path.islink(candidate) else candidate)


def read_corrections(path: Path, doc_ids: set[str]) -> tuple[list[Correction], list[FazhiError]]:
    """Reviewed corrections; a missing file means none."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return [], []
    header, rows = _read_csv(path, ManifestError)
    missing = [c for c in CORRECTION_COLUMNS if c not in header]
    if missing:
        return [], [ManifestError(f"missing required column(s): {', '.join(missing)}", path=path, line=1)]
    out: list[Correction] = []
    problems: list[FazhiError] = []
    for line, row in rows:
        if "__bad__" in row:
            problems.append(ManifestError(row["__bad__"], path=path, line=line))
            continue
        doc_id = (row["doc_id"] or "").strip()
        if doc_id not in doc_ids:
            problems.append(ManifestError(f"correction for unknown doc_id {doc_id!r}", path=path, line=line))
        elif not row["find"]:
            problems.append(ManifestError("find is blank", path=path, line=line))
        elif not (row["reason"] or "").strip():
            problems.append(ManifestError("reason is blank: say what was checked", path=path, line=line))
        else:
            # find/replace are taken verbatim (no stripping): they are exact text.
            out.append(Correction(doc_id, row["find"], row["replace"] or "", row["reason"].strip(), str(path), line))
    return out, problems
