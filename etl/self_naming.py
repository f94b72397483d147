"""Where a report names its own organ and year outside its title: candidates with evidence and a score.

Pure functions over the normalised text. Each candidate says which phrase produced it
(`source`), where it sits (`start`/`end`) and how much that phrase is worth (`score`, 0–1); the
caller sums the scores of candidates naming the same organ or year and keeps the best one only
above a threshold, so one weak phrase never decides on its own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from etl.han import HAN
from etl.place_names import generic
from etl.region import DEVELOPMENT_ZONES, scan, split_region

# ○ (U+25CB WHITE CIRCLE) is often typed for 〇 in dates such as 二○一二年二月二十日.
_CN_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
YEAR_PATTERN = r"(?:19|20)\d{2}|[二][〇○零][〇○零一二三四五六七八九]{2}"


def year_of(token: str) -> int | None:
    """'2012' → 2012, '二○一二' → 2012, '20xx' → None."""
    if token.lower() == "20xx":
        return None
    return int(token.translate(_CN_YEAR_DIGITS))


class _Offsets:
    """Compact-view position → offset in the original text (`index[p]`), by bisecting the removed
    whitespace runs: no per-character list. Built on first use (most views map no span back)."""

    def __init__(self, text: str):
        self._text = text
        self.positions: list[int] | None = None  # compact position where a removed run ends
        self.shifts: list[int] = []  # characters removed up to there

    def _build(self) -> None:
        spans = [m.span() for m in _SPACE_RUN.finditer(self._text)]
        self.shifts = list(accumulate(b - a for a, b in spans))
        self.positions = [b - r for (_, b), r in zip(spans, self.shifts, strict=True)]

    def __getitem__(self, p: int) -> int:
        if self.positions is None:
            self._build()
        i = bisect.bisect_right(self.positions, p) - 1
        return p + (self.shifts[i] if i >= 0 else 0)


_SPACE_RUN = re.compile(r"\s+")


@lru_cache(maxsize=16)
def compact_view(text: str) -> tuple[str, _Offsets]:
    """The text with all whitespace removed, and each kept character's offset in `text`.
    Memoised: a report's head and whole text are asked for by several readers of its identity.

    Text exports break phrases over lines ('201\\n5\\n年度\\n莆田市\\n水利局'); the phrases below are
    matched on this view and their spans mapped back with `index`."""
    return _SPACE_RUN.sub("", text), _Offsets(text)


def _span(index: _Offsets, start: int, end: int) -> tuple[int, int]:
    return index[start], index[end - 1] + 1


# An organ name: CJK text ending in an organ word (the longest alternatives first).
_ORGAN_WORDS = (
    *("人民政府办公厅", "人民政府办公室", "人民政府", "行政公署", "管理委员会", "管委会", "街道办事处"),
    *("办事处", "委员会", "办公厅", "办公室", "政府", "局", "委", "厅", "办", "署", "部", "院", "中心"),
    *("所", "站", "队", "支队", "分局", "馆", "处", "镇", "乡", "街道", "苏木"),
    # a development zone speaks for its administrative committee ('2025年，舒城经济开发区深入贯彻…')
    *DEVELOPMENT_ZONES,
)
# Organ words that end a name only after some characters: not 住房和城乡(建设局)'s 乡
_ORGAN_WORD_UNLESS = {"乡": "(?<!城)乡"}
_ORGAN_WORD = "(?:" + "|".join(_ORGAN_WORD_UNLESS.get(w, w) for w in _ORGAN_WORDS) + ")"
# (the look-ahead on the organ words' first characters spares trying each word at every position)
_ORGAN_FIRST = "".join(sorted({w[0] for w in _ORGAN_WORDS}))
# or a zone's bare name ('2023年，高新区深入贯彻…'), which etl/agency_choice.py completes from the
# text's fuller form (鞍山高新区) or drops
_NAME = rf"(?P<name>[{HAN}]{{2,30}}?(?=[{_ORGAN_FIRST}]){_ORGAN_WORD}|高新区|开发区|经开区)"
_REGION = rf"(?P<name>[{HAN}]{{2,12}}?(?:自治区|自治州|地区|省|市|县|区|州|盟|旗))"
_YEAR = rf"(?P<year>{YEAR_PATTERN})\s*年(?:度)?"
_REPORT = r"[^。\n]{0,24}?(?:信息公开|政务公开)[^。\n]{0,16}?(?:报告|年报)"
# Where a sentence or a section's first sentence opens: '…。2017年，…', '一、概述2017年，…'
_OPENING = r"(?:^|(?<=[。:：)）|｜])|(?<=概述)|(?<=情况))"  # (|: the end of a page header's table row)
# … or a section's first sentence right after its heading: '（二）依申请公开2023年，我委收到…'
_SECTION_OPENING = rf"(?:{_OPENING}|(?<=概况)|(?<=主动公开)|(?<=依申请公开)|(?<=方面))"


# What an organ (or its disclosure work) opening a sentence as its subject goes on to do
_SUBJECT_VERBS = (
    "认真|全面|深入|学习|坚持|紧紧|继续|进一步|高度|始终|按照|围绕|以|严格|积极|不断|扎实|切实|持续|在|根据"
    "|结合|把|将|通过|贯彻|对照|加强|主要"
    # '2021年，市卫生健康委收到1件…申请', '2022年，山西省退役军人事务厅准确把握…'
    "|收到|未收到|未发生|共收到|共接到|共受理|共公开|主动公开|受理|依法|充分|准确|制定|修订|着力|聚焦|立足"
    "|紧扣|大力|牢牢"
)
# 2020年度，郊区水利局政府信息公开工作严格落实… / 2014年佛冈县公安局信息公开工作，在县委… (the organ's
# disclosure work of the year as the opening subject)
_OPENING_WORK = re.compile(
    rf"{_OPENING}{_YEAR}[，,]?{_NAME}的?(?:政府|政务)?信息公开工作(?:[，,]|(?={_SUBJECT_VERBS}))"
)
# 2020年，新乡市卫健委全面贯彻… (the opening sentence's subject; also tried at each line's start in the
# head: a line break between a byline and the body is lost in the compact view)
_OPENING_SUBJECT = re.compile(
    rf"{_SECTION_OPENING}(?:{_YEAR}(?:以来)?[，,]?|(?P<bare>{YEAR_PATTERN})[，,])"
    # '2022年，在区委区政府的正确领导下，X认真贯彻…'
    rf"(?:在[^。，,]{{2,24}}?(?:领导|指导|部署|支持)下[，,])?"
    # not a clause opening with its means ('2024年，通过区政府门户网站主动公开…')
    rf"(?!度|通过|经过|依托|利用|借助|对|向|由|按照|根据|围绕|全年|今年|本年){_NAME}(?={_SUBJECT_VERBS})"
)


@dataclass(frozen=True)
class Candidate:
    field: str  # agency | year
    value: str | int
    source: str  # the phrase kind that produced it
    start: int
    end: int
    score: float


# (source, score, pattern): each pattern has a `name` or `year` group (or both).
_PHRASES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    # 特向社会公布莆田市审计局2019年…报告 / 现公布广东省人民政府办公厅2023年…年度报告 / 发布《X2023年度…报告》
    # / 制作江门市住房和城乡建设局2023年…年度报告
    # / 特编制X2008年…年报 / 现公开X部(含Y局)2009年…报告
    (
        "publishes",
        0.9,
        re.compile(
            r"(?:向社会公布|现公布|现予公布|予以公布|现发布|现公开|现向社会公开|发布|编制了|编写了|制作|(?:特|现)编制(?:并(?:向社会)?公布)?"
            # '…等相关规定，编制达州市万源市自然资源局2024年…报告'
            r"|(?:(?<=[，,；;])|(?<=规定)|(?<=要求)|(?<=精神))编制)"
            rf"《?{_NAME}(?:[（(][^）)\n]{{1,20}}[)）])?\s*{_YEAR}{_REPORT}"
        ),
    ),
    # 特向社会公布2015年度莆田市水利局的信息公开年度工作报告 / 特编制2017年理合务镇信息公开工作年度报告
    # / 结合我局工作实际，编制2021年铁岭市应急管理局信息公开工作年度报告
    (
        "publishes",
        0.9,
        re.compile(
            r"(?:向社会公布|现公布|发布|(?:特|现)编制|(?:(?<=[，,；;])|(?<=规定)|(?<=要求)|(?<=实际))编制)"
            rf"《?\s*{_YEAR}\s*{_NAME}的?{_REPORT}"
        ),
    ),
    # 特向社会公布莆田市2008年度政府信息公开年度报告 (a region: its people's government)
    # / 玉林市人民政府办公室编制了《玉林市2016年政府信息公开工作年度报告》 / 编写沙洋县2017年度…报告
    (
        "publishes",
        0.9,
        re.compile(rf"(?:向社会公布|现公布|现予公布|发布|编[制写]了?)《?{_REGION}\s*{_YEAR}{_REPORT}"),
    ),
    # 由莆田市人民政府信息公开办公室汇总各县（区）…编制 (a jurisdiction's report, compiled by its office)
    (
        "compiled_by",
        0.8,
        re.compile(rf"由?{_REGION}人民政府[{HAN}]{{0,12}}?(?:办公室|办公厅|办)汇总"),
    ),
    # 本报告由贵州省人民政府办公厅编制 / 由莆田市海洋与渔业局编制的 / 本年报是由莆田市民宗局根据…编制
    # / 由广州市政府办公厅综合各区…报告基础上编写
    # / 由中江县人民政府办公室组织编制
    # / 由北京市统计局、国家统计局北京调查总队(以下简称统计局队)编制 (a joint report: its first author)
    (
        "compiled_by",
        0.9,
        re.compile(
            rf"由{_NAME}(?:[、和与][^。，,；;、]{{2,24}}?(?:[（(][^）)\n]{{1,16}}[)）])?)?"
            r"(?:负责|组织)?(?:汇总|综合|编制|编写|制作|根据|依据|结合|按照)"
        ),
    ),
    # 依据2010年度龙潭区人力资源和社会保障局政府信息公开情况编制本报告
    # / 结合2023年杭州市滨江区长河街道各科室的信息公开工作实际情况编制本报告
    (
        "compiled_by",
        0.9,
        re.compile(
            rf"(?:依据|根据|结合)\s*{_YEAR}\s*{_NAME}(?:各科室|各部门)?的?(?:政府|政务)?信息公开(?:工作)?"
            rf"(?:情况|实际(?:情况)?)[^。]{{0,6}}?编制"
        ),
    ),
    # 绍兴市越城区东湖街道特编制2023年政府信息公开年度报告
    # / 佛冈县住房和城乡建设局特向社会公布2024年度本机关信息公开工作报告
    # / 洲泉镇人民政府特向社会公布本级人民政府2008年洲泉镇政府信息公开年度报告
    (
        "publishes",
        0.9,
        re.compile(
            rf"{_NAME}(?:特|现)(?:编制|向社会公布|公布)(?:本级人民政府|本机关|本单位|本部门)?\s*{_YEAR}{_REPORT}"
        ),
    ),
    # …，南阳市公安局编制了2012年政府信息公开年度报告
    ("publishes", 0.9, re.compile(rf"(?:^|(?<=[，。；,;:：\n])){_NAME}(?:编制|编写)了\s*{_YEAR}{_REPORT}")),
    # 结合禹城市财政局2015年实际工作情况编制而成
    (
        "compiled_by",
        0.9,
        re.compile(
            rf"结合{_NAME}\s*(?:{_YEAR})?的?(?:实际|工作实际|实际工作)[^。]{{0,8}}?(?:编制|编写|形成)"
        ),
    ),
    # 在2016年度沙坡头区人民政府政府信息公开工作年度报告的基础上编制 (a draft of the same organ's)
    (
        "compiled_by",
        0.9,
        re.compile(
            rf"在\s*{_YEAR}\s*{_NAME}的?(?:政府|政务)?信息公开[^。]{{0,12}}?报告的?基础上(?:编制|编写|形成)"
        ),
    ),
    # 综合2017年度丽水市各县（市、区）政府和市级各部门的…报告编制 (a jurisdiction's report: its government)
    (
        "compiled_by",
        0.8,
        re.compile(
            rf"(?:汇总|综合)了?(?:{_YEAR})?{_REGION}(?=各县|各区|各市|各地|各乡镇|各级|各部门|市直|省直|县直|区直|所属)"
        ),
    ),
    # 以及2018年度青岛市政府各部门和各区、市政府的信息公开工作年度报告编制
    (
        "compiled_by",
        0.8,
        re.compile(rf"(?:{_YEAR})?{_REGION}(?:人民)?政府各(?:部门|单位)(?:和|及|、)各(?:区|县|市|乡镇)"),
    ),
    # 莆田市水利局编制完成本报告 / 新乡市卫健委编制了本报告 / X特编制本年度报告
    (
        "compiled_by",
        0.9,
        re.compile(
            rf"(?:^|(?<=[，。；,;:：\n]))\s*{_NAME}(?:特|现)?(?:编制|编写)(?:完成|形成)?了?(?:本|此|该)"
        ),
    ),
    # 现将莆田市旅游局2010年度政府信息公开工作情况报告如下 / 现就X行政公署(行署办公室)2012年度…汇总报告如下
    ("reports_on", 0.9, re.compile(rf"现[将就]{_NAME}(?:[（(][^）)\n]{{1,20}}[)）])?\s*{_YEAR}{_REPORT}")),
    # 现将2021年陇县财政局政府信息公开工作年度报告予以公布 / 现将2015年度福建省商务厅政府信息公开工作的
    # 有关情况向社会公众发布
    (
        "reports_on",
        0.9,
        re.compile(
            rf"现[将就]\s*{_YEAR}\s*{_NAME}的?(?:{_REPORT}"
            r"|(?:政府|政务)?信息公开工作的?(?:有关|主要)?情况(?:向社会(?:公众)?(?:发布|公布)|报告如下|汇报如下))"
        ),
    ),
    # 结合杭州市滨江区人民政府2019年度政府信息公开工作编制而成 / 总结厦门市思明区X街道办事处2020年政府信息
    # 公开工作情况
    (
        "compiled_by",
        0.9,
        re.compile(
            rf"(?:结合|总结)\s*{_NAME}\s*{_YEAR}的?(?:政府|政务)?信息公开工作(?:情况)?(?:[^。]{{0,6}}?编制|[。，,]|报告)"
        ),
    ),
    # 2020年，新乡市卫健委全面贯彻… / 2025,X局以《条例》为遵循 (the opening sentence's subject)
    ("opening_subject", 0.7, _OPENING_SUBJECT),
    # 一、总体情况 开平市政务服务和数据管理局认真贯彻… (the section's first words, with no year)
    (
        "opening_subject",
        0.7,
        re.compile(rf"(?:(?<=总体情况)|(?<=概述)){_NAME}(?={_SUBJECT_VERBS})"),
    ),
    # 2020年度，郊区水利局政府信息公开工作严格落实… (in the opening only: `_OPENING_ONLY`)
    ("opening_subject", 0.7, _OPENING_WORK),
    # 绍兴市卫生健康委是主管全市医疗卫生健康事业的市政府职能部门 (the organ introducing itself)
    (
        "describes_itself",
        0.7,
        re.compile(rf"{_OPENING}{_NAME}是[^。，,]{{0,30}}?(?:职能部门|工作部门|组成部门|直属机构|直属单位)"),
    ),
    # 2020年，河北省坚持… (a place as the opening subject: weak alone; a jurisdiction's report, where
    # the build counts it more, speaks so of its government)
    (
        "opening_region",
        0.4,
        re.compile(
            rf"{_OPENING}{_YEAR}(?:以来)?[，,]{_REGION}"
            r"(?=认真|全面|深入|坚持|紧紧|继续|进一步|高度|始终|按照|围绕|严格|积极|不断|扎实|切实|持续)"
        ),
    ),
    # 为认真做好京山市卫生健康局政府信息公开工作，我局…
    (
        "own_work",
        0.7,
        re.compile(
            rf"为(?:认真|切实|进一步)?做好(?P<name>[{HAN}]{{2,20}}?(?:局|委员会|委|厅|人民政府|办公室|中心))"
            r"的?(?:政府|政务)?信息公开工作"
        ),
    ),
    # 如对本报告有任何疑问，请与莆田市统计局办公室联系 / 本报告的电子版可在莆田市城市管理执法局网站上下载
    # (or with its address in brackets and no 联系: '如有疑问请与来凤县政务服务和大数据管理局(地址:…)')
    ("contact", 0.5, re.compile(rf"(?:请|可)与{_NAME}(?:[{HAN}]{{0,16}}?联系|(?=[(（]地址))")),
    # a page label inside the body's chrome: '|来源:莆田市统计局字号:大中小|'
    (
        "header:来源",
        0.4,
        re.compile(
            rf"(?:来源|发布机构|信息来源)[:：]{_NAME}(?=字号|[|｜]|发布|浏览|时间|日期|编辑|作者|点击)"
        ),
    ),
    ("contact", 0.5, re.compile(rf"请联系[:：]?{_NAME}(?:[{HAN}]{{0,12}}?)[,，;；(（]")),
    # 本报告的电子版可在莆田市城市管理执法局网站上下载 (not a people's government: the city portal
    # hosts every department's report) / 可在铜陵市政府信息公开平台(…)和铜陵市地震局官网(…)下载
    (
        "website",
        0.5,
        re.compile(
            rf"电子版可?(?:在|从)(?:[^。；;]{{0,60}}?[和及、])?(?P<name>[{HAN}]{{2,30}}?(?:局|委员会|委|厅|办|中心))"
            r"(?:(?:门户|官方)?(?:网站|网)|官网)"
        ),
    ),
    # 附表:2008年莆田市审计局政府信息公开有关情况统计表
    (
        "statistics_table",
        0.8,
        re.compile(rf"{_YEAR}{_NAME}政府信息(?:公开|主动公开)[^。]{{0,30}}?(?:统计表|情况表|情况统计)"),
    ),
    # 我局编制了《莆田市旅游局信息公开指南》 / 我局制定了《莆田市旅游局政府信息公开保密审查制度》
    (
        "own_document",
        0.7,
        re.compile(
            rf"我(?:局|委|办|厅|中心|镇|乡|街道)[^。《]{{0,8}}?(?:制定|编制|修订|修编|印发|出台|建立)了?《{_NAME}(?:政府)?信息公开"
        ),
    ),
    # 我局全面贯彻《条例》，…，制定实施《广州市应急管理局2022年政务公开工作实施方案》 (its own plan)
    (
        "own_document",
        0.7,
        re.compile(
            rf"我(?:局|委|办|厅|中心)[^。]{{0,150}}?(?:制定|印发|编制)(?:实施|印发)?了?《{_NAME}"
            rf"(?:(?:{YEAR_PATTERN})年度?)?(?:政务公开|政府信息公开)(?:工作)?(?:实施方案|工作要点|要点|方案)》"
        ),
    ),
    # 修订完善主动公开的《眉山市东坡区崇礼镇人民政府信息公开指南》 (no subject: weaker, an organ's own
    # guide or catalogue is the one it keeps up to date)
    (
        "own_document",
        0.5,
        re.compile(
            rf"(?:制定|编制|修订|修编|完善|更新)(?:完善|更新)?了?[^。《]{{0,6}}?《(?:(?:{YEAR_PATTERN})年度?)?{_NAME}(?:政府)?信息公开(?:指南|目录)》"
        ),
    ),
    # 抚顺市市场监督管理局2021年度全年共主动公开各类政府信息1433条 (an organ stating its year's count)
    (
        "discloses",
        0.7,
        re.compile(rf"(?:^|(?<=[，,。：:；]))\s*{_NAME}\s*{_YEAR}(?:全年)?(?:共|累计)?主动(?:公开|发布)"),
    ),
    # 截至2019年12月31日，牛街乡人民政府通过信息平台公开信息累计主动公开政府信息3条 (weaker: a
    # government's report may say what one of its departments published)
    (
        "discloses",
        0.5,
        re.compile(rf"(?:^|(?<=[，,。：:；]))\s*{_NAME}通过[^。，,]{{0,20}}?主动(?:公开|发布)"),
    ),
    # 本报告将在“莆田市审计局”门户网站予以公布
    (
        "website",
        0.5,
        re.compile(
            rf"(?:报告|年报)[^。]{{0,12}}?(?:在|从)[“\"]?(?P<name>[{HAN}]{{2,30}}?(?:局|委员会|委|厅|办|中心))[”\"]?"
            r"(?:门户)?(?:网站|网)"
        ),
    ),
)

# The year a body says it reports on: 编制的2009年度政府信息公开年度报告, 特向社会公布2012年度本部门…报告
_YEAR_PHRASES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    (
        "reported_year",
        0.8,
        re.compile(
            rf"(?:公布|编制|制作|发布|形成|报告|现将|现就|向社会公开)[^。\n《]{{0,30}}?(?:《[^。\n《》]{{0,20}}?)?\s*{_YEAR}(?:度)?[^。\n]{{0,20}}?"
            r"(?:信息公开|政务公开|政府信息)[^。\n]{0,16}?(?:报告|年报)"
        ),
    ),
    # 现将我局2008年主要工作情况报告如下 / 2008年主要工作情况如下 / 现将2025年度工作开展情况汇报如下
    (
        "reported_year",
        0.8,
        re.compile(
            rf"{_YEAR}的?(?:主要)?(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:开展)?情况(?:报告|汇报|总结)?如下"
        ),
    ),
    # 现将2015年度福建省商务厅政府信息公开工作的有关情况向社会公众发布 / 结合X2019年度政府信息公开工作编制而成
    (
        "reported_year",
        0.8,
        re.compile(
            rf"(?:现将|结合|总结)[^。\n《]{{0,30}}?{_YEAR}[^。\n《]{{0,30}}?信息公开工作(?:的?(?:有关|主要)?情况)?"
            r"(?:向社会|[^。\n]{0,6}?编制|报告如下)"
        ),
    ),
    # 2014年佛冈县公安局信息公开工作，在县委、县政府正确领导下… (the year's work, opening a sentence)
    (
        "reported_year",
        0.8,
        re.compile(rf"{_OPENING}{_YEAR}{_NAME}的?(?:政府|政务)?信息公开工作[，,]"),
    ),
    # 2017年,在市委、市政府的正确领导下… (a sentence opening with the year), '一、概况2015年是贯彻执行
    # 《条例》的第八年'
    (
        "opening_year",
        0.5,
        re.compile(
            rf"{_SECTION_OPENING}{_YEAR}(?:以来)?"
            r"(?:[，,]|是|(?=我|本|全|共))"
        ),
    ),
    # 截至2020年底，我局信息公开工作运行正常 (the state at the end of the reported year)
    ("year_end", 0.6, re.compile(rf"截[至止]到?{_YEAR}(?:底|末|12月31日|12月底)")),
)
_YEAR_MENTION = re.compile(rf"(?P<year>{YEAR_PATTERN})年(?!\d{{1,2}}月\d{{1,2}}日(?:印发|$))")

_HEADER_LABELS = re.compile(
    r"^(?P<label>发布机构|来源|信息来源|发文机关|发布单位|文章来源|网站)\s*[:：]\s*(?P<value>\S[^\n]{0,40})$"
)
_HEADER_LABEL_AFTER = re.compile(
    r"(?<=\s)(?P<label>发布机构|信息来源|发文机关|发布单位|文章来源|来源)\s*[:：]\s*(?P<value>[^\s|｜:：]{2,40})(?=\s|$)"
)
_HEADER_SCORES = {
    "发布机构": 0.4,
    "来源": 0.4,
    "信息来源": 0.4,
    "发文机关": 0.5,
    "发布单位": 0.4,
    "文章来源": 0.4,
    "网站": 0.2,
}
_SIGNATURE_NAME = re.compile(rf"^\s*{_NAME}\s*$")
_DATE_LINE = re.compile(rf"^\s*(?:{YEAR_PATTERN})\s*年\s*[\d一二三四五六七八九十]{{1,2}}\s*月")
_NOT_AN_ORGAN = re.compile(
    # (and a year's tail run into a name: '2025年年度五通桥区教育局')
    r"^(?:本|我|该|各|全(?=[国省市县区镇乡各])|其|有关|相关|上级|主管|关于|根据|为|按照|以|在|对|与|同|向|年度)"
)


# A jurisdiction's disclosure group office ('双牌县政务公开领导小组办公室'): a name, though it says 公开;
# etl/agency_choice.py reads it as its government's office.
DISCLOSURE_OFFICE = re.compile(r"(?:政务公开|政府信息公开|信息公开)(?:工作)?领导小组办公室$")


def _plausible(name: str) -> bool:
    """Not a phrase caught as a name ('本局', '根据…'): checked after any place's own name, which may
    start or contain such a character (同仁市, 向阳镇, 本溪满族自治县; `place_names.generic`)."""
    if generic(name, _NOT_AN_ORGAN):
        return False
    name = DISCLOSURE_OFFICE.sub("", name)
    # (nor a clause run into a name: '理合务镇政府高度重视政府' from '…高度重视政府信息公开工作')
    return not re.search(
        r"报告|公开|公布|发布|关于|根据|通知|重视|加强|做好|推进|贯彻|落实", name
    ) and not re.search(r"我|本", split_region(name)[1])


# Phrases read in a text's opening only (its first characters, compacted): later in a report the same
# words look back on one matter ('三是落实社会评议…。2022年，实验区管委会政府信息公开工作积极主动接受…').
_OPENING_ONLY = {_OPENING_WORK: 1200}
# Words without which a phrase cannot match, for the phrases that start with a name (tried at every
# character of the head): the pattern is not run on a head lacking them. Keyed by a fragment of the
# pattern found in no other phrase.
_NEEDS = {
    pattern: words
    for fragment, words in {
        "政府各(?:部门|单位)": ("政府各",),
        "(?:办公室|办公厅|办)汇总": ("汇总",),
        "通过[^。，,]{0,20}?主动(?:公开|发布)": ("通过",),
        "(?:特|现)?(?:编制|编写)(?:完成|形成)?了?(?:本|此|该)": ("编制", "编写"),
        "(?:特|现)(?:编制|向社会公布|公布)(?:本级人民政府": tuple(
            a + b for a in "特现" for b in ("编制", "向社会公布", "公布")
        ),
        "(?:编制|编写)了\\s*": ("编制了", "编写了"),
    }.items()
    for _source, _score, pattern in _PHRASES
    if fragment in pattern.pattern
}
if len(_NEEDS) != 6:
    raise RuntimeError("a fragment of _NEEDS no longer matches its phrase")

# A title line without its year: '湘桥区教育局政府信息公开工作年度报告' (the year comes from elsewhere)
_UNDATED_TITLE = re.compile(rf"{_NAME}(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)")


# A vertically managed organ's name runs on past its head office's: 国家税务总局东莞市税务局,
# 国家统计局泉州调查队 (a lazy name stops at the first organ word: '国家税务总局')
_BRANCH = re.compile(rf"[{HAN}]{{2,4}}?(?:分局|支队|大队)")
_RUNS_ON = re.compile(rf"[{HAN}]{{2,16}}?(?=[{_ORGAN_FIRST}]){_ORGAN_WORD}")


def _name_end(head: str, start: int, end: int) -> int:
    """Where a name caught from head[start:end] ends: past a division's organ written right after it."""
    more = _RUNS_ON.match(head, end)
    place = split_region(more.group())[0] if more else ""
    if place and more.group().startswith(place) and _plausible(head[start : more.end()]):
        return more.end()
    # a bureau's branch named by its district's stem: '莆田市公安局' + '城厢分局'
    branch = _BRANCH.match(head, end) if head[end - 1 : end] == "局" else None
    if branch and _plausible(head[start : branch.end()]):
        return branch.end()
    return end


