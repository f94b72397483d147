"""Pre-2019 statistics appendices → s.* keys with origin 'appendix' (report-formats.md §C.3)."""

from __future__ import annotations

import pytest

from etl.appendix import Columns, extract_appendix, find_appendix, split_run
from etl.parse import parse_bytes
from etl.read import read_document
from tests import generated as gen
from tests.conftest import CORPUS_FILES, SEEDS, requires_corpus, requires_seeds, skip_absent


def _text(name: str) -> str:
    skip_absent("corpus")
    return read_document((CORPUS_FILES / name).read_bytes(), name).text


def _values(text: str, hints=None) -> dict:
    found, _ = extract_appendix(text, hints)
    return {v.key: v.value for v in found}


def test_pingtan_2011_spaced_appendix():
    """(b)-style table flattened with spaces: "主动公开信息数 条 425 1516" = this year, cumulative."""
    text = _text("pingtan_2011.txt")
    found, warnings = extract_appendix(text)
    assert {v.key: v.value for v in found} == {
        "s.proactive_items": 425,  # not the cumulative 1516
        "s.requests_received": 0,
        "s.requests_processed": 0,
        "s.granted": 0,
        "s.partial": 0,
        "s.reviews": 0,
        "s.lawsuits": 0,  # stated only in the appendix
    }
    assert not warnings
    spans = {v.key: text[v.start : v.end] for v in found}
    assert spans["s.proactive_items"] == "主动公开信息数 条 425 1516"
    assert spans["s.lawsuits"] == "行政诉讼数 条 0 0"


def test_pingtan_2018_run_together_appendix_uses_the_prose_only_to_split():
    """Cells run together: "主动公开文件数条206912106" splits as 20|6912106, 206|912106 or 2069|12106;
    the prose's 2069 picks one. Without it the row is left out (and warned), never guessed."""
    text = _text("pingtan_2018.txt")
    assert _values(text, {"s.proactive_items": 2069})["s.proactive_items"] == 2069
    found, warnings = extract_appendix(text)
    assert "s.proactive_items" not in {v.key for v in found}
    assert any("无法唯一拆分" in w for w in warnings)
    # "00" splits only one way; "不予公开答复数条00" is refusals, "接受行政诉讼、举报数" is not lawsuits
    assert {k: v for k, v in _values(text).items()} == {
        "s.requests_received": 0,
        "s.requests_processed": 0,
        "s.granted": 0,
        "s.partial": 0,
        "s.denied": 0,
        "s.reviews": 0,
        "s.lawsuits": 0,
    }


@pytest.mark.parametrize("name", ["pingtan_2011.txt", "pingtan_2018.txt"])
def test_parse_marks_appendix_origin(name):
    skip_absent("corpus")
    (report,) = parse_bytes((CORPUS_FILES / name).read_bytes(), name)
    assert report.evidence["s.lawsuits"].origin == "appendix"
    assert report.values["s.lawsuits"] == 0
    for key, span in report.evidence.items():
        assert report.text[span.start : span.end] == span.text, key


@requires_seeds
@requires_corpus
def test_reports_without_an_appendix_get_none():
    seeds = sorted(SEEDS.glob("*.txt"))
    assert seeds
    for seed in seeds:
        assert find_appendix(seed.read_text(encoding="utf-8")) is None, seed.name
    assert find_appendix(_text("hongze_2023.pdf")) is None  # 2021 tables are not an appendix


@pytest.mark.parametrize("index", range(12))
def test_generated_reports_have_no_appendix(index):
    """Prose reports and both table formats (tests.generated): tables and sentences are no appendix."""
    it = gen.item(index)
    (report,) = parse_bytes(gen.render(it), "r.txt")
    assert find_appendix(report.text) is None, it.format
    assert all(span.origin != "appendix" for span in report.evidence.values())


