"""Level and sector of the issuing organ."""

import pytest

from etl.classify import classify_level, classify_sector
from etl.model import as_spec_sector
from etl.region import resolve_region
from tests.conftest import corpus_index_rows
from tests.test_region import PLACED


@pytest.mark.parametrize(
    ("agency", "level"),
    [
        ("国务院办公厅", "central"),
        ("教育部", "central"),
        ("国家统计局", "central"),
        ("海关总署", "central"),
        ("吉林省教育厅", "province"),
        ("上海市人民政府办公厅", "province"),
        ("上海市科学技术委员会", "province"),
        ("内蒙古自治区人民政府", "province"),
        ("白城市教育局", "city"),
        ("淮安市人民政府", "city"),
        ("恩施州教育局", "city"),
        ("阿拉善盟行政公署", "city"),
        ("国家税务总局淮安市税务局", "city"),
        ("明溪县教育局", "county"),
        ("淮安市洪泽区人民政府", "county"),
        ("北京市朝阳区人民政府", "county"),
        ("张家港市人民政府", "county"),
        ("伊金霍洛旗人民政府", "county"),
        ("平潭综合实验区", "county"),
        ("仙桃市人民政府", "county"),
        ("霍邱县", "county"),
        ("鼓楼区人民政府", "county"),  # region unknown, level still clear
        ("市中区人民政府", "county"),
        ("平城区文瀛湖街道办事处", "township"),
        ("东莞市虎门镇人民政府", "township"),
        ("泉州市丰泽区城东街道办事处", "township"),
        ("临淄区齐陵街道办事处", "township"),
        ("明溪县城关乡人民政府", "township"),
        ("明溪县乡村振兴局", "county"),
        ("霍邱县住房和城乡建设局", "county"),
        ("霍邱县公安局城关镇派出所", "county"),  # a county organ's station in a township
        ("中共莆田市荔城区黄石镇委员会", "township"),
        ("莆田市荔城区黄石镇财政所", "township"),
        ("北京市朝阳区南磨房地区办事处", "township"),
        ("宝力根苏木人民政府", "township"),
        ("某某镇人民政府", "unknown"),  # no such township, no region
        ("王村镇人民政府", "township"),  # eleven counties have one: which is unknown, the level is not
        ("义马市新区街道办事处", "township"),  # 新区 here is the township's name, not a zone
        ("随县唐县镇人民政府", "township"),  # 随县's 唐县镇, not Hebei's 唐县
        ("市中区矿区街道办事处", "township"),  # which 市中区 is unknown; 矿区 opens the township's name
        ("郑州高新区管委会", "county"),  # functional zones: county level at their host
        ("郑州市高新技术产业开发区管委会", "county"),
        ("郑州市公安局高新技术产业开发区分局", "county"),
        ("郑州市高新技术产业开发区石佛镇人民政府", "township"),  # a township inside a zone
        ("苏州工业园区娄葑街道办事处", "township"),  # by its form: no township in the table
        ("上海市公安局浦东分局", "county"),
        ("上海市公安局", "province"),
        ("广东省自由贸易试验区工作办公室", "province"),
        ("某某局", "unknown"),
        (None, "unknown"),
    ],
)
def test_level(agency, level):
    assert classify_level(agency, resolve_region(agency)) == level


