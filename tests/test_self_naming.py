"""Identity from a report's body alone (no title line): openings as real reports write them.

Each row is an untitled opening in the style of a real report of that kind of organ; the expected
agency is the one the text names as its author, with its region and level, or None when the text
does not say (a guess would be worse than nothing).
"""

from __future__ import annotations

import pytest

from etl.parse import parse_bytes

_TAIL = (
    "\n一、总体情况\n本年度认真贯彻落实《条例》。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无。\n"
)


def _parse(opening: str):
    (report,) = parse_bytes((opening + _TAIL).encode("utf-8"), "opening.txt")
    return report


@pytest.mark.parametrize(
    ("opening", "agency", "province", "level", "year"),
    [
        # 现公布… / 特向社会公布…
        (
            "现公布广东省人民政府办公厅2023年政府信息公开工作年度报告。",
            "广东省人民政府办公厅",
            "广东省",
            "province",
            2023,
        ),
        (
            "根据《条例》规定，特向社会公布莆田市审计局2019年政府信息公开工作年度报告。",
            "莆田市审计局",
            "福建省",
            "city",
            2019,
        ),
        (
            "根据《条例》，特向社会公布2015年度莆田市水利局的信息公开年度工作报告。",
            "莆田市水利局",
            "福建省",
            "city",
            2015,
        ),
        # 本报告由…编制 / 由…编制的
        (
            "本报告由贵州省人民政府办公厅编制。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
            None,  # a government's office compiles the government's report too: not decided by this alone
            None,
            None,
            2022,
        ),
        (
            "本年报是根据《中华人民共和国政府信息公开条例》要求，由呼伦贝尔市鄂温克族自治旗教育局编制的2021年度政府信息公开年度报告。",
            "呼伦贝尔市鄂温克族自治旗教育局",
            "内蒙古自治区",
            "county",
            2021,
        ),
        (
            "依据《条例》，延边朝鲜族自治州生态环境局编制完成本报告。统计期限自2020年1月1日至2020年12月31日。",
            "延边朝鲜族自治州生态环境局",
            "吉林省",
            "city",
            2020,
        ),
        # the opening sentence's subject, with an abbreviation
        (
            "2020年，新乡市卫健委全面贯彻落实《中华人民共和国政府信息公开条例》，扎实推进各项工作。",
            "新乡市卫生健康委员会",
            "河南省",
            "city",
            2020,
        ),
        (
            "2023年，上海市浦东新区人民政府坚持以人民为中心推进政务公开。",
            "上海市浦东新区人民政府",
            "上海市",
            "county",
            2023,
        ),
        # townships, streets, 苏木
        (
            "2022年，莆田市荔城区黄石镇人民政府认真贯彻落实《条例》，深化政务公开。",
            "莆田市荔城区黄石镇人民政府",
            "福建省",
            "township",
            2022,
        ),
        (
            "现公布广州市天河区五山街道办事处2021年政府信息公开工作年度报告。",
            "广州市天河区五山街道办事处",
            "广东省",
            "township",
            2021,
        ),
        # two-level organs and zones
        (
            "现公布杭州市公安局上城区分局2022年政府信息公开工作年度报告。",
            "杭州市公安局上城区分局",
            "浙江省",
            "county",
            2022,
        ),
        # the signature block names the organ; the year from the statistics period
        (
            "本报告所列数据统计期限自2021年1月1日至2021年12月31日。\n\n西宁市城北区民政局\n2022年1月20日",
            "西宁市城北区民政局",
            "青海省",
            "county",
            2021,
        ),
        # 我局 only, never named: nothing guessed
        ("2021年，我局认真贯彻落实《条例》，扎实推进政务公开工作。", None, None, None, 2021),
        # phrases found on real report pages (sentences written here after their pattern)
        ("本报告结合宁德市财政局2016年实际工作情况编制而成。", "宁德市财政局", "福建省", "city", None),
        (
            "本报告在2017年度泉州市丰泽区人民政府政府信息公开工作年度报告的基础上编制。",
            "泉州市丰泽区人民政府",
            "福建省",
            "county",
            2017,
        ),
        # a jurisdiction's report: the government of the place it sums up
        (
            "本年度报告综合2018年度漳州市各县（市、区）政府和市直各部门的政府信息公开年度报告编制而成。",
            "漳州市人民政府",
            "福建省",
            "city",
            2018,
        ),
        (
            "本报告由厦门市政府办公厅综合各区政府和市政府各部门的年度报告编写而成。",
            "厦门市人民政府",
            "福建省",
            "city",
            None,
        ),
        (
            "本报告在各市、省政府各部门政府信息公开工作年度报告基础上编制。\n2021年，江西省坚持以人民为中心。",
            "江西省人民政府",
            "江西省",
            "province",
            2021,
        ),
        # a first line that is a sentence, not a title; a generic '区…局' completed by the place the
        # text keeps naming, or '市…委' by its full name written once
        (
            "2021年，区统计局严格贯彻落实《条例》，现将本机关政府信息公开工作情况报告如下：\n"
            "修订《雨花台区统计局主动公开目录》，更新雨花台区统计调查信息。",
            "雨花台区统计局",
            "江苏省",
            "county",
            2021,
        ),
        (
            "2021年，市农业农村委深入贯彻《条例》。\n改版江西省南昌市农业农村委员会门户网站。",
            "南昌市农业农村委员会",
            "江西省",
            "city",
            2021,
        ),
        (
            "根据《条例》，编制了莲都区教育局2019年政府信息公开年度报告。",
            "莲都区教育局",
            "浙江省",
            "county",
            2019,
        ),
        (
            "依据《条例》第五十条之规定，结合工作实际，由深圳市生态环境局制作本报告。",
            "深圳市生态环境局",
            "广东省",
            "city",
            None,
        ),
        (
            "本报告根据《条例》以及2018年度烟台市政府各部门和各区、市政府的信息公开工作年度报告编制。",
            "烟台市人民政府",
            "山东省",
            "city",
            None,  # 2018年度 names the reports it sums up, not the year reported on
        ),
        (
            "为认真做好钟祥市卫生健康局政府信息公开工作，我局精心组织。现向社会公布2022年度本单位政府信息公开工作年度报告。",
            "钟祥市卫生健康局",
            "湖北省",
            "county",
            2022,
        ),
        (
            "本年度报告由城北区人民政府办公室综合区政府各镇办、各部门的工作情况编制而成。",
            "城北区人民政府",
            "青海省",
            "county",
            None,
        ),
        # a ministry (部), with what it includes in brackets
        (
            "现公开水利部（含国家防汛抗旱总指挥部办公室）2011年政府信息公开工作年度报告。",
            "水利部",
            None,
            "central",
            2011,
        ),
        (
            "根据《条例》要求，特编制衢州市柯城区审计局2010年政府信息公开年度报告。",
            "衢州市柯城区审计局",
            "浙江省",
            "county",
            2010,
        ),
        # compiled by the government's office, the text speaking as the county: the government's report
        (
            "本报告由吉木乃县人民政府办公室编制。2012年，我县政务公开工作稳步推进，吉木乃县各部门积极配合，我县主动公开信息。",
            "吉木乃县人民政府",
            "新疆维吾尔自治区",
            "county",
            2012,
        ),
        # … unless the office is also the subject of the opening: the office's own report
        (
            "本报告由吉木乃县人民政府办公室编制。2012年，吉木乃县人民政府办公室认真落实《条例》，我县主动公开信息，吉木乃县各部门积极配合。",
            "吉木乃县人民政府办公室",
            "新疆维吾尔自治区",
            "county",
            2012,
        ),
        # a page header laid out as a table, and the township the text speaks as (我镇): one organ
        (
            "索引号 | 公开方式 | 发布机构 |\n0001/2010-00023 | 主动公开 | 景泰县寺滩乡人民政府 |\n"
            "本报告中所列数据的统计期限自2009年1月1日起至2009年12月31日止。2009年，寺滩乡政府信息公开工作有序开展，我乡主动公开信息。",
            "景泰县寺滩乡人民政府",
            "甘肃省",
            "township",
            2009,
        ),
        # a page header ('信息来源: X 编辑:X') and a bureau of a long name speaking as 我局
        (
            "2013年度政府信息公开年报\n    发布时间:2014-01-29 信息来源: 瑶海区民政局 编辑:瑶海区民政局 字体:【\n"
            "2013年，区民政局切实加强政府信息公开工作。我局高度重视，瑶海区民政局成立领导小组，瑶海区民政局办公室负责。",
            "瑶海区民政局",
            "安徽省",
            "county",
            2013,
        ),
        # the organ on its own line above the year's title, a blank line between
        (
            "白银市平川区发展和改革局\n\n2016年政府信息公开工作年度报告\n我局认真落实。",
            "白银市平川区发展和改革局",
            "甘肃省",
            "county",
            2016,
        ),
        # one phrase caught by two patterns counts once: a page label alone does not decide
        (
            "信息来源:平川区人民政府\n发布时间:2017-03-20\n2016年政府信息公开工作年度报告\n我局认真落实。",
            None,
            None,
            None,
            2016,
        ),
        # a title naming the organ without its place: the body's full name
        (
            "2014年环境保护局信息公开年报\n根据《条例》编制本报告。\n2014年，清远市环境保护局认真贯彻落实《条例》。",
            "清远市环境保护局",
            "广东省",
            "city",
            2014,
        ),
        # the opening sentence's subject with no comma after the year, completing a title without place
        (
            "公安局2019年政府信息公开年度工作报告\n特向社会公布2019年度我局信息公开年度报告。\n"
            "一、总体情况\n2019年白水县公安局在县委、县政府的领导下认真落实《条例》。",
            "白水县公安局",
            "陕西省",
            "county",
            2019,
        ),
        # set 8 of real pages (phrasings, not copied text): the year after 信息公开 in the title
        (
            "江苏省财政厅政府信息公开2011年度报告\n2011年，我厅认真落实《条例》。",
            "江苏省财政厅",
            "江苏省",
            "province",
            2011,
        ),
        # a title with 年 left out
        (
            "宁夏回族自治区政府国资委2020政府信息公开工作年度报告\n一、总体情况",
            "宁夏回族自治区人民政府国有资产监督管理委员会",
            "宁夏回族自治区",
            "province",
            2020,
        ),
        # 现就X(its office)YEAR…报告如下; a renamed prefecture (哈密地区 → 哈密市)
        (
            "根据《条例》要求，现就哈密地区行政公署(行署办公室)2013年度政府信息公开工作情况汇总报告如下。",
            "哈密地区行政公署",
            "新疆维吾尔自治区",
            "city",
            2013,
        ),
        # an office compiles the place's report, named in 《》
        (
            "根据《条例》规定，钦州市人民政府办公室编制了《钦州市2016年政府信息公开工作年度报告》。",
            "钦州市人民政府",
            "广西壮族自治区",
            "city",
            2016,
        ),
        # an office writes the county's report: 编写X县YEAR…报告, and the county sums up its organs
        (
            "根据《条例》有关规定和要求，编写京山县2017年度政府信息公开工作年度报告。\n2017年，全县各级各部门主动公开政府信息共计1000条。",
            "京山县人民政府",
            "湖北省",
            "county",
            2017,
        ),
        # set 9: a level-word title completed by the province the text keeps naming
        (
            "2014年省财政厅政府信息公开工作年度报告\n本年度报告根据《山东省政府信息公开办法》和《山东省财政厅信息公开实施办法》编制。",
            "山东省财政厅",
            "山东省",
            "province",
            2014,
        ),
        # a page's 名称 label before the title; an office of a research kind (研究室)
        (
            "名称: 三亚市人民政府研究室2022年政府信息公开工作年度报告\n一、总体情况",
            "三亚市人民政府研究室",
            "海南省",
            "city",
            2022,
        ),
        # 行署 for 行政公署
        (
            "锡林郭勒盟行署外事办公室2025年政府信息公开工作年度报告\n一、总体情况",
            "锡林郭勒盟行政公署外事办公室",
            "内蒙古自治区",
            "city",
            2025,
        ),
        # a page heading without the organ, then the full title
        (
            "2024年政府信息公开工作年度报告\n保定市竞秀区人民政府\n2024年政府信息公开工作年度报告\n"
            "2024年，保定市竞秀区人民政府办公室认真贯彻落实《条例》。",
            "保定市竞秀区人民政府",
            "河北省",
            "county",
            2024,
        ),
        # a short form placed nowhere pooled with the placed name it is written from
        (
            "本年度报告由上海市公安局徐汇分局编制。\n一、概述\n2018年，徐汇公安分局认真做好信息公开工作。如有疑问请联系徐汇公安分局政务公开办公室。",
            "上海市公安局徐汇分局",
            "上海市",
            "county",
            2018,
        ),
        # set 10: the opening's year without 年; 人防办; a 行政公署 and its office report as the 行政公署
        (
            "一、总体情况\n2025,伊犁哈萨克自治州住建局以《条例》为遵循，推进公开。",
            "伊犁哈萨克自治州住房和城乡建设局",
            "新疆维吾尔自治区",
            "city",
            None,  # (a bare year is no year yet)
        ),
        ("本报告由吉林省人防办编制。\n一、总体情况", "吉林省人民防空办公室", "吉林省", "province", None),
        (
            "根据《条例》要求，现就塔城地区行政公署及办公室2016年度政府信息公开工作情况报告如下。",
            "塔城地区行政公署",
            "新疆维吾尔自治区",
            "city",
            2016,
        ),
        # a page label after another on its line names the organ; the body's 我办 alone does not decide
        (
            "发布日期:2017-09-04 文章来源:江门市外事侨务局\n2016年政府信息公开年度报告\n2016年，我局认真落实《条例》。",
            "江门市外事侨务局",
            "广东省",
            "city",
            2016,
        ),
        # a development zone's report is its administrative committee's
        (
            "青岛经济技术开发区2022年政府信息公开工作年度报告\n一、总体情况",
            "青岛经济技术开发区管理委员会",
            "山东省",
            "county",
            2022,
        ),
        # an abbreviated bureau of a province
        (
            "河北省环保厅2015年政府信息公开年度工作报告\n一、概述",
            "河北省环境保护厅",
            "河北省",
            "province",
            2015,
        ),
        # the government office compiles the report of a government whose place opens the overview
        (
            "本年度报告由中江县人民政府办公室组织编制。统计时间为2022年1月1日起至2022年12月31日止。\n"
            "一、总体情况\n(一)主动公开方面。2022年，中江县认真贯彻《条例》。",
            "中江县人民政府",
            "四川省",
            "county",
            2022,
        ),
        # … while an office that opens its own overview is the office
        (
            "本年度报告由中江县人民政府办公室组织编制。统计时间为2022年1月1日起至2022年12月31日止。\n"
            "一、总体情况\n2022年，中江县人民政府办公室认真贯彻《条例》。",
            "中江县人民政府办公室",
            "四川省",
            "county",
            2022,
        ),
        # a township's party-and-government office compiles the township's report
        (
            "本报告由两城镇人民政府党政办公室编制。统计期限为2020年1月1日至2020年12月31日。"
            "如有疑问，请与两城镇人民政府党政办公室联系（地址：微山县两城镇府前路1号）。",
            "两城镇人民政府",
            "山东省",
            "township",
            2020,
        ),
        # the township speaks (我镇) and keeps its own guide up to date
        (
            "本年度报告结合我镇实际编制而成。统计期限自2020年1月1日起至2020年12月31日止。\n"
            "崇礼镇政府信息公开工作依托两种渠道开展。进一步修订完善主动公开的《眉山市东坡区崇礼镇人民政府信息公开指南》。",
            "眉山市东坡区崇礼镇人民政府",
            "四川省",
            "township",
            2020,
        ),
        # a title line without its year names the organ; the year is the opening's
        (
            "湘桥区教育局政府信息公开工作年度报告\n一、总体情况\n2023年，区教育局及时通过网站发布信息。",
            "湘桥区教育局",
            "广东省",
            "county",
            2023,
        ),
        # compiled from the organ's year of disclosure work; its address names it again
        (
            "依据2010年度龙潭区人力资源和社会保障局政府信息公开情况编制本报告。"
            "请与龙潭区人社局政府信息公开工作领导小组办公室联系。",
            "龙潭区人力资源和社会保障局",
            "吉林省",
            "county",
            2010,
        ),
        # '…等相关规定，编制X2024年…报告'
        (
            "根据《条例》等相关规定，编制达州市万源市自然资源局2024年政府信息公开工作年度报告。",
            "达州市万源市自然资源局",
            "四川省",
            "county",
            2024,
        ),
        # the opening subject under the heading 主动公开, completed from the district the text names
        (
            "本年度报告所列数据的统计时限自2023年1月1日起至2023年12月31日止。\n(一)主动公开\n"
            "2023年度区教育局通过门户网站发布信息。我局未受理依申请公开。规范婺城区人民政府网站教育板块，婺城教育融媒号。",
            "婺城区教育局",
            "浙江省",
            "county",
            2023,
        ),
        # an organ stating its year's count
        (
            "一、总体情况\n2021年以来，我局推动政府信息公开工作深入开展。\n"
            "抚顺市市场监督管理局2021年度全年共主动公开各类政府信息1433条。",
            "抚顺市市场监督管理局",
            "辽宁省",
            "city",
            2021,
        ),
        # the township speaks (我乡) and names itself as the one publishing
        (
            "编制2019年度我乡信息公开工作年度报告。\n一、总体情况\n2019年我乡高度重视政府信息公开工作。\n"
            "截至2019年12月31日，牛街乡人民政府通过信息平台公开信息累计主动公开政府信息3条。",
            "牛街乡人民政府",
            None,  # several townships have the name, and no county is named
            "township",
            2019,
        ),
        # its contact and its own catalogue of the year
        (
            "现编制并公布本单位2019年政府信息公开工作年度报告。如对本报告有任何疑问，请联系：龙游县大街乡信息公开"
            "领导小组办公室，邮编：324403。\n"
            "乡政府精心编制《2019年度大街乡人民政府信息公开目录》。",
            "龙游县大街乡人民政府",
            "浙江省",
            "township",
            2019,
        ),
        # the opening subject after whose leadership it works
        (
            "一、总体情况\n2022年，在区委区政府的正确领导下，广东从化经济开发区管理委员会认真贯彻执行《条例》。\n"
            "(二)依申请公开情况。2022年，我委收到政府信息公开申请0宗。",
            "广东从化经济开发区管理委员会",
            "广东省",
            "county",
            2022,
        ),
        # 现将 YEAR X …报告予以公布
        (
            "根据《条例》要求，现将2021年陇县财政局政府信息公开工作年度报告(以下简称“报告”)予以公布。",
            "陇县财政局",
            "陕西省",
            "county",
            2021,
        ),
        # the bureau's own plan of the year, named in a sentence it speaks
        (
            "一、总体情况\n2022年，我局全面贯彻《条例》，认真落实上级通知精神，"
            "制定实施《广州市应急管理局2022年政务公开工作实施方案》。",
            "广州市应急管理局",
            "广东省",
            "city",
            2022,
        ),
        # the organ introducing itself
        (
            "一、总体情况\n绍兴市卫生健康委是主管全市医疗卫生健康事业的市政府职能部门。2020年，我委配备了1名兼职工作人员。",
            "绍兴市卫生健康委员会",
            "浙江省",
            "city",
            2020,
        ),
        # X特编制YEAR…报告
        (
            "一、总体情况\n根据《条例》的要求，绍兴市越城区东湖街道特编制2023年政府信息公开年度报告。",
            "绍兴市越城区东湖街道办事处",
            "浙江省",
            "township",
            2023,
        ),
        # X特向社会公布YEAR…报告
        (
            "根据《条例》要求，佛冈县住房和城乡建设局特向社会公布2024年度本机关信息公开工作报告。",
            "佛冈县住房和城乡建设局",
            "广东省",
            "county",
            2024,
        ),
        # a county's disclosure group office compiles the report of a county that speaks as 我县
        (
            "本年报由双牌县政务公开领导小组办公室编制。本年报中所列数据的统计期限自2011年1月1日至2011年12月31日止。"
            "本年报的电子版可在双牌县人民政府门户网站下载。\n一、概述\n2011年，我县两次召开政府常务会议。双牌县高度重视。",
            "双牌县人民政府",
            "湖南省",
            "county",
            2011,
        ),
        # a joint report: its first author
        (
            "本报告是根据《中华人民共和国政府信息公开条例》要求，由北京市统计局、国家统计局北京调查总队"
            "(以下简称统计局队)编制的2012年度政府信息公开工作年度报告。",
            "北京市统计局",
            "北京市",
            "province",
            2012,
        ),
        # a municipality's '市政府办公厅' compiling the city's report (the city named by its stem twice)
        (
            "2012年度报告根据《条例》和《上海市政府信息公开规定》的要求，由市政府办公厅综合各区(县)人民政府和"
            "市政府各委、办、局的政府信息公开年度报告编制而成。2012年，上海深入推进创新驱动转型发展。",
            "上海市人民政府",
            "上海市",
            "province",
            2012,
        ),
        # the year of '…YEAR年主要工作情况如下'
        (
            "《条例》实施以来，我局认真贯彻《条例》精神，积极开展政府信息公开工作。2008年主要工作情况如下。"
            "国家统计局门户网站开设了政府信息公开专栏。国家统计局高度重视政府信息公开工作。",
            None,
            None,
            None,
            2008,
        ),
        # the year's work opening a sentence: '2014年X信息公开工作，在…'
        (
            "本年度报告由佛冈县公安局指挥中心办公室编制。\n一、概述\n2014年佛冈县公安局信息公开工作，在县委、"
            "县政府正确领导下，积极稳妥地推进全局政府信息公开工作。",
            "佛冈县公安局",
            "广东省",
            "county",
            2014,
        ),
        # the organ's disclosure work of the year as the opening subject, its place a district name
        # shared by three cities (郊区: 阳泉, 佳木斯, 铜陵), placed by the city the text names
        (
            "如对本报告有疑问，请与区林业局联系(地址:铜陵市长江路1号)。\n一、总体情况\n2021年度，郊区林业局"
            "政府信息公开工作严格落实《条例》要求。",
            "郊区林业局",
            "安徽省",
            "county",
            2021,
        ),
        # named once, on its website, by a text that speaks as 我局 throughout and names no other bureau
        (
            "本报告电子版可在广州市交通运输局网站(jtj.gz.gov.cn)查阅。如有疑问，请与我局办公室联系。\n"
            "一、总体情况\n2022年，我局坚持以公开为常态。我局主动公开政府信息1520条。",
            "广州市交通运输局",
            "广东省",
            "city",
            2022,
        ),
        # …but not a bureau it names beside another, nor one it names while speaking as 我县
        (
            "本报告电子版可在广州市交通运输局网站查阅。\n一、总体情况\n2022年，我局按照广州市财政局要求，"
            "我局主动公开政府信息1520条。",
            None,
            None,
            None,
            2022,
        ),
        (
            "本报告电子版可在广州市交通运输局网站查阅。\n一、总体情况\n2022年，我县坚持以公开为常态。我局认真落实。"
            "我县主动公开政府信息1520条。",
            None,
            None,
            None,
            2022,
        ),
        # a development zone speaks for its administrative committee; its general office compiles
        (
            "2025年，舒城经济开发区深入贯彻《条例》，推进信息公开。"
            "如对本报告有任何疑问，请与安徽舒城经济开发区综合办公室联系。",
            "舒城经济开发区管理委员会",
            "安徽省",
            "county",
            2025,
        ),
        # a zone's bare name, completed from the one fuller form the text gives (the longest host)
        (
            "2023年，高新区深入贯彻《条例》。印发《鞍山高新区关于开展“5·15政务公开日”活动的通知》。",
            "鞍山高新区管理委员会",
            "辽宁省",
            "county",
            2023,
        ),
        (
            "2023年，高新区深入贯彻《条例》。印发《马鞍山高新区关于开展活动的通知》。",
            "马鞍山高新区管理委员会",
            "安徽省",
            "county",
            2023,
        ),
        # the year before the name it publishes; a clause run into a name is none
        (
            "根据《条例》有关规定，特编制2017年理合务镇信息公开工作年度报告，并向社会公布。"
            "2017年，理合务镇政府高度重视政府信息公开工作。",
            "理合务镇人民政府",
            "山东省",
            "township",
            2017,
        ),
        # a vertically managed organ: its head office's name, then its own
        (
            "特向社会公布2020年度国家税务总局东莞市税务局政府信息公开工作报告。"
            "如对本报告有疑问，请与国家税务总局东莞市税务局政务公开办公室联系。",
            "国家税务总局东莞市税务局",
            "广东省",
            "city",
            2020,
        ),
        # named once, on its website ('官网') beside the city's platform, by a text speaking as 我局
        (
            "报告的电子版可在铜陵市政府信息公开平台(http://www.tl.gov.cn/openness)和铜陵市地震局官网"
            "(http://dzj.tl.gov.cn)下载。如对本年度报告有任何疑问，请与我局联系。"
            "2021年，我局主动公开信息239条。我局主要通过网站发布信息。",
            "铜陵市地震局",
            "安徽省",
            "city",
            2021,
        ),
        # a byline on its own line, then the body opening with the organ as its subject
        (
            "浑南区民族和宗教事务局\n2021年,浑南区民族和宗教事务局贯彻落实《条例》的有关规定。"
            "本年度报告中所列数据的统计期限为2021年1月1日至2021年12月31日。",
            "浑南区民族和宗教事务局",
            "辽宁省",
            "county",
            2021,
        ),
        # the year's disclosure work of a county's government, as the opening subject
        ("2013年度,贵定县政府信息公开工作以贯彻落实《条例》为主线。", "贵定县政府", "贵州省", "county", 2013),
        # a title naming the organ proper ('机关'): the organ
        (
            "城口县人民政府机关\n2020年政府信息公开工作年度报告\n本报告根据《条例》编制。",
            "城口县人民政府",
            "重庆市",
            "county",
            2020,
        ),
        # the opening subject 对照 its duties
        (
            "2017年,峄山镇对照政府最新公共服务清单和目录,紧紧围绕市委、市政府中心工作,认真贯彻实施《条例》。"
            "其中所列数据的统计时限自2017年1月1日至2017年12月31日。",
            "峄山镇人民政府",
            "山东省",
            "township",
            2017,
        ),
        # published as '制作…报告'; named only in a contact line with its address and no 联系, or in
        # the page label, by a text that speaks as 我局
        (
            "根据《条例》第五十条规定，制作江门市住房和城乡建设局2023年政府信息公开工作年度报告。",
            "江门市住房和城乡建设局",
            "广东省",
            "city",
            2023,
        ),
        (
            "编制我单位2021年政府信息公开工作年度报告。如有疑问请与来凤县政务服务和大数据管理局(地址:来凤县政务服务中心501室)。"
            "2021年，我局收到申请1件。2021年，我局严格执行保密审查机制。",
            "来凤县政务服务和大数据管理局",
            "湖北省",
            "county",
            2021,
        ),
        (
            "发布时间:2026-01-22 10:58 信息来源:洪江市教育局\n2025年，我局认真落实决策部署。"
            "2025年，我局未收到申请。本报告所列数据的统计期限为2025年1月1日至2025年12月31日。",
            "洪江市教育局",
            "湖南省",
            "county",
            2025,
        ),
        # a year's tail run into a name is none ('2025年年度五通桥区教育局加强…')
        (
            "2025年年度五通桥区教育局加强政务公开工作。本报告所列数据的统计期限为2025年1月1日至2025年12月31日。",
            None,
            None,
            None,
            2025,
        ),
        # the first words under 总体情况, with no year
        (
            "一、总体情况 开平市政务服务和数据管理局认真贯彻落实《条例》。"
            "本报告所列数据的统计期限为2025年1月1日至2025年12月31日。",
            "开平市政务服务和数据管理局",
            "广东省",
            "county",
            2025,
        ),
        # a generic short form completed from the one place whose organ of that name the text names
        # in full, in any form (its contact line); not from a stem inside a word (中华人民共和国: 共和县)
        (
            "本报告依据《中华人民共和国政府信息公开条例》编制。本报告中使用数据统计期限为2023年1月1日至12月31日。"
            "如对本报告有任何疑问，请与安义县人力资源和社会保障局办公室联系。\n一、总体情况\n"
            "2023年，县人社局在县委、县政府正确领导下，严格按照《中华人民共和国政府信息公开条例》要求推进。",
            "安义县人力资源和社会保障局",
            "江西省",
            "county",
            2023,
        ),
        (
            "本溪市卫生健康委\n一、总体情况\n通过本部门信息公开平台公开信息163条。以网站信息公开平台为主。\n"
            "2021年，市卫生健康委信息公开工作严格按照相关规定执行。",
            "本溪市卫生健康委员会",
            "辽宁省",
            "city",
            2021,
        ),
        # the opening subject followed by what it did, in more words
        (
            "一、总体情况\n2022年,山西省退役军人事务厅准确把握新时代政务公开工作新任务新要求。",
            "山西省退役军人事务厅",
            "山西省",
            "province",
            2022,
        ),
        # … not a clause opening with its means
        ("2024年，通过区政府门户网站主动公开政府信息9288条。", None, None, None, 2024),
        ("2012年度通过厅网站主动公开政府信息120条。", None, None, None, None),
        # the report compiled after a comma, its year before the organ; published '向社会公开'
        (
            "本年度报告是根据《条例》的要求，结合我局工作实际，编制2021年铁岭市应急管理局信息公开工作年度报告。",
            "铁岭市应急管理局",
            "辽宁省",
            "city",
            2021,
        ),
        (
            "根据有关通知要求，现向社会公开上思县南屏瑶族乡2021年政府信息公开工作年度报告。",
            "上思县南屏瑶族乡人民政府",
            "广西壮族自治区",
            "township",
            2021,
        ),
        # a department's contact line names the organ itself: enough alone (not 住房和城乡, a township)
        (
            "本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。"
            "如对本报告有任何疑问，请与亳州市谯城区住房和城乡建设局联系（地址：永安街3号）。",
            "亳州市谯城区住房和城乡建设局",
            "安徽省",
            "county",
            2025,
        ),
        (
            "本报告统计期限自2016年1月1日起至2016年12月31日止。如对本报告有任何疑问，请与安丘市水利局办公室联系。",
            "安丘市水利局",
            "山东省",
            "county",
            2016,
        ),
        # … a government's office or website centre is not; nor a bureau placed nowhere
        (
            "统计期限自2016年1月1日起至2016年12月31日止。如有疑问，请与泾县政务网络信息中心联系。",
            None,
            None,
            None,
            2016,
        ),
        (
            "统计期限自2016年1月1日起至2016年12月31日止。如有疑问，请与交通运输局办公室联系。",
            None,
            None,
            None,
            2016,
        ),
        # a bureau's branch named by its district's stem runs on past the bureau's name
        (
            "根据有关通知要求，特向社会公布2019年度莆田市公安局城厢分局政府信息公开工作年度报告。",
            "莆田市公安局城厢分局",
            "福建省",
            "county",
            2019,
        ),
        # the body's first sentence right after a page header's table row
        (
            "发布单位: | 市人力社保局 | 主题分类: | 其他 |\n2023年,杭州市人力资源和社会保障局根据《条例》编制本报告。",
            "杭州市人力资源和社会保障局",
            "浙江省",
            "city",
            2023,
        ),
        # more ways of saying which organ compiled or publishes the year's report
        (
            "根据《条例》，南阳市公安局编制了2012年政府信息公开年度报告。",
            "南阳市公安局",
            "河南省",
            "city",
            2012,
        ),
        (
            "根据有关规定，洲泉镇人民政府特向社会公布本级人民政府2008年洲泉镇政府信息公开年度报告。",
            "洲泉镇人民政府",
            "浙江省",
            "township",
            2008,
        ),
        (
            "现将2015年度福建省商务厅政府信息公开工作的有关情况向社会公众发布。",
            "福建省商务厅",
            "福建省",
            "province",
            2015,
        ),
        (
            "本报告结合杭州市滨江区人民政府2019年度政府信息公开工作编制而成。",
            "杭州市滨江区人民政府",
            "浙江省",
            "county",
            2019,
        ),
        # an organ alone on its line right above the body's first sentence (a byline) …
        (
            "重庆市北碚区水土街道办事处\n\n根据《中华人民共和国政府信息公开条例》要求，编制本报告。"
            "统计期限自2021年1月1日起至2021年12月31日止。",
            "重庆市北碚区水土街道办事处",
            "重庆市",
            "township",
            2021,
        ),
        (
            "河北省市场监督管理局\n发布时间:2022-01-26 浏览次数:\n本报告根据《中华人民共和国政府信息公开条例》编制。"
            "统计期限自2021年1月1日起至2021年12月31日止。",
            "河北省市场监督管理局",
            "河北省",
            "province",
            2021,
        ),
        # … not a site's banner above something else
        (
            "郑州市人民政府\n首页 > 政务公开 > 年报\n根据《中华人民共和国政府信息公开条例》编制本报告。"
            "统计期限自2021年1月1日起至2021年12月31日止。",
            None,
            None,
            None,
            2021,
        ),
        # … never guessed: no host named, or two
        ("2023年，高新区深入贯彻《条例》，扎实开展各项工作。", None, None, None, 2023),
        ("2023年，高新区深入贯彻《条例》。鞍山高新区、马鞍山高新区各自开展活动。", None, None, None, 2023),
        # a subject of disclosure, not an organ
        ("为做好国有土地使用权出让领域政府信息公开工作，我局精心组织。", None, None, None, None),
        # the opening sentence's place alone, in no jurisdiction's report: not enough
        ("2021年，江西省坚持以人民为中心，扎实推进政务公开。", None, None, None, 2021),
    ],
)
def test_body_names_its_organ(opening, agency, province, level, year):
    report = _parse(opening)
    assert (report.agency, report.region.province, report.level, report.year) == (
        agency,
        province,
        level,
        year,
    )
    if agency:
        evidence = report.identity_evidence["agency"]
        assert evidence["score"] >= 0.7
        assert evidence["text"] and evidence["text"] in opening


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("关于公布2023年政府信息公开工作年度报告的通知\n各县（区）人民政府：现将…", "通知"),
        ("某某县教育局2023年政务公开工作总结\n2023年，我局…", "工作总结"),
        ("某某县卫生健康局政府信息公开工作自查报告\n根据要求，我局开展自查。", "自查"),
        ("我区召开政务公开工作推进会\n3月5日，区政府召开会议，部署全年工作。", "新闻"),
    ],
)
def test_documents_that_are_not_reports(text, reason):
    (report,) = parse_bytes(text.encode("utf-8"), "doc.txt")
    assert report.doc_type == "other"
    assert reason in report.doc_reason


