"""``fazhi export``: the processed tables as CSV and XLSX, described by a Frictionless
Data Package (``datapackage.json``) so R, Stata, DuckDB and spreadsheet users get
documented files.

Everything is derived from :mod:`fazhi.schema`: field types, descriptions, allowed
values, keys.  List columns are written ``; ``-joined (``lead_units``: ``市司法局; 市财政局``;
``deadlines``: their words), dates as ISO ``YYYY-MM-DD``, a missing value as an empty
cell.  Same tables in, same bytes out (the XLSX has fixed timestamps).

>>> field_type(pa.int16()), field_type(pa.list_(pa.string())), field_type(pa.date32())
('integer', 'string', 'date')
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from fazhi.errors import OutputError
from fazhi.schema import TABLES, TableSpec

#: Excel's limit on the characters of one cell; longer cells go to the ``long_cells`` sheet in parts.
XLSX_CELL_LIMIT = 32_767
XLSX_PART = 30_000
LIST_SEPARATOR = "; "
FOREIGN_KEYS = {"provisions": "doc_id", "indicators": "doc_id", "themes": "doc_id", "quality": "doc_id"}


def field_type(t: pa.DataType) -> str:
    """The Table Schema type of an Arrow type (lists and structs are written as text).

    >>> field_type(pa.float64())
    'number'
    """
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_floating(t):
        return "number"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_date(t):
        return "date"
    return "string"


def list_text(value) -> str | None:
    """A list cell as text: items joined with ``; ``, deadline structs by their words.

    >>> list_text(["市司法局", "市财政局"]), list_text([{"text": "2023年底前", "year": 2023}])
    ('市司法局; 市财政局', '2023年底前')
    """
    if value is None:
        return None
    items = list(value)
    return LIST_SEPARATOR.join(str(v["text"]) if isinstance(v, dict) else str(v) for v in items)


def flat_frame(table: pa.Table, spec: TableSpec):
    """The table as a pandas frame of flat cells, ready for CSV and XLSX.

    >>> from fazhi.tables import read_table, snapshot_folder
    >>> from fazhi.schema import TABLES
    >>> df = flat_frame(read_table(snapshot_folder(corpus.processed_dir), "provisions"), TABLES["provisions"])
    >>> df["lead_units"].dropna().map(lambda s: "; " in s).any()
    np.True_
    """
    df = table.to_pandas()
    for col in spec.columns:
        if pa.types.is_list(col.type):
            df[col.name] = df[col.name].map(list_text).astype(object)
        elif pa.types.is_integer(col.type):
            df[col.name] = df[col.name].astype("Int64")
        elif pa.types.is_date(col.type):
            df[col.name] = df[col.name].map(lambda d: None if d is None or d != d else str(d)[:10]).astype(object)
    return df


def schema_of(spec: TableSpec) -> dict:
    """The Table Schema (fields, primary key, foreign key) of one table.

    >>> schema_of(TABLES["documents"])["primaryKey"]
    ['doc_id']
    """
    fields = []
    for col in spec.columns:
        f = {"name": col.name, "type": field_type(col.type), "description": col.description}
        if pa.types.is_list(col.type):
            f["description"] += f" Exported as text, items joined with '{LIST_SEPARATOR}'."
        constraints = {}
        # An empty string is a legitimate text value (a preamble's label): only typed columns are required.
        if not col.nullable and f["type"] != "string":
            constraints["required"] = True
        if col.values and not pa.types.is_list(col.type):
            constraints["enum"] = list(col.values)
        if constraints:
            f["constraints"] = constraints
        fields.append(f)
    schema = {"fields": fields, "primaryKey": list(spec.key), "missingValues": [""]}
    if spec.name in FOREIGN_KEYS:
        schema["foreignKeys"] = [{"fields": FOREIGN_KEYS[spec.name], "reference": {"resource": "documents", "fields": "doc_id"}}]
    return schema


@dataclass
class Export:
    """What :func:`export` wrote."""

    datapackage: Path
    csv: list[Path]
    xlsx: Path
    data_version: str
    long_cells: int

    def report(self) -> str:
        """What was written, one path a line.

        >>> import tempfile
        >>> print(export(corpus.processed_dir, tempfile.mkdtemp()).report().splitlines()[0][:22])
        exported data version 
        """
        lines = [f"exported data version {self.data_version}:", f"  {self.datapackage}", f"  {self.xlsx}"]
        lines += [f"  {p}" for p in self.csv]
        if self.long_cells:
            lines.append(f"  {self.long_cells} cell(s) longer than Excel allows are in the XLSX's long_cells sheet, in parts")
        return "\n".join(lines)


def export(processed_dir: str | Path | None = None, out_dir: str | Path | None = None) -> Export:
    """Write ``csv/<table>.csv``, ``fazhi-corpus.xlsx`` and ``datapackage.json`` into ``out_dir``
    (default: the processed folder itself).

    >>> export("data/processed").datapackage.name  # doctest: +SKIP
    'datapackage.json'
    """
    from fazhi.version import __version__
    from fazhi.corpus import default_processed_dir
    from fazhi.tables import data_version, read_table, snapshot_folder

    processed = Path(processed_dir) if processed_dir is not None else default_processed_dir()
    if not (processed / "documents.parquet").exists():
        from fazhi.errors import ProcessedDataError

        raise ProcessedDataError("no processed tables here; run `make briefing` or `fazhi build` first", path=processed)
    snapshot = snapshot_folder(processed)
    version = data_version(snapshot)
    out = Path(out_dir) if out_dir is not None else processed
    try:
        (out / "csv").mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot write the export: {e.strerror}", path=out) from None
    frames, csv_paths, resources = {}, [], []
    for name, spec in TABLES.items():
        df = flat_frame(read_table(snapshot, name), spec)
        frames[name] = df
        path = out / "csv" / f"{name}.csv"
        _write_atomic(path, df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        csv_paths.append(path)
        resources.append({
            "name": name, "path": f"csv/{name}.csv", "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "description": spec.description, "schema": schema_of(spec),
        })  # fmt: skip
    docs = frames["documents"]
    package = {
        "profile": "tabular-data-package",
        "name": "fazhi-corpus",
        "title": "fazhi: Chinese local-government rule-of-law (法治政府建设) documents, provisions and indicators",
        "description": "Tables built by fazhi from the documents listed under sources; see each resource's schema for its columns.",
        "version": version,
        "fazhi_version": __version__,
        "sources": [
            {"title": f"{r.jurisdiction_zh}《{r.title or r.doc_id}》" + (f" {r.doc_number}" if isinstance(r.doc_number, str) else ""),
             "path": r.source_url if isinstance(r.source_url, str) and r.source_url else f"data/raw/{r.source_file}"}
            for r in docs.itertuples()
        ],  # fmt: skip
        "resources": resources,
    }
    datapackage = out / "datapackage.json"
    _write_atomic(datapackage, (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    xlsx, long_cells = out / "fazhi-corpus.xlsx", 0
    _write_atomic(xlsx, _xlsx_bytes(frames, package, counter := []))
    long_cells = len(counter)
    return Export(datapackage, csv_paths, xlsx, version, long_cells)


def _xlsx_bytes(frames: dict, package: dict, long_cells: list) -> bytes:
    """One sheet per table plus ``about`` and, if needed, ``long_cells``; deterministic bytes."""
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def fit(value, table: str, row: int, column: str):
        if not isinstance(value, str):
            return value
        value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)  # control characters Excel refuses, written visibly
        if len(value) <= XLSX_CELL_LIMIT:
            return value
        for k in range(0, len(value), XLSX_PART):
            long_cells.append({"table": table, "row": row + 2, "column": column, "part": k // XLSX_PART + 1, "text": value[k : k + XLSX_PART]})
        return f"→ long_cells ({table} row {row + 2}, {column})"

    about = pd.DataFrame(
        [("title", package["title"]), ("data version", package["version"]), ("fazhi version", package["fazhi_version"]),
         ("lists", f"List columns are joined with '{LIST_SEPARATOR}'."),
         ("long cells", f"Cells longer than {XLSX_CELL_LIMIT} characters (document texts) are in the long_cells sheet, in parts of {XLSX_PART}; join the parts in order.")]
        + [(f"table {r['name']}", r["description"]) for r in package["resources"]],
        columns=["item", "value"],
    )  # fmt: skip
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        about.to_excel(writer, sheet_name="about", index=False)
        for name, df in frames.items():
            shown = df.copy()
            for col in shown.columns:
                if shown[col].dtype == object or pd.api.types.is_string_dtype(shown[col]):
                    shown[col] = [fit(v, name, k, col) for k, v in enumerate(shown[col])]
            shown.to_excel(writer, sheet_name=name, index=False)
        if long_cells:
            pd.DataFrame(long_cells).to_excel(writer, sheet_name="long_cells", index=False)
        props = writer.book.properties
        import datetime as dt

        props.created = props.modified = dt.datetime(2000, 1, 1)
        props.creator = "fazhi"
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed: the same workbook, the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write: {e.strerror}", path=path) from None
