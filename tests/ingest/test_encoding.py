"""Decoding: UTF-8, BOM, GB18030, and clear refusals."""

import pytest

from fazhi.ingest.encoding import decode_bytes
from fazhi.errors import DecodingError, SourceFileError


def test_utf8_plain():
    d = decode_bytes("法治政府".encode())
    assert (d.encoding, d.text) == ("utf-8", "法治政府")


def test_bom_is_kept_in_the_decoded_text_for_the_log():
    d = decode_bytes(b"\xef\xbb\xbf" + "法治".encode())
    assert (d.encoding, d.text) == ("utf-8-sig", "\ufeff法治")


def test_gb18030():
    d = decode_bytes("行政复议纠错率11.25%".encode("gb18030"))
    assert (d.encoding, d.text) == ("gb18030", "行政复议纠错率11.25%")


def test_empty_and_blank_files_are_refused():
    for data in (b"", b"  \n\r\n"):
        with pytest.raises(SourceFileError, match="empty"):
            decode_bytes(data, "x.txt")


def test_binary_file_is_refused_with_offset():
    with pytest.raises(SourceFileError, match=r"x\.bin: binary file \(NUL byte at offset 4\)"):
        decode_bytes(b"\x89PNG\x00\x01\x02", "x.bin")


def test_undecodable_bytes_give_the_offset():
    data = "法治".encode() + b"\xff\xff\xff"
    with pytest.raises(DecodingError, match=r"bad\.txt: cannot decode: not UTF-8 \(byte offset 6\)"):
        decode_bytes(data, "bad.txt")
