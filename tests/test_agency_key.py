"""Official agency names from scraped labels; stable agency keys across renamings."""

import pytest

from etl.agency_key import agency_key, canonical_organ, clean_agency_name
from etl.region import resolve_region


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("白城市教育局", "白城市教育局"),
        ("白城市教育局2012年政府信息公开工作年度报告", "白城市教育局"),
        ("关于明溪县教育局2014年政府信息公开工作", "明溪县教育局"),
        ("沭阳县人民政府2025年度政府信息公开工作年度报告", "沭阳县人民政府"),
        ("南京市人民政府门户网站", "南京市人民政府"),
        ("淮安市洪泽区人民政府网站", "淮安市洪泽区人民政府"),
        ("首页 > 政务公开 > 白城市教育局", "白城市教育局"),
        ("北京市朝阳区人民政府（本级）", "北京市朝阳区人民政府"),
        ("鹿城区人民政府及办公室", "鹿城区人民政府"),  # a real page's title: the government's report
        ("  上海市 人民政府 办公厅 ", "上海市人民政府办公厅"),
        ("金沙城中心赌场_澳门金沙官网张家港市人民政府", "张家港市人民政府"),
        ("www.loyalmeds.com常州市人民政府", "常州市人民政府"),
        ("金沙县人民政府", "金沙县人民政府"),
        ("霍邱县", "霍邱县"),
        ("平潭综合实验区", "平潭综合实验区"),
        # nothing official left
        ("皇冠体育,皇冠体育平台区人民政府办公室", None),
        ("金沙城中心赌场_澳门金沙官网", None),
        ("中国体育彩票_澳客彩票网-游戏平台", None),
        ("政府信息公开工作年度报告", None),
        ("2023年", None),
        ("本机关", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_agency_name(raw, name):
    assert clean_agency_name(raw) == name


@pytest.mark.parametrize(
    ("organ", "canonical"),
    [
        ("", "人民政府"),
        ("人民政府", "人民政府"),
        ("政府", "人民政府"),
        ("人民政府办公厅", "人民政府办公室"),
        ("政府办", "人民政府办公室"),
        ("卫生和计划生育委员会", "卫生健康委员会"),
        ("卫计委", "卫生健康委员会"),
        ("教育体育局", "教育局"),
        ("国土资源局", "自然资源局"),
        ("自然资源和规划局", "自然资源局"),
        ("环境保护局", "生态环境局"),
        ("工商行政管理局", "市场监督管理局"),
        ("食品药品监督管理局", "市场监督管理局"),
        ("发改委", "发展和改革委员会"),
        ("人民政府信访办", "信访局"),
        ("科学技术委员会", "科学技术委员会"),
        ("市容环境卫生局", "市容环境卫生局"),
        ("虎门镇人民政府", "虎门镇人民政府"),
        ("文瀛湖街道办事处", "文瀛湖街道人民政府"),
    ],
)
def test_canonical_organ(organ, canonical):
    assert canonical_organ(organ) == canonical


def _key(agency, context=""):
    m = resolve_region(agency, context)
    return agency_key(agency, m.code if m else None)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("洪泽县人民政府", "淮安市洪泽区人民政府"),
        ("明溪县教育局", "明溪县教育体育局"),
        ("明溪县国土资源局", "明溪县自然资源和规划局"),
        ("恩施土家族苗族自治州卫生和计划生育委员会", "恩施州卫健委"),
        ("舒城县环境保护局", "舒城县生态环境局"),
        ("舒城县工商行政管理局", "舒城县市场监督管理局"),
        ("舒城县食品药品监督管理局", "舒城县市场监督管理局"),
        ("平潭综合实验区", "平潭综合实验区管委会"),
        ("霍邱县", "霍邱县人民政府"),
        ("沭阳县人民政府", "沐阳县人民政府"),
        ("上海市人民政府办公厅", "上海市人民政府办公室"),
        # a street office named under its district's government (a real report page's title)
        ("重庆市渝中区人民政府上清寺街道办事处", "渝中区上清寺街道办事处"),
        # development zones, short and full (real report pages write both)
        ("益阳高新区市场监督管理局", "益阳高新技术产业开发区市场监督管理局"),
        ("贵阳国家高新区管理委员会", "贵阳国家高新技术产业开发区管委会"),
        ("台州湾经开区管委会", "台州湾经济技术开发区管理委员会"),
        # a street's office written short; a league by its usual short name
        ("榆林市榆阳区驼峰路街道办", "榆林市榆阳区驼峰路街道办事处"),
        ("锡盟市场监管局", "锡林郭勒盟市场监督管理局"),
        ("上海市公积金中心", "上海市住房公积金管理中心"),
        ("淮北市住房公积金中心", "淮北市住房公积金管理中心"),
        # a development zone and its administrative committee (the zone reports as its committee)
        ("鞍山高新区", "鞍山高新区管理委员会"),
        ("随县经济开发区", "随县经济开发区管委会"),
    ],
)
def test_same_agency_same_key(a, b):
    assert _key(a) == _key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("淮安市人民政府", "淮安市洪泽区人民政府"),
        ("上海市人民政府", "上海市人民政府办公厅"),
        ("上海市人民政府", "上海市科学技术委员会"),
        ("舒城县财政局", "舒城县税务局"),
        ("重庆市江北区人民政府", "重庆市渝北区人民政府"),
        ("上海市闸北区人民政府", "上海市静安区人民政府"),
        ("东莞市虎门镇人民政府", "东莞市人民政府"),
        ("鞍山高新区管理委员会", "鞍山高新区财政局"),
    ],
)
def test_different_agencies_differ(a, b):
    assert _key(a) != _key(b)


