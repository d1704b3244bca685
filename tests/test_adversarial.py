"""1 MB of adversarial text per case through the whole per-document stage.

A quadratic step would take minutes to hours on these inputs; the watchdog turns
that into a failure instead of a hung suite.  The times themselves are measured by
``make bench`` (benchmarks/run.py), not here.
"""

from __future__ import annotations

import re
import signal
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.adversarial import ADVERSARIAL, adversarial_texts
from fazhi.ingest.manifest import Source
from fazhi.pipeline import process_document
from fazhi.parse.textedit import Record, reconstruct

#: The same assertions hold at any size; make bench runs these inputs at 1 MB and prints the times
#: (benchmarks/run.py, "adversarial 1 MB inputs"), the suite at 400 kB keeps make test under five minutes.
SIZE = 400_000
WATCHDOG_S = 120  # ~25× the slowest case's time: only a complexity regression trips it


@pytest.fixture(scope="module")
def texts():
    return adversarial_texts(SIZE)


@pytest.fixture
def watchdog():
    def fire(signum, frame):
        raise TimeoutError(f"no result after {WATCHDOG_S} s on 1 MB: a step is no longer linear")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(WATCHDOG_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _source(name: str) -> Source:
    return Source(name, f"{name}.txt", Path(f"{name}.txt"), "某市", "Moushi", "prefecture", "某省", "plan", 2023, 2025,
                  None, None, None, None, None, None, None, None, 2, Path("sources.csv"))  # fmt: skip


def _check_nothing_lost(result, raw: str) -> None:
    doc = result.document
    spans = [(0, doc["header_end"])] + [(p["start"], p["end"]) for p in result.provisions] + [(doc["back_start"], doc["n_chars"])]
    spans = sorted(s for s in spans if s[1] > s[0])
    assert spans[0][0] == 0 and spans[-1][1] == doc["n_chars"]
    assert all(a1 == b0 for (_, a1), (b0, _) in zip(spans, spans[1:]))
    records = [Record(q["start"], q["end"], q["raw_start"], q["raw_end"], q["before"], q["after"], q["kind"], q["action"], q["detail"]) for q in result.quality]
    assert reconstruct(doc["text"], records) == raw


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_text(name, texts, watchdog):
    raw = texts[name]
    assert len(raw) == SIZE
    result = process_document(_source(name), raw.encode("utf-8"))
    _check_nothing_lost(result, raw)
    kinds = Counter(q["kind"] for q in result.quality)
    labels = Counter(p["label"] for p in result.provisions)
    n_ind = len(result.indicators)
    if name == "digit_run" or name == "open_brackets":
        assert labels == {"": 1} and kinds["no_outline"] == 1 and n_ind == 0
    elif name == "repeated_numbering":
        # Only the first (一) opens an item: a repeat mid-line is not the next number.
        assert labels == {"(一)": 1} and n_ind == 0
    elif name == "numbered_lines":
        # Every line repeats "1."; each repeat is accepted and flagged.
        assert labels == {"1.": raw.count("1.")} and kinds["outline_gap"] == raw.count("1.") - 1
    elif name == "quantity_chain":
        assert n_ind == raw.count("95%") and {r["comparator"] for r in result.indicators} == {">="}
    elif name == "quoted_names":
        # The quoted names are masked; only the counts after them are quantities.
        assert n_ind == raw.count("5个") and {r["value"] for r in result.indicators} == {5.0}
    elif name == "long_line":
        # Each run of spaces is folded (the last, before the newline, dropped) and the final newline dropped.
        assert kinds["whitespace"] == len(re.findall(" +", raw)) + 1
    elif name == "repeated_seed":
        # Every full repeat of the seed gives the seed's quantities; its items mostly too (a
        # repeat's numbering restarting mid-document is partly taken as text of the item before).
        seed = ADVERSARIAL[name][0]
        once = process_document(_source("seed"), seed.encode("utf-8"))
        repeats = SIZE // len(seed)
        assert len(result.provisions) >= 0.9 * repeats * (len(once.provisions) - 1)
        assert n_ind >= repeats * len(once.indicators)
    else:  # a new case needs its own expectation
        pytest.fail(f"no expectation for {name}")


def test_a_long_realistic_document_costs_linear_time():
    """4× the text must cost well under 16× the time (quadratic); linear is ~4×.  CPU time
    of this process, best of three, so a busy machine does not decide the outcome (best of two
    failed once in a loaded local run: ratio measured 3.3–3.9 alone)."""
    import time

    seed = ADVERSARIAL["repeated_seed"][0]

    def cpu(size: int) -> float:
        text = (seed * (size // len(seed) + 1))[:size]
        best = float("inf")
        for _ in range(3):
            t = time.process_time()
            process_document(_source("long"), text.encode("utf-8"))
            best = min(best, time.process_time() - t)
        return best

    small, large = cpu(64_000), cpu(256_000)  # large enough that the fixed costs are a small share
    assert large / small < 8, (small, large)
