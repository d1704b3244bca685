"""Shared fixtures: the real corpus built once per session, and a factory for
small synthetic raw folders (manifest + texts) for the bad-input cases."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import fazhi

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
DOC_IDS = ["huaibei_2022_action_plan", "taian_2017_plan", "qinghai_2024_key_points", "shiyan_2023_report", "daxing_2022_opinion"]
MANIFEST_COLUMNS = ["doc_id", "file", "jurisdiction_zh", "jurisdiction_en", "level", "province_zh", "doc_type", "period_start", "period_end"]

SMALL_PLAN = """某某市人民政府关于印发某某市法治政府建设实施方案的通知
某政〔2023〕7号
各县区人民政府:
现将《某某市法治政府建设实施方案》印发给你们,请认真贯彻落实。
2023年3月1日
某某市法治政府建设实施方案
为推进依法行政,制定本方案。
一、主要任务
1.推进政府职能法定化。2023年底前完成权责清单调整。(责任单位:市司法局,配合单位:市财政局、市审计局)
2.规范执法行为。每人每年接受不少于60学时培训。
二、组织保障
3.加强组织领导。每年2月底前报告上年度情况。
"""


# ``built`` and ``corpus`` (the five founding documents, built once per session) live in the
# project's root conftest.py, so the docstring examples of fazhi/ share them.


def manifest_row(doc_id: str, path: str, /, **over) -> dict:
    row = {
        "doc_id": doc_id,
        "file": path,
        "jurisdiction_zh": "某某市",
        "jurisdiction_en": "Moumou",
        "level": "prefecture",
        "province_zh": "某某省",
        "doc_type": "plan",
        "period_start": "2023",
        "period_end": "2025",
    }
    row.update(over)
    return row


def write_raw(folder: Path, files: dict[str, bytes], rows: list[dict], corrections: list[dict] | None = None, columns=None) -> Path:
    """A raw folder with the given files, manifest rows and corrections."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    columns = columns or list(dict.fromkeys(MANIFEST_COLUMNS + [k for r in rows for k in r]))
    with open(folder / "sources.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    if corrections is not None:
        with open(folder / "corrections.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=["doc_id", "find", "replace", "reason"])
            w.writeheader()
            w.writerows(corrections)
    return folder


@pytest.fixture
def small_raw(tmp_path):
    """A one-document raw folder that builds cleanly."""
    return write_raw(tmp_path / "raw", {"small.txt": SMALL_PLAN.encode()}, [manifest_row("small_2023_plan", "small.txt")])


@pytest.fixture
def copy_of_raw(tmp_path):
    dst = tmp_path / "raw"
    shutil.copytree(RAW, dst)
    for p in dst.iterdir():
        p.chmod(0o644)
    return dst


@pytest.fixture(scope="session")
def joined(tmp_path_factory):
    """The founding documents and the companion openings (tests/fixtures/companions: later
    reports and higher-level plans of the same places) in one raw folder, built once: the
    follow-through, cascade and shared-text-from-above tests and page 06 use it."""
    raw = tmp_path_factory.mktemp("joined_raw")
    companions = ROOT / "tests" / "fixtures" / "companions"
    for folder in (RAW, companions):
        for f in folder.glob("*.txt"):
            shutil.copy(f, raw / f.name)
    shutil.copy(RAW / "corrections.csv", raw / "corrections.csv")
    lines = (RAW / "sources.csv").read_text(encoding="utf-8").splitlines()
    lines += (companions / "sources.csv").read_text(encoding="utf-8").splitlines()[1:]
    (raw / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("joined_processed")
    fazhi.build(raw, out)
    return fazhi.load(out)
