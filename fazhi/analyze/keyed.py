"""What the corpus stage asks of a cache: ``get`` and ``put`` by kind and content key.

The build hands in :class:`fazhi.store.cache.Cache`; the analysis code never imports
it, and without one it uses :data:`NO_CACHE`, which keeps nothing.

>>> NO_CACHE.get("models", "themes 1") is None
True
"""

from __future__ import annotations

from typing import Protocol


class KeyedCache(Protocol):
    """Values by ``(kind, key)``; ``key`` changes whenever the value would."""

    def get(self, kind: str, key: str): ...

    def put(self, kind: str, key: str, value) -> None: ...


class _NoCache:
    def get(self, kind: str, key: str):
        return None

    def put(self, kind: str, key: str, value) -> None:
        pass


NO_CACHE: KeyedCache = _NoCache()