def agency_candidates(text: str, head_chars: int = 4000) -> list[Candidate]:
    """Organs the text names as its author: in its opening (publishing, compiling, opening subject),
    its page header, its contact line and its signature block."""
    out: list[Candidate] = []
    head, index = compact_view(text[:head_chars])
    for source, score, pattern in _PHRASES:
        needs = _NEEDS.get(pattern)
        if needs and not any(word in head for word in needs):
            continue  # (a name-first pattern tries a name at every position: costly on a long head)
        for m in pattern.finditer(head, 0, _OPENING_ONLY.get(pattern, len(head))):
            start, end = m.span("name")
            end = _name_end(head, start, end)
            if _plausible(head[start:end]):
                out.append(Candidate("agency", head[start:end], source, *_span(index, start, end), score))
    offset = 0
    byline: Candidate | None = None  # an organ alone on its line, until the next line of text
    for line in text[:1500].split("\n")[:12]:
        if byline and line.strip() and not _PAGE_LABEL_LINE.match(line.strip()):
            if _BODY_OPENS.match(line.strip()):
                out.append(byline)
            byline = None
        alone = _ORGAN_ALONE.fullmatch(line.strip())
        if alone and _plausible(alone["name"]):
            start = offset + line.find(alone["name"])
            byline = Candidate("agency", alone["name"], "byline", start, start + len(alone["name"]), 0.7)
        undated = _UNDATED_TITLE.fullmatch(line.strip())
        if undated and _plausible(undated["name"]):
            start = offset + line.find(undated["name"])
            out.append(
                Candidate(
                    "agency", undated["name"], "undated_title", start, start + len(undated["name"]), 0.8
                )
            )
        m = _HEADER_LABELS.match(line.strip())
        if m:
            value = m.group("value").strip()
            out += _header_candidate(m.group("label"), value, offset + line.find(value))
        else:  # a label after others on its line ('发布日期:2017-09-04 文章来源:武汉市外事办')
            for m in _HEADER_LABEL_AFTER.finditer(line):
                out += _header_candidate(m.group("label"), m.group("value"), offset + m.start("value"))
        if line.lstrip()[:1].isdigit():
            compact, line_index = compact_view(line)
            subject = _OPENING_SUBJECT.match(compact)
            if subject and _plausible(subject["name"]):
                a, b = _span(line_index, *subject.span("name"))
                out.append(
                    Candidate("agency", subject["name"], "opening_subject", offset + a, offset + b, 0.7)
                )
        offset += len(line) + 1
    out += _header_columns(text[:1500])
    out += _signature(text)
    # one phrase caught by two patterns ('信息来源:X' as a header line and in the page's chrome)
    # counts once, at its best score
    best: dict[tuple[int, int], Candidate] = {}
    for c in out:
        if (c.start, c.end) not in best or best[(c.start, c.end)].score < c.score:
            best[(c.start, c.end)] = c
    return [c for c in out if best[(c.start, c.end)] is c]