def test_shanghai_style_generation_a_with_code_column():
    """(a): 计量单位 / 代码 / 本期实际 / 本年累计; 否决公开答复总数 lumps refusals with "not held" and
    is not read as s.denied."""
    text = (
        "附表：政府信息公开情况统计表\n指标名称 计量单位 代码 本期实际 本年累计\n"
        "主动公开信息数 条 1 356 356\n其中:全文电子化的主动公开信息数 条 2 356 356\n"
        "新增的行政规范性文件数 件 3 12 12\n申请总数 件 10 25 25\n其中:1.当面申请数 件 11 3 3\n"
        "对申请的答复总数 件 17 24 24\n其中:1.同意公开答复数 件 18 20 20\n"
        "2.同意部分公开答复数 件 19 1 1\n3.否决公开答复总数 件 20 3 3\n行政复议数 件 33 1 1\n"
        "行政诉讼数 件 34 0 0\n"
    )
    assert find_appendix(text).columns == Columns(count=3, annual=1, cumulative=2)
    assert _values(text) == {
        "s.proactive_items": 356,
        "s.normative_docs_made": 12,
        "s.requests_received": 25,
        "s.requests_processed": 24,
        "s.granted": 20,
        "s.partial": 1,
        "s.reviews": 1,
        "s.lawsuits": 0,
    }


def test_a_mention_in_the_introduction_is_no_appendix():
    text = "报告全文包括总体情况等六部分,并附相关指标统计表。本年度报告中所列数据的统计周期为2014年。收到申请数12件。"
    assert find_appendix(text) is None
    assert _values(text) == {}


def test_cumulative_column_first():
    text = "政府信息公开情况统计表 指标名称 单位 历年累计 2012年度 主动公开政府信息数 条 900 120 行政复议数 件 2 0"
    assert _values(text) == {"s.proactive_items": 120, "s.reviews": 0}


def test_split_run():
    two = Columns(count=2, annual=0, cumulative=1)
    assert split_run("00", two) == [(0, 0)]
    assert split_run("206912106", two) == [(20, 6912106), (206, 912106), (2069, 12106)]
    assert split_run("53", two) == []  # cumulative below the year's: impossible
    assert split_run("0012", two) == []


# --- one cell per line, as a site's text export writes it (the Putian reports) ------------------

ONE_CELL_PER_LINE = (
    "七、需要说明的事项与附表\n附表\n指\n标\n名\n称\n计量\n单位\n2012\n年度\n历年\n累计\n"
    "制作、获取的政府信息总数\n条\n250\n1088\n其中:\n1\n、主动公开信息数\n条\n104\n717\n"
    "2\n、依申请公开文件数\n条\n146\n264\n公开查阅点查阅人数\n人次\n受理依申请\n公开信息总数\n条\n0\n"
    "其中:\n1.\n当面申请数\n条\n2.\n网上申请数\n条\n0\n对申请的答复总数\n条\n0\n其中:\n1.\n同意公开答复数\n条\n"
    "2.\n同意部分公开答复数\n条\n0\n3不予公开答复数\n条\n0\n行政复议数\n件\n0\n行政诉讼数\n件\n1\n"
)


def test_one_cell_per_line_appendix():
    """Header words split over lines; labels split over lines or behind an enumerator ("1 / 、主动公开…",
    "受理依申请 / 公开信息总数"); a blank row (同意公开答复数) gives nothing; one cell under two columns is a
    run of equal cells written once: 0 is 0 either way, any other number (行政诉讼数 1) is left out."""
    found = find_appendix(ONE_CELL_PER_LINE)
    assert found.columns == Columns(count=2, annual=0, cumulative=1)
    assert ONE_CELL_PER_LINE[found.title_start :].startswith("附表")
    values, warnings = extract_appendix(ONE_CELL_PER_LINE)
    assert {v.key: v.value for v in values} == {
        "s.proactive_items": 104,
        "s.requests_received": 0,
        "s.requests_processed": 0,
        "s.partial": 0,
        "s.denied": 0,
        "s.reviews": 0,
    }
    spans = {v.key: ONE_CELL_PER_LINE[v.start : v.end] for v in values}
    assert spans["s.proactive_items"] == "主动公开信息数\n条\n104\n717"
    assert spans["s.requests_received"] == "受理依申请\n公开信息总数\n条\n0"
    assert any("s.lawsuits" in w and "仅一个数值" in w for w in warnings)
    # a prose statement of the same number settles the lone cell
    assert _values(ONE_CELL_PER_LINE, {"s.lawsuits": 1})["s.lawsuits"] == 1


