"""Running the build: the per-document stage in workers over the cache, the disk and memory hints.

:class:`Runner` supplies what the build chain (:func:`fazhi.pipeline.build`) does
not spell out: the keyed cache (:class:`~fazhi.store.cache.Cache`), a pool of worker
processes, the raw-file index, shards, read-ahead hints to the kernel, allocator
settings and freeing memory between stages, and stage timings.  The domain steps
it runs are handed to it as functions.

The per-document stage (:meth:`Runner.documents`):

1. hashes every raw file (remembered by :class:`~fazhi.store.rawindex.RawIndex`,
   the next files hinted to the kernel while one is hashed) and keys each document
   by its bytes, manifest row and corrections;
2. sends every document without a cached payload to a worker at once (a rebuild's
   changed document is computed while the other files are still hashed);
3. goes through the shards in order (:mod:`fazhi.store.shards`): a cached shard is
   read (a background thread reads ahead), else it is joined from its documents'
   payloads (cached, or taken from the workers) and cached;
4. hands each shard's encoded rows to the table writer and its corpus-stage inputs
   to ``collect``.

Every problem is collected; rows reach the tables only while there is none.

>>> list(hint_window(0, 10, 3)), list(hint_window(1, 10, 3)), list(hint_window(8, 10, 3))
([0, 1, 2], [3], [])
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import pyarrow as pa

from fazhi.errors import FazhiError, OutputError, SourceFileError
from fazhi.procs import die_with_parent, sigint_blocked
from fazhi.ingest.encoding import read_bytes
from fazhi.ingest.manifest import Correction, Source
from fazhi.store import memory, shards
from fazhi.store.cache import Cache, default_folder
from fazhi.store.codec import Payload, Shard, decode, encode
from fazhi.schema import TABLES
from fazhi.store.parquetparts import Part
from fazhi.store.publish import TableStream, encode_part
from fazhi.store.rawindex import RawIndex
from fazhi.tables import to_arrow

#: Raw files hinted to the kernel ahead of the one being hashed.
READ_AHEAD = 64
#: Free the loaded shards' buffers every this many shards, before they pile up.
RELEASE_EVERY = 16

#: The per-document stage: (manifest row, raw bytes, its corrections) → payload.
DocumentStage = Callable[[Source, bytes, Sequence[Correction]], Payload]
Job = tuple[Source, list[Correction]]


def hint_window(k: int, n: int, ahead: int) -> range:
    """Which of ``n`` files to hint at step ``k`` so that files ``k … k + ahead - 1`` have
    all been hinted: the first ``ahead`` at step 0, then one more each step."""
    return range(min(n, ahead)) if k == 0 else range(k + ahead - 1, min(n, k + ahead))


def will_read(path: str | Path) -> None:
    """Ask the kernel to start reading ``path`` into memory in the background.

    A hint (``posix_fadvise`` WILLNEED; nothing where that is missing, errors ignored):
    loops that read thousands of files hint a few dozen ahead, and a cold disk then
    serves them in parallel without a thread per read (on a warm page cache it costs
    two system calls).
    """
    if not hasattr(os, "posix_fadvise"):
        return
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # never block on a named pipe
    except OSError:
        return
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_ahead(load: Callable[[int], object], n: int, *, files: Callable[[int], list[Path]] = lambda k: [], ahead: int = 8) -> Iterator:
    """``load(0), load(1), …, load(n - 1)`` in order, each run up to ``ahead`` steps in advance
    by a background thread (file reads and decompression release the GIL, so they overlap
    the caller's own work, such as computing a changed document).  The kernel is asked
    for ``files(k)`` twice as far ahead (:func:`will_read`: a cold disk then reads
    several files at once)."""
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


_WHERE = ("path", "manifest", "line")  # where the row is, not what it says


def document_key(src: Source, digest: bytes, corrections: Sequence[Correction]) -> str:
    """Content key of one document's payload (hex sha256) from its manifest row, its
    corrections and ``digest``, the sha256 of its raw bytes (the cache adds the code version)."""
    # A shallow dict: asdict's deep copy of every value was most of the read stage.
    row = {f.name: getattr(src, f.name) for f in fields(src) if f.name not in _WHERE}
    h = hashlib.sha256(json.dumps(row, sort_keys=True, default=str, ensure_ascii=False).encode())
    h.update(json.dumps([asdict(c) for c in corrections], sort_keys=True, default=str, ensure_ascii=False).encode())
    h.update(digest)
    return h.hexdigest()


def work(stage: DocumentStage, job: Job) -> tuple[str, bytes | None, FazhiError | None]:
    """One document → its encoded payload, or the named error (run in a worker)."""
    src, corrections = job
    try:
        return src.doc_id, encode(stage(src, read_bytes(src.path), corrections)), None
    except FazhiError as e:
        return src.doc_id, None, e


class Workers:
    """Documents computed in ``n_jobs`` spawned processes (or here, with one job), each
    submitted as soon as it is known to be needed and taken back by ``doc_id``.

    The pool starts with the first document, so a rebuild's changed document is being
    computed while the build still hashes the other files and reads the cached shards.
    At most ``window`` documents (64 per job) are in flight: enough that the workers
    never wait while the build joins and writes a shard, few enough that results never
    pile up in memory.  ``initializer`` runs once in each worker (loading a dictionary
    once per process, not per document).

    >>> Workers(print, 2).window
    128
    """

    def __init__(self, stage: DocumentStage, n_jobs: int = 1, *, window: int | None = None, initializer: Callable[[], None] | None = None):
        self.stage, self.initializer = stage, initializer
        self.n_jobs = max(1, n_jobs)
        self.window = window or 64 * self.n_jobs
        self._queued: dict[str, Job] = {}  # not yet sent, in order
        self._running: dict[str, Future] = {}
        self._pool = None

    def add(self, job: Job) -> None:
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
            if self.n_jobs <= 1 and self.initializer is not None:  # this process is the worker
                self.initializer()
                self.initializer = None
            result = work(self.stage, self._queued.pop(doc_id))
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

                # spawn: workers start clean (no inherited locks or threads), each runs the
                # initializer once, and a process is started only when none is idle (one
                # changed document costs one worker, not n_jobs).
                self._pool = ProcessPoolExecutor(
                    self.n_jobs,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=die_with_parent,  # a killed build leaves no worker behind
                    initargs=(os.getpid(), self.initializer),
                )
            with sigint_blocked():  # a worker this submit starts leaves Ctrl-C to the build
                self._running[doc_id] = self._pool.submit(work, self.stage, job)

    def close(self) -> None:
        """End the worker processes (now: the corpus stage needs the memory)."""
        self._queued, self._running = {}, {}
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@dataclass
class Documents:
    """What the per-document stage leaves for the build's summary."""

    summaries: list[dict] = field(default_factory=list)  # documents rows without their texts
    warnings: list[str] = field(default_factory=list)
    n_readable: int = 0  # documents whose raw file could be read
    n_computed: int = 0  # documents computed (not taken from the cache)

    @property
    def cache_hits(self) -> int:
        return self.n_readable - self.n_computed


class Runner:
    """Runs the build's stages: ``jobs`` processes, the cache (``True``: the project's
    cache folder, a path: that folder, ``False``: none), ``progress`` messages.

    ``tune_memory`` sets the allocators for a build and hands freed memory back to the
    system between stages (:mod:`fazhi.store.memory`: 250 MB lower peak and a third less
    system time at 10,000 documents); ``hints`` asks the kernel to read files ahead
    (a cold read of 10,000 raw files 9.6 s → 1.6 s).  Neither changes any output.
    """

    def __init__(self, *, jobs: int = 1, cache: bool | str | Path = True, progress: Callable[[str], None] | None = None,
                 tune_memory: bool = True, hints: bool = True):  # fmt: skip
        self.jobs = max(1, jobs)
        self.cache = Cache(None if cache is False else (default_folder() / "entries" if cache is True else Path(cache)))
        self.progress = progress
        self.tune_memory, self.hints = tune_memory, hints
        self.timings: dict[str, float] = {}
        self.problems: list[FazhiError] = []
        self._writing = 0.0  # seconds spent handing rows to the table writer
        if tune_memory:
            memory.tune_for_build()

    def free(self) -> None:
        """Hand memory freed so far back to the system (between stages)."""
        if self.tune_memory:
            memory.release()

    @contextlib.contextmanager
    def timed(self, name: str) -> Iterator[None]:
        """Add the block's wall time to ``timings[name]``."""
        clock = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - clock

    @contextlib.contextmanager
    def publishing(self, out_dir: str | Path) -> Iterator[TableStream]:
        """A table writer into ``out_dir``: committed (all tables at once) when the block
        ends cleanly, else aborted with ``out_dir`` as it was."""
        stream = TableStream(Path(out_dir))
        try:
            yield stream
            clock = time.perf_counter()
            stream.commit()
            self.timings["write"] = self._writing + time.perf_counter() - clock
        except BaseException as e:
            stream.abort()
            if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
                raise OutputError(f"no space left for the tables ({e.strerror}); the previous tables are as they were", path=out_dir) from None
            raise

    def emitter(self, tables: TableStream) -> Callable[..., None]:
        """The ``emit`` the corpus stage writes with (:data:`fazhi.analyze.stage.Emit`):
        ``emit(name, rows, *, group=False, key=None)``.  Rows of a ``group`` are one
        row group of their own, encoded once; with a ``key`` the encoded rows are cached,
        and a later build with the same key copies them without calling ``rows``."""

        def emit(name: str, rows, *, group: bool = False, key: str | None = None) -> None:
            clock = time.perf_counter()
            if group:
                part = self.cache.get("parts", f"{name} {key}") if key is not None else None
                if not isinstance(part, Part):
                    part = encode_part(name, rows() if callable(rows) else rows)
                    if key is not None:
                        self.cache.put("parts", f"{name} {key}", part)
                tables.write_part(name, part)
            else:
                rows = rows() if callable(rows) else rows
                tables.write(name, rows if isinstance(rows, pa.Table) else to_arrow(rows, TABLES[name]), validated=True)
            self._writing += time.perf_counter() - clock

        return emit

    def _hint(self, path: Path | None) -> None:
        if self.hints and path is not None:
            will_read(path)

    def documents(self, sources: Sequence[Source], corrections: Sequence[Correction], stage: DocumentStage, *,
                  tables: TableStream, collect: Callable[[pa.Table, str], None],
                  initializer: Callable[[], None] | None = None) -> Documents:  # fmt: skip
        """Run ``stage`` on every document (or take its result from the cache): each
        shard's rows go to ``tables``, its corpus-stage inputs to ``collect(table, key)``.
        Problems are added to :attr:`problems` (then nothing more is written)."""
        cache, problems, done, n_done = self.cache, self.problems, Documents(), 0
        by_doc: dict[str, list[Correction]] = {}
        for c in corrections:
            by_doc.setdefault(c.doc_id, []).append(c)
        keys: dict[str, str] = {}
        digests: dict[str, str] = {}  # sha256 of each raw file, as its key hashed it
        pending: set[str] = set()  # documents whose payloads are computed in this build
        workers = Workers(stage, self.jobs, initializer=initializer)
        clock = time.perf_counter()
        try:
            # Files whose stat is as the last build saw it are not read again.
            index = RawIndex(cache)
            known = [index.known(s.path) for s in sources]
            unread = [s for s, d in zip(sources, known) if d is None]
            place = {s.doc_id: n for n, s in enumerate(unread)}
            for src, digest in zip(sources, known):
                n = place.get(src.doc_id)
                if n is not None:  # a cold disk reads the next files to read while this one is hashed
                    for m in hint_window(n, len(unread), READ_AHEAD):
                        self._hint(unread[m].path)
                try:
                    digest = digest or index.digest(src.path)
                except FazhiError as e:
                    problems.append(e)
                    continue
                keys[src.doc_id], digests[src.doc_id] = document_key(src, digest, by_doc.get(src.doc_id, [])), digest.hex()
                if not cache.has("documents", keys[src.doc_id]):  # a worker starts on it now, while the other files are hashed
                    workers.add((src, by_doc.get(src.doc_id, [])))
                    pending.add(src.doc_id)
            index.save()
            readable = [s for s in sources if s.doc_id in keys]
            done.n_readable = len(readable)
            # Boundaries from the raw files' hashes, not the cache keys: the tables' row groups
            # (one per shard) then stay where they are from one fazhi version to the next.
            groups = [readable[a:b] for a, b in shards.bounds([digests[s.doc_id] for s in readable])]
            group_keys = [shards.shard_key([keys[s.doc_id] for s in g]) for g in groups]
            shard_cached = [cache.has("shards", gk) for gk in group_keys]
            for group in (g for g, hit in zip(groups, shard_cached) if hit):
                for src in group:  # the shard is cached (its payload files were removed by hand)
                    if src.doc_id in pending:
                        workers.discard(src.doc_id)
                        pending.discard(src.doc_id)
            self.timings["read"] = time.perf_counter() - clock
            clock = time.perf_counter()

            def load(k: int) -> tuple[Shard | None, list[Payload | None]]:
                # In the read-ahead thread: the cached shard, or else its documents' cached payloads.
                shard = cache.get("shards", group_keys[k]) if shard_cached[k] else None
                if isinstance(shard, Shard):
                    return shard, []
                return None, [None if s.doc_id in pending else _payload(cache.get("documents", keys[s.doc_id])) for s in groups[k]]

            def files(k: int) -> list[Path]:
                if shard_cached[k]:
                    return [cache.path("shards", group_keys[k])]
                return [cache.path("documents", keys[s.doc_id]) for s in groups[k] if s.doc_id not in pending]

            loaded = read_ahead(load, len(groups), files=files if cache and self.hints else lambda k: [])
            for n_shard, (group, gk) in enumerate(zip(groups, group_keys)):
                shard, cached = next(loaded)
                if shard is None:
                    payloads = []
                    for src, payload in zip(group, cached):
                        if payload is None:  # from the workers, or computed here if the cached file was unreadable
                            done.n_computed += 1
                            job = (src, by_doc.get(src.doc_id, []))
                            _, blob, error = workers.take(src.doc_id) if src.doc_id in pending else work(stage, job)
                            if error is not None:
                                problems.append(error)
                                continue
                            payload = decode(blob)
                            if payload.summary["sha256"] != digests[src.doc_id]:  # never store it under the old key
                                problems.append(SourceFileError("the file changed while the build read it; build again", path=src.path))
                                continue
                            cache.put_encoded("documents", keys[src.doc_id], blob)
                        payloads.append(payload)
                    if problems:  # nothing will be written: only keep collecting problems
                        continue
                    shard = shards.join(gk, payloads)
                    del payloads
                    cache.put("shards", gk, shard)
                n_done += len(group)
                if self.progress:
                    self.progress(f"[{n_done}/{len(sources)}] {group[-1].doc_id}")
                if problems:
                    continue
                for name, part in shard.parts.items():
                    tables.write_part(name, part)  # validated when the payload was made
                collect(shard.analysis, gk)
                done.summaries.extend(shard.summaries)
                done.warnings.extend(shard.warnings)
                del shard
                if n_shard % RELEASE_EVERY == RELEASE_EVERY - 1:
                    self.free()
            loaded.close()
        finally:
            workers.close()  # ends the worker processes now, before the corpus stage needs the memory
        self.timings["documents"] = time.perf_counter() - clock
        return done


def _payload(value) -> Payload | None:
    return value if isinstance(value, Payload) else None
