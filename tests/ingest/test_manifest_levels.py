"""The manifest accepts the national level and the national outline (issue 29): the companion
openings' manifest (tests/fixtures/companions, copied from ../shared/companions) loads."""

from __future__ import annotations

from pathlib import Path

from fazhi.ingest.manifest import read_manifest
from tests.conftest import manifest_row, write_raw

COMPANIONS = Path(__file__).resolve().parent.parent / "fixtures" / "companions"


def test_the_companions_manifest_loads():
    sources, problems = read_manifest(COMPANIONS / "sources.csv")
    assert problems == []
    assert len(sources) == 17
    national = [s for s in sources if s.level == "national"]
    assert [(s.doc_id, s.doc_type, s.province_zh, s.period_start, s.period_end) for s in national] == [
        ("national_2021_outline", "outline", "", 2021, 2025)
    ]


def test_only_the_nation_leaves_its_province_blank(tmp_path):
    rows = [
        manifest_row("nation_2021_outline", "a.txt", level="national", province_zh="", doc_type="outline", jurisdiction_zh="全国"),
        manifest_row("city_2021_plan", "a.txt", province_zh=""),
        manifest_row("nation_2022_outline", "a.txt", level="national", province_zh="安徽省", doc_type="outline"),
    ]
    raw = write_raw(tmp_path / "raw", {"a.txt": "某某".encode()}, rows)
    sources, problems = read_manifest(raw / "sources.csv")
    assert [s.doc_id for s in sources] == ["nation_2021_outline"]
    assert [str(p).split(": ", 1)[-1] for p in problems] == [
        "province_zh is blank",
        "province_zh '安徽省' given for the national level (leave it blank)",
    ]
