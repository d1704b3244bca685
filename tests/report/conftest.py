"""The founding briefings, built once per test session and shared by the report tests."""

import pytest

from fazhi.report.briefing import build_briefings


@pytest.fixture(scope="session")
def briefings(built, tmp_path_factory):
    """Every page of the founding corpus in both languages: the paths, the top index last."""
    from conftest import RAW

    out = tmp_path_factory.mktemp("reports")
    return build_briefings(built[1], out, raw_dir=RAW)