YEAR_END_ONLY = (
    "附表：\n指标名称\n计量单位\n年末统计\n主动公开信息数\n条\n{n}\n受理依申请公开信息总数\n条\n0\n"
)


@pytest.mark.parametrize(
    ("prose", "n", "expected"),
    [
        # 年末统计 alone is the 2008–2011 template's year column …
        ("截至2009年12月31日，我局共主动公开政府信息77条。", 77, 77),
        ("", 308, 308),
        # … unless the prose calls its number cumulative
        ("本局到2008年底累计主动公开政府信息\n35\n条，其中：本年度新增的主动公开政府信息10条。", 35, None),
    ],
)
def test_a_lone_year_end_column(prose, n, expected):
    text = prose + "\n" + YEAR_END_ONLY.format(n=n)
    assert find_appendix(text).columns == Columns(count=1, annual=0, cumulative=None, year_end_only=True)
    assert _values(text).get("s.proactive_items") == expected


@pytest.mark.parametrize(
    ("appendix", "expected"),
    [
        # 年未统计 (sic), cells with their unit attached, another label for the proactive row
        ("指  标  名  称\n计量单位\n年未统计\n主动公开动态信息数\n161条\n其中:1、政府公报\n0条\n", 161),
        # unit after each cell, the same number twice under one column
        ("指 标 名 称\n计量\n单位\n年末统计\n主动公开信息数\n149\n条\n149\n条\n其中:1、政府公报\n0条\n", 149),
        # split year in the header, column order 年度 / 历年累计
        ("指标名称\n单位\n201\n4\n年度\n历年累计\n主动公开文件数\n条\n47\n245\n", 47),
        ("指标名称\n计量单位\n年末统计\n历年统计\n主动公开信息数\n条\n283\n461\n", 283),
    ],
)
def test_appendix_layouts(appendix, expected):
    assert _values(appendix)["s.proactive_items"] == expected


def test_an_enumerator_moved_behind_its_label_is_no_cell():
    """ "、同意部分公开答复数 / 2 / 条 / 0": the 2 is the row's enumerator, the 0 its cell; a row whose
    numbers carry a unit only in part is left out rather than read as 2."""
    text = "指标名称\n计量单位\n年末统计\n本年度对申请的答复总数\n条\n0\n其中:\n1\n、同意公开答复数\n条\n0\n、同意部分公开答复数\n2\n条\n0\n"
    values, warnings = extract_appendix(text)
    assert {v.key: v.value for v in values} == {"s.requests_processed": 0, "s.granted": 0}
    assert any("s.partial" in w and "错位" in w for w in warnings)


def test_a_prose_total_that_its_itemisation_confirms_beats_the_appendix():
    prose = (
        "2011年以来我局主动公开政府信息293条，历年累计主动公开政府信息461条。"
        "其中：机构职能信息7条，工作动态276条，其他信息10条。\n"
    )
    text = prose + "附表\n指标名称\n计量单位\n年末统计\n历年统计\n主动公开信息数\n条\n283\n461\n"
    assert _values(text)["s.proactive_items"] == 283  # nothing to compare with
    values, warnings = extract_appendix(text, {"s.proactive_items": 293})
    assert "s.proactive_items" not in {v.key for v in values}
    assert any("分项合计相符" in w for w in warnings)
    # a prose figure its own itemisation does not confirm leaves the appendix in charge
    loose = text.replace("工作动态276条", "工作动态200条")
    assert _values(loose, {"s.proactive_items": 293})["s.proactive_items"] == 283