def test_an_untitled_page_that_describes_itself_as_the_report_is_one():
    """A page whose title was not captured: its opening says what the report is and covers."""
    text = (
        "本年报由概述、主动公开政府信息情况、依申请公开政府信息情况组成。本年报中所列数据的统计期限自2011年1月1日起至"
        "2011年12月31日止。\n一、概述\n2011年，我县认真落实《条例》。\n"
    )
    (report,) = parse_bytes(text.encode("utf-8"), "page.txt")
    assert report.doc_type == "annual_report" and report.year == 2011


@pytest.mark.parametrize(
    "text",
    [
        "依据《中华人民共和国政府信息公开条例》第五十条规定，编制本报告。\n一、总体情况\n2023年，我委认真落实。",
        "2024年，街道办事处严格依照区委、区政府政务公开工作要求，现将本年度工作情况报告如下：\n一、总体情况",
    ],
)
def test_an_untitled_page_opening_as_the_report_is_one(text):
    (report,) = parse_bytes(text.encode("utf-8"), "page.txt")
    assert report.doc_type == "annual_report"


def test_first_report_covering_the_backlog_is_the_year_it_ends():
    report = _parse(
        "本报告中所列数据的统计期限自2003年1月1日起至2008年12月31日止。特向社会公布莆田市城市管理执法局2008年度政府信息公开年度报告。"
    )
    assert report.year == 2008


