"""Thrift compact protocol, read and written without a schema (what Parquet footers use).

A struct becomes a list of ``[field_id, type, value]`` in the order written, so
writing back what was read gives the same bytes.  Only the compact protocol's
canonical forms are written (field-id deltas, short list headers), which is what
Arrow's Thrift library writes, so a read-then-write round trip is exact.
:mod:`fazhi.store.parquetparts` writes a row group's footer entry once as a *template*
with its byte offsets left open (:class:`Hole`, :func:`write_template`) and fills
them wherever the row group lands (:func:`fill`): no struct is decoded or encoded
again when a cached part is copied.

>>> data = bytes([0x15, 0x04, 0x00])  # struct {1: i32 = 2}
>>> read_struct(data)
([[1, 5, 2]], 3)
>>> write_struct(read_struct(data)[0]) == data
True
"""

from __future__ import annotations

import struct
from typing import NamedTuple

# Compact-protocol type codes.
TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(1, 13)
_INTS = (I16, I32, I64)


class ThriftError(ValueError):
    """Bytes that are not a well-formed compact-protocol struct."""


class Hole(NamedTuple):
    """An integer left open by :func:`write_template`, to be filled by :func:`fill`:
    ``value + by`` where ``shift``, else the number given for it."""

    value: int
    shift: bool


class Encoded(NamedTuple):
    """``count`` list items already encoded as ``data`` (written as they are)."""

    data: bytes
    count: int


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise ThriftError("truncated varint")
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 70:
            raise ThriftError("varint too long")


def _zigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def _value(data: bytes, pos: int, kind: int):
    if kind in _INTS:
        n, pos = _varint(data, pos)
        return _zigzag(n), pos
    if kind == BINARY:
        size, pos = _varint(data, pos)
        if pos + size > len(data):
            raise ThriftError("truncated binary")
        return data[pos : pos + size], pos + size
    if kind == STRUCT:
        return read_struct(data, pos)
    if kind in (LIST, SET):
        head = data[pos]
        pos += 1
        size, elem = head >> 4, head & 0x0F
        if size == 15:
            size, pos = _varint(data, pos)
        items = []
        for _ in range(size):
            item, pos = _value(data, pos, elem)
            items.append(item)
        return (elem, items), pos
    if kind in (BYTE, TRUE, FALSE):  # a bool outside a field header is one byte (1 true, 2 false)
        return data[pos], pos + 1
    if kind == DOUBLE:
        return struct.unpack_from("<d", data, pos)[0], pos + 8
    if kind == MAP:
        size, pos = _varint(data, pos)
        if not size:
            return (0, 0, []), pos
        kinds = data[pos]
        pos += 1
        kk, vk = kinds >> 4, kinds & 0x0F
        pairs = []
        for _ in range(size):
            k, pos = _value(data, pos, kk)
            v, pos = _value(data, pos, vk)
            pairs.append((k, v))
        return (kk, vk, pairs), pos
    raise ThriftError(f"unknown type {kind}")


def read_struct(data: bytes, pos: int = 0) -> tuple[list, int]:
    """The struct starting at ``pos``: (its fields as ``[id, type, value]``, the position after it)."""
    fields = []
    last = 0
    try:
        while True:
            head = data[pos]
            pos += 1
            if head == 0:
                return fields, pos
            kind, delta = head & 0x0F, head >> 4
            if delta:
                fid = last + delta
            else:
                n, pos = _varint(data, pos)
                fid = _zigzag(n)
            if kind in (TRUE, FALSE):
                value = kind == TRUE
            else:
                value, pos = _value(data, pos, kind)
            fields.append([fid, kind, value])
            last = fid
    except IndexError:
        raise ThriftError("truncated struct") from None


def _put_varint(out: bytearray, n: int) -> None:
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _zz(n: int) -> int:
    return (n << 1) ^ (n >> 63)


class _Writer:
    """Encodes into ``out``; a :class:`Hole` is recorded as (its byte position, itself)."""

    def __init__(self):
        self.out = bytearray()
        self.holes: list[tuple[int, Hole]] = []

    def value(self, kind: int, value) -> None:
        out = self.out
        if isinstance(value, Hole):
            if kind not in _INTS:
                raise ThriftError("only integers can be left open")
            self.holes.append((len(out), value))
        elif kind in _INTS:
            _put_varint(out, _zz(value))
        elif kind == BINARY:
            _put_varint(out, len(value))
            out += value
        elif kind == STRUCT:
            self.struct(value)
        elif kind in (LIST, SET):
            elem, items = value
            count = items.count if isinstance(items, Encoded) else len(items)
            if count < 15:
                out.append(count << 4 | elem)
            else:
                out.append(0xF0 | elem)
                _put_varint(out, count)
            if isinstance(items, Encoded):
                out += items.data
            else:
                for item in items:
                    self.value(elem, item)
        elif kind in (BYTE, TRUE, FALSE):
            out.append(value & 0xFF)
        elif kind == DOUBLE:
            out += struct.pack("<d", value)
        elif kind == MAP:
            kk, vk, pairs = value
            _put_varint(out, len(pairs))
            if pairs:
                out.append(kk << 4 | vk)
                for k, v in pairs:
                    self.value(kk, k)
                    self.value(vk, v)
        else:
            raise ThriftError(f"unknown type {kind}")

    def struct(self, fields: list) -> None:
        out = self.out
        last = 0
        for fid, kind, value in fields:
            if kind in (TRUE, FALSE):
                kind = TRUE if value else FALSE
            if 0 < fid - last <= 15:
                out.append((fid - last) << 4 | kind)
            else:
                out.append(kind)
                _put_varint(out, _zz(fid))
            if kind not in (TRUE, FALSE):
                self.value(kind, value)
            last = fid
        out.append(0)


def write_struct(fields: list) -> bytes:
    """The compact-protocol bytes of a struct as :func:`read_struct` returns it."""
    w = _Writer()
    w.struct(fields)
    if w.holes:
        raise ThriftError("a struct with holes needs write_template")
    return bytes(w.out)


def write_template(fields: list) -> tuple[tuple[bytes, ...], tuple[Hole, ...]]:
    """A struct whose :class:`Hole` values stay open: the bytes around them and the holes,
    for :func:`fill` (far faster than encoding the struct again)."""
    w = _Writer()
    w.struct(fields)
    cuts = [at for at, _ in w.holes]
    segments = [bytes(w.out[a:b]) for a, b in zip([0] + cuts, cuts + [len(w.out)])]
    return tuple(segments), tuple(h for _, h in w.holes)


def fill(segments: tuple[bytes, ...], holes: tuple[Hole, ...], by: int, number: int) -> bytes:
    """A template's bytes with each hole filled: ``value + by`` if it shifts, else ``number``.

    >>> read_struct(fill(*write_template([[1, I64, Hole(100, True)], [2, I16, Hole(0, False)]]), by=5, number=3))[0]
    [[1, 6, 105], [2, 4, 3]]
    """
    out = bytearray(segments[0])
    for hole, seg in zip(holes, segments[1:]):
        _put_varint(out, _zz(hole.value + by if hole.shift else number))
        out += seg
    return bytes(out)


def field(fields: list, fid: int):
    """The ``[id, type, value]`` entry of field ``fid``, or None."""
    for f in fields:
        if f[0] == fid:
            return f
    return None
