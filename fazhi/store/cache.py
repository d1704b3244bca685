"""The per-document stage at scale: payloads, a content-addressed cache, parallel runs.

Each document becomes a *payload*: its rows for the documents, provisions,
indicators and quality tables (as Arrow tables, so the build streams them to disk
and never holds every document's rows as Python objects) plus what the corpus
stage needs (provision texts, tokens, shingle fingerprints; :mod:`fazhi.analyze.corpusinputs`).  A payload is cached
under a key that hashes the raw bytes, the manifest row, the document's
corrections and the *code version* (every file of the fazhi package and the
versions of the libraries that shape the output), so a stale payload can never
be used: any change to any of them is a different key.

>>> len(code_version())
64
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from importlib import metadata
from pathlib import Path

import pyarrow as pa

from fazhi.ingest.encoding import hint_window, read_bytes, will_read
from fazhi.errors import FazhiError
from fazhi.ingest.manifest import Source
from fazhi.parse.normalize import Correction

#: Libraries whose version can change the rows (segmentation, conversion, numerals).
SHAPING_LIBRARIES = ("jieba", "opencc", "cn2an")
PAYLOAD_FORMAT = 6


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 over the package's files (code and data) and the shaping libraries' versions."""
    h = hashlib.sha256(f"payload {PAYLOAD_FORMAT}\n".encode())
    root = Path(__file__).resolve().parents[1]
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for lib in SHAPING_LIBRARIES:
        try:
            h.update(f"{lib}=={metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} missing\n".encode())
    return h.hexdigest()


_WHERE = ("path", "manifest", "line")  # where the row is, not what it says


def _manifest_fields(src: Source) -> dict:
    # A shallow dict: asdict's deep copy of every value was most of the read stage.
    return {f.name: getattr(src, f.name) for f in fields(src) if f.name not in _WHERE}


def document_key(src: Source, digest: bytes, corrections: Sequence[Correction]) -> str:
    """Cache key of one document's payload (hex sha256); ``digest`` is the sha256 of its raw bytes."""
    h = hashlib.sha256(code_version().encode())
    h.update(json.dumps(_manifest_fields(src), sort_keys=True, default=str, ensure_ascii=False).encode())
    h.update(json.dumps([asdict(c) for c in corrections], sort_keys=True, default=str, ensure_ascii=False).encode())
    h.update(digest)
    return h.hexdigest()


@dataclass
class Payload:
    """One document's output, ready to stream: tables plus corpus-stage inputs."""

    doc_id: str
    tables: dict[str, pa.Table]  # documents, provisions, indicators, quality
    analysis: pa.Table  # the corpus stage's inputs, fazhi.analyze.corpusinputs.SCHEMA
    summary: dict  # the documents row without its text, for the build report
    warnings: list[str]


_CODEC = "zstd"
_MAGIC = b"FZP5"


@functools.lru_cache(maxsize=None)
def _plain(schema: pa.Schema) -> pa.Schema:
    # Without the column descriptions: the main process writes with the declared
    # schema anyway, and re-reading the metadata per document was most of its cost.
    return pa.schema([pa.field(f.name, f.type, f.nullable) for f in schema])


def _table_bytes(table: pa.Table, codec: str | None) -> bytes:
    table = pa.Table.from_arrays(table.columns, schema=_plain(table.schema))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression=codec)) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def dumps(payload, codec: str = _CODEC, *, by_buffer: bool = False) -> bytes:
    """Payload (or any dataclass with an ``analysis`` table and maybe ``tables``) → bytes:
    the tables as Arrow IPC streams, the rest pickled, compressed with ``codec`` (its
    name is stored).

    ``by_buffer`` compresses each Arrow buffer on its own instead of the whole blob:
    :func:`loads` then decompresses every column into memory of its own, so a column
    kept (the corpus stage keeps a shard's texts and fingerprints) holds nothing else
    alive.  Worth it for shards; a document's many small buffers compress four times
    faster as one blob.
    """
    state = dict(vars(payload), analysis=None)
    tables = state.get("tables") or {}
    if "tables" in state:
        state["tables"] = list(tables)
    inner = codec if by_buffer else None
    streams = [_table_bytes(t, inner) for t in tables.values()] + [_table_bytes(payload.analysis, inner)]
    head = pickle.dumps((state, [len(s) for s in streams]), protocol=5)
    body = b"".join([len(head).to_bytes(8, "little"), head, *streams])
    prefix = _MAGIC + (b"B" if by_buffer else b"W") + codec.encode().ljust(8)
    return prefix + (body if by_buffer else _compress(body, codec))


def loads(blob: bytes, cls=Payload):
    """The object :func:`dumps` wrote (``cls``: its class); ``ValueError`` for a foreign blob."""
    if blob[:4] != _MAGIC or blob[4:5] not in (b"B", b"W"):
        raise ValueError("not a fazhi payload of this format")
    codec = blob[5:13].decode().strip()
    body = _decompress(blob[13:], codec) if blob[4:5] == b"W" else pa.py_buffer(blob).slice(13)
    n = int.from_bytes(body.slice(0, 8).to_pybytes(), "little")
    state, sizes = pickle.loads(body.slice(8, n).to_pybytes())
    pos, tables = 8 + n, []
    for size in sizes:
        tables.append(pa.ipc.open_stream(body.slice(pos, size)).read_all())
        pos += size
    if pos != body.size:
        raise ValueError("payload length does not match its streams")
    if "tables" in state:
        state["tables"] = dict(zip(state["tables"], tables))
    state["analysis"] = tables[-1]
    return cls(**state)