def test_title_year_wins_over_a_disagreeing_period_with_a_warning():
    text = (
        "X县教育局2023年政府信息公开工作年度报告\n本报告统计期限自2022年1月1日起至2022年12月31日止。" + _TAIL
    )
    (report,) = parse_bytes(text.encode("utf-8"), "x.txt")
    assert report.year == 2023
    assert any("统计期限" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("opening", "scope"),
    [
        (
            "由莆田市人民政府信息公开办公室汇总各县（区）人民政府（管委会）和市直各单位的政府信息公开年度报告编制而成本报告。",
            "aggregate",
        ),
        (
            "本报告汇总南平市各县（市、区）、市政府各有关部门政府信息公开工作情况。南平市人民政府2012年度政府信息公开工作年度报告。",
            "aggregate",
        ),
        ("现公布莆田市审计局2019年政府信息公开工作年度报告。", "organ"),
        # a department summing up its own system is still one organ
        ("本报告汇总全市各级环保部门政府信息公开情况，由莆田市环境保护局编制。", "organ"),
    ],
)
def test_scope(opening, scope):
    report = _parse(opening)
    assert report.scope == scope
    assert (report.scope_evidence is not None) == (scope == "aggregate")


@pytest.mark.parametrize(
    ("title", "agency", "code"),
    [
        ("全椒县农业局2015年政府信息公开工作年度报告", "全椒县农业局", "341124"),  # 全 starts a county name
        ("全州县人民政府2021年政府信息公开工作年度报告", "全州县人民政府", "450324"),
        ("全市2015年政府信息公开工作年度报告", None, None),  # 全市: the whole city, no organ
    ],
)
def test_names_starting_with_quan(title, agency, code):
    (report,) = parse_bytes((title + "\n正文").encode("utf-8"), "t.txt")
    assert (report.agency, report.region.code) == (agency, code)


def test_compact_view_maps_every_kept_character_back():
    import random

    from etl.self_naming import compact_view

    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice("ab \n\t\u3000莆田") for _ in range(rng.randint(0, 40)))
        compact, index = compact_view(text)
        kept = [i for i, ch in enumerate(text) if not ch.isspace()]
        assert compact == "".join(text[i] for i in kept)
        assert [index[p] for p in range(len(kept))] == kept
