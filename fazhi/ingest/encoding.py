"""Reading raw bytes: checksum, binary and empty checks, encoding detection.

Chinese government texts come as UTF-8 (sometimes with a BOM) or as GB18030 (the
superset of GBK/GB2312 that Windows tools still write).  We try exactly those, in
that order, and refuse anything else with the byte offset where decoding failed.
The BOM is *kept* in the decoded string: normalisation removes it as a logged
change, so the raw text can be rebuilt from the log.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from fazhi.errors import DecodingError, FazhiError, SourceFileError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
    (b"\xff\xfe", "utf-16", "utf-16-le"),
    (b"\xfe\xff", "utf-16", "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    text: str  # decoded characters, BOM included as U+FEFF if there was one
    encoding: str  # utf-8 | utf-8-sig | utf-16 | gb18030
    codec: str  # the Python codec that turns ``text`` back into the raw bytes
    sha256: str
    n_bytes: int


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> Decoded:
    """Decode raw bytes, refusing empty, binary and undecodable input.

    >>> decode_bytes("法治".encode("gb18030")).encoding
    'gb18030'
    """
    digest = sha256_bytes(data)
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                raise DecodingError(f"not valid {name} at byte offset {e.start}", path=path) from None
            _check_content(text, path)
            return Decoded(text, name, codec, digest, len(data))
    if not data.strip():
        raise SourceFileError("file is empty", path=path)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceFileError(f"binary file (NUL byte at offset {nul}); expected UTF-8 or GB18030 text", path=path)
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as utf8_err:
        try:
            text = data.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError as gb_err:
            offset = max(utf8_err.start, gb_err.start)
            raise DecodingError(
                f"cannot decode: not UTF-8 (byte offset {utf8_err.start}) nor GB18030 "
                f"(byte offset {gb_err.start}); first bad byte at offset {offset}",
                path=path,
            ) from None
    _check_content(text, path)
    return Decoded(text, encoding, encoding, digest, len(data))


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _check_content(text: str, path: str | Path) -> None:
    body = text.lstrip("\ufeff")
    if not body.strip():
        raise SourceFileError("file is empty", path=path)
    # Control characters other than tab/newline/CR/form feed mean a binary file
    # that happened to decode (e.g. an image that is valid GB18030 by chance).
    bad = len(_CONTROL.findall(body))
    if bad > max(2, len(body) // 1000):
        raise SourceFileError(f"binary file ({bad} control characters); expected UTF-8 or GB18030 text", path=path)


#: Raw files larger than this are refused before they are read: no government document is
#: (the largest founding text is 39 KB, a long PDF a few MB); a 200 MB file is a video, an
#: archive or a scan, and reading it would stall the build.
MAX_FILE_BYTES = 50 * 1024 * 1024


def too_large(n_bytes: int) -> str:
    """>>> too_large(200 * 1024 * 1024)
    'file is 200.0 MB, over the 50 MB limit (MAX_FILE_BYTES); is it a document?'
    """
    return f"file is {n_bytes / 1024 / 1024:.1f} MB, over the {MAX_FILE_BYTES // 1024 // 1024} MB limit (MAX_FILE_BYTES); is it a document?"


FILE_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
              (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))  # fmt: skip


def read_regular(path: str | Path, error: type[FazhiError] = SourceFileError, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file, or ``error`` saying why not.  A named pipe or a device
    is refused without reading it: opened non-blocking and checked with ``fstat`` first,
    so a FIFO never hangs the build; a file over ``max_bytes`` is refused by its size, unread.

    >>> read_regular("/dev/null")
    Traceback (most recent call last):
    fazhi.errors.SourceFileError: /dev/null: is a character device, expected a regular text file
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error("file not found", path=path) from None
    except IsADirectoryError:
        raise error("is a directory, expected a regular text file", path=path) from None
    except OSError as e:
        raise error(f"cannot read: {e.strerror}", path=path) from None
    mode = os.fstat(fd).st_mode
    for test, kind in FILE_KINDS:
        if test(mode):
            os.close(fd)
            raise error(f"is {kind}, expected a regular text file", path=path)
    size = os.fstat(fd).st_size
    if max_bytes is not None and size > max_bytes:
        os.close(fd)
        raise error(too_large(size), path=path)
    with os.fdopen(fd, "rb") as f:
        try:
            return f.read()
        except OSError as e:
            raise error(f"cannot read: {e.strerror}", path=path) from None


def read_bytes(path: str | Path) -> bytes:
    """A raw file's bytes, or :class:`SourceFileError` saying why not (one over
    :data:`MAX_FILE_BYTES` is not read)."""
    return read_regular(path, SourceFileError, MAX_FILE_BYTES)