# An organ alone on its line right above the body's first sentence, page labels aside (a byline:
# '重庆市开州区财政局' / '本报告根据《中华人民共和国政府信息公开条例》…'); not a site's banner above
# anything else.
_ORGAN_ALONE = re.compile(_NAME)
_BODY_OPENS = re.compile(r"(?:本(?:年度)?报告(?:是)?)?(?:根据|依据|按照)\s*《")
_PAGE_LABEL_LINE = re.compile(r"(?:发布|来源|日期|时间|浏览|字体|字号|信息来源|作者|编辑)")


def _header_candidate(label: str, value: str, start: int) -> list[Candidate]:
    """A page label's value (at `start`) as a candidate, when it is an organ's name."""
    if re.fullmatch(rf"[{HAN}]{{2,30}}?{_ORGAN_WORD}", value) and _plausible(value):
        return [
            Candidate("agency", value, "header:" + label, start, start + len(value), _HEADER_SCORES[label])
        ]
    return []


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"[|｜]", line.strip().strip("|｜"))]


def _header_columns(head: str) -> list[Candidate]:
    """A page header laid out as a table, labels in one row and values in the next:
    '索引号 | 公开方式 | 发布机构 |' over '…/2010-00023 | 主动公开 | X镇人民政府 |'."""
    out: list[Candidate] = []
    lines = head.split("\n")[:12]
    offsets = list(accumulate([0] + [len(line) + 1 for line in lines]))
    for i, (line, following) in enumerate(zip(lines, lines[1:], strict=False)):
        if not re.search(r"[|｜]", line) or not re.search(r"[|｜]", following):
            continue
        labels, values = _cells(line), _cells(following)
        if len(labels) != len(values):
            continue
        for label, value in zip(labels, values, strict=True):
            if label in _HEADER_SCORES:
                out += _header_candidate(label, value, offsets[i + 1] + following.find(value))
    return out


