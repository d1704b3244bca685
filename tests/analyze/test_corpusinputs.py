"""The corpus stage's compact inputs: tokens as ids, read back exactly."""

import numpy as np
import pyarrow as pa
import pytest

from fazhi.analyze.stage import text_hash
from fazhi.analyze.corpusinputs import SCHEMA, TOKEN_COLUMNS, CorpusInputs
from fazhi.store.shards import encode_tokens


def _doc(doc_id, rows):
    return pa.table(
        {
            "provision_id": [f"{doc_id}:{k}" for k in range(len(rows))],
            "doc_id": [doc_id] * len(rows),
            "parent_id": [None] + [f"{doc_id}:0"] * (len(rows) - 1),
            "is_task": [k > 0 for k in range(len(rows))],
            "text": ["".join(h + t) for h, t, _ in rows],
            "text_hash": [text_hash("".join(h + t)) for h, t, _ in rows],
            "text_start": list(range(len(rows))),
            "text_tokens": [t for _, t, _ in rows],
            "head_tokens": [h for h, _, _ in rows],
            "prints": [p for _, _, p in rows],
        },
        schema=SCHEMA,
    )


DOCS = {
    "甲": [(["总体要求"], ["依法行政"], [5, 9]), ([], ["行政复议", "纠错率"], [7]), (["培训"], [], [])],
    "乙": [([], [], []), (["出庭应诉"], ["出庭应诉", "负责人", "依法行政"], [9, 11, 2**63 + 1])],
    "丙": [(["培训"], ["学时", "培训"], [3])],
}


def _encoded(table):
    """The table as a shard stores it: token lists dictionary-encoded."""
    for name in TOKEN_COLUMNS:
        table = table.set_column(table.schema.get_field_index(name), name, encode_tokens(table.column(name).combine_chunks()))
    return table


@pytest.mark.parametrize("form", ["plain", "encoded"])
def test_tokens_and_token_column_read_back_every_list_across_chunks(form):
    inputs = CorpusInputs()
    for doc_id, rows in DOCS.items():
        table = _doc(doc_id, rows)
        if form == "encoded":
            table = _encoded(table)
            assert pa.types.is_dictionary(table.schema.field("text_tokens").type.value_type)
        inputs.add(table)
    inputs.finish()
    rows = [r for doc in DOCS.values() for r in doc]
    assert len(inputs) == 6
    assert inputs.segments == [(None, 0, 3), (None, 3, 5), (None, 5, 6)]  # each added table's rows
    # One vocabulary across documents: 依法行政 and 培训 are one id each.
    assert len(inputs.words) == len({w for h, t, _ in rows for w in h + t}) == 8
    assert inputs.tokens(range(6), "text") == [t for _, t, _ in rows]
    assert inputs.tokens([4, 1], "head") == [["出庭应诉"], []]
    assert inputs.tokens([5, 0], "head+text") == [["培训", "学时", "培训"], ["总体要求", "依法行政"]]
    assert inputs.token_column().to_pylist() == [h + t for h, t, _ in rows]
    for lo, hi in ((0, 1), (2, 4), (1, 6), (3, 3)):  # ranges inside and across documents
        assert inputs.token_column(lo, hi).to_pylist() == [h + t for h, t, _ in rows[lo:hi]]
    flat, offsets = inputs.take_prints()
    assert [flat[a:b].tolist() for a, b in zip(offsets[:-1], offsets[1:])] == [p for _, _, p in rows]
    assert flat.dtype == np.uint64 and inputs.column("provision_id").to_pylist()[4] == "乙:1"
    assert "prints" not in inputs.table.column_names  # handed over: the flat array is the only copy


def _inputs(docs):
    inputs = CorpusInputs()
    for doc_id, rows in docs.items():
        inputs.add(_doc(doc_id, rows))
    inputs.finish()
    return inputs


def test_model_key_follows_the_sampled_tokens_only():
    from fazhi.analyze.stage import _model_key

    def key(inputs, skip=0):  # over the last six rows, whatever comes before them
        rows = np.arange(6) + skip
        parents = np.array([-1, 0, 0, 1, -1, 2]) + np.array([0, skip, skip, skip, 0, skip])
        return _model_key("themes", inputs, [(rows, "text"), (rows, "head"), (parents, "head")])

    same = key(_inputs(DOCS))
    # Another document first: other vocabulary ids, the same sampled tokens, the same key.
    ahead = _inputs({"丁": [(["培训", "考试"], ["总体要求"], [1])], **DOCS})
    assert ahead.words[0] == "总体要求" != _inputs(DOCS).words[0] and key(ahead, skip=1) == same
    changed = {**DOCS, "丙": [(["培训"], ["学时", "培训", "考试"], [3])]}
    assert key(_inputs(changed)) != same
    moved = {**DOCS, "甲": [(["总体"], ["要求", "依法行政"], [5, 9])] + DOCS["甲"][1:]}  # a token boundary moves
    assert key(_inputs(moved)) != same
