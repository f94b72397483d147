"""Title, agency, year and publication date from a report's own text."""

from datetime import date

import pytest

from etl.identity import find_stat_year, find_title, identify
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
        ("2011年绍兴市民政局信息公开年报\n根据《条例》要求，组织编制本年度报告。", "绍兴市民政局", 2011),
        # a title the body follows on its line, citing a notice
        (
            "平潭综合实验区2018年度政府信息公开工作年度报告 根据《关于做好年度报告编制发布有关事项的通知》要求",
            "平潭综合实验区",
            2018,
        ),
        ("标      题 青海省审计厅2024年政府信息公开工作年度报告\n索引号 0001", "青海省审计厅", 2024),
        (
            "宾川县人民政府关于2019年度政府信息公开工作年度报告\n发布时间:2020年02月17日",
            "宾川县人民政府",
            2019,
        ),
        ("2015年岢岚县人民政府信息公开年度报告\n根据《条例》要求", "岢岚县人民政府", 2015),
        # a title opening with the bare year (no 年)
        (
            "2015上海市公安局黄浦分局政府信息公开工作年度报告\n上海市公安局黄浦分局",
            "上海市公安局黄浦分局",
            2015,
        ),
        (
            "红安县文化和旅游局2025年度政府信息 公开工作年度报告\n发布时间:2026-01-20",
            "红安县文化和旅游局",
            2025,
        ),
        # a crumb above a whole title is not part of it; an organ above a title without one is
        (
            "政府信息公开\n福州市晋安区2016年政府信息公开工作年度报告\n来源:区人民政府办公室",
            "福州市晋安区",
            2016,
        ),
        (
            "淮安市人民政府\n2024年政府信息公开工作年度报告\n本报告由淮安市人民政府办公室编制。",
            "淮安市人民政府",
            2024,
        ),
        # the title year wins over a disagreeing statistics period (with a warning)
        (
            "宿城区教育局2023年政府信息公开工作年度报告\n本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
            "宿城区教育局",
            2023,
        ),
    ],
)
def test_identify(text, agency, year):
    ident = identify(normalise_text(text), 0)
    assert (ident.agency_raw, ident.year) == (agency, year)
    assert ident.is_annual_report


@pytest.mark.parametrize(
    ("body", "agency", "year"),
    [
        # a body sentence compiling the report names it: the organ without the sentence's verb
        (
            "2024年度，我局扎实推进各项工作。特编制湛江市自然资源局2024年政府信息公开工作年度报告。",
            "湛江市自然资源局",
            2024,
        ),
        ("现编制宁德市统计局2015年政府信息公开工作年度报告。", "宁德市统计局", 2015),
        # a title that is one item of a list of what was published is no title
        (
            "主动公开内容36条(政策文件、预算与决算)、2022年政府信息公开工作年度报告、政务公开标准目录。",
            None,
            None,
        ),
    ],
)
def test_a_title_quoted_in_the_body(body, agency, year):
    ident = identify(body, 0)
    assert (ident.agency_raw, ident.title_year) == (agency, year)


def test_a_date_is_no_part_of_the_signing_organ():
    from etl.self_naming import agency_candidates

    def signed(text):
        return [c.value for c in agency_candidates(text) if c.source == "signature"]

    # the date above the signing organ, and the signing date after it
    assert signed("正文。\n二〇一〇年三月十日\n崇武镇党政办公室\n2010年3月10日\n") == ["崇武镇党政办公室"]
    # a period's start is no signing date
    assert signed("年报内容涵盖镇政府2008年1月1日至12月31日期间的政府信息公开工作情况。") == []