_CN_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_SIGNED = re.compile(
    rf"{_NAME}(?:办公室)?(?P<date>(?:{YEAR_PATTERN}|二[〇○OΟ0零]{{3}})年{_CN_DAY}月{_CN_DAY}日)"
    r"(?![起至到—-])"  # not a period's start ('内容涵盖镇政府2008年1月1日至12月31日期间的…')
)
# A date written before the signing organ ('二〇一〇年三月十日\n崇武镇党政办公室\n2010年3月10日')
_DATE_BEFORE = re.compile(rf"^.*?年{_CN_DAY}月{_CN_DAY}日")


def _signature(text: str) -> list[Candidate]:
    """The 落款 near the end: an organ name followed by the signing date (lines may be broken, and
    attachments may follow)."""
    tail_start = max(0, len(text) - 1500)
    tail, index = compact_view(text[tail_start:])
    signed = list(_SIGNED.finditer(tail))
    if not signed:
        return []
    m = signed[-1]
    name = m.group("name")
    dated = _DATE_BEFORE.match(name)
    if dated:
        name = name[dated.end() :]
    places = scan(name)
    if places:  # the name starts at its region: '…其他需要报告的事项无莆田市人民政府办公室'
        name = name[places[0].start :]
    if len(name) < 4 or not _plausible(name):
        return []
    end = m.end("name")
    start, stop = _span(index, end - len(name), end)
    return [Candidate("agency", name, "signature", tail_start + start, tail_start + stop, 0.7)]


