"""Lead and partner units, in both note styles."""

import pytest

from fazhi.parse.units import find_units


@pytest.mark.parametrize(
    "text, lead, partner",
    [
        ("(责任单位:市司法局;配合单位:市中级人民法院,市公安局等)", ["市司法局"], ["市中级人民法院", "市公安局"]),
        ("推动入脑入心。〔省直各部门(单位),各市(州)人民政府按职责分工负责〕", ["省直各部门(单位)", "各市(州)人民政府"], []),
        ("加强培训(市司法局牵头,市直各部门配合)", ["市司法局"], ["市直各部门"]),
        ("完善制度(市司法局、市财政局负责)", ["市司法局", "市财政局"], []),
        ("在规定时间内完成(2022年底前)", [], []),
    ],
)
def test_unit_notes(text, lead, partner):
    assert find_units(text) == (lead, partner)
