"""The edit log: applying changes, merging later steps into earlier ones, replaying backwards."""

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.parse.textedit import Change, TrackedText, apply_changes, reconstruct


@st.composite
def edit_rounds(draw):
    original = draw(st.text(alphabet="ab\n關", max_size=25))
    rounds = []
    length = len(original)
    for _ in range(draw(st.integers(1, 5))):
        changes, pos = [], 0
        while pos <= length and draw(st.booleans()):
            start = draw(st.integers(pos, length))
            end = draw(st.integers(start, min(length, start + 3)))
            if start == end and changes and changes[-1].start == changes[-1].end == start:
                break
            changes.append(Change(start, end, draw(st.text(alphabet="XY", max_size=3)), draw(st.sampled_from(["k1", "k2"]))))
            pos = end if end > start else start + 1
        rounds.append(changes)
        length += sum(len(c.after) - (c.end - c.start) for c in changes)
    return original, rounds


@settings(max_examples=400, deadline=None)
@given(edit_rounds())
def test_any_sequence_of_edits_replays_back_to_the_original(case):
    original, rounds = case
    t = TrackedText(original)
    expected = original
    for changes in rounds:
        expected = apply_changes(expected, changes)
        t.apply(changes)
        assert t.text == expected
    records = t.records()
    assert reconstruct(t.text, records) == original
    for r in records:
        assert t.text[r.start : r.end] == r.after
        assert original[r.raw_start : r.raw_end] == r.before


@settings(max_examples=400, deadline=None)
@given(edit_rounds(), st.booleans())
def test_the_sweep_for_changes_in_unchanged_text_logs_what_the_general_path_logs(case, split):
    # The same rounds applied twice: once as apply() chooses, once forced down the general path.
    original, rounds = case
    fast, general = TrackedText(original), TrackedText(original)
    general._apply_inside_unchanged = lambda changes: False
    for n, changes in enumerate(rounds):
        last = n == len(rounds) - 1
        if split and last:  # the script step's form, after the others: one-for-one replacements
            # (every other one writes what is there already: logged as no change)
            changes = [Change(c.start, c.end, fast.text[c.start : c.end] if k % 2 else "Z" * (c.end - c.start), c.kind)
                       for k, c in enumerate(c for c in changes if c.end > c.start)]  # fmt: skip
        fast.apply(changes, split_at_edits=split and last)
        general.apply(changes, split_at_edits=split and last)
        assert fast.text == general.text
        assert [(s.o_start, s.o_end, s.text, s.kind, s.detail) for s in fast._segs] == [(s.o_start, s.o_end, s.text, s.kind, s.detail) for s in general._segs]
    assert fast.records() == general.records()


def test_a_later_step_inside_an_earlier_edit_keeps_the_earlier_kind():
    t = TrackedText("?,F將有")
    t.apply([Change(0, 4, "。現將", "correction", "checked by hand")])
    t.apply([Change(1, 3, "现将", "script", "t2s")])
    [r] = t.records()
    assert (r.kind, r.before, r.after) == ("correction", "?,F將", "。现将")
    assert r.detail == "checked by hand; then script"


def test_a_later_step_that_rewrites_a_whole_edit_takes_over():
    t = TrackedText("【字号\xa0】\n正文")
    t.apply([Change(3, 4, " ", "whitespace", "non-ASCII space folded")])
    t.apply([Change(0, 6, "", "web_debris", "page buttons")])
    [r] = t.records()
    assert (r.kind, r.action, r.before, r.detail) == ("web_debris", "removed", "【字号\xa0】\n", "page buttons; after whitespace")


def test_flags_follow_the_text_through_later_changes():
    t = TrackedText("ab?,Fcd")
    t.flag(2, 5, "garbled", "x")
    t.apply([Change(0, 2, "", "whitespace")])
    flagged = [r for r in t.records() if r.action == "flagged"]
    assert [(r.start, r.end, r.before) for r in flagged] == [(0, 3, "?,F")]


def test_adjacent_changes_of_one_kind_make_one_row():
    t = TrackedText("關於印發")
    t.apply([Change(0, 1, "关", "script"), Change(1, 2, "于", "script"), Change(3, 4, "发", "script")])
    assert [(r.before, r.after) for r in t.records()] == [("關於", "关于"), ("發", "发")]


@settings(max_examples=400, deadline=None)
@given(edit_rounds(), st.data())
def test_a_run_split_at_earlier_edits_logs_like_one_change_per_character(case, data):
    original, rounds = case
    per_char, runs = TrackedText(original), TrackedText(original)
    for changes in rounds:
        per_char.apply(changes)
        runs.apply(changes)
    # A last step that replaces characters one for one (as script conversion does).
    text = per_char.text
    marks = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    chars = [Change(i, i + 1, "Z", "script") for i, m in enumerate(marks) if m]
    merged: list[Change] = []
    for c in chars:
        if merged and merged[-1].end == c.start:
            merged[-1] = Change(merged[-1].start, c.end, merged[-1].after + "Z", "script")
        else:
            merged.append(c)
    per_char.apply(chars)
    runs.apply(merged, split_at_edits=True)
    assert runs.text == per_char.text
    assert runs.records() == per_char.records()
