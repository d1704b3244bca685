"""Word tokens for themes and clusters: jieba made fit for this genre.

A dedicated :class:`jieba.Tokenizer` (never the global one) loads the domain user
dictionary ``fazhi/data/jieba_userdict.txt`` (行政复议, 出庭应诉, 重大行政决策, 府院联动 …,
so they stay whole), keeps its dictionary cache where :func:`use_dictionary_cache` says (the build: the
project's cache folder) and logs nothing.  Tokens drop the stop list ``fazhi/data/stopwords.txt`` (policy boilerplate:
进一步, 加强, 完善, 推进 …), punctuation, figures and single characters.

>>> tokens("切实发挥行政复议化解行政争议主渠道作用")
['行政复议', '化解', '行政争议', '主渠道']
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import sys
from importlib import resources
from pathlib import Path

KEEP = re.compile(r"^[\u3400-\u9fff\uf900-\ufaffA-Za-z+]{2,}$")


_dictionary_cache: dict[str, str | None] = {"folder": None}


def use_dictionary_cache(folder: str | Path | None) -> None:
    """Keep jieba's built dictionary in ``folder`` (read back in a fraction of the time it
    takes to build); ``None``: jieba's own default, the temp folder.  Takes effect for a
    process's first tokenizer (the build sets it in every worker)."""
    _dictionary_cache["folder"] = os.fspath(folder) if folder is not None else None


def _data(name: str) -> str:
    return resources.files("fazhi").joinpath(f"data/{name}").read_text("utf-8")


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(w.strip() for w in _data("stopwords.txt").splitlines() if w.strip() and not w.startswith("#"))


@functools.lru_cache(maxsize=1)
def user_terms() -> tuple[str, ...]:
    return tuple(line.split()[0] for line in _data("jieba_userdict.txt").splitlines() if line.strip())


@contextlib.contextmanager
def _hidden(module: str):
    """Make ``import module`` fail inside the block, unless it is imported already.

    jieba 0.42.1 reads its files through ``pkg_resources`` when it can, and else opens
    them beside its own module.  Importing ``pkg_resources`` (deprecated by setuptools,
    with a warning) scans the metadata of every installed distribution: about 450 small
    files, which on a cold disk cost a worker seconds before it tokenises anything.
    """
    if module in sys.modules:
        yield
        return
    sys.modules[module] = None  # an ImportError for this import only
    try:
        yield
    finally:
        if sys.modules.get(module, "") is None:
            del sys.modules[module]


@functools.lru_cache(maxsize=1)
def tokenizer():
    """The configured jieba tokenizer (built once per process)."""
    with _hidden("pkg_resources"):
        import jieba
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = _dictionary_cache["folder"]
    tk.cache_file = "jieba.cache"
    tk.initialize()
    for line in _data("jieba_userdict.txt").splitlines():
        parts = line.split()
        if parts:
            tk.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)
    return tk


#: jieba's own block pattern (``re_han_default``): it cuts text into runs of these.
_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
#: jieba joins unknown characters one by one, which is quadratic in the run's length
#: (1 MB of digits takes minutes), so longer runs are cut into pieces of this size.
MAX_BLOCK = 500


def _pieces(text: str) -> list[str]:
    """``text`` cut only inside blocks longer than :data:`MAX_BLOCK` (elsewhere as is).

    >>> [len(p) for p in _pieces("甲," + "1" * 1200)]
    [502, 500, 200]
    """
    if len(text) <= MAX_BLOCK:
        return [text]
    out, pos = [], 0
    for m in _BLOCK.finditer(text):
        s, e = m.span()
        if e - s <= MAX_BLOCK:
            continue
        for cut in range(s + MAX_BLOCK, e, MAX_BLOCK):
            out.append(text[pos:cut])
            pos = cut
    out.append(text[pos:])
    return out


def raw_tokens(text: str) -> list[str]:
    """jieba's segmentation with the domain dictionary, nothing removed."""
    tk = tokenizer()
    pieces = _pieces(text)
    if len(pieces) == 1:
        return tk.lcut(text, HMM=True)
    return [t for piece in pieces for t in tk.lcut(piece, HMM=True)]


#: Blocks already segmented, per process: the genre repeats its clauses (坚持以…为指导,
#: 各地区各部门要…), so most blocks of a large corpus have been seen before.  Cleared
#: when full; the output never depends on it (a block's tokens do not depend on the
#: text around it, because jieba cuts every block on its own).
MEMO_SIZE = 400_000
_memo: dict[str, tuple[str, ...]] = {}


def _block_tokens(block: str) -> tuple[str, ...]:
    tk, stop = tokenizer(), stopwords()
    pieces = [block[i : i + MAX_BLOCK] for i in range(0, len(block), MAX_BLOCK)]
    return tuple(t for piece in pieces for t in tk.lcut(piece, HMM=True) if KEEP.match(t) and t not in stop)


def tokens(text: str) -> list[str]:
    """Content tokens of ``text``: no stop words, punctuation, figures or single characters.

    Only jieba's blocks (runs of 汉字, letters and digits) can hold a content token;
    everything between them comes out of jieba one character at a time.
    """
    out: list[str] = []
    memo = _memo
    for block in _BLOCK.findall(text):
        got = memo.get(block)
        if got is None:
            got = _block_tokens(block)
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[block] = got
        out.extend(got)
    return out
