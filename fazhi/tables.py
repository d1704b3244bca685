"""The processed tables as declared: rows checked against :mod:`fazhi.schema`, tables read back.

:func:`to_arrow` turns column lists into an Arrow table of a declared schema and
checks types, nulls, allowed values and key uniqueness (a :class:`SchemaError`
names the table and column); :func:`read_table` reads a built table and refuses
one whose columns are not this version's.

>>> from fazhi.schema import TABLES
>>> to_arrow({"k": [3], "term": ["行政复议"]}, TABLES["cluster_terms"])
Traceback (most recent call last):
...
fazhi.errors.SchemaError: table cluster_terms: missing columns ['cluster_id', 'rank', 'score', 'n_provisions', 'majority_theme_id', 'majority_share', 'label_zh', 'nearest_theme_id', 'nearest_share'], unexpected columns ['k']
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from fazhi.errors import ProcessedDataError, SchemaError
from fazhi.schema import TABLES, TableSpec


def columns(rows: list[dict], spec: TableSpec) -> dict[str, list]:
    """Rows as dicts → ``spec``'s column lists (the input of :func:`to_arrow`).

    >>> columns([{"k": 1}], TABLES["cluster_selection"].__class__("t", "", (TABLES["cluster_selection"].columns[0],), ("k",)))
    {'k': [1]}
    """
    return {name: [r[name] for r in rows] for name in spec.names}


def to_arrow(rows: Mapping[str, list], spec: TableSpec) -> pa.Table:
    """Column lists → an Arrow table of ``spec``'s schema, or :class:`SchemaError`.

    >>> to_arrow({"k": [3]}, TABLES["cluster_selection"].__class__("t", "", (TABLES["cluster_selection"].columns[0],), ("k",))).num_rows
    1
    """
    missing = [n for n in spec.names if n not in rows]
    extra = [n for n in rows if n not in spec.names]
    if missing or extra:
        raise SchemaError(f"table {spec.name}: missing columns {missing}, unexpected columns {extra}")
    try:
        # Column by column: from_pydict with this schema took 6 ms for a one-row documents table
        # (a twentieth of the per-document stage), building the arrays 0.1 ms.
        table = pa.Table.from_arrays([pa.array(rows[f.name], type=f.type) for f in spec.schema], schema=spec.schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as e:
        raise SchemaError(f"table {spec.name}: {e}") from None
    validate(table, spec)
    return table


def validate(table: pa.Table, spec: TableSpec) -> None:
    """Check nulls, allowed values and key uniqueness of ``table``.

    >>> from fazhi.schema import TABLES
    >>> validate(read_table(corpus.processed_dir, "cluster_selection"), TABLES["cluster_selection"]) is None
    True
    """
    for col in spec.columns:
        arr = table.column(col.name)
        if not col.nullable and arr.null_count:
            raise SchemaError(f"table {spec.name}: column {col.name} has {arr.null_count} null value(s)")
        if col.values:
            if pa.types.is_list(arr.type):  # a list column: every element is checked
                arr = pc.list_flatten(arr)
            bad = sorted({v for v in pc.unique(arr).to_pylist() if v is not None and v not in col.values})
            if bad:
                raise SchemaError(f"table {spec.name}: column {col.name} has values {bad} not in {list(col.values)}")
    if len(spec.key) == 1 and pc.count_distinct(table.column(spec.key[0]), mode="all").as_py() == table.num_rows:
        return  # one key column, all distinct: checked in Arrow, no Python object per row
    keys = list(zip(*(table.column(k).to_pylist() for k in spec.key)))
    if len(set(keys)) != len(keys):
        seen, dup = set(), None
        for k in keys:
            if k in seen:
                dup = k
                break
            seen.add(k)
        raise SchemaError(f"table {spec.name}: duplicate key {dup} for ({', '.join(spec.key)})")


def _open(out_dir: Path, name: str, reader):
    """``reader(path)`` of a processed table (schema or rows), its columns checked against this version's."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists():
        raise ProcessedDataError(f"missing table {name}.parquet; run `fazhi build` (or `make briefing`) first", path=path)
    try:
        result = reader(path)
    except (OSError, pa.ArrowInvalid) as e:
        raise ProcessedDataError(f"cannot read table: {e}", path=path) from None
    names = result.names if isinstance(result, pa.Schema) else result.schema.names
    if names != TABLES[name].names:
        raise ProcessedDataError(
            f"table {name} has columns {names}, this fazhi expects {TABLES[name].names}; rebuild with `fazhi build`",
            path=path,
        )
    return result