def test_a_count_opening_a_line_is_no_bare_title_year():
    assert find_title("2015家企业政府信息公开工作年度报告的编制情况") is None


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
        # a first report covering the backlog since 2003: the year the period ends
        ("本报告中所列数据的统计期限自2003年1月1日起至2008年12月31日止。", 2008),
        # broken over lines by a text export
        ("统计期限自\n201\n5\n年\n1月1日起至201\n5\n年\n12月3\n1\n日止。", 2015),
        ("我局报告2025年1月1日至2025年12月31日期间的政府信息公开工作", 2025),
        ("本报告所列统计数据的期限自2017年1月1日起,至2017年12月31日止。", 2017),
        # one calendar year, its year said once
        ("内容涵盖汉中市统计局2011年1月1日至12月31日期间的政府信息公开工作情况。", 2011),
        # not a whole year
        ("2011年1月1日至6月30日期间", None),
        # 年 and 月 lost from the source (superscripts, images): the period's digits run together
        ("本年度报告中所列数据的统计期限自201911日起至20191231日止。", 2019),
        ("本报告中所列数据的统计期限自202111日起至20211230日止。", 2021),
        ("本年度报告中所列数据的统计期限从201211日到1231日止。", 2012),
        ("统计期限自201911日起", None),
    ],
)
def test_stat_period(text, year):
    assert find_stat_year(text)[0] == year


@pytest.mark.parametrize(
    ("body", "year"),
    [
        # a section's first sentence opens with the year, after its heading
        ("一、概况\n2015年是贯彻执行《条例》的第八年。市教育局继续加强组织领导。", 2015),
        ("一、总体情况\n（二）依申请公开\n2023年，我委收到政府信息公开申请4件。", 2023),
        ("一、总体情况\n（一）主动公开方面\n2024年，我局共主动公开158份信息。", 2024),
        ("一、总体情况\n2020年自治区卫生健康委政府信息公开工作稳步推进。", None),  # no comma, no 我/本
        # the work of the year reported as a summary
        ("现将2025年度工作开展情况汇报如下：", 2025),
        ("现将2015年度信息公开工作情况总结如下：", 2015),
        # the state at the year's end: with the page's early-year publication date, not alone
        ("截至2020年底，我局信息公开工作运行正常。", None),
        ("信息提供日期 : 2021-01-28\n截至2020年底，我局信息公开工作运行正常。", None),  # not a 发布 label
        ("发布时间：2021-01-28\n截至2020年底，我局信息公开工作运行正常。", 2020),
        ("发布时间：2021-06-28\n截至2020年底，我局信息公开工作运行正常。", None),  # published mid-year
        ("发布时间：2021-01-28\n我局信息公开工作运行正常。", None),  # the date alone is no year
        # a year opening a sentence later in the text is weaker than the first
        ("一、概况\n2015年，本局继续推进政府信息公开。截至2015年底，本局信息公开运行正常。", 2015),
    ],
)
def test_body_year_without_title_or_period(body, year):
    assert identify(body, 0).year == year


def test_published_date_from_signature():
    text = "X局2020年政府信息公开工作年度报告\n正文。\n益阳市教育局 2021年1月12日 |"
    assert identify(text, 0).published == date(2021, 1, 12)


def test_news_article_is_not_an_annual_report():
    text = "舒城县教育局:围绕“三个坚持”发力 扎实推动教育领域信息公开工作再上新台阶\n发布时间:2024-07-04"
    assert not identify(text, len(find_sections(text))).is_annual_report


def test_signature_date_with_white_circle_zero():
    """二○一二年二月二十日: ○ (U+25CB) typed for 〇."""
    text = "X区2011年政府信息公开工作年度报告\n正文。\n二○一二年二月二十日 附件1:统计表"
    assert identify(text, 0).published == date(2012, 2, 20)


def test_page_publication_date_wins_over_signature():
    """The legal deadline is about publication: a report signed 2012-02-20 but put online
    2012-04-11 was published on 2012-04-11. A bare page date (时间:) only fills in."""
    head = "标题: X区2011年政府信息公开工作年度报告\n发布时间: 2012-04-11 00:00\n"
    assert identify(head + "正文。\n二○一二年二月二十日", 0).published == date(2012, 4, 11)
    bare = "当前位置: 首页 时间:2025-12-30 X局2023年政府信息公开工作年度报告\n正文。\nX局\n2024年1月17日"
    assert identify(bare, 0).published == date(2024, 1, 17)
    assert identify("X局2023年政府信息公开工作年度报告 时间:2024-01-20\n正文。", 0).published == date(
        2024, 1, 20
    )
    # a date inside the covered year is not a publication date
    assert identify("X局2023年政府信息公开工作年度报告\n发布时间: 2023-06-01\n正文。", 0).published is None


