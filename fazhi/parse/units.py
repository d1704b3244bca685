"""Responsible units named in a task: ``(责任单位:市司法局,配合单位:…)``.

>>> find_units("(责任单位:市司法局;配合单位:市中级人民法院,市政府各部门、市公安局等)")
(['市司法局'], ['市中级人民法院', '市政府各部门', '市公安局'])
"""

from __future__ import annotations

from fazhi.parse import patterns as P

LEAD_ROLES = {"牵头单位", "责任单位", "主责单位"}


def split_units(body: str) -> list[str]:
    """``市司法局、市财政局等`` → ['市司法局', '市财政局'] (the trailing 等 is dropped)."""
    out = []
    for part in P.UNIT_SPLIT.split(body):
        part = part.strip()
        if part.endswith("等") and len(part) > 2:
            part = part[:-1]
        if part:
            out.append(part)
    return out


def find_units(text: str) -> tuple[list[str], list[str]]:
    """Lead and partner units from every unit note in ``text``, in order, unique."""
    lead: list[str] = []
    partner: list[str] = []
    for note in P.UNITS_NOTE.finditer(text):
        body = note.group("body")
        roles = list(P.UNIT_ROLE.finditer(body))
        for k, m in enumerate(roles):
            end = roles[k + 1].start() if k + 1 < len(roles) else len(body)
            target = lead if m.group("role") in LEAD_ROLES else partner
            for unit in split_units(body[m.end() : end]):
                if unit not in target:
                    target.append(unit)
    return lead, partner
