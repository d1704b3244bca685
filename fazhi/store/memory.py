"""How the build holds memory: allocators chosen for it, freed memory handed back between stages.

Arrow's allocator and glibc's ``malloc`` keep freed pages for reuse; after the
per-document stage at 10,000 documents that was over 500 MB held but unused, which
counts against the build's peak RSS.  :func:`release` asks both to return it.
:func:`tune_for_build` picks the allocators' settings the build runs best with.
Neither changes any data, only how the process holds it.

>>> release()  # safe to call at any time, on any platform
"""

from __future__ import annotations

import functools

import pyarrow as pa

from fazhi.procs import libc_function, release_memory


_libc = libc_function


#: glibc mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


@functools.lru_cache(maxsize=1)
def tune_for_build() -> str:
    """Set this process's allocators for a build; returns the Arrow pool's name.

    Arrow: jemalloc where the wheel has it (measured on the 10,000-document
    rebuild: 250 MB less peak memory than mimalloc, and less time returning pages).
    glibc: arrays under 256 MB come from the heap and its freed top is kept up to
    1 GB (instead of a fresh ``mmap`` per large numpy temporary, each page faulted
    in again: a third of the rebuild's system time); :func:`release` still trims
    it between stages.  Called once per process, by :func:`fazhi.build`.
    """
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except (NotImplementedError, pa.ArrowNotImplementedError):
        pass  # a pyarrow built without jemalloc: keep its default
    mallopt = _libc("mallopt")
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, 256 << 20)
        mallopt(_M_TRIM_THRESHOLD, 1 << 30)
    return pa.default_memory_pool().backend_name


def release() -> None:
    """Return the memory freed so far by Arrow and by ``malloc`` to the operating system
    (:func:`fazhi.procs.release_memory`)."""
    release_memory()