def _is_place(name: str) -> bool:
    from etl.agency_choice import _is_place as is_place

    return is_place(name)


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        # names itself twice
        ("我局认真落实。雨山区教育局网站发布信息。雨山区教育局政务微博互动。", "雨山区教育局"),
        # a full name once plus the generic form the text then uses
        ("立了常德市电子政务办。市电子政务办紧紧围绕。我办积极推进。市电子政务办发布。", "常德市电子政务办"),
        # generic 市教育局 and one city named by its stem (达州教育网)
        (
            "我局认真落实。督促市教育局直属单位。报市教育局批准。达州教育网。《达州教育》杂志。",
            "达州市教育局",
        ),
        # generic only, the county never named
        ("县审计局认真贯彻。县审计局把政务公开摆在突出位置。", None),
        ("我局认真落实。制定了县审计局计划。县审计局把政务公开摆在突出位置。", None),
        # a county speaking of itself
        ("我县政务公开工作。霍邱县人民政府。霍邱县政务公开办公室。我县推进。", "霍邱县"),
        # named once only
        ("我局政务公开工作。金华市财政地税局。我局推进。", None),
        # a county of four characters before 县/区
        ("我区政务公开工作。沙依巴克区人民政府。沙依巴克区政务公开办公室。我区推进。", "沙依巴克区"),
        # a bureau speaking (我局) of the county it serves (我县): the county is not the author
        ("我局认真落实我县部署。平阳县人民政府。平阳县政务公开办。我局推进。", None),
        # a province's bureau, named twice in full
        (
            "我局高度重视。制定了《黑龙江省邮政管理局信息公开办法》。黑龙江省邮政管理局网站。",
            "黑龙江省邮政管理局",
        ),
        # a township speaking of itself
        ("我镇政务公开工作。寺滩乡不在此列。张义镇人民政府。张义镇政务公开办公室。我镇推进。", "张义镇"),
    ],
)
def test_agency_from_body(text, agency):
    from etl.identity import agency_from_body
    from etl.region import most_named_place, names_a_township

    assert agency_from_body(text, _is_place, most_named_place, names_a_township) == agency


def test_sole_organ_named_ignores_the_bureaus_under_it():
    from etl.agency_choice import _is_place
    from etl.identity import sole_organ_named

    # '各分县市局' names the county bureaus under it, no organ by its level word
    text = "本报告可从阜阳市公安局网站下载。请与我局联系。我局推进公开。不断完善各分县市局基层政务公开标准。"
    assert sole_organ_named(text, _is_place) == "阜阳市公安局"


def test_a_generic_page_label_is_not_the_headline_organ():
    # '市府办:' names a city office (here the addressee), not the bureau whose report it is
    ident = identify(normalise_text("市府办:\n引言\n本年报是由莆田市民宗局编制的年度报告。"), 0)
    assert ident.agency_raw is None


def test_an_addressee_line_is_not_the_headline_organ():
    # a line that is only 'X:' is a letter's addressee, the office the report was sent to (莆田 民宗局
    # 2014: '市府办：' / '引言'; 彝良县 2020: '昭通市人民政府办公室:'), not its organ …
    assert identify(normalise_text("昭通市人民政府办公室:\n引言\n本年报。"), 0).agency_raw is None
    # … a headline goes on after its colon
    headline = identify(normalise_text("舒城县教育局:围绕“三个坚持”发力\n引言\n本年报。"), 0)
    assert headline.agency_raw == "舒城县教育局"
