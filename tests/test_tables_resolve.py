"""Run-together Table 2 rows: signs as boundaries, cells every split agrees on, the narrative, X6."""

from __future__ import annotations

import pytest

from etl.document import Document
from etl.tables import extract_tables
from etl.tables.resolve import agreed, narrative_hints, resolve_x6, settle_x6, with_hints
from etl.tables.split import digit_splits


@pytest.mark.parametrize(
    ("tokens", "n", "expected"),
    [
        (["35", "-15"], 2, [["35", "-15"]]),
        (
            ["2648", "-18"],
            3,
            [["2", "648", "-18"], ["26", "48", "-18"], ["264", "8", "-18"], ["2648", "-1", "8"]],
        ),
        (["350"], 2, [["3", "50"], ["35", "0"]]),
        (["100"], 2, [["10", "0"]]),  # no leading zeros: 1|00 is not a split
        (["1", "-"], 2, []),  # a bare sign is not a number
        (["12", "3"], 2, [["12", "3"]]),  # whitespace is a boundary
    ],
)
def test_digit_splits(tokens, n, expected):
    assert digit_splits(tokens, n) == expected


def test_last_cell_cannot_cross_a_sign():
    assert digit_splits(["5", "-3"], 1) == []


def _cands(*rows):
    return [
        {c: (v, i, i + 1) for i, (c, v) in enumerate(zip(("a", "b", "c"), r, strict=False))} for r in rows
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(2648, -1, 8538), (2648, -18, 538)], {"a": 2648}),
        ([(1, 2, 3)], {"a": 1, "b": 2, "c": 3}),
        ([(1, 2, 3), (4, 5, 6)], {}),
        ([], {}),
    ],
)
def test_agreed(rows, expected):
    assert {k: v[0] for k, v in agreed(_cands(*rows)).items()} == expected


TEXT = "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。累计制发规范性文件900件。"


@pytest.mark.parametrize(
    ("text", "row", "expected"),
    [
        (TEXT, "t2.normative_docs", {"valid": {698}, "made": {88}}),
        ("共公布政府信息2599条，政策、规范性文件类信息68条", "t2.normative_docs", {}),  # no column cue
        ("办理行政许可事项2293件", "t2.licensing", {}),  # 2021 licensing has only decisions: no cue
        ("作出行政许可处理决定2293件", "t2.licensing", {"decisions": {2293}}),
        ("规章0件，规范性文件12件，制发", "t2.regulations", {}),  # the cue sits in another clause
    ],
)
def test_narrative_hints(text, row, expected):
    cols = {
        "t2.normative_docs": ("made", "repealed", "valid"),
        "t2.regulations": ("made", "repealed", "valid"),
    }
    assert narrative_hints(text, row, cols.get(row, ("decisions",)), []) == expected


def test_hints_inside_the_table_are_ignored():
    assert narrative_hints(TEXT, "t2.normative_docs", ("made", "valid"), [(0, len(TEXT))]) == {}


def test_with_hints_keeps_all_when_the_prose_fits_none():
    cands = [{"valid": (1, 0, 1)}, {"valid": (2, 0, 1)}]
    assert with_hints(cands, {"valid": {3}}) == cands
    assert with_hints(cands, {"valid": {2}}) == [cands[1]]


def _row(*splits):
    cols = ("prev_items", "change", "decisions")
    return [{c: (v, 0, 1) for c, v in zip(cols, s, strict=True)} for s in splits]


def test_x6_settles_both_years():
    # pingtan 2019 `3960181` and 2020 `396442278`: only 396 + 0 = 396 joins them
    before = _row((3, 9, 60181), (3, 960, 181), (39, 60, 181), (396, 0, 181), (3960, 18, 1))
    after = _row((3, 9, 6442278), (396, 4, 42278), (396, 44, 2278), (3964, 42, 278))
    a, b = resolve_x6({}, before, {}, after)
    assert {k: v[0] for k, v in a.items()} == {"prev_items": 396, "change": 0, "decisions": 181}
    assert {k: v[0] for k, v in b.items()} == {"prev_items": 396}


def test_x6_leaves_two_fits_unset():
    # pingtan coercion: 126 + 0 = 126 and 1260 + 2 = 1262 both fit
    before = _row((126, 0, 25), (1260, 2, 5))
    after = _row((126, 2, 629), (1262, 6, 29))
    assert resolve_x6({}, before, {}, after) == ({}, {})


def test_x6_with_a_known_previous_year():
    a, b = resolve_x6({"prev_items": 35, "change": -15}, None, {}, _row((2, 0, 5), (20, 5, 5)))
    assert a == {} and {k: v[0] for k, v in b.items()} == {"prev_items": 20, "change": 5, "decisions": 5}


def test_settle_x6_only_fills_unset_cells():
    prev = {"t2_2019.fees.prev_items": 35, "t2_2019.fees.change": -15}
    cur_amb = {
        "t2_2019.fees": [
            {"prev_items": (20, 0, 2), "change": (3, 2, 3)},
            {"prev_items": (2, 0, 1), "change": (3, 1, 3)},
        ]
    }
    before, after = settle_x6(prev, {}, {}, cur_amb)
    assert before == {} and after == {"t2_2019.fees.prev_items": (20, 0, 2), "t2_2019.fees.change": (3, 2, 3)}


def test_extraction_settles_a_row_by_its_narrative():
    text = (
        "一、总体情况 本机关集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。\n"
        "二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 "
        "规章000行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量行政许可10690"
        "第二十条第（六）项信息内容本年处理决定数量行政处罚2113行政强制0"
        "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费9116.36\n"
    )
    got = extract_tables(Document(text=text, kind="txt"))
    assert [got.values.get(f"t2.normative_docs.{c}") for c in ("made", "repealed", "valid")] == [88, 55, 698]
    assert got.evidence["t2.normative_docs.valid"].text == "698"
    assert any("按正文数字唯一拆分" in w for w in got.warnings)


def test_extraction_keeps_cells_all_splits_agree_on():
    text = (
        "二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章007"
        "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚2648-18538行政强制1 2 3\n"
    )
    got = extract_tables(Document(text=text, kind="txt"))
    assert got.values["t2_2019.punishment.prev_items"] == 2648
    assert "t2_2019.punishment.change" not in got.values
    assert "t2_2019.punishment" in got.ambiguous
    assert any("unset: t2_2019.punishment.change, t2_2019.punishment.decisions" in w for w in got.warnings)
