"""Texts built to break parsers that are not linear: ~1 MB each, one document each.

Used by ``tests/test_adversarial.py`` (which checks the results) and by the
benchmark (which prints the time of each).

>>> sorted(ADVERSARIAL) == sorted(adversarial_texts(1000))
True
"""

from __future__ import annotations

from pathlib import Path

#: A real founding document: repeated, it is a long *realistic* document (headers,
#: numbering restarts, thousands of quantities and warnings), not a degenerate one.
SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "huaibei_2022_action_plan.txt"

#: name → (unit of text, what it attacks)
ADVERSARIAL: dict[str, tuple[str, str]] = {
    "digit_run": ("1234567890", "one 1 MB run of digits: number, year and date patterns"),
    "open_brackets": ("(责任单位:“《〔【", "brackets and quotes that never close: unit notes, masks, headings"),
    "repeated_numbering": ("(一)", "the same item number again and again on one line: outline sequence logic"),
    "numbered_lines": ("1.任务。\n", "the same number opening every line: accepted markers, gaps, repeats"),
    "quantity_chain": ("达到95%以上、", "a quantity every 8 characters with no sentence end: indicator windows"),
    "quoted_names": ("“1+4+N”5个", "masks and quantities interleaved"),
    "long_line": ("法治政府建设" + " " * 50, "one line of 1 MB with runs of spaces: whitespace and header steps"),
    "repeated_seed": (SEED.read_text("utf-8"), "a founding document repeated to 1 MB: every step at realistic density"),
}


def adversarial_texts(size: int = 1_000_000) -> dict[str, str]:
    """Each adversarial text, ``size`` characters long, ending with a newline."""
    out = {}
    for name, (unit, _) in ADVERSARIAL.items():
        body = unit * (size // len(unit) + 1)
        out[name] = body[: size - 1] + "\n"
    return out
