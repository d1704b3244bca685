"""One keyed cache for everything a build may reuse.

Document payloads, shards, fitted models, per-shard model outputs and themes rows,
text alignments and the raw-file index all live in one folder, one file per entry,
through one :class:`Cache`:

* **one key function** — :meth:`Cache.path` hashes the *code version* (every file
  of the fazhi package and the versions of the libraries that shape the output), the
  kind of entry and the caller's content key.  So a stale entry can never be read:
  any change to the code, the inputs or the parameters is another file;
* **one write** — atomic (:func:`write_atomic`): a reader never sees half a file;
* **one read** — anything missing, truncated or foreign is a miss, never an error;
  every entry carries a BLAKE2b digest of its bytes, checked before anything is decoded,
  so a flipped bit is a miss too (counted in ``corrupt``), never a result;
* **one format decision** — :mod:`fazhi.store.codec`.

Domain code never imports this module: the build hands a :class:`Cache` to the
stages that can reuse results, and they only call ``get`` and ``put``.

>>> import tempfile
>>> cache = Cache(Path(tempfile.mkdtemp()))
>>> cache.get("models", "themes 1") is None
True
>>> cache.put("models", "themes 1", {"依法": 1.0}); cache.get("models", "themes 1")
{'依法': 1.0}
>>> len(code_version())
64
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from importlib import metadata
from pathlib import Path

from fazhi.errors import OutputError
from fazhi.ingest.formats import converter_versions
from fazhi.store.codec import decode, encode

#: Libraries whose version can change the rows (segmentation, conversion, numerals).
SHAPING_LIBRARIES = ("jieba", "opencc", "cn2an")
#: Raise to invalidate every entry when the meaning of a key changes.
CACHE_FORMAT = 8
#: Every entry starts with this and a digest of the rest (:func:`seal`).
SEAL = b"FZC1"
DIGEST_SIZE = 16


def seal(blob: bytes) -> bytes:
    """``blob`` with a magic and a BLAKE2b-128 digest in front.

    >>> unseal(seal(b"abc"))
    b'abc'
    >>> unseal(seal(b"abc")[:-1] + b"x") is None
    True
    """
    return SEAL + hashlib.blake2b(blob, digest_size=DIGEST_SIZE).digest() + blob


def unseal(data: bytes) -> bytes | None:
    """The sealed bytes, or None if the digest does not match (or it was never sealed)."""
    head = len(SEAL) + DIGEST_SIZE
    if len(data) < head or not data.startswith(SEAL):
        return None
    blob = memoryview(data)[head:]
    if hashlib.blake2b(blob, digest_size=DIGEST_SIZE).digest() != data[len(SEAL) : head]:
        return None
    return bytes(blob)


def default_folder() -> Path:
    """``$FAZHI_CACHE``, else ``.cache`` in the project folder, else the temp folder."""
    if os.environ.get("FAZHI_CACHE"):
        folder = Path(os.environ["FAZHI_CACHE"])
    else:
        root = Path(__file__).resolve().parents[2]
        folder = root / ".cache" if (root / "pyproject.toml").exists() else Path(tempfile.gettempdir()) / "fazhi-cache"
    usable_folder(folder, "the cache folder ($FAZHI_CACHE)" if os.environ.get("FAZHI_CACHE") else "the cache folder")
    return folder


def usable_folder(folder: Path, what: str) -> None:
    """Create ``folder``, or raise :class:`OutputError` naming it (a file, not writable …):
    the output and the cache folder alike."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{what} is a file, not a folder", path=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot create {what}: {e.strerror}", path=folder) from None


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 over the package's files (code and data) and the shaping libraries' versions."""
    h = hashlib.sha256(f"cache {CACHE_FORMAT}\n".encode())
    root = Path(__file__).resolve().parents[1]
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for lib in SHAPING_LIBRARIES:
        try:
            h.update(f"{lib}=={metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} missing\n".encode())
    # The converters of PDF, HTML and Word files (and LibreOffice's build): a new one may extract another text.
    h.update(converter_versions().encode())
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers never see half a file (no temp file is
    left behind when the write fails)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Cache:
    """Entries by ``(kind, key)`` in ``folder`` (``None``: a cache that keeps nothing).

    ``key`` is the caller's content key (a string that changes whenever the entry
    would); the file is named by :meth:`path`.  ``hits`` and ``misses`` count reads.
    """

    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) if folder else None
        if self.folder is not None:
            usable_folder(self.folder, "the cache folder")
        self.hits = self.misses = self.corrupt = 0
        self.write_errors: list[str] = []  # a full or read-only cache degrades to no cache

    def __bool__(self) -> bool:
        return self.folder is not None

    def path(self, kind: str, key: str) -> Path | None:
        """Where the entry is (or would be) stored; None without a folder."""
        if self.folder is None:
            return None
        name = hashlib.sha256(f"{code_version()}\n{kind}\n{key}".encode()).hexdigest()
        return self.folder / kind / name[:2] / name

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry exists (it may still prove unreadable in :meth:`get`)."""
        path = self.path(kind, key)
        return path is not None and path.exists()

    def get(self, kind: str, key: str):
        """The stored value, or None when there is none or it cannot be read."""
        path = self.path(kind, key)
        value = None
        if path is not None:
            try:
                data = path.read_bytes()
            except OSError:  # missing (or unreadable): a miss
                data = None
            if data is not None:
                blob = unseal(data)
                if blob is None:
                    self.corrupt += 1  # a flipped bit, a truncated or foreign file: recompute
                else:
                    try:
                        value = decode(blob)
                    except Exception:  # sealed but not decodable (another version's): a miss  # noqa: BLE001
                        value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, kind: str, key: str, value) -> None:
        """Store ``value`` (see :mod:`fazhi.store.codec`)."""
        if self.folder is not None:
            self.put_encoded(kind, key, encode(value))

    def put_encoded(self, kind: str, key: str, blob: bytes) -> None:
        """Store bytes :func:`fazhi.store.codec.encode` already made (a worker's payload)."""
        path = self.path(kind, key)
        if path is None or self.write_errors:
            return
        try:
            write_atomic(path, seal(blob))
        except OSError as e:  # disk full, read-only: build on without caching, and say so
            self.write_errors.append(f"{self.folder}: {e.strerror or e}; caching switched off for this build")
