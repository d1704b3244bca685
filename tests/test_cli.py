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
    assert "n_tasks         25" in out
    assert "*   (一) 深学笃行习近平法治思想" in out
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
