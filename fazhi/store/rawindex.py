"""Raw files' content hashes remembered between builds, as git's index remembers them.

Every document's cache key hashes its raw bytes, so a rebuild must know each
file's sha256; reading 10,000 files to learn that one changed costs a second on a
warm page cache and, once the kernel has dropped them (here after a minute or
two), ten seconds or more.  :class:`RawIndex` keeps per file its ``os.stat``
signature (size, mtime, ctime, inode, device) and the digest read last time: a
file whose signature is unchanged is not read again.

Doubt always means reading the file: a file modified less than :data:`RACY_NS`
before it was hashed is not remembered (a second write in the same clock tick
could keep its mtime: git's "racy" rule), and a missing, foreign or damaged index
is simply empty.  The index can cost a read, never a wrong key.  It is one entry of
the build's :class:`~fazhi.store.cache.Cache` (kind ``raw-index``).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> raw = folder / "a.txt"; _ = raw.write_text("依法行政", "utf-8")
>>> index = RawIndex(Cache(folder)); index.digest(raw).hex()[:12], index.reads
('6826d32d706a', 1)
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from fazhi.ingest.encoding import read_bytes
from fazhi.store.cache import Cache

#: A file modified this recently before it was hashed is read again next build (2 s).
RACY_NS = 2_000_000_000
_KIND, _KEY = "raw-index", "stat signatures 1"


def _signature(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class RawIndex:
    """sha256 of raw files by path, trusted while the file's stat signature is unchanged."""

    def __init__(self, cache: Cache):
        self.cache = cache
        entries = cache.get(_KIND, _KEY)  # missing, truncated or foreign: an empty index
        self._old: dict[str, tuple[tuple, bytes]] = entries if isinstance(entries, dict) else {}
        self._new: dict[str, tuple[tuple, bytes]] = {}
        self.reads = 0

    def known(self, path: Path) -> bytes | None:
        """The digest remembered for ``path`` if its signature is unchanged, else None."""
        entry = self._old.get(os.fspath(path))
        if entry is None:
            return None
        try:
            signature = _signature(os.stat(path))
        except OSError:
            return None
        if entry[0] != signature:
            return None
        self._new[os.fspath(path)] = entry
        return entry[1]

    def digest(self, path: Path) -> bytes:
        """sha256 of the file's bytes: remembered, or read now (a named
        :class:`~fazhi.errors.SourceFileError` if it cannot be)."""
        remembered = self.known(path)
        if remembered is not None:
            return remembered
        try:
            before = os.stat(path)
        except OSError:
            before = None
        data = read_bytes(path)
        self.reads += 1
        digest = hashlib.sha256(data).digest()
        # The signature taken *before* the read: a write during the read changes it, so
        # the next build reads the file again rather than trusting this digest.
        if before is not None and len(data) == before.st_size and time.time_ns() - before.st_mtime_ns > RACY_NS:
            self._new[os.fspath(path)] = (_signature(before), digest)
        return digest

    def save(self) -> None:
        """Keep the entries of the files seen in this build (the index never grows beyond them)."""
        self.cache.put(_KIND, _KEY, self._new)
