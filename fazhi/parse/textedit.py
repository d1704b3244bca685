"""Text that remembers every change made to it.

Normalisation is a chain of small steps (newline folding, corrections, pinyin
removal, script conversion …).  Each step looks at the *current* text and proposes
:class:`Change` objects; :class:`TrackedText` applies them and keeps, for every
changed stretch, the original characters it replaced.  Overlapping changes from
later steps are merged into the earlier record, so the log always reads
"these raw characters became these final characters".

That log is what the ``quality`` table publishes and what the nothing-lost tests
replay backwards to get the raw text again, character for character.

>>> t = TrackedText("關(guān)于")
>>> t.apply([Change(1, 7, "", "pinyin")])
>>> t.apply([Change(0, 1, "关", "script")])
>>> t.text
'关于'
>>> [(r.start, r.end, r.before, r.after, r.kind) for r in t.records()]
[(0, 1, '關', '关', 'script'), (1, 1, '(guān)', '', 'pinyin')]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """Replace ``current[start:end]`` by ``after``; ``kind`` names the step."""

    start: int
    end: int
    after: str
    kind: str
    detail: str = ""


@dataclass(frozen=True)
class Record:
    """One logged change or flag, in final-text and raw-text coordinates."""

    start: int
    end: int
    raw_start: int
    raw_end: int
    before: str
    after: str
    kind: str
    action: str  # removed | replaced | inserted | flagged
    detail: str


@dataclass
class _Seg:
    # A stretch of the original text; ``text`` is None while it is unchanged.
    o_start: int
    o_end: int
    text: str | None = None
    kind: str = ""
    detail: str = ""


class TrackedText:
    """The original text, the current text, and the changes between them."""

    def __init__(self, original: str):
        self.original = original
        self._segs: list[_Seg] = [_Seg(0, len(original))] if original else []
        self._flags: list[tuple[int, int, str, str]] = []
        self._text: str | None = original
        # Segment starts in the current text, kept until the segments change: flagging
        # thousands of spans must not rescan the segments each time (that was quadratic).
        self._starts_memo: list[int] | None = None
        self._o_starts_memo: list[int] | None = None

    # -- reading -------------------------------------------------------------
    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._cur(s) for s in self._segs)
        return self._text

    def _cur(self, s: _Seg) -> str:
        return self.original[s.o_start : s.o_end] if s.text is None else s.text

    def _starts(self) -> list[int]:
        if self._starts_memo is None:
            out, pos = [], 0
            for s in self._segs:
                out.append(pos)
                pos += (s.o_end - s.o_start) if s.text is None else len(s.text)
            self._starts_memo = out
        return self._starts_memo

    def _o_starts(self) -> list[int]:
        if self._o_starts_memo is None:
            self._o_starts_memo = [s.o_start for s in self._segs]
        return self._o_starts_memo

    def _set_segs(self, segs: list[_Seg]) -> None:
        self._segs = segs
        self._starts_memo = self._o_starts_memo = None

    # -- changing ------------------------------------------------------------
    def apply(self, changes: Iterable[Change], *, split_at_edits: bool = False) -> None:
        """Apply non-overlapping changes given in current-text coordinates.

        ``split_at_edits``: the changes replace character by character (script
        conversion, given as runs for speed); a run is cut wherever an earlier edit
        begins or ends, so the log is the same as for one change per character.
        """
        changes = sorted(changes, key=lambda c: (c.start, c.end))
        if not changes:
            return
        n = len(self.text)
        prev_end = 0
        for c in changes:
            if not (0 <= c.start <= c.end <= n) or c.start < prev_end:
                raise ValueError(f"bad or overlapping change {c!r} (text length {n})")
            prev_end = c.end
        if self._apply_inside_unchanged(changes):
            return
        if split_at_edits:  # (a change inside unchanged text has no earlier edit to be cut at)
            changes = self._split_runs(changes)
        self._split_at(sorted({p for c in changes for p in (c.start, c.end)}))
        starts = self._starts()
        segs = self._segs
        # Group the changes by the run of segments they touch: two changes that
        # fall in one earlier edit must be applied to it together.
        groups: list[list] = []  # [i, j, changes]
        i = 0
        for c in changes:
            while i < len(segs) and self._before(segs[i], starts[i], c):
                i += 1
            j = i
            while j < len(segs) and self._touches(segs[j], starts[j], c):
                j += 1
            if groups and j > i and i < groups[-1][1]:
                groups[-1][1] = max(groups[-1][1], j)
                groups[-1][2].append(c)
            else:
                groups.append([i, j, [c]])
        out: list[_Seg] = []
        done = 0
        for i, j, group in groups:
            out.extend(segs[done:i])
            done = max(done, j)
            if j == i:  # a pure insertion between segments
                c = group[0]
                o = segs[i].o_start if i < len(segs) else (segs[-1].o_end if segs else 0)
                out.append(_Seg(o, o, c.after, c.kind, c.detail))
                continue
            run = segs[i:j]
            run_start = starts[i]
            new = "".join(self._cur(s) for s in run)
            for c in reversed(group):
                new = new[: c.start - run_start] + c.after + new[c.end - run_start :]
            o_start, o_end = run[0].o_start, run[-1].o_end
            earlier = [s for s in run if s.text is not None]
            run_end = run_start + sum(self._len(s) for s in run)
            covers = group[0].start <= run_start and group[-1].end >= run_end
            if earlier and not covers:
                # A later step touched part of an earlier edit (OpenCC inside a
                # correction): the earlier step still explains the stretch.
                kind = earlier[0].kind
                details = [s.detail for s in earlier if s.detail] + [f"then {c.kind}" for c in group]
            else:
                # The new change rewrote the whole stretch (a debris line that had
                # its spaces folded first): it is what a reader needs to know.
                kind = group[0].kind
                details = [c.detail for c in group if c.detail]
                if earlier:
                    details.append("after " + ", ".join(dict.fromkeys(s.kind for s in earlier)))
            detail = "; ".join(dict.fromkeys(details))
            if not earlier and new == self.original[o_start:o_end]:
                out.extend(run)  # the change wrote what was already there
            else:
                out.append(_Seg(o_start, o_end, new, kind, detail))
        out.extend(segs[done:])
        self._set_segs(self._coalesce(out))
        self._text = None

    def _apply_inside_unchanged(self, changes: list[Change]) -> bool:
        """The common case in one sweep: every change replaces or removes characters that no
        earlier step touched (script conversion after pinyin removal, mostly).  Then each
        change only cuts its own stretch out of one unchanged segment, which is what the
        general path below does with it, in far fewer steps.  False (nothing done) otherwise.
        """
        segs, starts, original = self._segs, self._starts(), self.original
        where: list[int] = []
        for c in changes:
            i = bisect.bisect_right(starts, c.start) - 1
            if c.start == c.end or i < 0 or segs[i].text is not None or c.end > starts[i] + (segs[i].o_end - segs[i].o_start):
                return False
            where.append(i)
        out: list[_Seg] = []
        done = 0  # segments before this one are in out
        k = 0
        while k < len(changes):
            i = where[k]
            out.extend(segs[done:i])
            s, a = segs[i], starts[i]
            cut = s.o_start
            while k < len(changes) and where[k] == i:
                c = changes[k]
                o0, o1 = s.o_start + (c.start - a), s.o_start + (c.end - a)
                if o0 > cut:
                    out.append(_Seg(cut, o0))
                # A change that writes what is there already leaves the stretch unchanged.
                out.append(_Seg(o0, o1) if c.after == original[o0:o1] else _Seg(o0, o1, c.after, c.kind, c.detail))
                cut = o1
                k += 1
            if cut < s.o_end:
                out.append(_Seg(cut, s.o_end))
            done = i + 1
        out.extend(segs[done:])
        self._set_segs(self._coalesce(out))
        self._text = None
        return True

    def _split_runs(self, changes: list[Change]) -> list[Change]:
        bounds: list[int] = []
        for s, a in zip(self._segs, self._starts()):
            if s.text is not None:
                bounds += (a, a + len(s.text))
        if not bounds:
            return changes
        out: list[Change] = []
        for c in changes:
            if len(c.after) != c.end - c.start:  # a phrase that changed length: kept whole
                out.append(c)
                continue
            cuts = bounds[bisect.bisect_right(bounds, c.start) : bisect.bisect_left(bounds, c.end)]
            pos = c.start
            for cut in sorted(set(cuts)) + [c.end]:
                out.append(Change(pos, cut, c.after[pos - c.start : cut - c.start], c.kind, c.detail))
                pos = cut
        return out

    @staticmethod
    def _len(s: _Seg) -> int:
        return (s.o_end - s.o_start) if s.text is None else len(s.text)

    def _before(self, s: _Seg, a: int, c: Change) -> bool:
        # Segments are already split at every change boundary, so only an
        # edited segment can straddle a change; it is then not "before" it.
        return a + self._len(s) <= c.start

    def _touches(self, s: _Seg, a: int, c: Change) -> bool:
        b = a + self._len(s)
        if c.start == c.end:
            return a < c.start < b
        if a == b:  # a deletion: merged only when strictly inside the change
            return c.start < a < c.end
        return a < c.end and b > c.start

    def _split_at(self, points: Sequence[int]) -> None:
        """Split unchanged segments so every point lies on a boundary."""
        if not points:
            return
        out: list[_Seg] = []
        pos = 0
        k = 0
        for s in self._segs:
            length = self._len(s)
            end = pos + length
            while k < len(points) and points[k] <= pos:
                k += 1
            if s.text is None:
                cut = s.o_start
                while k < len(points) and points[k] < end:
                    o = s.o_start + (points[k] - pos)
                    out.append(_Seg(cut, o))
                    cut = o
                    k += 1
                out.append(_Seg(cut, s.o_end))
            else:
                while k < len(points) and points[k] < end:
                    k += 1
                out.append(s)
            pos = end
        self._set_segs(out)

    @staticmethod
    def _coalesce(segs: list[_Seg]) -> list[_Seg]:
        out: list[_Seg] = []
        for s in segs:
            if s.text is None and s.o_start == s.o_end:
                continue
            if out:
                p = out[-1]
                if p.text is None and s.text is None:
                    out[-1] = _Seg(p.o_start, s.o_end)
                    continue
                if (
                    p.text is not None
                    and s.text is not None
                    and p.kind == s.kind
                    and p.detail == s.detail
                    and bool(p.text) == bool(s.text)
                    and (p.o_end > p.o_start) == (s.o_end > s.o_start)
                ):
                    out[-1] = _Seg(p.o_start, s.o_end, p.text + s.text, p.kind, p.detail)
                    continue
            out.append(s)
        return out

    # -- flags ---------------------------------------------------------------
    def flag(self, start: int, end: int, kind: str, detail: str = "") -> None:
        """Mark ``current[start:end]`` as suspicious without changing it."""
        self._flags.append((self._to_original(start, False), self._to_original(end, True), kind, detail))

    def _to_original(self, pos: int, is_end: bool) -> int:
        starts = self._starts()
        i = bisect.bisect_right(starts, pos) - 1
        while i > 0 and is_end and starts[i] == pos:
            i -= 1  # an end position belongs to the segment before the boundary
        if i < 0:
            return 0
        s = self._segs[i]
        a = starts[i]
        if s.text is None:
            return min(s.o_start + (pos - a), s.o_end)
        return s.o_end if is_end else s.o_start

    def _to_current(self, o: int, is_end: bool) -> int:
        starts, o_starts, segs = self._starts(), self._o_starts(), self._segs
        # Segments are in raw-text order: start at the first one that can hold ``o``
        # (zero-length insertions share an o_start, so step back over them).
        k = bisect.bisect_left(o_starts, o) - 1
        k = max(0, k)
        while k > 0 and o_starts[k - 1] == o_starts[k]:
            k -= 1
        for idx in range(k, len(segs)):
            s = segs[idx]
            if s.o_start > o:
                break
            if s.o_start <= o < s.o_end or (is_end and s.o_start < o == s.o_end):
                a = starts[idx]
                if s.text is None:
                    return a + (o - s.o_start)
                return a + len(s.text) if is_end else a
        return len(self.text)

    # -- output --------------------------------------------------------------
    def records(self) -> list[Record]:
        """Every change and flag, in text order (ties in raw-text order)."""
        recs: list[Record] = []
        for s, a in zip(self._segs, self._starts()):
            if s.text is None:
                continue
            before = self.original[s.o_start : s.o_end]
            action = "removed" if not s.text else ("inserted" if not before else "replaced")
            recs.append(Record(a, a + len(s.text), s.o_start, s.o_end, before, s.text, s.kind, action, s.detail))
        for o_start, o_end, kind, detail in self._flags:
            start, end = self._to_current(o_start, False), self._to_current(o_end, True)
            end = max(end, start)
            seg = self.text[start:end]
            recs.append(Record(start, end, o_start, o_end, seg, seg, kind, "flagged", detail))
        recs.sort(key=lambda r: (r.raw_start, r.raw_end, r.action == "flagged"))
        return recs


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """The text with ``changes`` applied (no log kept).

    >>> apply_changes("關於", [Change(0, 1, "关", "script")])
    '关於'
    """
    out, pos = [], 0
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        out.append(text[pos : c.start])
        out.append(c.after)
        pos = c.end
    out.append(text[pos:])
    return "".join(out)


def reconstruct(text: str, records: Iterable[Record]) -> str:
    """Undo every logged change: the raw text, from the final text and its log.

    >>> t = TrackedText("a\\r\\nb")
    >>> t.apply([Change(1, 3, "\\n", "newline")])
    >>> reconstruct(t.text, t.records())
    'a\\r\\nb'
    """
    pieces: list[str] = []
    pos = 0
    # A converter's rows (kind "conversion": what it dropped from a PDF, page, Word file) are
    # about the file, not the extracted text this log rebuilds: they are not replayed.
    replayed = (r for r in records if r.action != "flagged" and r.kind != "conversion")
    for r in sorted(replayed, key=lambda r: (r.raw_start, r.raw_end)):
        pieces.append(text[pos : r.start])
        pieces.append(r.before)
        pos = r.end
    pieces.append(text[pos:])
    return "".join(pieces)