#: A published set of tables: ``out/current`` links to the snapshot folder, which records
#: its tables in ``snapshot.json`` (written by :mod:`fazhi.store.publish`).
CURRENT = "current"
MANIFEST = "snapshot.json"
#: Bytes at each end of a table that :func:`ends_digest` covers: all of a small table; of
#: a large one its first rows and its footer (every row group's sizes and statistics).
ENDS = 1 << 16


def ends_digest(path: Path) -> str:
    """BLAKE2b-128 of a table file's first and last :data:`ENDS` bytes: a check
    :func:`snapshot_folder` can afford on every load, whatever the table's size.

    >>> len(ends_digest(corpus.processed_dir / "documents.parquet"))
    32
    """
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        h.update(f.read(ENDS))
        size = f.seek(0, 2)
        if size > ENDS:
            f.seek(size - ENDS)
            h.update(f.read())
    return h.hexdigest()


def snapshot_folder(out_dir: Path) -> Path:
    """The folder holding one consistent set of tables: ``out_dir/current`` resolved (so
    tables read later still come from the same build), else ``out_dir`` itself.  If the
    set records its tables (``snapshot.json``), every table must be the one recorded:
    a folder mixing tables of different builds is refused.

    >>> snapshot_folder(corpus.processed_dir).parent.name
    '.snapshots'
    """
    out_dir = Path(out_dir)
    current = out_dir / CURRENT
    folder = current.resolve() if current.is_dir() else out_dir
    manifest = folder / MANIFEST
    if manifest.exists():
        try:
            recorded = json.loads(manifest.read_text("utf-8"))["tables"]
        except (OSError, ValueError, KeyError) as e:
            raise ProcessedDataError(f"unreadable snapshot.json: {e}", path=manifest) from None
        for name, entry in recorded.items():
            path = folder / f"{name}.parquet"
            expected_ends = entry.get("ends_blake2b")  # absent in a snapshot.json that records sizes only
            if path.exists() and (path.stat().st_size != entry["bytes"] or (expected_ends and ends_digest(path) != expected_ends)):
                raise ProcessedDataError(
                    f"{name}.parquet is not the one this set was built with (tables of different builds are mixed); rebuild with `fazhi build`",
                    path=path,
                )
    return folder


def read_schema(out_dir: Path, name: str) -> pa.Schema:
    """The schema of a processed table, checked (reads no rows).

    >>> read_schema(corpus.processed_dir, "indicators").field("value").metadata[b"description"][:10]
    b'The figure'
    """
    return _open(out_dir, name, pq.read_schema)


def read_table(out_dir: Path, name: str) -> pa.Table:
    """One built table, checked against this version's schema.

    >>> read_table(corpus.processed_dir, "cluster_selection").num_rows > 1
    True
    """
    return _open(out_dir, name, pq.read_table)


def data_version(folder: Path) -> str:
    """A short name for one build's tables: BLAKE2b over the digests its ``snapshot.json``
    records (the same tables give the same version on any machine); ``"unversioned"``
    for a folder without one (tables copied by hand).

    >>> data_version(Path("/nonexistent"))
    'unversioned'
    """
    manifest = Path(folder) / MANIFEST
    try:
        tables = json.loads(manifest.read_text("utf-8"))["tables"]
    except (OSError, ValueError, KeyError, TypeError):
        return "unversioned"
    h = hashlib.blake2b(digest_size=5)
    for name in sorted(tables):
        h.update(f"{name}:{tables[name].get('blake2b')}\n".encode())
    return h.hexdigest()
