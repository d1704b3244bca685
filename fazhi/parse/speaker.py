"""Who a document speaks for: the jurisdiction's government, a department of it, or a
sub-district — from its issuer and title (the documents table's ``issuer_level``).

>>> issuer_level("青海省人民政府办公厅", "青海省2024年法治政府建设工作要点", "青海省")
'government'
"""

from __future__ import annotations

import re

GOVERNMENT = re.compile(r"人民政府(?:办公厅|办公室)?$|人民政府$|政府$|^中共.{0,12}委|^国务院|行政公署$|管委会$|管理委员会$")
LAW_COMMITTEE = re.compile(r"依法治(?:省|市|州|盟|县|区|旗)(?:委员会)?")
SUB_DISTRICT = re.compile(r"街道|乡人民政府|镇人民政府|[乡镇]$|办事处$")
DEPARTMENT = re.compile(r"(?:局|厅|委员会|委|办公室|办|小组|中心|处|院|部|署|所)$")
#: An organ named right after the jurisdiction in a title: 平潭综合实验区市场监督管理局关于…
ORGAN_IN_TITLE = re.compile(r"^(?P<organ>[^关于印发年度法治\d]{2,14}?(?:局|委员会|办公室|中心|街道办事处|街道|镇人民政府|乡人民政府|镇|乡))(?:关于|\s|\d|“|《|$)")


def speaker(issuer: str, title: str, jurisdiction: str) -> tuple[str, str, float]:
    """(issuer_level, where it came from, confidence) of a document, from its issuer and title."""
    organ, where = issuer, "issuer"
    if jurisdiction and jurisdiction in title:
        rest = title[title.index(jurisdiction) + len(jurisdiction) :]
        m = ORGAN_IN_TITLE.match(rest)
        if m and not issuer:
            organ, where = jurisdiction + m.group("organ"), "organ named in the title"
    if not organ:
        return ("government", "no issuer named: the jurisdiction's own document", 0.5)
    if LAW_COMMITTEE.search(organ):  # 区委全面依法治区委员会(依法行政小组): the body that steers rule of law for the whole jurisdiction
        return ("government", f"{where} {organ}", 0.8)
    if SUB_DISTRICT.search(organ):
        return ("sub-district", f"{where} {organ}", 0.8)
    for part in re.split(r"[、\s]+", organ):
        if GOVERNMENT.search(part):
            return ("government", f"{where} {organ}", 0.85)
    if DEPARTMENT.search(organ):
        return ("department", f"{where} {organ}", 0.8)
    return ("government", f"{where} {organ}", 0.5)


def issuer_level(issuer, title, jurisdiction: str) -> str:
    """Who a document speaks for: ``government`` (the jurisdiction's government, its general
    office, its law-based-governance committee), a ``department`` of it, or a ``sub-district``.

    >>> issuer_level("十堰市人民政府", "十堰市人民政府关于2023年法治政府建设情况的报告", "十堰市")
    'government'
    >>> issuer_level("", "平潭综合实验区市场监督管理局关于制定实施2022年度特种设备日常监督检查计划的通知", "平潭综合实验区")
    'department'
    >>> issuer_level("大兴区委全面依法治区委员会依法行政小组", "大兴区法治政府建设实施意见(2022-2025年)", "大兴区")
    'government'
    """
    text = lambda v: v if isinstance(v, str) else ""  # noqa: E731
    return speaker(text(issuer), text(title), jurisdiction)[0]
