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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # granted and partial stated together are neither
        ("予以公开及部分公开42件,不予公开5件。", {"s.denied": 5}),
        ("同意公开和同意部分公开答复12件。", {}),
        ("同意部分公开3件。", {"s.partial": 3}),
        # a zero about corrections says nothing about how many reviews there were
        ("全年未发生因依申请公开被行政复议纠错或\n行政诉讼败诉情形。", {}),
        ("未发生行政复议和行政诉讼案件被纠错的情况。", {}),
        ("未发生因政府信息公开提起的行政复议和行政诉讼。", {"s.reviews": 0, "s.lawsuits": 0}),
    ],
)
def test_prose_precision_cases(text, expected):
    assert values(text) == expected


PDF_LIKE = (
    "2024年,区政府办代表区政府受理政府信息公开申请十七件,均按期答复。为提升办理质量,区政府\n"
    "办公室健全了工作机制,持续规范答复文书格式,并定期组织全区各部门开展培训学习交流,区政府\n"
    "信息公开申请17件已全部办结。\n"
) * 8


def test_soft_wrapped_lines_are_joined_and_spans_still_point_into_the_text():
    from etl.prose import soft_wraps

    text = "一、总体情况\n" + PDF_LIKE.replace("区政府\n信息公开申请17件", "区政府受理政府\n信息公开申请17件")
    assert soft_wraps(text)
    found, _ = extract_prose_values(text, 2024)
    (value,) = found
    assert value.value == 17
    assert text[value.start : value.end] == "受理政府信息公开申请十七件"


def test_short_lines_are_not_wrapped():
    from etl.prose import soft_wraps

    assert not soft_wraps("一、概述\n短句。\n" * 30)


# --- prose against the corpus gold -------------------------------------------------------------


def _gold_summary(gold_values: dict) -> dict:
    """s.* values the gold states, or implies through its table cells (metrics.md §3)."""
    from etl.parse import table_summary

    cells = {
        k: v for k, v in gold_values.items() if k.startswith(("t2", "t3", "t4")) and not isinstance(v, str)
    }
    return {**table_summary(cells), **{k: v for k, v in gold_values.items() if k.startswith("s.")}}


def test_prose_and_appendix_values_never_disagree_with_gold(record_property):
    """Precision 100% on the corpus reports with gold; recall on the s.* keys the gold states."""
    import json

    from etl.parse import parse_bytes
    from tests.conftest import CORPUS_FILES, SHARED

    gold = json.loads((SHARED / "corpus" / "gold.json").read_text(encoding="utf-8"))
    checked, wrong, stated, found = 0, [], 0, 0
    for name, entry in sorted(gold.items()):
        (report,) = parse_bytes((CORPUS_FILES / name).read_bytes(), name)
        expected = _gold_summary(entry["values"])
        ours = {k: v for k, v in report.values.items() if k.startswith("s.")}
        for key, value in ours.items():
            if key in expected and expected[key] is not None:
                checked += 1
                if value != expected[key]:
                    wrong.append(
                        f"{name}: {key} = {value} ({report.evidence[key].text!r}), gold {expected[key]}"
                    )
        explicit = {k: v for k, v in entry["values"].items() if k.startswith("s.")}
        stated += len(explicit)
        found += sum(1 for k, v in explicit.items() if ours.get(k) == v)
    for line in wrong:
        print("DISAGREES", line)
    record_property(
        "prose_precision", f"{(checked - len(wrong)) / checked:.3f} ({checked - len(wrong)}/{checked})"
    )
    record_property("prose_recall_on_gold_s_keys", f"{found / stated:.3f} ({found}/{stated})")
    assert checked >= 15
    assert not wrong
    assert found == stated