@pytest.mark.parametrize(
    ("agency", "sector"),
    [
        ("淮安市人民政府", "government"),
        ("上海市人民政府办公厅", "government"),
        ("沭阳县人民政府办公室", "government"),
        ("国务院办公厅", "government"),
        ("霍邱县", "government"),
        ("平潭综合实验区", "government"),
        ("平潭综合实验区管委会", "government"),
        ("阿拉善盟行政公署", "government"),
        ("东莞市虎门镇人民政府", "government"),
        ("平城区文瀛湖街道办事处", "government"),
        ("白城市教育局", "education"),
        ("宿城区教育体育局", "education"),
        ("某县教育和体育局", "education"),
        ("吉林省教育厅", "education"),
        ("公安县公安局", "public_security"),
        ("公安县人民政府", "government"),
        ("某市公安局交通警察支队", "public_security"),
        ("某市卫生健康委员会", "health"),
        ("某县卫计委", "health"),
        ("某县卫生和计划生育局", "health"),
        ("某县自然资源和规划局", "natural_resources"),
        ("某县国土资源局", "natural_resources"),
        ("某县住房和城乡建设局", "housing"),
        ("某市住房公积金管理中心", "housing"),
        ("某市房管局", "housing"),
        ("某市生态环境局", "ecology"),
        ("某县环境保护局", "ecology"),
        ("某县市场监督管理局", "market_regulation"),
        ("某县工商行政管理局", "market_regulation"),
        ("某县食品药品监督管理局", "market_regulation"),
        ("某县工商业联合会", "other"),
        ("某县人力资源和社会保障局", "human_resources"),
        ("衢江区民政局", "civil_affairs"),
        # a township named after its county (芒市's 芒市镇): the region split takes the county's name
        ("芒市镇人民政府", "government"),
        ("芒市镇财政所", "finance"),
        ("乡村振兴局", "agriculture"),
        ("某县财政局", "finance"),
        ("国家税务总局淮安市税务局", "finance"),
        ("某县交通运输局", "transport"),
        ("开平市农业农村局", "agriculture"),
        ("某县林业局", "agriculture"),
        ("某县畜牧兽医局", "agriculture"),
        ("某县水利局", "water"),
        ("某市水务局", "water"),
        ("某县文化广电旅游体育局", "culture"),
        ("某县文化和旅游局", "culture"),
        ("某县体育局", "culture"),
        ("某县统计局", "statistics"),
        ("沭阳县发展和改革局", "development_reform"),
        ("某市发改委", "development_reform"),
        ("威海市文登区信访局", "petition"),
        ("某市人民政府信访局", "petition"),
        ("上海市科学技术委员会", "science_technology"),
        ("某县科技局", "science_technology"),
        ("某县教育科技局", "education"),
        ("莆田市审计局", "audit"),
        ("某县司法局", "justice"),
        ("某省司法厅", "justice"),
        ("莆田市应急管理局", "emergency"),
        ("莆田市安全生产监督管理局", "emergency"),
        ("某市医疗保障局", "medical_insurance"),
        ("某县医保局", "medical_insurance"),
        ("临河区退役军人事务局", "veterans"),
        ("某市工业和信息化局", "industry_it"),
        ("某市经济和信息化委员会", "industry_it"),
        ("某县商务局", "commerce"),
        ("莆田市城市管理行政执法局", "urban_management"),
        ("某县综合行政执法局", "urban_management"),
        ("某县文化市场综合行政执法大队", "culture"),
        ("莆田市民族与宗教事务局", "ethnic_religious"),
        ("某县民族宗教事务局", "ethnic_religious"),
        ("某市政务服务和大数据管理局", "government_services"),
        ("某县行政审批局", "government_services"),
        ("莆田市海洋与渔业局", "agriculture"),
        ("浑南区国资局", "other"),
        ("某市乡村振兴局", "agriculture"),
        ("某县人民政府国有资产监督管理委员会", "other"),
        (None, "other"),
    ],
)
def test_sector(agency, sector):
    assert classify_sector(agency) == sector


@pytest.mark.parametrize(("agency", "level"), [(row[0], row[5]) for row in PLACED])
def test_level_placed(agency, level):
    assert classify_level(agency, resolve_region(agency)) == level


@pytest.mark.parametrize(
    ("agency", "sector"),
    [
        ("北京市朝阳区南磨房地区办事处", "government"),
        ("锡林浩特市宝力根苏木", "government"),
        ("莆田市荔城区黄石镇人民政府", "government"),
        ("广州市天河区五山街道办事处", "government"),
    ],
)
def test_township_sector(agency, sector):
    assert classify_sector(agency) == sector


@pytest.mark.parametrize("row", corpus_index_rows())
def test_corpus_index(row):
    agency = row["agency"]
    assert classify_level(agency, resolve_region(agency)) == row["level"]
    # the corpus index labels sectors with the founding spec's list (an extension sector is `other`)
    assert as_spec_sector(classify_sector(agency)) == row["sector"]


@pytest.mark.parametrize(
    ("agency", "level"),
    [
        # townships the gazetteer no longer knows (renamed or merged since): township by their form
        ("西园乡人民政府", "township"),
        ("张家楼镇人民政府", "township"),
        # cities written without 市: not townships, and unknown without their region
        ("景德镇人民政府", "unknown"),
        ("萍乡人民政府", "unknown"),
        # an organ named after its level word: the (autonomous) region's own (was county: 自治区 ends in 区)
        ("自治区北部湾办", "province"),
        ("省财政厅", "province"),
    ],
)
def test_level_by_form_without_a_region(agency, level):
    from etl.classify import classify_level

    assert classify_level(agency, None) == level


def test_every_sector_the_rules_give_is_in_the_record_contract():
    from etl.classify import rules
    from etl.model import SECTORS, SPEC_SECTORS

    given = {sector for sector, _ in rules().rules} | {"government", "other"}
    assert given == set(SECTORS)
    assert set(SPEC_SECTORS) <= given
