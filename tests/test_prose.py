"""Numbers stated in prose → s.* keys: precision first."""

import pytest

from etl.prose import extract_prose_values


def values(text: str, year: int | None = 2014) -> dict:
    found, _ = extract_prose_values(text, year)
    return {v.key: v.value for v in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014年,我局共计收到政府信息公开申请1项,已按时办结。", {"s.requests_received": 1}),
        ("2014年，我局未接到依申请公开政府信息事项。", {"s.requests_received": 0}),
        ("目前,我局没有收到任何依申请公开政府信息的申请。", {"s.requests_received": 0}),
        ("全年共受理政府信息公开申请二十三件。", {"s.requests_received": 23}),
        ("全年受理政府信息公开申请 749 件。", {"s.requests_received": 749}),
        ("全年主动公开政府信息2069条。", {"s.proactive_items": 2069}),
        ("未收到有关政府信息公开行政复议、提起行政诉讼的申请。", {"s.reviews": 0, "s.lawsuits": 0}),
        ("发生行政复议案件2件、行政诉讼案件1件。", {"s.reviews": 2, "s.lawsuits": 1}),
        ("全年收取信息处理费共计380元。", {"s.fees_yuan": 380}),
        ("未向申请人收取任何费用。", {"s.fees_yuan": 0}),
        # not the subject: WeChat posts are not proactive disclosure items
        ("益阳教育微信平台发布各类信息799条,关注人数达21万余人。", {}),
        # cumulative figures are never the year's figures
        ("截至目前累计主动公开政府信息12000条。", {}),
        ("历年累计受理政府信息公开申请56件。", {}),
        # another year's figure
        ("2013年受理政府信息公开申请5件。", {}),
        # approximations are not exact values
        ("全年受理政府信息公开申请十余件。", {}),
        ("全年受理政府信息公开申请约30件。", {}),
    ],
)
def test_prose_values(text, expected):
    assert values(text) == expected


def test_approximation_is_warned():
    found, warnings = extract_prose_values("全年受理政府信息公开申请约30件。", 2014)
    assert not found
    assert any("约数" in w for w in warnings)


def test_evidence_span_points_at_the_statement():
    text = "前言。2014年，我局未接到依申请公开政府信息事项。其他。"
    (value,), _ = extract_prose_values(text, 2014)
    assert text[value.start : value.end] == "未接到依申请公开政府信息事项"
