"""The command line: summaries, the inspect tool, and one-line errors without tracebacks."""

import json
import subprocess
import sys

from conftest import RAW, SMALL_PLAN, manifest_row, write_raw


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "fazhi.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_build_prints_a_summary_and_progress(tmp_path):
    r = run("build", "--raw", str(RAW), "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("built 5 documents, 251 provisions (156 tasks)")
    assert "[5/5] daxing_2022_opinion" in r.stderr
    assert (tmp_path / "provisions.parquet").exists()


def test_build_errors_are_one_line_each_and_exit_non_zero(tmp_path):
    raw = write_raw(tmp_path / "raw", {"a.txt": SMALL_PLAN.encode()}, [manifest_row("a", "../a.txt"), manifest_row("b", "b.txt", level="city")])
    r = run("build", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith("fazhi: error: ") and "sources.csv:2: file '../a.txt' points outside" in lines[0]
    assert "sources.csv:3: unknown level 'city'" in lines[1]
    assert lines[-1] == "fazhi: 2 problem(s); nothing was written"
    assert not (tmp_path / "out").exists()


def test_missing_raw_folder(tmp_path):
    r = run("build", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[0].endswith("nope: raw folder not found")


def test_inspect_shows_metadata_outline_and_warnings():
    r = run("inspect", str(RAW / "shiyan_2023_report.txt"))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "title           十堰市人民政府关于2023年法治政府建设情况的报告" in out
    # inspect infers the type as `fazhi add` does: a report's review holds no tasks (the build's 0),
    # and the place is the division table's
    assert "doc_type        report" in out and "n_tasks         0" in out and "jurisdiction_zh 十堰市" in out
    assert "    (一) 深学笃行习近平法治思想" in out
    assert "warnings: 2" in out and "garbled" in out  # no corrections without a manifest


def test_inspect_json():
    r = run("inspect", "--json", str(RAW / "huaibei_2022_action_plan.txt"))
    data = json.loads(r.stdout)
    assert (data["doc_number"], data["issued_date"], data["n_tasks"], data["script"]) == ("淮政〔2022〕45号", "2022-12-28", 37, "traditional")
    assert data["changes"]["script"] > 1000


def test_inspect_bad_file(tmp_path):
    (tmp_path / "x.bin").write_bytes(b"\x00\x01\x02")
    for target, msg in ((tmp_path / "x.bin", "binary file"), (tmp_path / "none.txt", "file not found")):
        r = run("inspect", str(target))
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and msg in r.stderr


# -- fazhi add (issue 28) -------------------------------------------------------------
HUAIBEI_PLAN = SMALL_PLAN.replace("某某市", "淮北市").replace("某政", "淮政")
SHIYAN_REPORT = "十堰市人民政府关于2023年法治政府建设情况的报告\n2023年,十堰市坚持依法行政。现将有关情况报告如下。\n一、主要成效\n1.推进依法行政。\n十堰市人民政府\n2024年1月17日\n"


def _manifest(raw):
    import csv

    with open(raw / "sources.csv", encoding="utf-8", newline="") as f:
        return {r["file"]: r for r in csv.DictReader(f)}


def test_add_copies_outside_files_infers_rows_and_prints_a_review_table(tmp_path, capsys):
    from fazhi.cli import main
    from fazhi.ingest.manifest import read_manifest

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "huaibei_plan.txt").write_bytes(HUAIBEI_PLAN.encode("gb18030"))
    (docs / "report.txt").write_text(SHIYAN_REPORT, encoding="utf-8")
    (docs / "links.tsv").write_text("x\ty\n", encoding="utf-8")
    raw = tmp_path / "raw"
    assert main(["add", "--raw", str(raw), str(docs)]) == 0
    out = capsys.readouterr().out
    assert "jurisdiction_zh 淮北市" in out and "title + division table" in out and "added 2 file(s)" in out and "1 skipped" in out
    assert (raw / "docs" / "huaibei_plan.txt").read_bytes() == HUAIBEI_PLAN.encode("gb18030")  # byte-identical copy
    rows = _manifest(raw)
    plan, report = rows["docs/huaibei_plan.txt"], rows["docs/report.txt"]
    assert (plan["doc_id"], plan["jurisdiction_en"], plan["level"], plan["province_zh"], plan["doc_type"], plan["issued_date"], plan["doc_number"]) == (
        "huaibei_plan", "Huaibei", "prefecture", "安徽省", "plan", "2023-03-01", "淮政〔2023〕7号")
    assert (report["doc_id"], report["jurisdiction_zh"], report["doc_type"], report["period_start"], report["period_end"]) == ("report", "十堰市", "report", "2023", "2023")
    sources, problems = read_manifest(raw / "sources.csv")
    # The plan states no period: its issue year is proposed (2023–2023) and the build accepts the row.
    assert not problems and len(sources) == 2


def test_add_keeps_typed_values_and_files_already_in_the_raw_folder(tmp_path, capsys):
    from fazhi.cli import main

    raw = write_raw(tmp_path / "raw", {"a.txt": HUAIBEI_PLAN.encode()}, [{"doc_id": "mine", "file": "a.txt", "level": "county", "jurisdiction_en": "Huaibei City"}],
                    columns=["doc_id", "file", "jurisdiction_zh", "jurisdiction_en", "level", "notes"])
    assert main(["add", "--raw", str(raw), str(raw / "a.txt")]) == 0
    out = capsys.readouterr().out
    assert "typed in sources.csv (kept)" in out
    row = _manifest(raw)["a.txt"]
    assert (row["doc_id"], row["level"], row["jurisdiction_en"], row["jurisdiction_zh"], row["province_zh"]) == ("mine", "county", "Huaibei City", "淮北市", "安徽省")
    assert sorted(p.name for p in raw.iterdir()) == ["a.txt", "sources.csv"]  # nothing copied, no temporary file left
    assert main(["add", "-q", "--raw", str(raw), str(raw / "a.txt")]) == 0  # again: the same row, not a second one
    assert len(_manifest(raw)) == 1


def test_add_a_bad_file_is_one_line_the_others_still_added(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(SHIYAN_REPORT, encoding="utf-8")
    (docs / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    raw = tmp_path / "raw"
    r = run("add", "--raw", str(raw), str(docs / "good.txt"), str(docs / "bad.txt"), str(docs / "missing.txt"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("fazhi: error: ") for e in errors)
    assert any("bad.txt: " in e for e in errors) and any(e.endswith("missing.txt: not found") for e in errors)
    assert list(_manifest(raw)) == ["good.txt"]
    assert not (raw / "bad.txt").exists()


def test_build_without_a_manifest_infers_it_as_add_does_and_names_what_to_check(tmp_path):
    raw = tmp_path / "raw"
    (raw / "shiyan").mkdir(parents=True)
    (raw / "a.txt").write_text(SHIYAN_REPORT, encoding="utf-8")
    (raw / "shiyan" / "page.html").write_text(f"<html><body><div class='content'>{SHIYAN_REPORT.replace(chr(10), '<br>')}</div></body></html>", encoding="utf-8")
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    r = run("build", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert r.returncode == 1 and "Traceback" not in r.stderr  # the broken file is a one-line error …
    assert any(line.startswith("fazhi: error: ") and "broken.pdf" in line for line in r.stderr.splitlines())
    assert f"no sources.csv: inferred {raw / 'sources.csv'} for 2 file(s)" in r.stderr
    assert "a.txt → " in r.stderr and ": 十堰市 · prefecture · 湖北省 · report · 2023 · 2023" in r.stderr
    rows = _manifest(raw)
    assert sorted(rows) == ["a.txt", "shiyan/page.html"] and rows["a.txt"]["jurisdiction_en"] == "Shiyan"
    import fazhi  # … and the others are built

    assert sorted(fazhi.load(tmp_path / "out").documents["source_file"]) == ["a.txt", "shiyan/page.html"]


def test_build_of_a_folder_with_nothing_readable_is_one_line(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.md").write_text("# notes", encoding="utf-8")
    r = run("build", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert r.returncode == 1 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "no sources.csv and no document" in r.stderr and not (raw / "sources.csv").exists()