_CITED_NOTICE = re.compile(r"《[^》]{0,60}$")


def _cited(before: str) -> bool:
    """Whether a year follows an open 《 of a cited document (not of the report itself, which the
    text says it compiled or publishes: '编制了《钦州市2016年…报告》')."""
    m = _CITED_NOTICE.search(before)
    return bool(m) and not re.search(r"(?:编制|编写|公布|发布|形成)了?$", before[: m.start()])


def year_candidates(text: str, head_chars: int = 3000) -> list[Candidate]:
    """Years the opening says it reports on (outside the title and the statistics period); a year
    inside a cited document's title (《…关于做好2013年度…报告…的通知》) does not count."""
    out: list[Candidate] = []
    head, index = compact_view(text[:head_chars])
    for source, score, pattern in _YEAR_PHRASES:
        for m in pattern.finditer(head):
            if _cited(head[max(0, m.start("year") - 60) : m.start("year")]):
                continue
            year = year_of(m.group("year"))
            if year:
                if source == "opening_year" and m.start() < 400 and not any(c.source == source for c in out):
                    score = 0.8  # the body's first sentence opens with the year it reports on
                out.append(Candidate("year", year, source, *_span(index, *m.span("year")), score))
    return out + _most_mentioned_year(text)


def _most_mentioned_year(text: str) -> list[Candidate]:
    """The year the text keeps naming (≥ 3 times, half again as often as any other), outside cited
    documents' titles: weak evidence that needs another phrase to agree."""
    compact, index = compact_view(text)
    counts: dict[int, list[re.Match[str]]] = {}
    for m in _YEAR_MENTION.finditer(compact):
        if _CITED_NOTICE.search(compact[max(0, m.start() - 60) : m.start()]):
            continue
        year = year_of(m.group("year"))
        if year:
            counts.setdefault(year, []).append(m)
    ranked = sorted(counts.items(), key=lambda kv: len(kv[1]), reverse=True)
    if (
        not ranked
        or len(ranked[0][1]) < 3
        or (len(ranked) > 1 and len(ranked[1][1]) * 1.5 > len(ranked[0][1]))
    ):
        return []
    year, hits = ranked[0]
    runner_up = len(ranked[1][1]) if len(ranked) > 1 else 0
    score = 0.8 if len(hits) >= 5 and len(hits) >= 3 * runner_up else 0.4
    return [Candidate("year", year, "year_mentions", *_span(index, *hits[0].span("year")), score)]