class PayloadCache:
    """Payloads (or shards: ``cls``, ``suffix``) on disk, one file per key; unreadable entries count as misses."""

    def __init__(self, folder: Path | None, *, suffix: str = ".payload", cls=Payload):
        self.folder = Path(folder) if folder else None
        self.suffix, self.cls = suffix, cls
        self.hits = self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{self.suffix}"

    def get(self, key: str):
        if self.folder is None:
            return None
        try:
            payload = loads(self._path(key).read_bytes(), self.cls)
        except FileNotFoundError:
            payload = None
        except Exception:  # a truncated or foreign file: recompute, never trust it  # noqa: BLE001
            payload = None
        if payload is None:
            self.misses += 1
        else:
            self.hits += 1
        return payload

    def path(self, key: str) -> Path | None:
        """Where the entry for ``key`` is (or would be) stored; None without a folder."""
        return self._path(key) if self.folder is not None else None

    def has(self, key: str) -> bool:
        """Whether an entry exists (it may still prove unreadable in :meth:`get`)."""
        return self.folder is not None and self._path(key).exists()

    def put(self, key: str, blob: bytes) -> None:
        if self.folder is not None:
            write_atomic(self._path(key), blob)


def read_ahead(load: Callable[[int], object], n: int, *, files: Callable[[int], list[Path]] = lambda k: [], ahead: int = 8) -> Iterator:
    """``load(0), load(1), …, load(n - 1)`` in order, each run up to ``ahead`` steps in advance
    by a background thread (file reads and decompression release the GIL, so they overlap
    the caller's own work, such as computing a changed document).  The kernel is asked
    for ``files(k)`` twice as far ahead (:func:`fazhi.ingest.encoding.will_read`: a cold disk
    then reads several files at once)."""
    with ThreadPoolExecutor(1, thread_name_prefix="cache-read") as pool:
        queued: deque = deque()
        for k in range(n):
            for later in hint_window(k, n, 2 * ahead):
                for path in files(later):
                    will_read(path)
            queued.append(pool.submit(load, k))
            if len(queued) > ahead:
                yield queued.popleft().result()
        while queued:
            yield queued.popleft().result()


def pack(obj) -> bytes:
    """``obj`` pickled and compressed (zstd), for the cache files read on every rebuild:
    fewer bytes to read from a cold disk.

    >>> unpack(pack({"法治": [1, 2]}))
    {'法治': [1, 2]}
    """
    return _compress(pickle.dumps(obj, protocol=5), _CODEC)


def unpack(blob: bytes):
    """The object :func:`pack` wrote (any damage raises)."""
    return pickle.loads(_decompress(blob, _CODEC))


def _compress(data: bytes, codec: str) -> bytes:
    """``data`` compressed, after its length (8 bytes): what :func:`_decompress` needs."""
    return len(data).to_bytes(8, "little") + pa.Codec(codec).compress(data, asbytes=True)


def _decompress(blob: bytes, codec: str) -> pa.Buffer:
    return pa.Codec(codec).decompress(blob[8:], decompressed_size=int.from_bytes(blob[:8], "little"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


# -- running the stage -------------------------------------------------------------------
def work(job: tuple[Source, list[Correction]]) -> tuple[str, bytes | None, FazhiError | None]:
    """One document → its serialised payload, or the named error (run in a worker)."""
    from fazhi.pipeline import document_payload

    src, corrections = job
    try:
        return src.doc_id, dumps(document_payload(src, read_bytes(src.path), corrections)), None
    except FazhiError as e:
        return src.doc_id, None, e


def _init_worker() -> None:
    from fazhi.analyze.tokenize import tokenizer

    tokenizer()  # load jieba's dictionary once per worker, not per document


class Workers:
    """Documents computed in ``n_jobs`` spawned processes (or here, with one job), each
    submitted as soon as it is known to be needed and taken back by ``doc_id``.

    The pool starts with the first document, so a rebuild's changed document is being
    computed while the build still hashes the other files and reads the cached shards.
    At most ``window`` documents (64 per job) are in flight: enough that the workers
    never wait while the build joins and writes a shard, few enough that results never
    pile up in memory.

    >>> Workers(2).window
    128
    """

    def __init__(self, n_jobs: int = 1, *, window: int | None = None):
        self.n_jobs = max(1, n_jobs)
        self.window = window or 64 * self.n_jobs
        self._queued: dict[str, tuple[Source, list[Correction]]] = {}  # not yet sent, in order
        self._running: dict[str, Future] = {}
        self._pool = None

    def add(self, job: tuple[Source, list[Correction]]) -> None:
        self._queued[job[0].doc_id] = job
        self._top_up()

    def discard(self, doc_id: str) -> None:
        """Not needed after all (its shard was cached): never sent, or its result ignored."""
        self._queued.pop(doc_id, None)
        self._running.pop(doc_id, None)
        self._top_up()

    def take(self, doc_id: str) -> tuple[str, bytes | None, FazhiError | None]:
        """The :func:`work` result of an added document (computed here if it was not sent)."""
        if doc_id in self._running:
            result = self._running.pop(doc_id).result()
        else:
            result = work(self._queued.pop(doc_id))
        self._top_up()
        return result

    def _top_up(self) -> None:
        if self.n_jobs <= 1:
            return  # one job: documents are computed in take(), in this process
        while self._queued and len(self._running) < self.window:
            doc_id, job = next(iter(self._queued.items()))
            del self._queued[doc_id]
            if self._pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                # spawn: workers start clean (no inherited locks or threads), each loads jieba
                # once, and a process is started only when none is idle (one changed document
                # costs one worker, not n_jobs).
                self._pool = ProcessPoolExecutor(self.n_jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker)
            self._running[doc_id] = self._pool.submit(work, job)

    def close(self) -> None:
        """End the worker processes (now: the corpus stage needs the memory)."""
        self._queued, self._running = {}, {}
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
