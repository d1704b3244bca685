"""Writing and reading the processed tables.

Writes are checked against the declared schema (types, nulls, allowed values,
unique keys) and atomic: all tables are written to a staging folder first and
moved into place only when every one of them is complete, so an interrupted or
failed build leaves the previous tables as they were.  The same rows give the
same bytes: no timestamps, no pandas index metadata.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import ProcessedDataError, SchemaError
from .schema import TABLES, TableSpec


def to_arrow(rows: Mapping[str, list], spec: TableSpec) -> pa.Table:
    """Column lists → an Arrow table of ``spec``'s schema, or :class:`SchemaError`."""
    missing = [n for n in spec.names if n not in rows]
    extra = [n for n in rows if n not in spec.names]
    if missing or extra:
        raise SchemaError(f"table {spec.name}: missing columns {missing}, unexpected columns {extra}")
    try:
        table = pa.Table.from_pydict({n: rows[n] for n in spec.names}, schema=spec.schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as e:
        raise SchemaError(f"table {spec.name}: {e}") from None
    validate(table, spec)
    return table


def validate(table: pa.Table, spec: TableSpec) -> None:
    """Check nulls, allowed values and key uniqueness of ``table``."""
    for col in spec.columns:
        arr = table.column(col.name)
        if not col.nullable and arr.null_count:
            raise SchemaError(f"table {spec.name}: column {col.name} has {arr.null_count} null value(s)")
        if col.values:
            bad = sorted({v for v in arr.to_pylist() if v is not None and v not in col.values})
            if bad:
                raise SchemaError(f"table {spec.name}: column {col.name} has values {bad} not in {list(col.values)}")
    keys = list(zip(*(table.column(k).to_pylist() for k in spec.key)))
    if len(set(keys)) != len(keys):
        seen, dup = set(), None
        for k in keys:
            if k in seen:
                dup = k
                break
            seen.add(k)
        raise SchemaError(f"table {spec.name}: duplicate key {dup} for ({', '.join(spec.key)})")


def _write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd", compression_level=3, use_dictionary=True, write_statistics=True)


def write_tables(tables: Mapping[str, pa.Table], out_dir: Path) -> list[Path]:
    """Write every table as ``<name>.parquet`` into ``out_dir``, all or nothing."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        for name, table in tables.items():
            validate(table, TABLES[name])
            _write_parquet(table, staging / f"{name}.parquet")
        written = []
        for name in tables:
            target = out_dir / f"{name}.parquet"
            os.replace(staging / f"{name}.parquet", target)  # atomic per file
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_table(out_dir: Path, name: str) -> pa.Table:
    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists():
        raise ProcessedDataError(f"missing table {name}.parquet; run `fazhi build` (or `make briefing`) first", path=path)
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowInvalid) as e:
        raise ProcessedDataError(f"cannot read table: {e}", path=path) from None
    spec = TABLES[name]
    if table.schema.names != spec.names:
        raise ProcessedDataError(
            f"table {name} has columns {table.schema.names}, this fazhi expects {spec.names}; rebuild with `fazhi build`",
            path=path,
        )
    return table
