"""Parquet files assembled from encoded parts (fazhi.store.parquetparts, fazhi.store.thrift).

The oracle: writing parts with a PartWriter gives the very bytes pyarrow's own
ParquetWriter writes for the same row groups, so a rebuild that copies cached parts
and a build that encodes everything produce the same files.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.store import thrift
from fazhi.store.parquetparts import PartError, PartWriter, encode, footer, split
from fazhi.schema import TABLES
from fazhi.store.publish import PARQUET_OPTIONS, encode_part

SCHEMA = pa.schema([("doc_id", pa.string()), ("seq", pa.int32()), ("score", pa.float64()), ("words", pa.list_(pa.string()))])


def _table(n: int, start: int = 0) -> pa.Table:
    return pa.table(
        {
            "doc_id": [f"文件{(start + i) // 7}" for i in range(n)],
            "seq": list(range(start, start + n)),
            "score": [None if i % 5 == 0 else i / 3 for i in range(start, start + n)],
            "words": [["依法", "行政"][: i % 3] for i in range(start, start + n)],
        },
        schema=SCHEMA,
    )


def _assembled(parts: list[bytes], schema: pa.Schema = SCHEMA, **options) -> bytes:
    sink = io.BytesIO()
    w = PartWriter(sink, encode(schema.empty_table(), **options))
    for p in parts:
        w.append(p)
    w.close()
    return sink.getvalue()


def _pyarrow(tables: list[pa.Table], schema: pa.Schema = SCHEMA, **options) -> bytes:
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, schema, **options) as w:
        for t in tables:
            if t.num_rows:
                w.write_table(t)
    return sink.getvalue().to_pybytes()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 300), max_size=6))
def test_parts_give_the_bytes_of_one_pyarrow_writer(sizes):
    starts = [sum(sizes[:k]) for k in range(len(sizes))]
    tables = [_table(n, s) for n, s in zip(sizes, starts)]
    data = _assembled([encode(t, **PARQUET_OPTIONS) for t in tables], **PARQUET_OPTIONS)
    assert data == _pyarrow(tables, **PARQUET_OPTIONS)
    back = pq.read_table(io.BytesIO(data))
    assert back.num_rows == sum(sizes)
    assert back.column("seq").to_pylist() == list(range(sum(sizes)))
    assert pq.ParquetFile(io.BytesIO(data)).metadata.num_row_groups == sum(1 for n in sizes if n)


def test_a_part_keeps_its_row_groups_and_statistics():
    part = split(encode(_table(250), row_group_size=100, **PARQUET_OPTIONS))
    assert part.num_rows == 250 and len(part.groups) == 3
    data = _assembled([encode(_table(5, 1000), **PARQUET_OPTIONS), part], **PARQUET_OPTIONS)
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [5, 100, 100, 50]
    stats = meta.row_group(1).column(1).statistics
    assert (stats.min, stats.max) == (0, 99)
    assert pq.read_table(io.BytesIO(data)).column("seq").to_pylist() == list(range(1000, 1005)) + list(range(250))


def test_no_parts_is_an_empty_table_with_the_schema_and_its_descriptions():
    spec = TABLES["indicators"]
    data = _assembled([], spec.schema, **PARQUET_OPTIONS)
    back = pq.read_table(io.BytesIO(data))
    # Parquet names a list's child "element" (Arrow: "item"); otherwise schema and descriptions are as declared.
    assert back.num_rows == 0 and back.cast(spec.schema).schema.equals(spec.schema, check_metadata=True)


def test_encode_part_follows_the_tables_schema_and_row_groups():
    spec = TABLES["documents"]
    part = encode_part("documents", spec.schema.empty_table())
    assert part.num_rows == 0 and part.groups == ()


def test_a_part_of_another_schema_is_refused():
    other = pa.table({"doc_id": ["甲"], "seq": [1]})
    w = PartWriter(io.BytesIO(), encode(SCHEMA.empty_table(), **PARQUET_OPTIONS))
    w.append(encode(_table(2), **PARQUET_OPTIONS))
    with pytest.raises(PartError, match="another schema"):
        w.append(encode(other, **PARQUET_OPTIONS))


def test_what_is_not_a_parquet_file_is_named():
    good = encode(_table(3), **PARQUET_OPTIONS)
    with pytest.raises(PartError, match="no PAR1 magic"):
        split(b"PAR0" + good[4:])
    with pytest.raises(PartError, match="footer length beyond the file"):
        split(good[:4] + good[-8:])
    with pytest.raises(PartError):
        footer(good[:4] + b"\x99" * 20 + (20).to_bytes(4, "little") + b"PAR1")


# -- the thrift compact protocol -------------------------------------------------------
_INT = {thrift.I16: 1 << 15, thrift.I32: 1 << 31, thrift.I64: 1 << 63}


def _values(kind: int, depth: int):
    if kind in _INT:
        return st.integers(-_INT[kind], _INT[kind] - 1)
    if kind == thrift.BYTE:
        return st.integers(0, 255)
    if kind == thrift.BINARY:
        return st.binary(max_size=20)
    if kind == thrift.DOUBLE:
        return st.floats(allow_nan=False)
    if kind == thrift.TRUE:
        return st.booleans()
    if kind == thrift.LIST:
        elem = st.sampled_from([thrift.I32, thrift.BINARY, thrift.STRUCT] if depth < 2 else [thrift.I32, thrift.BINARY])
        return elem.flatmap(lambda e: st.tuples(st.just(e), st.lists(_values(e, depth + 1), max_size=17)))
    if kind == thrift.MAP:
        return st.lists(st.tuples(st.binary(max_size=4), st.integers(-100, 100)), max_size=3).map(
            lambda pairs: (thrift.BINARY, thrift.I32, pairs) if pairs else (0, 0, [])
        )
    return _structs(depth + 1)


def _structs(depth: int = 0):
    kinds = [thrift.I16, thrift.I32, thrift.I64, thrift.BYTE, thrift.BINARY, thrift.DOUBLE, thrift.TRUE, thrift.LIST, thrift.MAP]
    if depth < 2:
        kinds.append(thrift.STRUCT)
    field = st.tuples(st.integers(1, 40), st.sampled_from(kinds)).flatmap(lambda fk: st.tuples(st.just(fk[0]), st.just(fk[1]), _values(fk[1], depth)))
    return st.lists(field, max_size=6, unique_by=lambda f: f[0]).map(lambda fs: [list(f) for f in sorted(fs)])


@settings(max_examples=200, deadline=None)
@given(_structs())
def test_thrift_structs_read_back_as_written(fields):
    data = thrift.write_struct(fields)
    back, end = thrift.read_struct(data + b"tail")
    assert end == len(data)
    assert thrift.write_struct(back) == data
    assert [f[0] for f in back] == [f[0] for f in fields]


def test_thrift_reads_what_arrow_writes_and_writes_it_back_exactly():
    data = encode(_table(40), row_group_size=16, **PARQUET_OPTIONS)
    size = int.from_bytes(data[-8:-4], "little")
    raw = data[len(data) - 8 - size : len(data) - 8]
    fields, end = thrift.read_struct(raw)
    assert end == len(raw) and thrift.write_struct(fields) == raw
    assert thrift.field(fields, 3)[2] == 40  # FileMetaData.num_rows
    assert len(thrift.field(fields, 4)[2][1]) == 3  # three row groups


def test_thrift_templates_fill_their_holes():
    fields = [[1, thrift.I64, thrift.Hole(100, True)], [2, thrift.BINARY, b"x"], [7, thrift.I16, thrift.Hole(0, False)]]
    segments, holes = thrift.write_template(fields)
    filled = thrift.fill(segments, holes, 5, 3)
    assert thrift.read_struct(filled)[0] == [[1, thrift.I64, 105], [2, thrift.BINARY, b"x"], [7, thrift.I16, 3]]
    with pytest.raises(thrift.ThriftError):
        thrift.write_struct(fields)


def test_thrift_names_truncated_input():
    data = thrift.write_struct([[1, thrift.BINARY, b"abcdef"]])
    with pytest.raises(thrift.ThriftError, match="truncated"):
        thrift.read_struct(data[:4])
