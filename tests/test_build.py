"""The build: nothing lost, deterministic, atomic, and clear about bad input."""

import gc
import hashlib

import pyarrow.parquet as pq
import pytest

import fazhi
from conftest import DOC_IDS, RAW, SMALL_PLAN, manifest_row, write_raw
from fazhi.schema import TABLES
from fazhi.errors import BuildError, ChecksumError, CorrectionError, DecodingError, ManifestError, SourceFileError


def test_all_five_documents_load(corpus):
    assert corpus.documents["doc_id"].tolist() == DOC_IDS
    assert corpus.documents.set_index("doc_id")["script"].to_dict() == {
        "huaibei_2022_action_plan": "traditional",
        "taian_2017_plan": "simplified",
        "qinghai_2024_key_points": "simplified",
        "shiyan_2023_report": "traditional",
        "daxing_2022_opinion": "simplified",
    }
    assert (corpus.documents["encoding"] == "utf-8").all()


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_character_is_in_the_header_a_provision_or_the_back_matter(corpus, doc_id):
    doc = corpus.documents.set_index("doc_id").loc[doc_id]
    spans = [(0, doc["header_end"])]
    spans += [(r.start, r.end) for r in corpus.provisions[corpus.provisions["doc_id"] == doc_id].itertuples()]
    spans.append((doc["back_start"], doc["n_chars"]))
    spans = sorted(s for s in spans if s[1] > s[0])
    # The spans tile the text exactly: no gap, no overlap.
    assert spans[0][0] == 0 and spans[-1][1] == doc["n_chars"] == len(doc["text"])
    for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
        assert a1 == b0
    for r in corpus.provisions[corpus.provisions["doc_id"] == doc_id].itertuples():
        own = doc["text"][r.start : r.end]
        assert own.startswith(r.label)
        assert own[len(r.label) :].strip() == r.text


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_replaying_the_quality_log_gives_the_raw_bytes_back(corpus, doc_id):
    raw = (RAW / f"{doc_id}.txt").read_bytes()
    assert corpus.raw_text(doc_id).encode("utf-8") == raw


def test_quality_rows_point_at_the_final_and_raw_text(corpus):
    texts = corpus.documents.set_index("doc_id")["text"]
    raws = {d: (RAW / f"{d}.txt").read_text("utf-8") for d in DOC_IDS}
    for r in corpus.quality.itertuples():
        assert texts[r.doc_id][r.start : r.end] == r.after
        if r.action != "flagged":
            assert raws[r.doc_id][r.raw_start : r.raw_end] == r.before
            assert raws[r.doc_id].count("\n", 0, r.raw_start) + 1 == r.line


def test_quality_summary(corpus):
    q = corpus.quality
    counts = q.groupby(["doc_id", "kind"]).size()
    assert counts[("shiyan_2023_report", "pinyin")] == 749
    assert counts[("shiyan_2023_report", "correction")] == 2
    assert counts[("taian_2017_plan", "web_debris")] == 4
    assert ("daxing_2022_opinion", "script") not in counts
    assert not (q["kind"] == "garbled").any()


def test_rebuild_is_byte_identical(built, tmp_path):
    _, first = built
    fazhi.build(RAW, tmp_path)
    for name in TABLES:
        a = (first / f"{name}.parquet").read_bytes()
        b = (tmp_path / f"{name}.parquet").read_bytes()
        assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest(), name


def test_schemas_carry_descriptions(built):
    _, out = built
    for name in TABLES:
        schema = pq.read_schema(out / f"{name}.parquet")
        assert schema.metadata[b"table"] == name.encode()
        for f in schema:
            assert f.metadata and f.metadata[b"description"], f"{name}.{f.name}"


def test_manifest_blanks_are_filled_from_the_text(copy_of_raw, tmp_path):
    text = (copy_of_raw / "sources.csv").read_text("utf-8")
    lines = text.splitlines()
    # Blank the title, date, issuer and number of Huaibei's row.
    cells = lines[1].split(",")
    cells[9:13] = ["", "", "", ""]
    lines[1] = ",".join(cells)
    (copy_of_raw / "sources.csv").write_text("\n".join(lines) + "\n", "utf-8")
    fazhi.build(copy_of_raw, tmp_path)
    doc = fazhi.load(tmp_path).documents.set_index("doc_id").loc["huaibei_2022_action_plan"]
    assert doc["title"] == "淮北市推进法治政府建设率先突破三年行动计划(2022—2024年)"
    assert str(doc["issued_date"]) == "2022-12-28"
    assert (doc["issuer"], doc["doc_number"]) == ("淮北市人民政府", "淮政〔2022〕45号")
    assert list(doc["detected_fields"]) == ["title", "issued_date", "issuer", "doc_number"]