# A whole jurisdiction's report: 由莆田市人民政府信息公开办公室汇总各县（区）人民政府…和市直各单位的…报告编制而成,
# 汇总南平市各县（市、区）、市政府各有关部门…, 是2018年贵州省各级行政机关…的情况
_AGGREGATE = re.compile(
    rf"(?:汇总|综合)(?:了)?(?:(?:{YEAR_PATTERN})年度?)?(?:全市|全省|全区|全县|全州|全盟|全旗|本市|本省|本县|本区|辖区|[{HAN}]{{2,8}}?(?:省|市|县|区|州))?"
    r"(?:[省市县区州](?:人民)?政府)?"  # 综合区政府各镇办、各部门
    r"(?:各县|各区|各市|各地|各乡镇|各镇|各街道|各级|各部门|各单位|市直|省直|县直|区直|各有关部门|政府信息公开)"
    rf"|(?:全市|全省|全区|全县|全州|[{HAN}]{{2,8}}?(?:省|市|县|区|州))各级(?:行政机关|人民政府|政府)[^。]{{0,40}}?(?:的情况|工作情况)"
    # 在2020年各市（含定州、辛集市）、雄安新区、省政府各部门政府信息公开工作年度报告基础上编制
    r"|在[^。]{0,12}?各(?:市|县|区|乡镇|地)[^。]{0,60}?(?:各部门|各单位)[^。]{0,30}?报告的?基础上"
    # 青岛市政府各部门和各区、市政府的信息公开工作年度报告
    r"|(?:省|市|县|区|州)(?:人民)?政府各(?:部门|单位)(?:和|及|、)各(?:区|县|市|乡镇)"
)