def test_key_shape():
    assert _key("淮安市洪泽区人民政府") == "320813:人民政府"
    assert _key("白城市教育局") == "220800:教育局"
    assert _key("国务院办公厅") == "?:国务院办公厅"
    assert _key("鼓楼区人民政府") == "?:鼓楼区人民政府"
    assert _key("鼓楼区人民政府", "福州市鼓楼区") == "350102:人民政府"
    assert _key("江北区教育委员会", "重庆市江北区") == "500157:江北区教育局"


@pytest.mark.parametrize(
    ("agency", "expanded"),
    [
        ("上海市科委", "上海市科学技术委员会"),
        ("沭阳县发改委", "沭阳县发展和改革委员会"),
        ("恩施州卫健委", "恩施州卫生健康委员会"),
        ("上海市科学技术委员会", "上海市科学技术委员会"),
        ("科委", "科委"),  # no region: nothing to anchor the organ part
        ("国家卫生健康委", "国家卫生健康委员会"),  # a central commission
        ("绵阳市卫生健康委", "绵阳市卫生健康委员会"),
        ("国家统计局", "国家统计局"),
        ("上海市科委办公室", "上海市科委办公室"),  # only a whole organ part is expanded
    ],
)
def test_expand_abbreviation(agency, expanded):
    from etl.agency_key import expand_abbreviation

    assert expand_abbreviation(agency) == expanded


def test_abbreviation_and_full_name_share_a_key():
    assert _key("上海市科委") == _key("上海市科学技术委员会") == "310000:科学技术委员会"


@pytest.mark.parametrize(
    ("agency", "text", "name"),
    [
        ("莆田市民宗局", "莆田市民族与宗教事务局", "莆田市民族与宗教事务局"),
        ("湘西州旅发委", "湘西州旅游发展委员会主任", "湘西州旅游发展委员会"),
        ("莆田市民宗局", "莆田市民政局", "莆田市民宗局"),  # not its characters in order
        # a predecessor's name is not short for its successor's (the page label's, re-published)
        ("沂水县卫生局", "发文机关：沂水县卫生健康局", "沂水县卫生局"),
        ("沂水县农业局", "沂水县农业农村局", "沂水县农业局"),
        ("莆田市文化局", "莆田市文化和旅游局", "莆田市文化局"),
    ],
)
def test_expand_from_text(agency, text, name):
    from etl.agency_key import expand_from_text

    assert expand_from_text(agency, text) == name


@pytest.mark.parametrize(
    ("agency", "text", "name"),
    [
        # the report writes the city before the district in its opening statement (PDF line-wrapped)
        ("洪泽区人民政府", "本报告由淮安市洪\n泽区人民政府办公室编制。", "淮安市洪泽区人民政府"),
        ("洪泽区人民政府", "洪泽区人民政府坚持…", "洪泽区人民政府"),  # not stated: as written
        ("淮安市洪泽区人民政府", "淮安市洪泽区人民政府", "淮安市洪泽区人民政府"),
        ("霍邱县", "六安市霍邱县", "霍邱县"),  # a bare region name stays as the text names itself
        ("沭阳县发展和改革局", "沭阳县发展和改革局网站", "沭阳县发展和改革局"),
        ("朝阳区人民政府", "北京市朝阳区人民政府办公室", "北京市朝阳区人民政府"),
        ("淮安市人民政府", "江苏省淮安市人民政府", "淮安市人民政府"),  # city level: no province prefix
    ],
)
def test_with_stated_prefix(agency, text, name):
    from etl.agency_key import with_stated_prefix

    assert with_stated_prefix(agency, text, resolve_region(agency, text)) == name


def test_official_agency_name_undoes_ocr_misreading():
    from etl.agency_key import official_agency_name

    name, warnings = official_agency_name("沐阳县人民政府", "", resolve_region("沐阳县人民政府"))
    assert name == "沭阳县人民政府"
    assert any("OCR" in w for w in warnings)
    assert official_agency_name("上海市科委", "", resolve_region("上海市科委")) == (
        "上海市科学技术委员会",
        [],
    )
