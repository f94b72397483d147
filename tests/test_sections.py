"""Sections found by heading keywords, whatever their numbering."""

import pytest

from etl.sections import classify_heading, find_sections


@pytest.mark.parametrize(
    ("heading", "family"),
    [
        ("总体情况", "overview"),
        ("概述", "overview"),
        ("主动公开政府信息情况", "proactive"),
        ("收到和处理政府信息公开申请情况", "requests"),
        ("政府信息依申请公开工作情况", "requests"),
        ("政府信息公开行政复议、行政诉讼情况", "review"),
        ("因政府信息公开申请行政复议、提起行政诉讼的情况", "review"),
        ("政府信息公开的收费及减免情况", "fees"),
        ("政府信息公开咨询处理情况", "consultation"),
        ("存在的主要问题及改进情况", "problems"),
        ("主要问题和改进措施", "problems"),
        ("今后努力方向", "problems"),
        ("其他需要报告的事项", "other"),
        ("政府信息公开情况统计表", "appendix"),
        ("主要做法", None),
    ],
)
def test_classify_heading(heading, family):
    assert classify_heading(heading) == family


def test_headings_glued_to_text_and_table_rows_ignored():
    text = (
        "前言。一、总体情况2021年，我区…二、主动公开政府信息情况 规章 1 0 11"
        "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3 "
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0 四、政府信息公开行政复议、行政诉讼情况 0 "
        "五、存在的主要问题及改进情况 一是…六、其他需要报告的事项 无"
    )
    families = [s.family for s in find_sections(text)]
    assert families == ["overview", "proactive", "requests", "review", "problems", "other"]
