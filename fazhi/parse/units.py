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


PARTNER_VERBS = {"配合", "参与", "协助"}


def _clauses(body: str) -> list[str]:
    """Split at , and ; outside brackets: ``省直各部门(单位),各市(州)人民政府`` → 2 clauses."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(body):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
        elif depth == 0 and ch in ",，;；":
            out.append(body[start:i])
            start = i + 1
    out.append(body[start:])
    return [c.strip() for c in out if c.strip()]


def role_note_units(body: str) -> tuple[list[str], list[str]]:
    """Units of a note that names them by a verb.

    >>> role_note_units("省直各部门(单位),各市(州)人民政府按职责分工负责")
    (['省直各部门(单位)', '各市(州)人民政府'], [])
    >>> role_note_units("市司法局牵头,市直各部门配合")
    (['市司法局'], ['市直各部门'])
    """
    lead: list[str] = []
    partner: list[str] = []
    pending: list[str] = []
    for clause in _clauses(body):
        m = P.ROLE_VERB.search(clause)
        pending.append(clause[: m.start()] if m else clause)
        if m:
            target = partner if m.group("verb") in PARTNER_VERBS else lead
            for c in pending:
                target.extend(u for u in (x.strip() for x in c.split("、")) if u and u not in target)
            pending = []
    return lead, partner


def find_units(text: str) -> tuple[list[str], list[str]]:
    """Lead and partner units from every unit note in ``text``, in order, unique."""
    lead: list[str] = []
    partner: list[str] = []
    for note in P.ROLE_NOTE.finditer(text):
        if P.UNIT_ROLE.search(note.group("body") or note.group("pbody")):
            continue  # a (责任单位:…) note: read below
        note_lead, note_partner = role_note_units(note.group("body") or note.group("pbody"))
        lead.extend(u for u in note_lead if u not in lead)
        partner.extend(u for u in note_partner if u not in partner)
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
