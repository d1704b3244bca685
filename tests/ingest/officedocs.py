"""Office files for the converter tests: the makers live in :mod:`benchmarks.officefiles`
(the benchmark of ``fazhi add`` uses them too); here the texts they are made from and the
helpers that skip locally, or fail under CI, when LibreOffice is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.officefiles import docx_from_text, portal_page  # noqa: F401 — the tests import them from here

IN_CI = os.environ.get("CI") == "true"
FOUNDING = "qinghai_2024_key_points"  # the founding document made into DOCX, PDF and DOC
LONG = "坚持以习近平法治思想为指导，全面推进严格规范公正文明执法，加快建设职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府，为经济社会高质量发展提供有力法治保障"
FEATURES = f"""某某市人民政府关于印发某某市法治政府建设工作要点的通知
某政〔2024〕3号
各县区人民政府：
现将《某某市法治政府建设工作要点》印发给你们，请认真贯彻落实。
一、总体要求
{LONG}。{LONG}和良好法治环境
（一）加强组织领导
1.健全领导体制。每年至少召开2次专题会议研究法治政府建设工作。
2.落实第一责任人职责。{LONG}。
（二）完善制度体系
1.推进重大行政决策规范化。重大行政决策事项目录向社会公开率达到100%。
二、主要任务
（一）深化行政执法体制改革
1.行政执法人员每人每年接受不少于60学时的培训。
2.{LONG}。
"""
TABLE = [["指标", "目标值", "责任单位"], ["行政复议纠错率", "不低于10%", "市司法局"]]
NOTE = "注：本要点所称“以上”“不少于”均包括本数。"


def need(condition: bool, reason: str):
    """Skip locally when a system tool is missing; under CI=true it must be there."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required under CI: {reason}")
        pytest.skip(reason)


def has_libreoffice() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def office_file(office: Path, name: str) -> bytes:
    path = office / name
    need(path.exists(), f"{name} needs LibreOffice (apt-get install libreoffice-writer-nogui)")
    return path.read_bytes()