def test_metadata_disagreeing_with_the_text_is_flagged(small_raw, tmp_path):
    write_raw(small_raw, {}, [manifest_row("small_2023_plan", "small.txt", doc_number="某政〔2023〕8号")])
    fazhi.build(small_raw, tmp_path)
    q = fazhi.load(tmp_path).quality
    [row] = q[q["kind"] == "metadata"].itertuples()
    assert "某政〔2023〕8号" in row.detail and "某政〔2023〕7号" in row.detail


# -- bad input ---------------------------------------------------------------------------


def _problems(raw, out):
    with pytest.raises(BuildError) as info:
        fazhi.build(raw, out)
    return info.value.problems


def test_missing_required_column(tmp_path):
    raw = write_raw(tmp_path / "raw", {"a.txt": SMALL_PLAN.encode()}, [manifest_row("a", "a.txt")], columns=["doc_id", "file", "level"])
    [p] = _problems(raw, tmp_path / "out")
    assert isinstance(p, ManifestError)
    assert str(p).endswith("sources.csv:1: missing required column(s): jurisdiction_zh, jurisdiction_en, province_zh, doc_type, period_start, period_end")


@pytest.mark.parametrize(
    "over, message",
    [
        ({"file": "missing.txt"}, "missing.txt: file listed on sources.csv line 2 not found"),
        ({"file": "../x.txt"}, "sources.csv:2: file '../x.txt' points outside the manifest's folder"),
        ({"level": "city"}, "sources.csv:2: unknown level 'city' (expected one of national, province, prefecture, county, district)"),
        ({"doc_type": "law"}, "sources.csv:2: unknown doc_type 'law'"),
        ({"doc_id": "Bad Id"}, "sources.csv:2: doc_id 'Bad Id' must be a lowercase slug"),
        ({"period_start": "2026"}, "sources.csv:2: period_start 2026 is after period_end 2025"),
        ({"doc_type": "report"}, "sources.csv:2: a report covers one year"),
        ({"issued_date": "2023/3/1"}, "sources.csv:2: issued_date '2023/3/1' is not YYYY-MM-DD"),
    ],
)
def test_bad_manifest_values_name_the_file_and_line(tmp_path, over, message):
    raw = write_raw(tmp_path / "raw", {"a.txt": SMALL_PLAN.encode()}, [manifest_row("a", "a.txt", **over)])
    problems = _problems(raw, tmp_path / "out")
    assert len(problems) == 1
    assert message in str(problems[0])
    assert isinstance(problems[0], (ManifestError, SourceFileError))


@pytest.mark.parametrize("link", ["a.txt", "sub/a.txt"])
def test_a_symlink_out_of_the_raw_folder_is_refused(tmp_path, link):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(SMALL_PLAN.encode())
    raw = write_raw(tmp_path / "raw", {}, [manifest_row("a", link)])
    if link.startswith("sub/"):  # the folder is the link
        (raw / "sub").symlink_to(tmp_path, target_is_directory=True)
        link = "sub/outside.txt"
        write_raw(raw, {}, [manifest_row("a", link)])
    else:
        (raw / link).symlink_to(outside)
    [p] = _problems(raw, tmp_path / "out")
    assert f"sources.csv:2: file {link!r} points outside the manifest's folder" in str(p)


def test_duplicate_doc_id(tmp_path):
    raw = write_raw(tmp_path / "raw", {"a.txt": SMALL_PLAN.encode()}, [manifest_row("a", "a.txt"), manifest_row("a", "a.txt")])
    [p] = _problems(raw, tmp_path / "out")
    assert "sources.csv:3: duplicate doc_id 'a' (first on line 2)" in str(p)


@pytest.mark.parametrize(
    "data, exc, message",
    [
        (b"", SourceFileError, "a.txt: file is empty"),
        (b"\x00\x01binary\x00", SourceFileError, "a.txt: binary file (NUL byte at offset 0)"),
        (b"\xff\xfe\x00\xd8\x41\x00", DecodingError, "a.txt: not valid utf-16"),  # lone surrogate
        (b"abc\x80\xff\xfe", DecodingError, "a.txt: cannot decode"),
    ],
)
def test_unreadable_files(tmp_path, data, exc, message):
    raw = write_raw(tmp_path / "raw", {"a.txt": data}, [manifest_row("a", "a.txt")])
    [p] = _problems(raw, tmp_path / "out")
    assert isinstance(p, exc)
    assert message in str(p)


