"""Place names that look generic (本溪市, 镇江市, 市南区, 镇隆镇, 市桥街道), rare characters (𬮤山镇), short
county names standing alone (乾县) or inside a township's name (随县唐县镇): agency names from titles."""

import pytest

from etl.agency_choice import _completed
from etl.agency_key import clean_agency_name
from etl.classify import classify_sector
from etl.place_names import starts_with_place
from etl.region import resolve_region, scan, split_region


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("本溪市教育局", "本溪市教育局"),
        ("本溪满族自治县财政局", "本溪满族自治县财政局"),
        ("镇江市统计局", "镇江市统计局"),
        ("镇远县人民政府办公室", "镇远县人民政府办公室"),
        ("乡宁县财政局", "乡宁县财政局"),
        ("市南区财政局", "市南区财政局"),
        ("市桥街道办事处", "市桥街道办事处"),
        ("镇隆镇人民政府", "镇隆镇人民政府"),
        ("市同乡人民政府", "市同乡人民政府"),
        ("樟树市𬮤山镇人民政府", "樟树市𬮤山镇人民政府"),
        ("大𫭢镇人民政府", "大𫭢镇人民政府"),
        ("市场监督管理局", "市场监督管理局"),
        # generic or self-referring: no name
        ("本局", None),
        ("市财政局", None),
        ("县人民政府办公室", None),
        ("镇政府", None),
        ("乡人民政府", None),
        ("本镇人民政府", None),
        ("我乡人民政府", None),
        ("区教育局", None),
    ],
)
def test_clean_agency_name(raw, name):
    assert clean_agency_name(raw) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("本溪市教育局", True),
        ("市中区教育局", True),  # several cities have one: still a place's name
        ("市桥街道办事处", True),
        ("本镇人民政府", False),
        ("市财政局", False),
        ("市城市管理行政执法局", False),
    ],
)
def test_starts_with_place(name, expected):
    assert starts_with_place(name) is expected


@pytest.mark.parametrize(
    ("name", "completed"),
    [
        ("市南区财政局", "市南区财政局"),  # a district named 市南区, not '[the city's] 南区财政局'
        ("市财政局", "莆田市财政局"),
        ("市市场监督管理局", "莆田市市场监督管理局"),
        ("市场监督管理局", "市场监督管理局"),  # 市场 (market): not the city's 场监督管理局
    ],
)
def test_generic_names_completed_from_the_text(name, completed):
    assert _completed(name, "莆田市人民政府 莆田市 莆田市") == completed


def test_township_named_like_a_county_inside_its_county():
    assert split_region("随县唐县镇人民政府") == ("随县", "唐县镇人民政府")
    found = resolve_region("随县唐县镇人民政府")
    assert (found.code, found.township) == ("421321", "唐县镇")
    assert classify_sector("随县唐县镇人民政府") == "government"
    assert classify_sector("镇康县军赛佤族拉祜族傈僳族德昂族乡人民政府") == "government"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("在中共乾县委员会、乾县人民政府的领导下", ["乾县", "乾县"]),
        ("和县人民政府", ["和县"]),
        ("我们和县人民政府", []),  # inside a phrase: not a place
        ("我们和县城建设", []),
    ],
)
def test_two_character_counties_alone_before_their_government(text, found):
    assert [m.text for m in scan(text)] == found


def test_township_placed_by_its_county_named_in_the_body():
    text = "2024年，在中共乾县委员会、乾县人民政府的领导下，王村镇人民政府深入贯彻落实《条例》"
    found = resolve_region("王村镇人民政府", text)
    assert (found.code, found.township_code) == ("610424", "610424105")


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("本报告由同仁市农业农村局编制。", ["同仁市农业农村局"]),
        ("本报告由向阳镇人民政府编制。", ["向阳镇人民政府"]),
        ("本报告由本溪满族自治县草河城镇人民政府编制。", ["本溪满族自治县草河城镇人民政府"]),
        ("本报告由本局编制。", []),
        ("本报告由同级人民政府编制。", []),
        ("根据我局工作实际编制。", []),
    ],
)
def test_body_names_of_places_starting_with_a_function_word(sentence, names):
    from etl.self_naming import agency_candidates

    assert [c.value for c in agency_candidates(sentence)] == names


def test_a_buyei_township_is_not_cut_at_its_publishing_verb():
    """新发布依族乡: 发布 here is 新 + 布依族, not 'published'."""
    from tests.test_gazetteer_names import _identify

    r = _identify("威宁彝族回族苗族自治县新发布依族乡人民政府")
    assert (r.agency, r.region.township_code, r.level) == (
        "威宁彝族回族苗族自治县新发布依族乡人民政府",
        "520526201",
        "township",
    )


@pytest.mark.parametrize(
    ("agency", "township_code", "level"),
    [
        ("福山区东厅街道办事处", "370611004", "township"),  # not 东厅's inner office
        ("南岸区铜元局街道办事处", "500108001", "township"),  # not 铜元局's
        ("鄱阳县古县渡镇人民政府", "361128106", "township"),  # 古县 (Shanxi) inside the township's name
        ("通州区财政局", None, "county"),  # Beijing's or Nantong's: county level either way
    ],
)
def test_organ_words_and_counties_inside_township_names(agency, township_code, level):
    from tests.test_gazetteer_names import _identify

    r = _identify(agency)
    assert (r.agency, r.region.township_code, r.level) == (agency, township_code, level)


@pytest.mark.parametrize(
    ("title", "agency", "level"),
    [
        ("福建省2016年政府信息公开工作年度报告", "福建省人民政府", "province"),
        ("莆田市2012年政府信息公开工作年度报告", "莆田市人民政府", "city"),
        ("晋安区2016年政府信息公开工作年度报告", "晋安区人民政府", "county"),
        # a run of division names (was: '福州市晋安区', a place, not an organ)
        ("福州市晋安区2016年政府信息公开工作年度报告", "福州市晋安区人民政府", "county"),
        # a township or street whose county the text never names: its government or office all the same
        ("高楼镇2011年政府信息公开工作年度报告", "高楼镇人民政府", "township"),
        ("前进街道2020年政府信息公开工作年度报告", "前进街道办事处", "township"),
    ],
)
def test_a_title_naming_only_places_speaks_for_their_government(title, agency, level):
    from etl.parse import parse_bytes

    text = f"{title}\n一、概述\n本年度，我们认真贯彻落实《条例》。\n"
    r = parse_bytes(text.encode(), "report.txt")[0]
    assert (r.agency, r.level, r.sector) == (agency, level, "government")