# Counts stated for every organ of the jurisdiction: 全市各级政府及其工作部门共受理…, 全市各级各单位共召开…
_JURISDICTION_COUNT = re.compile(
    r"全(?:市|省|区|县|州|盟)各级(?:政府|行政机关|人民政府|各部门|各单位)[^。]{0,24}?(?:共|累计)"
)


def aggregate_evidence(text: str, head_chars: int = 3000) -> tuple[int, int] | None:
    """The span of the sentence saying the report sums up a whole jurisdiction's organs, if any:
    an explicit 汇总 statement in the opening, or counts stated twice for all its organs."""
    head, index = compact_view(text[:head_chars])
    m = _AGGREGATE.search(head)
    if not m:
        whole, whole_index = compact_view(text)
        counts = list(_JURISDICTION_COUNT.finditer(whole))
        if len(counts) < 2:
            return None
        head, index, m = whole, whole_index, counts[0]
    start = max(head.rfind("。", 0, m.start()), head.rfind("\n", 0, m.start())) + 1
    end = head.find("。", m.end())
    return _span(index, start, end + 1 if end >= 0 else m.end())


# Documents that are about reports or about the year's work but are not the annual report itself.
_NOT_A_REPORT = (
    (
        "notice",
        re.compile(r"关于[^\n]{0,60}?(?:报告|年报)[^\n]{0,10}?的(?:通知|公告|通告|函)|(?:通知|公告)$"),
    ),
    ("self_inspection", re.compile(r"自查(?:报告|情况|工作)")),
    ("work_summary", re.compile(r"工作总结$|工作总结(?!和)|总结(?:报告)?$")),
    ("work_plan", re.compile(r"工作要点|工作计划|实施方案")),
)
NOT_A_REPORT_LABELS = {
    "notice": "关于年度报告的通知或公告，不是报告本身",
    "self_inspection": "自查报告，不是政府信息公开工作年度报告",
    "work_summary": "工作总结，不是政府信息公开工作年度报告",
    "work_plan": "工作要点或计划，不是年度报告",
    "news": "新闻或工作动态：无年度报告标题，也无标准章节",
}


def not_a_report(heading: str) -> str | None:
    """The kind of non-report a document's heading announces (notice, self-inspection, …), or None."""
    heading = re.sub(r"\s+", "", heading)
    for kind, pattern in _NOT_A_REPORT:
        if pattern.search(heading):
            return kind
    return None