@pytest.mark.parametrize(
    "encode, encoding",
    [
        (lambda t: t.encode("gb18030"), "gb18030"),
        (lambda t: b"\xef\xbb\xbf" + t.encode(), "utf-8-sig"),
        (lambda t: t.replace("\n", "\r\n").encode(), "utf-8"),
    ],
)
def test_gb18030_bom_and_crlf_files_give_the_same_text(tmp_path, encode, encoding):
    raw = write_raw(tmp_path / "raw", {"a.txt": encode(SMALL_PLAN)}, [manifest_row("a", "a.txt")])
    fazhi.build(raw, tmp_path / "out")
    c = fazhi.load(tmp_path / "out")
    doc = c.documents.iloc[0]
    assert doc["encoding"] == encoding
    assert doc["text"] == SMALL_PLAN.strip()
    assert c.raw_text("a").encode("gb18030" if encoding == "gb18030" else "utf-8") == encode(SMALL_PLAN)
    assert len(c.tasks) == 2  # 3. sits under 二、组织保障: a general section, not a task


def test_checksum_mismatch(tmp_path):
    raw = write_raw(tmp_path / "raw", {"a.txt": SMALL_PLAN.encode()}, [manifest_row("a", "a.txt", sha256="0" * 64)])
    [p] = _problems(raw, tmp_path / "out")
    assert isinstance(p, ChecksumError)
    assert "a.txt: sha256" in str(p) and "the raw file changed" in str(p)


def test_correction_that_no_longer_matches(tmp_path):
    raw = write_raw(
        tmp_path / "raw",
        {"a.txt": SMALL_PLAN.encode()},
        [manifest_row("a", "a.txt")],
        corrections=[{"doc_id": "a", "find": "没有这段文字", "replace": "x", "reason": "checked"}],
    )
    [p] = _problems(raw, tmp_path / "out")
    assert isinstance(p, CorrectionError)
    assert "corrections.csv:2: correction for a no longer matches" in str(p)


def test_every_problem_is_reported_in_one_run(tmp_path):
    rows = [manifest_row("a", "a.txt", level="city"), manifest_row("b", "b.txt"), manifest_row("c", "c.txt")]
    raw = write_raw(tmp_path / "raw", {"a.txt": SMALL_PLAN.encode(), "b.txt": b""}, rows)
    problems = _problems(raw, tmp_path / "out")
    assert [type(p).__name__ for p in problems] == ["ManifestError", "SourceFileError", "SourceFileError"]


def test_a_failed_build_leaves_the_previous_tables_intact(small_raw, tmp_path):
    out = tmp_path / "out"
    fazhi.build(small_raw, out)
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    (small_raw / "small.txt").write_bytes(b"")
    with pytest.raises(BuildError):
        fazhi.build(small_raw, out)
    after = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    assert before == after and len(before) == len(TABLES)
    assert not list(out.glob(".staging-*"))


def test_load_without_tables_says_what_to_do(tmp_path):
    with pytest.raises(fazhi.ProcessedDataError, match="run `make briefing` or `fazhi build` first"):
        fazhi.load(tmp_path / "nothing")


def test_only_worker_processes_hide_what_they_loaded_from_the_garbage_collector():
    # A worker freezes its modules and dictionary (the collector's walks over them were a
    # quarter of the per-document stage); the caller's own process (jobs=1, a notebook) is
    # left as it was.  (Builtins and fazhi functions only cross to the worker: test modules
    # are not importable there.)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from fazhi.pipeline import start_worker

    before = gc.get_freeze_count()
    start_worker()
    assert gc.get_freeze_count() == before
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker) as pool:
        assert pool.submit(gc.get_freeze_count).result(timeout=120) > 10_000


def test_every_review_reason_the_extractor_gives_is_in_the_schema(tmp_path):
    """A reason the extractor writes but the schema does not list would stop the build at the
    schema check: each one is written by a real build of sentences that give it."""
    import re
    from pathlib import Path

    from fazhi.schema import REVIEW_REASONS

    source = (Path(fazhi.__file__).parent / "extract" / "indicators.py").read_text("utf-8")
    written = set(re.findall(r'reasons\.append\("([^"]+)"\)', source))
    assert written and written <= set(REVIEW_REASONS), written - set(REVIEW_REASONS)
    text = SMALL_PLAN.replace("2.规范执法行为。", "2.规范执法行为。全年巡查80趟,办理案件较上年的20件有所增加,约300人参加。")
    raw = write_raw(tmp_path / "raw", {"small.txt": text.encode()}, [manifest_row("small_2023_plan", "small.txt")])
    fazhi.build(raw, tmp_path / "out", cache=False)
    reasons = {r for rs in fazhi.load(tmp_path / "out").indicators["review_reasons"] for r in rs}
    assert {"unit as written", "previous year's figure", "approximate"} <= reasons, reasons
