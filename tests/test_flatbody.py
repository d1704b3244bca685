"""One-line bodies through a real build: a folder's texts with their bodies joined into one line
(as crawlers deliver them) give the same statements, fields, headers and task counts as stored."""

import csv
import hashlib

import pytest

import fazhi
from fazhi.evaluate import DEV_DOCUMENTS, DEV_QUANTITIES, DEV_RAW, agreement, read_gold, score_anchored, score_documents
from fazhi.flatbody import flatten_body, flatten_folder


@pytest.fixture(scope="module")
def dev_pair(tmp_path_factory):
    """The development set built as stored and with its bodies flattened (two small builds)."""
    tmp = tmp_path_factory.mktemp("flat")
    flat = tmp / "devdocs"
    assert len(flatten_folder(DEV_RAW, flat)) == 6
    fazhi.build(DEV_RAW, tmp / "stored")
    fazhi.build(flat, tmp / "oneline")
    return fazhi.load(tmp / "stored"), fazhi.load(tmp / "oneline"), flat


def test_a_flattened_folder_is_one_body_line_per_text_with_its_checksum(dev_pair):
    _, _, flat = dev_pair
    with open(flat / "sources.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        data = (flat / row["file"]).read_bytes()
        assert not row["sha256"] or row["sha256"] == hashlib.sha256(data).hexdigest()
        text = data.decode("utf-8")
        body = text.rstrip("\n").split("\n")[-1]
        assert len(body) > 0.7 * len("".join(text.split())), row["doc_id"]  # most of the text is the one line
    # nothing lost but whitespace
    for row in rows:
        stored = (DEV_RAW / row["file"]).read_text(encoding="utf-8-sig")
        assert "".join(flatten_body(stored).split()) == "".join(stored.split())


def test_the_one_line_build_agrees_with_the_stored_build(dev_pair):
    stored, oneline, _ = dev_pair
    r = agreement(stored, oneline)
    assert r["result"]["recall"] == 1.0 and r["result"]["precision"] == 1.0, r["result"]["missed"]
    assert r["result"]["kind_accuracy"] == 1.0 and r["result"]["year_accuracy"] == 1.0
    assert r["docs"]["accuracy"] == {"title": 1.0, "issued_date": 1.0, "doc_number": 1.0, "tasks": 1.0}, r["docs"]["wrong"]


def test_the_one_line_build_meets_the_annotation(dev_pair):
    _, oneline, _ = dev_pair
    q = score_anchored(read_gold(DEV_QUANTITIES), oneline)
    assert (q["recall"], q["precision"], q["kind_accuracy"]) == (1.0, 1.0, 1.0), q["missed"]
    d = score_documents(read_gold(DEV_DOCUMENTS), oneline)
    assert d["accuracy"]["tasks"] == 1.0 and d["accuracy"]["issued_date"] == 1.0, d["wrong"]


def test_a_notice_glued_to_its_attachment_is_read_like_the_stored_one(dev_pair):
    # 四川 2022: cover notice, signature, date and the attached key points' title, then items
    # closed by 〔…负责〕: one line, the same date and two items.
    stored, oneline, _ = dev_pair
    s = stored.documents.set_index("doc_id").loc["sichuan_2022_key_points"]
    o = oneline.documents.set_index("doc_id").loc["sichuan_2022_key_points"]
    assert (str(o["issued_date"]), int(o["n_tasks"]), o["title"]) == (str(s["issued_date"]), 2, s["title"])
