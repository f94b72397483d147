"""Title, agency, year and publication date from a report's own text."""

from datetime import date

import pytest

from etl.identity import find_stat_year, identify
from etl.normalise import normalise_text
from etl.sections import find_sections


@pytest.mark.parametrize(
    ("text", "agency", "year"),
    [
        ("2012年白城市教育局政务信息公开工作年度报告\n正文", "白城市教育局", 2012),
        ("益阳市教育局2020年政府信息公开工作年度报告 |\n点击数:", "益阳市教育局", 2020),
        ("明溪县教育局2014年政府信息公开工作\n进展情况的报告\n\n2014年，", "明溪县教育局", 2014),
        (
            "标题: 平潭综合实验区2018年度政府信息公开工作年度报告\n发布时间: 2019-01-10",
            "平潭综合实验区",
            2018,
        ),
        ("# 沐阳县人民政府 2025 年 政府信息公开工作年度报告", "沐阳县人民政府", 2025),
        ("20xx年某某局政府信息公开工作年度报告", "某某局", None),
        # the statistics period wins over the title year
        (
            "宿城区教育局2023年政府信息公开工作年度报告\n本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
            "宿城区教育局",
            2022,
        ),
    ],
)
def test_identify(text, agency, year):
    ident = identify(normalise_text(text), 0)
    assert (ident.agency_raw, ident.year) == (agency, year)
    assert ident.is_annual_report


def test_title_year_mismatch_is_warned():
    ident = identify("X局2023年政府信息公开工作年度报告\n统计期限自2022年1月1日起至2022年12月31日止。", 0)
    assert any("统计期限" in w for w in ident.warnings)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。", 2018),
        ("统计期限为2024年1月1日至2024年12月31日。", 2024),
        ("统计期限从2025年1月1日至2025年12月31日止。", 2025),
        ("统计期限自二〇一一年1月1日起至二〇一一年12月31日止。", 2011),
    ],
)
def test_stat_period(text, year):
    assert find_stat_year(text)[0] == year


def test_published_date_from_signature():
    text = "X局2020年政府信息公开工作年度报告\n正文。\n益阳市教育局 2021年1月12日 |"
    assert identify(text, 0).published == date(2021, 1, 12)


def test_news_article_is_not_an_annual_report():
    text = "舒城县教育局:围绕“三个坚持”发力 扎实推动教育领域信息公开工作再上新台阶\n发布时间:2024-07-04"
    assert not identify(text, len(find_sections(text))).is_annual_report
