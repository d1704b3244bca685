"""Worker processes that never outlive the build that started them.

A build started with ``--jobs N`` spawns worker processes (per-document stage, text
reuse).  If the build is killed (``kill -9``, a closed terminal), the workers must
end too: :func:`die_with_parent` runs first in every worker and asks Linux to send it
SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), and — for any other
system, or a parent that died before the request — watches the parent's pid.

Ctrl-C is the parent's to handle: workers are started with SIGINT blocked
(:func:`sigint_blocked`; the signal mask survives ``exec``, so even a worker still
starting up never sees it), and end when the parent does.  A Ctrl-C while the parent
starts a worker is held until the worker has its start-up data, then delivered: not lost,
and no half-started worker prints a traceback.

>>> import os; die_with_parent(os.getppid(), None) is None   # in a process whose parent lives
True
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

PR_SET_PDEATHSIG = 1
#: How often the watcher thread checks that the parent is alive (seconds).
POLL = 0.5


def die_with_parent(parent_pid: int, then: Callable[[], None] | None = None) -> None:
    """Initializer of a worker process: end it when process ``parent_pid`` ends, then run ``then``."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl: the watcher below still works
            pass
    if os.getppid() != parent_pid:  # the parent is already gone
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="fazhi-parent-watch", daemon=True).start()
    if then is not None:
        then()


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(POLL)
    os._exit(1)  # orphaned: the build that wanted this work is gone


@contextlib.contextmanager
def sigint_blocked() -> Iterator[None]:
    """Processes started inside this block never receive Ctrl-C, and a Ctrl-C pressed
    meanwhile reaches this process only when the block ends — never halfway through
    starting a worker (whose start-up would then fail loudly on a half-sent handshake).

    The signal is blocked in this thread (the mask is what children inherit) and, from the
    main thread, a handler that only remembers it stands in for the usual one (another
    thread of this process may be the one the signal is delivered to).
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    pending: list[int] = []
    handler = None
    if threading.current_thread() is threading.main_thread():
        handler = signal.signal(signal.SIGINT, lambda signum, frame: pending.append(signum))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if handler is not None:
            signal.signal(signal.SIGINT, handler)
            if pending and callable(handler):
                handler(signal.SIGINT, None)  # the Ctrl-C pressed meanwhile, now (KeyboardInterrupt)


@functools.lru_cache(maxsize=None)
def libc_function(name: str):
    """A function of glibc (Linux), or None where there is none to call.

    >>> libc_function("no_such_function") is None
    True
    """
    try:
        return getattr(ctypes.CDLL(ctypes.util.find_library("c") or None), name)
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Return the memory freed so far by Arrow and by ``malloc`` to the operating system:
    both keep freed pages for reuse, so a long-lived worker would otherwise stay as large as
    its largest job (a build stage, a briefing page).

    >>> release_memory()  # safe to call at any time, on any platform
    """
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    trim = libc_function("malloc_trim")
    if trim is not None:
        trim(0)


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc): the children of every thread, not only
    the main one (a process can start children from any of its threads).

    >>> tree_pids(os.getpid())[0] == os.getpid()
    True
    """
    out, stack, seen = [], [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        out.append(p)
        try:
            threads = os.listdir(f"/proc/{p}/task")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        for t in threads:
            try:
                with open(f"/proc/{p}/task/{t}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
    return out


def tree_rss_kib(pid: int, pids: list[int] | None = None) -> int:
    """Resident memory of ``pid`` and all its descendants (Linux /proc), in KiB (``pids``:
    that tree, if already walked).  Used by ``fazhi brief``'s kernel memory limit and by
    ``make bench``.

    >>> tree_rss_kib(os.getpid()) > 0
    True
    """
    total = 0
    for p in pids if pids is not None else tree_pids(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total
