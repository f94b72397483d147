"""Numbers stated in prose → summary keys `s.*` (spec/metrics.md §3), with evidence spans.

Precision first: a number is taken only when its sentence names the subject unambiguously, is not
approximate (约, 余, 多 …) and its clause (the part of the sentence between commas) is about the
report's year: not cumulative (累计, 历年, N年以来 for an earlier N …; but "2020年，累计公开…" is the
year's total), not "as of" a date (截至, 至今 …) and not about another year. Such a context carries on to the following clauses of the sentence until
a clause names the year itself (2011年, 本年度, 新增 …), so "累计公开1023件，2011年公开300条" gives 300.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from etl.han import HAN
from etl.numerals import APPROX_AFTER, APPROX_BEFORE, CN_DIGITS, NUMBER, is_approximate, parse_number

UNIT_WORDS = "件|项|个|份|宗|起|次|条|人次|例"
UNIT = rf"(?:{UNIT_WORDS})"
APPROX = r"(?:约|近|超过|逾|大约|将近)?"
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE = re.compile(r"[^，,：:]+")
_YEAR_IN = re.compile(r"((?:19|20)\d{2})\s*年")
# Clause context. `_THIS_YEAR` / `_SINCE` hold a year to compare with the report's.
_CUMULATIVE = re.compile(r"累计|历年|总计已|共计已?达到|以来")
_ANNUAL_CUMULATIVE = re.compile(r"(?:本|当|全)年度?累计")  # 本年度累计 = this year's total
_SINCE = re.compile(r"((?:19|20)\d{2})\s*年\s*以来|(?:今|本)年以来")
_AS_OF = re.compile(r"截至|截止|至今|迄今|(?<![日月])[至到]\s*(?:19|20)\d{2}\s*年\s*(?:底|末|\d{1,2}\s*月)")
# 截至2009年12月31日 (or 截至12月31日止) in the 2009 report, with no 累计: the year's figure, as of its last
# day (莆田 城管执法局 2009: '截至2009年12月31日，我局共主动公开政府信息77条', its appendix's 77)
_YEAR_END_AS_OF = re.compile(
    r"(?:截至|截止)(?:至|到)?\s*(?:((?:19|20)\d{2})\s*年?\s*)?12\s*月?\s*31\s*日\s*止?"
    r"|(?:截至|截止)(?:至|到)?(?:本年|今年)?年底"  # '截至年底' (no year: the report's own)
)
_THIS_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*(?:底|末|以来))|本年|全年|当年|今年|年内|新增")
_OUTCOME = (
    # 同意公开答复12件, 同意公开答复数12件, “同意公开”的为88件, 同意公开的有0件
    r"(?:答复)?数?[”\"」]?(?:的为|的有|为|的)?\s*"
)
# (key, pattern). The number must be the named group `n`; `zero` patterns state zero.
_UNABLE_PART = "s.unable.part"  # (internal: one reason of 无法提供; `_unable_parts_summed`)
# '信息不存在', '非本机关掌握的信息', '不属于本机关职责范围', '申请内容不明确' (and '信息不存在、不明确4件')
_UNABLE_REASONS = (
    rf"(?:(?:申请的?)?(?:政府)?信息(?:经[{HAN}]{{0,4}}?)?不存在|非本(?:机关|单位|部门|局)(?:掌握|所有|职责范围|职责)(?:的?(?:政府)?信息)?"
    r"|不属于本(?:机关|单位|部门|局)(?:掌握|公开|职责)?(?:范围)?|(?:申请)?(?:内容)?不明确)"
)
# '依申请公开受理和办结6件', '共受理答复依申请公开政府信息信件0件', '收到并处理…申请信件3件',
# '收到并按时办结16件政府信息公开申请': as many received as concluded
_RECEIVED_AND = r"(?:收到|受理)(?:并|和)(?:妥善|按时|及时|依法)?"
_RECEIVED_AND_CONCLUDED = (
    rf"(?:依申请公开(?:共)?受理(?:和|并)办结"
    rf"|受理(?:和|并|、)?答复(?:依申请公开|政府信息公开)[{HAN}]{{0,8}}?"
    # '我局收到并处理信息公开申请信件3件', '共收到并妥善处理依申请公开信息13件'
    rf"|{_RECEIVED_AND}(?:处理|办理|答复)了?(?:政府)?(?:信息公开|依申请公开)(?:申请|信息)(?:信件|书)?)"
    rf"\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|宗)"
)
# (the count before the requests: '全年共收到并按时办结16件政府信息公开申请')
_RECEIVED_AND_CONCLUDED_COUNT_FIRST = (
    rf"{_RECEIVED_AND}(?:办结|处理|答复)了?\s*{APPROX}(?P<n>{NUMBER})\s*件(?:政府信息公开|依申请公开)申请"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(p))
    for key, p in (
        (
            "s.requests_received",
            rf"(?:收到|受理|接到|接收|办理)[^，,。；]{{0,16}}?(?:政府信息公开|信息公开|依申请公开|公开政府信息)[^，,。；]{{0,8}}?(?:申请|请求)"
            rf"(?:事项|案件)?(?:共|合计|总计|数)?(?:为)?\s*{APPROX}(?P<n>{NUMBER})\s*{UNIT}",
        ),
        (
            "s.requests_received",
            # (and "收到自然人申请2件": who applied)
            # (and "收到群众提出的公开申请2件")
            rf"(?:共|共计|合计)?(?:收到|受理|接到|接收到)(?:各类)?(?:自然人|公民|法人|群众)?(?:提出的?)?"
            rf"(?:政府信息公开|信息公开|依申请公开|公开)?申请书?\s*{APPROX}(?P<n>{NUMBER})\s*{UNIT}",
        ),
        (
            "s.requests_received",
            # (and "…等形式的依申请公开件共12件")
            rf"(?<!答复)(?<!办结)(?<!办理)(?:政府信息公开|依申请公开(?:政府信息)?)(?:申请|件)(?:数量?|总数)?(?:为|共|达)?\s*{APPROX}(?P<n>{NUMBER})\s*{UNIT}",
        ),
        # "收到政府信息依申请公开办理事项1件"
        (
            "s.requests_received",
            rf"(?:收到|受理)(?:政府信息)?依申请公开(?:办理)?事项\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        # "收到12起政府信息依申请公开", "接到12项依申请公开政府信息申请"
        (
            "s.requests_received",
            rf"(?:收到|受理|接到)\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|起|个|份|条|项)(?:书面|网上|网络|当面|口头)?"
            rf"(?:(?:(?:政府)?信息)?(?:依申请公开|公开申请|信息公开申请)|(?:提出|要求)?公开政府信息的申请)",
        ),
        # "申请2件，按时办结2件", "收到依申请公开件2件，上年度结转办理件0件，共办理完成2件"
        (
            "s.requests_processed",
            rf"申请[^。；]{{0,40}}?(?:按时|按期|依法|全部)?(?:办结|(?<!继续)(?<!结转)办理(?:完成)?)(?:了)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|项)",
        ),
        # "本年度新收申请数112件" (the 2019 format's row, written out)
        (
            "s.requests_received",
            rf"(?:本年度?)?新收(?:政府信息公开)?申请(?:数量?|件数)?(?:为|共)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|条|宗)",
        ),
        # '处理…依申请公开92件，其中，本年度新接收91件，2020年结转办理1件'
        ("s.requests_received", rf"本年度?新(?:接收|收到)(?:申请)?\s*{APPROX}(?P<n>{NUMBER})\s*件"),
        ("s.requests_received", _RECEIVED_AND_CONCLUDED),
        ("s.requests_processed", _RECEIVED_AND_CONCLUDED),
        # "受理依申请公开信息10宗，已答复9宗", "受理…申请13件，答复13件": the answered count right after the
        # received one (not "在218件政府信息公开申请中，已答复175件，其中…": there the granted ones)
        (
            "s.requests_processed",
            rf"(?:申请|依申请公开)[^。；，,]{{0,20}}?(?:{NUMBER})\s*(?:件|宗|项)[)）]?\s*[，,]\s*"
            # (past a clause on whom they concerned: '…申请10件，涉及政府办、民政局等4个部门，已答复10件')
            rf"(?:涉及[^。；，,]{{0,40}}[，,]\s*)?已?(?:依法)?(?:答复|办结)\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|宗|项)",
        ),
        # "制发规范性文件4件"
        (
            "s.normative_docs_made",
            rf"(?:制发|制定|出台|印发|新发布的?)了?(?:各类)?(?:行政)?规范性文件\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|个|份|项)",
        ),
        # "本年出台行政规范性文件：制发件数2件"
        (
            "s.normative_docs_made",
            rf"规范性文件[：:]\s*制发(?:件数|数量|数)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|个|份)",
        ),
        # "共收到申请政府信息公开26件(次)", "受理依申请公开政府信息0件", "受理依申请公开1件",
        # "共收到公民申请政府信息公开1件", "共收到依申请案件1件", "受理依申请公开来件29件",
        # "收到依申请公开政府信息案件7件", "收到政府信息依申请公开65件", "收到依申请公开件176件"
        (
            "s.requests_received",
            rf"(?:收到|受理|接到|接收)(?:并办理|和处理|和办理|并处理|处理)?(?:各类)?(?:自然人|公民|法人|群众)?(?:政府)?(?:信息)?"
            rf"(?:申请政府信息公开|依申请(?:政府)?(?:信息)?公开|依申请(?=案件))(?:的?(?:政府|政务)?信息)?"
            rf"(?:申请|请求|案件|办件|来件|件|事项)?(?:共|合计)?\s*{APPROX}(?P<n>{NUMBER})\s*{UNIT}",
        ),
        # "共收到和处理依申请公开0件"
        (
            "s.requests_processed",
            rf"(?:收到|受理)(?:和|并)(?:处理|办理)(?:各类)?(?:政府信息公开|依申请公开)(?:申请)?(?:共|合计)?\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        # "依申请公开共受理2件"
        (
            "s.requests_received",
            rf"(?:依申请公开|政府信息公开申请)(?:共|合计)?(?:受理|收到|接到)\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        # "累计主动公开政府信息21条，依申请公开0件" (not 受理/收到/办理/办结/答复…依申请公开: above and below;
        # not documents counted by their disclosure attribute: `_BY_ATTRIBUTE`)
        (
            "s.requests_received",
            rf"(?<![理到收结复])(?<!理政府信息)(?<!结政府信息)(?<!复政府信息)依申请公开\s*(?P<n>{NUMBER})\s*件",
        ),
        # "依申请公开政府信息共4件，其中，予以公开2件" (the requests, their outcomes listed after)
        (
            "s.requests_received",
            rf"依申请公开的?(?:政府)?信息(?:共|共计|合计)\s*{APPROX}(?P<n>{NUMBER})\s*件(?=[，,]\s*其中)",
        ),
        # "全年依申请公开数0件"
        (
            "s.requests_received",
            rf"依申请公开(?:申请)?(?:数量?|总数|件数)(?:为|共)?\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        # "收到公民…以信函、传真和网页申请等形式的依申请公开3件"
        (
            "s.requests_received",
            rf"(?:收到|受理|接到)[^，,。；]{{0,40}}?的依申请公开\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        ("s.requests_received", _RECEIVED_AND_CONCLUDED_COUNT_FIRST),
        ("s.requests_processed", _RECEIVED_AND_CONCLUDED_COUNT_FIRST),
        # "8件政府信息公开申请均按时办结"
        (
            "s.requests_processed",
            rf"(?P<n>{NUMBER})\s*件(?:政府信息公开|依申请公开|信息公开)申请(?:均|全部|已)*(?:按时|按期|依法)?(?:办结|答复)",
        ),
        # "累计办理公民、法人或其他组织通过门户网站、邮寄等途径依申请公开信息合计12件"
        (
            "s.requests_processed",
            rf"办理[^，,。；]{{0,40}}?依申请公开(?:信息|申请|件)(?:合计|共计|共)\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        # "共办理公民、法人和其他组织提出的政府信息公开申请71件"
        (
            "s.requests_processed",
            rf"(?:共|依法)?办理[^，,。；]{{0,30}}?提出的(?:政府信息公开|依申请公开)申请\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        # "年度办结1799件" (the 2019 format's row: '新收…申请1852件、上年度结转101件；年度办结1799件')
        ("s.requests_processed", rf"(?<![上下])(?:本|全)?年度办结\s*{APPROX}(?P<n>{NUMBER})\s*件"),
        # "规范办理答复完成24件" (right after the received count's sentence part)
        (
            "s.requests_processed",
            rf"(?:办理)?答复(?:完成|完毕|办结)\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        # "对申请的答复总数0条"
        ("s.requests_processed", rf"申请的答复(?:总数|数)(?:为)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|条)"),
        # "全年答复申请4件" (not a review application: `_what_it_counts`)
        (
            "s.requests_processed",
            rf"(?:答复|办结)(?:各类)?申请\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        # "答复政府信息公开申请1件", "办结依申请公开件177件", "办理依申请公开件2件",
        # "办理依申请公开政府信息18件", "办理依申请政府信息公开5件", "办理依申请公开事项2件",
        # "共办理政府信息依申请公开70件"
        (
            "s.requests_processed",
            rf"(?:答复|办结|办理)(?:政府信息公开|信息公开|(?:政府信息)?依申请(?:政府)?(?:信息)?公开)(?:申请|件|政府信息|事项)?(?:共|合计)?\s*{APPROX}(?P<n>{NUMBER})\s*件",
        ),
        (
            "s.proactive_items",
            # not a category of a breakdown ("其他应主动公开信息2条") nor copies sent to archives
            # ("向档案馆送交主动公开政府信息10854件")
            # "主动公开、更新各类信息222条", "主动发布各类政府信息876条", "主动公开政府本级信息60条",
            # "主动公开政务信息(包括…)共计76855条", "主动公开政府信息件数为123件", "主动公开信息的有5条",
            # "主动公开了涉公安政府信息120条", "共主动公开信息197篇", "主动公开信息有103条",
            # "2017年，主动公开政府信息累计204条" (累计: `_year_total`)
            rf"(?<![应类交送])主动(?:及时)?(?:公开|发布)了?(?:、更新|和更新|、发布)?(?:发布)?(?:《[^》\n]{{1,30}}》[^，,。；\n]{{0,12}}?的)?"
            rf"(?:(?:19|20)\d\d年度?)?"  # '累计主动公开2009年度政府信息28条'
            # (whose: '主动公开省政府及省政府办公厅政府信息759件'; never a 公开 or a 申请 in between)
            rf"(?:[{HAN}、]{{2,80}}?等|(?:(?!公开|申请)[{HAN}]){{2,16}}?(?=(?:政府|政务)信息))?"
            rf"的?(?:相关|各类[{HAN}]{{0,4}}?|涉[{HAN}]{{1,6}}?)?(?:新增)?(?:政府|政务)?(?:本级)?信息"
            rf"(?:的有|的)?(?:[（(][^）)\n]{{1,60}}[)）])?(?:数量|件数|条数|总数|数)?(?:共有|共计|共|合计|总计|累计|有)?(?:为|达|[:：])?"
            rf"\s*{APPROX}(?P<n>{NUMBER})\s*(?:条|件|篇)",
        ),
        # without 主动: "网站公开政府信息84条", "共公开政务信息362条" (not 依申请/不予…, not "发布各类信息": all
        # a website's posts; not a part of a breakdown or one channel's count: `_what_it_counts`)
        (
            "s.proactive_items",
            rf"(?<![依申请予不应类交送动])(?:公开|发布|公示)了?(?:并(?:及时)?更新)?(?:[{HAN}、]{{2,40}}?等)?(?:各类)?(?:政府|政务)信息(?:共计|共有|共|合计)?"
            rf"\s*{APPROX}(?P<n>{NUMBER})\s*(?:条|项)",
        ),
        # "公开各类信息1541条" (公开 only: "发布各类信息" is all of a website's posts)
        (
            "s.proactive_items",
            rf"(?<![依申请予不应类交送动])公开了?各类信息(?:共计|共有|共)?\s*{APPROX}(?P<n>{NUMBER})\s*条",
        ),
        # "通过门户网站及政务新媒体方式主动公开907条" (the count right after the verb), "…1826份，其中主动公开313份"
        (
            "s.proactive_items",
            rf"(?<![应类交送])主动(?:公开|发布)\s*{APPROX}(?P<n>{NUMBER})\s*(?:条|份)",
        ),
        # "通过门户网站、微信公众号等平台公开发布信息2249条" (公开发布: disclosure, not a website's posts)
        (
            "s.proactive_items",
            rf"公开发布了?(?:各类)?信息(?:共计|共)?\s*{APPROX}(?P<n>{NUMBER})\s*条",
        ),
        # "全年共公开信息253条" (信息 alone: only after 全年 or 共)
        (
            "s.proactive_items",
            rf"(?:全年|共|共计)公开了?信息(?:共计|共)?\s*{APPROX}(?P<n>{NUMBER})\s*条",
        ),
        # "2025年全年公开401条信息" (not 依申请/不予…: the lookbehind; not one channel's: `_what_it_counts`)
        (
            "s.proactive_items",
            rf"(?<![依申请予不应类交送动])公开了?\s*{APPROX}(?P<n>{NUMBER})\s*条(?:各类)?(?:政府|政务)?信息",
        ),
        # "主动公示84条信息"
        (
            "s.proactive_items",
            rf"主动(?:公开|公示|发布)了?\s*{APPROX}(?P<n>{NUMBER})\s*条(?:各类)?(?:政府|政务)?信息",
        ),
        # "共整理、录入、发布14条主动公开政府信息"
        (
            "s.proactive_items",
            rf"(?:发布|公开)\s*{APPROX}(?P<n>{NUMBER})\s*条主动公开的?(?:政府)?信息",
        ),
        (
            "s.proactive_items",
            rf"政府信息主动公开(?:数量|条数)(?:为|共|达)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:条|件)",
        ),
        # "在政府信息公开专栏，共更新发布10条信息"
        (
            "s.proactive_items",
            rf"(?:信息公开|主动公开)[^。；]{{0,300}}?更新发布\s*{APPROX}(?P<n>{NUMBER})\s*条(?:政府)?信息",
        ),
        (
            "s.reviews",
            rf"(?:行政复议|申请复议)(?:案件|案|申请)?(?:共|合计|有|为)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|起|宗|次|项)",
        ),
        (
            "s.lawsuits",
            rf"(?:行政诉讼|提起诉讼)(?:案件|案)?(?:共|合计|有)?\s*{APPROX}(?P<n>{NUMBER})\s*(?:件|起|宗|次)",
        ),
        (
            "s.granted",
            # (and "按正常程序已经提供公开的信息6件")
            rf"(?<!不)(?:同意(?:全部)?公开|予以公开|已经?提供公开的信息){_OUTCOME}{APPROX}(?P<n>{NUMBER})\s*(?:件|项|条|宗)",
        ),
        # not "予以公开及部分公开42件", "予以公开、部分公开42件": granted and partial together (but
        # "同意公开14件、部分公开1件" lists them apart)
        (
            "s.partial",
            rf"(?<![及和与或])(?<![^\d件项条]、)(?:同意部分公开|(?<!同意)部分公开){_OUTCOME}{APPROX}(?P<n>{NUMBER})\s*(?:件|项|条)",
        ),
        # "不予处理1件" (the 2019 format's outcome)
        ("s.not_processed", rf"不予处理{_OUTCOME}{APPROX}(?P<n>{NUMBER})\s*(?:件|项|条)"),
        ("s.denied", rf"(?:不同意公开|不予公开|否决公开){_OUTCOME}{APPROX}(?P<n>{NUMBER})\s*(?:件|项|条|宗)"),
        ("s.unable", rf"无法提供(?:的)?{_OUTCOME}{APPROX}(?P<n>{NUMBER})\s*(?:件|项|条)"),
        # the reasons of 无法提供, stated one by one ('申请信息不存在4件'): summed per sentence
        (
            _UNABLE_PART,
            rf"{_UNABLE_REASONS}(?:[、和或及]{_UNABLE_REASONS})*的?{_OUTCOME}{APPROX}(?P<n>{NUMBER})\s*(?:件|项|条)",
        ),
        (
            "s.fees_yuan",
            rf"收取[^，,。；]{{0,12}}?(?:费用|信息处理费|成本费)[^，,。；]{{0,4}}?{APPROX}(?P<n>{NUMBER})\s*元",
        ),
    )
)

# Phrases that state zero. Each applies to the listed keys.
_ZERO_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (
        ("s.requests_received",),
        re.compile(
            r"(?:未|没有|无)(?:接到|收到|受理|接收)(?:过)?(?:任何)?[^。；，,]{0,30}?(?:依申请|申请)[^。；，,]{0,12}"
        ),
    ),
    (
        ("s.requests_received",),
        re.compile(
            r"(?:无|没有)(?:公民|法人|其他组织|公民、法人或其他组织)?[^。；，,]{0,10}?(?:提出|申请)[^。；，,]{0,6}?(?:政府信息公开|依申请公开)申请"
        ),
    ),
    (  # "未印发行政规范性文件"
        ("s.normative_docs_made",),
        re.compile(
            r"(?:未|没有|无)(?:制发|制定|出台|印发|发布)(?:任何)?(?:行政)?规范性文件"
            r"|(?:未|没有|无)(?:行政)?规范性文件(?:出台|制发|印发|制定)"  # "无行政规范性文件出台及更新情况"
        ),
    ),
    (  # "2021年，无政府信息公开申请事项。", "无依法申请公开件"
        ("s.requests_received",),
        re.compile(
            r"(?:无|没有)(?:任何)?(?:政府信息公开|依申请公开)申请(?:事项)?(?=[。；，,]|$)"
            r"|(?:无|没有)依法?申请公开(?:件|事项)(?=[。；，,]|$)"  # '2022年度我乡无依法申请公开件'
        ),
    ),
    (  # "没有依申请公开的政府信息", "没有依申请公开信息的情况", "无依申请公开事项",
        # "无依申请公开政务信息情况", "未发生受理依申请公开政府信息情况", "没有发生政府信息依申请情况"
        ("s.requests_received",),
        re.compile(
            r"(?:没有|无|未发生|未出现)(?:受理)?依申请公开(?:的?(?:政府|政务)?信息(?:的?情况|办理事项|事项)?|事项)(?=[。；，,]|$)"
            r"|(?:没有|未)(?:发生|出现)(?:政府信息)?依申请(?:公开)?的?情况(?=[。；，,]|$)"
        ),
    ),
    (  # "未涉及“不予公开”的政府信息", "无不予公开信息的情况发生"
        ("s.denied",),
        re.compile(r"(?:没有|未|无)(?:涉及|出现|发生)?[“\"]?不予公开[”\"]?的?(?:政府)?信息"),
    ),
    (
        ("s.reviews", "s.lawsuits"),
        re.compile(
            # "…行政复议案、行政诉讼案", "…申请行政复议，提起行政诉讼", "…被申请行政复议或被提起行政诉讼"
            # (not "未出现因受理不及时…引起的行政复议": only those of one fault)
            r"(?:未|没有|无)(?:发生|出现|产生|收到|接到|有)?(?:(?!不及时|不准确|不规范|不当|失误)[^。；]){0,24}?(?:申请)?(?:行政)?复议(?:案件?|申请)?(?:[、和及或与，,]|以及)?被?(?:提起)?(?:行政)?诉讼"
        ),
    ),
    (  # "未发生针对本部门有关政府信息公开事务的行政诉讼案、行政复议案" (the other order)
        ("s.reviews", "s.lawsuits"),
        re.compile(
            r"(?:未|没有|无)(?:发生|出现|产生|收到|接到|有)?(?:(?!不及时|不准确|不规范|不当|失误)[^。；]){0,24}?(?:行政)?诉讼(?:案件?)?(?:[、和及或与，,]|以及)(?:申请)?(?:行政)?复议"
        ),
    ),
    (  # "全年发生因政府信息公开而被申请行政复议、提起行政诉讼的案件0件": one count of both, zero
        # (also "…行政复议、行政诉讼和申诉案件0件")
        ("s.reviews", "s.lawsuits"),
        re.compile(
            r"(?:申请)?行政复议(?:案件?)?(?:[、和及或与]|以及)被?(?:提起)?行政诉讼(?:[和及、]申诉)?的?(?:案件|情况)?数?(?:共|为|均为)?\s*0\s*(?:件|起|项)"
        ),
    ),
    (
        ("s.reviews",),
        re.compile(
            # ('本年度无针对政府信息公开事务的行政复议': 无 needs no verb; not 无需, 无论, 无法)
            r"(?:(?:未|没有)(?:发生|出现|产生|收到|接到|有)|无(?![需须论法])(?:发生|出现|产生|收到|接到)?)[^。；，,]{0,20}?行政复议(?![、和及或与]?(?:提起)?行政诉讼)"
        ),
    ),
    (
        ("s.lawsuits",),
        re.compile(
            r"(?:(?:未|没有)(?:发生|出现|产生|收到|接到|有|被?提起)|无(?![需须论法])(?:发生|出现|产生|收到|接到|被?提起)?)"
            r"[^。；，,]{0,30}?(?<!复议、)(?<!复议和)(?<!复议与)行政诉讼"
        ),
    ),
    (
        ("s.fees_yuan",),
        # "未向申请人收取…费用", "暂未对依申请提供政府信息收取检索、复印等费用", "没有因依申请公开信息收取或减免费用",
        # "2024年无收取费用的案件", "我局未收过任何费用"
        re.compile(
            r"(?:未|没有|不|无)(?:[向对因][^。；，,]{0,12})?收(?!到)取?过?(?:或减免)?(?:任何)?[^。；，,]{0,16}?(?:费用|信息处理费)"
        ),
    ),
    (  # "对申请公开政府信息暂免收费", "免收费用", "一律实行免费服务", "实行全部免费"
        ("s.fees_yuan",),
        re.compile(r"(?:暂免|免予|免于|免)收(?:取)?(?:任何)?费|实行[^。；，,]{0,4}?免费"),
    ),
    (  # "没有向政府信息公开申请人收费的情况"
        ("s.fees_yuan",),
        re.compile(r"(?:未|没有|无|不)[向对][^。；，,]{0,14}?收费(?!标准)"),
    ),
    (  # "没有收费", "均未收费", "无收费及减免情况", "没有任何信息公开的收费项目", "未产生…相关的收费情况",
        # "不存在政府信息公开的收费及减免情况"
        ("s.fees_yuan",),
        re.compile(
            r"(?:未|没有|无|不存在)(?:发生|出现|产生|有|涉及)?(?:任何|相关)?(?:[^。；，,]{0,16}?(?:的|公开|公开信息))?"
            r"(?:产生|发生|出现)?收费(?!标准)"  # '未因政府信息公开产生收费及减免情况'
        ),
    ),
)


# A count for one channel is not the year's total when another channel's count is stated beside it
# ("门户网站主动公开…611条，移动新媒体发布…236条"): `_one_channel_of_several`.
# (one channel, one word: 门户网站; a website's 平台/专栏 is the website)
_CHANNEL = (
    r"门户网站|官方网站|政府网站|网站|门户|微信公众号|微信公众平台|政务微博|政务微信|微博|微信|公众号|新媒体|客户端|政务号"
    r"|头条号|抖音|政报|公报|广播|电视|报纸|报刊"
    r"|其他方式|其他渠道"
)
_CHANNEL_WORD = re.compile(_CHANNEL)
_CHANNEL_COUNT = re.compile(rf"({_CHANNEL})[^。；;\n]{{0,60}}?(\d+)\s*(?:余|多)?\s*(?:条|篇)")
_WEBSITE = re.compile(r"网站|门户")
# A channel named as the main one: what follows counts everything ('…为主要公开途径，本年度…')
_MAIN_CHANNEL = re.compile(r"为(?:主要|主)(?:公开|发布)?(?:途径|渠道|平台|载体|阵地)")
_CHANNEL_WINDOW = 400


def _one_channel_of_several(text: str, before: str, clause: str, start: int, end: int, value: float) -> bool:
    """Whether a count (text[start:end]) for one channel has another channel's count within
    `_CHANNEL_WINDOW` characters before or after it. Its channel: the one its clause names, else the
    last one named before it in its sentence (`before`); a clause naming several channels, a website
    among them ('通过网站、微信公众号和公开栏主动公开信息802条'), gives their total."""
    own = {m.group(0) for m in _CHANNEL_WORD.finditer(clause)}
    if not own and _MAIN_CHANNEL.search(before):  # '以…门户网站为主要公开途径，本年度主动公开信息319件'
        return False
    if not own:  # the channels its sentence named before it ('以网站为主阵地，拓展微信、报刊等渠道，全年共…')
        named = [m.group(0) for m in _CHANNEL_WORD.finditer(before)]
        several = len(set(named)) > 1 and any(_WEBSITE.search(c) for c in named)
        own = set(named) if several else set(named[-1:])
    if not own or (len(own) > 1 and any(_WEBSITE.search(c) for c in own)):
        return False  # (several channels without a website: '微信公众号、微博、抖音等政务新媒体' is one kind)
    around = [(max(0, start - _CHANNEL_WINDOW), start), (end, end + _CHANNEL_WINDOW)]
    return any(  # (the same figure stated again for another wording of the channel is not another count)
        m.group(1) not in own and float(m.group(2)) != value
        for a, b in around
        for m in _CHANNEL_COUNT.finditer(text, a, b)
    )


# Requests that include, or are, the previous year's carried over (spec/metrics.md: not s.requests_received):
# '收到申请41件(含上年度结转3件)', '承办上年结转政府信息公开申请1件'.
_CARRIED_BEFORE = re.compile(r"结转")
_CARRIED_AFTER = re.compile(
    r"\s*[（(]?\s*含(?:上年度?|上一年度?|往年|去年|(?:19|20)\d{2}\s*年度?)?结转"
    r"|\s*[（(][^）)]{0,30}?(?:上年度?|上一年度?|往年|去年)结转"  # '121件(其中本年度新收申请数112件,上年结转…)'
)
# "由于信息不存在否决公开答复1条": a refusal because the information does not exist is `s.unable`.
_UNABLE_REASON = re.compile(r"不存在|非本(?:机关|单位|部门|局)|不属于本|不明确")
# Requests counted channel by channel: '…申请3件、纸质申请36件'.
# (not a breakdown of the count: '申请2件，其中网络申请2件')
_ANOTHER_CHANNELS_REQUESTS = re.compile(
    rf"[、，,]\s*(?!其中|含|包括)[^，,。；、]{{1,8}}?申请\s*(?:{NUMBER})\s*件"
)
# After 其中, the year's part of a cumulative whole: '其中：本年度新增的主动公开政府信息39条'.
_YEARS_PART = re.compile(r"本年|今年|当年|新增")
# "未收到…行政复议申请" is about reviews, not disclosure requests.
_NOT_A_REQUEST = re.compile(r"复议|诉讼|举报|投诉")


@dataclass(frozen=True)
class ProseValue:
    key: str
    value: int | float
    start: int
    end: int


# A zero statement about outcomes, not occurrence: "未发生…被行政复议纠错或行政诉讼败诉情形".
_CORRECTION_AFTER = re.compile(r"[^，,。；;]{0,8}?(?:纠错|败诉|纠正|撤销|确认违法)")
_SENTENCE_FINAL = tuple("。；;！!？?：:")
_LIST_START = re.compile(
    r"\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第)"
)


@lru_cache(maxsize=1)
def _wide_chars() -> dict[int, None]:
    """A str.translate table deleting the wide and full-width characters of the BMP."""
    return {c: None for c in range(0x10000) if unicodedata.east_asian_width(chr(c)) in "WF"}


_ASTRAL = re.compile(r"[\U00010000-\U0010FFFF]")


def _width(line: str) -> int:
    """Display width: 2 for a wide or full-width character, 1 for any other."""
    wide = len(line) - len(line.translate(_wide_chars()))
    if _ASTRAL.search(line):
        wide += sum(1 for c in line if ord(c) > 0xFFFF and unicodedata.east_asian_width(c) in "WF")
    return len(line) + wide


def soft_wraps(text: str) -> frozenset[int]:
    """Offsets of the line breaks that only wrap a paragraph (text extracted from a PDF, where every
    full line breaks at about the same width): a sentence goes on across them. A text counts as
    wrapped when ≥ 40% of its lines lie within 15% of the 80th-percentile line width."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    widths = sorted(_width(line) for _, line in lines if len(line.strip()) >= 10)
    short = len(widths) < 20
    if short:  # a short text (a page or two): wrapped when ≥ 3 lines reach about its widest
        full = (widths[-1] if widths else 0) * 0.85
        if sum(w >= full for w in widths) < 3:
            return frozenset()
    else:
        full = widths[int(len(widths) * 0.8)] * 0.85
        if sum(w >= full for w in widths) < 0.4 * len(widths):
            return frozenset()
    out = set()
    for (start, line), (_, following) in zip(lines, lines[1:], strict=False):
        stripped = line.rstrip()
        if (
            _width(stripped) >= full
            and not stripped.endswith(_SENTENCE_FINAL)
            and not _LIST_START.match(following)
            # (in a short text, only a break inside words: not a table row's or a heading's end)
            and (not short or (_IN_WORDS_END.search(stripped) and _IN_WORDS_START.match(following)))
        ):
            out.add(start + len(line))
    return frozenset(out)


_IN_WORDS_END = re.compile(rf"[{HAN}\d，,、]$")
_IN_WORDS_START = re.compile(rf"\s*[{HAN}\d]")


_UNIT_OR_PUNCT = re.compile(r"[年月日号条件项个份宗起次元万%％，,。；;、)）]")
_YEAR_REJOINED = re.compile(r"(?:19|20)\d{2}\s*年")
# a count wrapped inside a sentence: '…不同意公开答复3' / '3件。' (a table row's last cell follows a space)
_PROSE_NUMBER_END = re.compile(rf"[{HAN}]\d{{1,5}}$")
_NUMBER_AND_UNIT = re.compile(r"\d{1,5}\s*(?:件|条|项|个|份|宗|起|次|元)")
_UNIT_ALONE = re.compile(r"\s*(?:件|条|项|个|份|宗|起|次|元)(?:[，,。；;、]|$)")


def fragment_breaks(text: str) -> frozenset[int]:
    """Offsets of the line breaks a page-text export puts inside a sentence around inline pieces
    (`我局` / `2012` / `年度共主动公开政府信息` / `26` / `条。`). A break is soft when the line before
    ends no sentence, the line after starts no list item, and the break touches a number or goes on
    mid-sentence (a digit before or after it, a unit or punctuation after it, a comma before it).
    Digits on both sides stay apart (table cells) unless they rejoin a split year (`201` / `5` / `年`)
    or a count wrapped mid-sentence (`不同意公开答复3` / `3件。`: a character, not a space, before it)."""
    out, pos = set(), 0
    lines = text.split("\n")
    for i, (line, following) in enumerate(zip(lines, lines[1:], strict=False)):
        brk, pos = pos + len(line), pos + len(line) + 1
        prev, nxt = line.rstrip(), following.lstrip()
        if not nxt and i + 2 < len(lines) and _PROSE_NUMBER_END.search(prev):
            # a paragraph break between a count and its unit: '主动公开政府信息870' / '' / '条，…'
            if _UNIT_ALONE.match(lines[i + 2]):
                out.update((brk, brk + 1))
            continue
        if not prev or not nxt or prev.endswith(_SENTENCE_FINAL) or _LIST_START.match(nxt):
            continue
        if prev[-1].isdigit() and nxt[0].isdigit():
            tail = re.search(r"\d+$", prev).group(0)
            year = len(tail) < 4 and _YEAR_REJOINED.match(tail + re.sub(r"\s", "", text[brk + 1 : brk + 8]))
            if year or (_PROSE_NUMBER_END.search(prev) and _NUMBER_AND_UNIT.match(nxt)):
                out.add(brk)
        elif prev[-1].isdigit() or nxt[0].isdigit() or _UNIT_OR_PUNCT.match(nxt) or prev[-1] in "，,、":
            out.add(brk)
    return frozenset(out)


def _sentences(text: str, start: int, end: int, wraps: frozenset[int]):
    """(offsets, sentence): each sentence with soft line breaks removed, and for each of its
    characters the offset in `text` (so evidence spans still point into the text)."""
    cuts = sorted(w for w in wraps if start <= w < end)
    if cuts:
        bounds = list(zip([start] + [c + 1 for c in cuts], cuts + [end], strict=True))
        keep: Sequence[int] = list(chain.from_iterable(range(a, b) for a, b in bounds))
        joined = "".join(text[a:b] for a, b in bounds)
    else:  # (most texts: sliced, not rebuilt character by character)
        keep, joined = range(start, end), text[start:end]
    for m in _SENTENCE.finditer(joined):
        yield keep[m.start() : m.end()], m.group(0)


def _at(offsets: Sequence[int], a: int, b: int, key: str, value: int | float) -> ProseValue:
    """The value found at sentence[a:b], with its span in the text."""
    return ProseValue(key, value, offsets[a], offsets[b - 1] + 1)


_WHOLE_YEAR = re.compile(
    r"自?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*起?\s*[至到\-—]\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日\s*止?"
)


_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")


def _clause_context(clause: str, year: int | None) -> tuple[bool, bool]:
    """(off, annual): whether a clause is off the year's figure (cumulative, as of a date, another
    year) and whether it names the year itself ('自2016年1月1日起至2016年12月31日止' is that year)."""
    annual = cumulative = False
    clause = _BRACKETED.sub("", clause)  # '办结177件(含2022年结转的3件)': a detail, not the clause's year
    for m in _WHOLE_YEAR.finditer(clause):
        annual = annual or (m.group(1) == m.group(2) and (year is None or int(m.group(1)) == year))
    clause = _WHOLE_YEAR.sub("本年", clause) if annual else clause
    clause = _YEAR_END_AS_OF.sub(
        lambda m: "" if m.group(1) is None or year is None or int(m.group(1)) == year else m.group(0), clause
    )
    for m in _SINCE.finditer(clause):  # 2011年以来 in the 2011 report is the year; 2008年以来 is not
        this = m.group(1) is None or (year is not None and int(m.group(1)) == year)
        annual, cumulative = annual or this, cumulative or not this
    rest = _ANNUAL_CUMULATIVE.sub("本年", _SINCE.sub("", clause))
    years = {int(y) for y in _YEAR_IN.findall(clause)}
    other_year = bool(year and years and year not in years)
    annual = annual or any(
        m.group(1) is None or year is None or int(m.group(1)) == year for m in _THIS_YEAR.finditer(rest)
    )
    off = cumulative or other_year or bool(_CUMULATIVE.search(rest) or _AS_OF.search(clause))
    return off, annual


def _other_year(clause: str, year: int | None) -> tuple[bool, bool]:
    """(off, annual) for a statement of zero: off only when about another year. None since a date or
    as of one ('开展工作以来未收取费用', '截至目前未收到申请') is none in the year too."""
    years = {int(y) for y in _YEAR_IN.findall(_SINCE.sub("", clause))}
    return bool(year and years and year not in years), bool(year and year in years)


def _off_clauses(sentence: str, year: int | None, context=None) -> list[tuple[int, bool]]:
    """(clause end, off) for each clause of a sentence. Being off carries on to the following
    clauses until one names the year ("累计公开1023件，2011年公开300条"). `context`: the clause test
    (default `_clause_context`)."""
    # ('2020年累计主动公开政府信息275条，…，其中，本年度新增的…32条': the 累计 is over the years)
    totals = 2 if _YEARS_NEW_PART.search(sentence) else 0
    out, carried, year_said = [], False, False
    for m in _CLAUSE.finditer(sentence):
        clause = m.group(0)
        off, annual = (context or _clause_context)(clause, year)
        # (one total word only: '2024年，截至目前，累计…' is over the years)
        totals += len(_TOTAL_WORD.findall(clause))
        if off and not carried and year and totals == 1 and _year_total(clause, year, year_said):
            off = False
        carried = off or (carried and not annual)
        # (a year-end date is no plain naming of the year: '截至2010年12月31日，我局累计…' is cumulative)
        year_said = year_said or (not carried and _names_year(_YEAR_END_AS_OF.sub("", clause), year))
        out.append((m.end(), carried))
    return out


# (截至目前 too: '2024年，…紧抓重点领域信息发布…，截至目前，主动公开政府信息60条' is the year's)
_TOTAL_WORD = re.compile(r"累计|(?:截至|截止)(?:到)?目前")
_YEARS_NEW_PART = re.compile(r"其中[^。；;]{0,6}?(?:本年|今年|当年|新增)")
_OVER_YEARS = re.compile(r"历年|以来|总计已|共计已?达到|(?:截至|截止)(?!到?目前)|至今|迄今|底|末")


def _names_year(clause: str, year: int | None) -> bool:
    return bool(year) and any(int(y) == year for y in _YEAR_IN.findall(clause))


def _year_total(clause: str, year: int, year_said: bool) -> bool:
    """'2020年，我局累计主动公开政府信息128条': 累计 (or 截至目前) after the report's year named
    plainly (in the clause before it or earlier in its own), and nothing else cumulative or as of a
    date, is the year's total."""
    m = _TOTAL_WORD.search(clause)
    if not m or _OVER_YEARS.search(clause):
        return False
    years = {int(y) for y in _YEAR_IN.findall(clause)}
    if years - {year}:
        return False
    return year_said or _names_year(clause[: m.start()], year)


_APPROX_WINDOW = max(map(len, APPROX_BEFORE + APPROX_AFTER))


def _is_off(clauses: list[tuple[int, bool]], pos: int) -> bool:
    """Whether the clause holding `pos` is off (past the last clause: off). Bisected: a sentence of
    a broken page can run to a megabyte, with thousands of clauses."""
    i = bisect_right(clauses, pos, key=lambda c: c[0])
    return clauses[i][1] if i < len(clauses) else True


# Cheap tests a sentence must pass before the patterns run: a number with a unit (every value pattern
# ends in one), a negation or a stated zero (every zero pattern holds one).
_REVIEW_HEADING = re.compile(r"(?:行政)?复议[^。；;]{0,16}?(?:行政)?诉讼[^。；;，,]{0,6}?情况\s*[:：]?\s*$")
_NONE_AT_ALL = re.compile(r"\s*(?:无|没有|暂无|均无)\s*$")
_A_COUNT = re.compile(rf"(?:\d|[{CN_DIGITS}])\s*(?:{UNIT_WORDS}|元|篇)")
_A_NEGATION = re.compile(r"未|没有|无|不|免|(?<![\d.])0\s*[件起项]")  # (免: fees waived)


_CLAUSE_BREAKS = frozenset("，,：:")
_PARTS_REACH = 200  # how far back a list of parts may have opened with 其中
_LONGEST_CLAUSE = 400  # (a bound: a broken page's sentence may run for pages without a comma)


def _clause_start(sentence: str, pos: int) -> int:
    """Where the clause holding `pos` starts: after the last comma or colon before it that is not
    inside brackets ('政务微信订阅号(微信号:lhwz4822006)公开政府信息23条' is one clause)."""
    depth, first = 0, max(0, pos - _LONGEST_CLAUSE)
    for i in range(pos - 1, first - 1, -1):
        c = sentence[i]
        if c in ")）":
            depth += 1
        elif c in "(（":
            depth = max(0, depth - 1)
        elif c in _CLAUSE_BREAKS and depth == 0:
            return i + 1
    return first


# Documents counted by their disclosure attribute, not requests and their outcomes: '主动公开36件、
# 依申请公开436件、不予公开43件' (a bureau's own documents, listed in its proactive-disclosure section)
_BY_ATTRIBUTE = re.compile(
    r"主动公开\s*\d+\s*[件条]、\s*依申请公开\s*\d+\s*[件条](?:、\s*(?:不予公开|部分公开)\s*\d+\s*[件条])+"
)


def _what_it_counts(
    key: str, m: re.Match[str], sentence: str, text: str, offsets: Sequence[int], value: float
) -> tuple[str | None, str | None]:
    """(the key a pattern's match counts for, or None; a warning, or None): what its clause says
    about it beyond the pattern (a review application, carried-over requests, one channel's or a
    part's count, a refusal because the information does not exist)."""
    clause_start = _clause_start(sentence, m.start())
    clause = sentence[clause_start : m.start()]
    if key != "s.proactive_items":
        for listed in _BY_ATTRIBUTE.finditer(sentence):
            if listed.start() <= m.start("n") < listed.end():
                return None, f"{key}：{listed.group(0)} 为按公开属性统计的文件数，不是申请"
    if key == "s.requests_received":
        if _NOT_A_REQUEST.search(m.group(0)):  # "收到有关政府信息公开的行政复议申请12件"
            return None, None
        if _CARRIED_BEFORE.search(clause) or _CARRIED_AFTER.match(sentence, m.end()):
            return None, f"{key}：{m.group(0)} 含上年结转的申请，不计为本年新收申请"
    if key == "s.requests_processed" and _NOT_A_REQUEST.search(clause + m.group(0)):
        return None, None  # "办结行政复议申请…"
    if key in ("s.requests_received", "s.requests_processed") and _ANOTHER_CHANNELS_REQUESTS.match(
        sentence, m.end()
    ):  # "通过政府门户网站共办理并答复信息公开申请3件、纸质申请36件": one channel's share
        return None, f"{key}：{m.group(0)} 为某一渠道的申请数，未计入"
    if key == "s.proactive_items" and (
        _a_part(m, sentence, clause_start, text, offsets)
        or _one_channel_of_several(
            text, sentence[: m.start()], clause, offsets[m.start()], offsets[m.end() - 1] + 1, value
        )
    ):
        return None, f"{key}：{m.group(0)} 为某一渠道或分项的数量，未计入"
    if key == "s.denied" and _UNABLE_REASON.search(clause):
        return "s.unable", None
    return key, None


def _a_part(m: re.Match[str], sentence: str, clause_start: int, text: str, offsets: Sequence[int]) -> bool:
    """Whether a proactive count is a part after 其中 ('其中网站公开…'). Not when the whole was no
    proactive count ('全年共制作政府信息236条，其中主动公开信息数为158条'), nor when the part is the
    year's share of a cumulative whole ('累计…80条，其中：本年度新增的…39条'). 其中 may end the clause
    before, at its colon ('…732余条次，其中：通过政府网站公开…635条'); a list of parts goes on past commas
    ('其中A…142条，B…5条') when its whole is proactive; and that whole may end the sentence before
    ('…等方面内容共计2575条。其中通过…主动公开政府信息142条')."""
    if _YEARS_PART.search(sentence, clause_start, m.start()):
        return False
    part_at = sentence.rfind("其中", max(0, clause_start - _PARTS_REACH), m.start())
    if part_at < 0:
        return False
    if not sentence[:part_at].strip():
        whole_is_proactive = _previous_whole_is_proactive(text, offsets[0])
    else:
        whole_is_proactive = _whole_is_proactive(sentence, _clause_start(sentence, part_at), part_at)
    in_lead = "其中" in sentence[max(0, clause_start - 3) : m.start()]
    return whole_is_proactive or (in_lead and not m.group(0).startswith("主动"))


_WHOLE_COUNTED = re.compile(rf"(\D{{0,12}})(?:{NUMBER})\s*(?:余|多)?\s*(?:条|件)(?:次)?\s*[，,：:]?\s*$")


def _whole_is_proactive(sentence: str, clause_start: int, part_start: int) -> bool:
    """Whether the whole a 其中 clause breaks down counts proactive disclosure: the words just before
    its number ('…全年共制作政府信息236条，其中…' does not; '全年主动公开政府信息1200条，其中…' does);
    without a count before 其中, whether anything before the part says 主动."""
    # (a bounded window: a sentence of a broken page can run to a megabyte, with many counts in it)
    counted = _WHOLE_COUNTED.search(sentence[max(0, clause_start - 48) : max(0, clause_start - 1)])
    return "主动" in (counted.group(1) if counted else sentence[:part_start])


def _previous_whole_is_proactive(text: str, at: int) -> bool:
    """For a sentence opening with 其中 at text[at]: whether the sentence before ends with a count of
    proactive disclosure ('及时主动公开政策文件…等方面内容共计2575条。')."""
    before = re.split(r"[。；;\n]", text[max(0, at - 200) : at].rstrip().rstrip("。"))[-1]
    counted = _WHOLE_COUNTED.search(before)
    return bool(counted) and "主动" in before[: counted.start(1) + len(counted.group(1))]


# '收到申请30件，…，均在规定时限内进行答复' / '并已依法答复完毕' / '均按规定期限办理完毕' /
# '已根据政府信息公开有关规定答复办结': every request received was answered (no count after it:
# '已答复8件' is a count of its own)
_ALL_ANSWERED = re.compile(
    r"(?:均|全部|都|并已|已|并)(?:已|已经)?(?:依法|按时|按期|及时|依规|正式|按程序){0,3}(?:(?:根据|按照|依照|依据)[^，,。；;\d]{0,16}?(?:规定|要求))?"
    r"(?:在|于|按)?(?:法定|规定|规定的)?(?:期限|时限|时间|期)?内?"
    r"(?:依法)?(?:进行|给予|作出|予以|办理|完成)?(?:答复|回复|办结|办理完毕)(?:完毕)?(?![^，,。；;]{0,6}?\d)"
)
# …unless something in between says some were not: still in hand, carried over, not accepted, a part
_NOT_ALL = re.compile(
    r"正在|尚未|未办结|办理中|结转|不予受理|\d\s*件[^，,。；;]{0,4}(?:未|待)"
    # (其中 listing the channels the requests came by is no exception: '其中网络申请2件，信函申请2件')
    r"|其中(?![^，,。；;]{0,4}(?:网络|网上|信函|当面|书面|电子|邮件|现场|传真|在线))"
)
# … nor when the next sentence carries some over ('全部依法依规予以答复。其中，…结转下年度继续办理1件'),
# unless it is about a review or lawsuit ('信息公开类行政复议1起，正在办理中')
_SOME_CARRIED_OVER = re.compile(r"结转|转入下一?年|正在办理|尚未办结|继续办理")
_CARRIED_REACH = 200  # characters after the phrase


def _some_carried_over(text: str, end: int) -> bool:
    """Whether the rest of the sentence ending after text[end] or the next one carries requests over."""
    rest = re.split(r"(?<=[。；;\n])", text[end : end + _CARRIED_REACH])[:2]
    return any(_SOME_CARRIED_OVER.search(s) and not _NOT_A_REQUEST.search(s) for s in rest)


def _all_answered(
    hits: list[ProseValue], sentence: str, offsets: Sequence[int], text: str
) -> list[ProseValue]:
    """`s.requests_processed` = the requests received, when the same sentence goes on to say that all
    of them were answered, and states no count of its own."""
    keys = {h.key for h in hits}
    if "s.requests_received" not in keys or "s.requests_processed" in keys:
        return []
    received = next(h for h in hits if h.key == "s.requests_received")
    after = bisect_right(offsets, received.end - 1)  # the sentence index just past the count
    return _answered(received, sentence, offsets, text, after, after + 60)


def _answered_next(
    received: ProseValue, sentence: str, offsets: Sequence[int], text: str, found: dict[str, ProseValue]
) -> list[ProseValue]:
    """`s.requests_processed` = the requests received in the sentence before, when this one, in the
    same paragraph and with no count of its own, goes on to say they were answered ('收到政府信息公开
    申请1件。涉及“…”等相关信息，已在法定时限内予以答复。')."""
    if "s.requests_processed" in found or found.get("s.requests_received") is not received:
        return []
    if "\n" in text[received.end : offsets[0]] or re.search(r"\d|[一二三四五六七八九十两]件", sentence):
        return []
    return _answered(received, sentence, offsets, text, 0, 80)


def _answered(
    received: ProseValue, sentence: str, offsets: Sequence[int], text: str, lo: int, hi: int
) -> list[ProseValue]:
    """`s.requests_processed` = `received`, when sentence[lo:hi] says all were answered, with nothing
    between `lo` and that phrase, nor in the sentences after it, that says some were not."""
    m = _ALL_ANSWERED.search(sentence, lo, hi)
    if not m or _NOT_ALL.search(sentence, lo, m.start()):
        return []
    end = offsets[m.end() - 1] + 1
    if _some_carried_over(text, end):
        return []
    return [ProseValue("s.requests_processed", received.value, received.start, end)]


def _unable_parts_summed(hits: list[ProseValue]) -> list[ProseValue]:
    """A sentence's reasons of 无法提供 ('信息不存在3件，非本机关掌握2件') as one `s.unable`, their sum
    spanning them all; none when the sentence states 无法提供 as a whole."""
    parts = [h for h in hits if h.key == _UNABLE_PART]
    if not parts:
        return hits
    rest = [h for h in hits if h.key != _UNABLE_PART]
    if any(h.key == "s.unable" for h in rest):
        return rest
    total = ProseValue("s.unable", sum(h.value for h in parts), parts[0].start, parts[-1].end)
    return rest + [total]


@lru_cache(maxsize=2)
def _wraps(text: str) -> frozenset[int]:
    """The line breaks a sentence goes on across (once per text: a report's ranges share it)."""
    return soft_wraps(text) | fragment_breaks(text)


def extract_prose_values(
    text: str, year: int | None, start: int = 0, end: int | None = None
) -> tuple[list[ProseValue], list[str]]:
    """Summary values stated in text[start:end]. Returns (values, warnings); the first statement of
    a key wins, later differing statements add a warning instead of overriding it."""
    end = len(text) if end is None else end
    found: dict[str, ProseValue] = {}
    warnings: list[str] = []
    wraps = _wraps(text)
    unanswered: ProseValue | None = None  # the previous sentence's received count, none processed
    review_heading = False  # the previous sentence was a heading on reviews and lawsuits
    for offsets, sentence in _sentences(text, start, end, wraps):
        if unanswered is not None:
            found.update((h.key, h) for h in _answered_next(unanswered, sentence, offsets, text, found))
            unanswered = None
        # '5、因政府信息公开申请行政复议、提起行政诉讼的情况。无。': the heading answered in one word
        if review_heading and _NONE_AT_ALL.match(sentence):
            for key in ("s.reviews", "s.lawsuits"):
                found.setdefault(key, _at(offsets, 0, len(sentence.rstrip()), key, 0))
        review_heading = bool(_REVIEW_HEADING.search(sentence))
        counts = _A_COUNT.search(sentence)
        zeros = _A_NEGATION.search(sentence)
        if not (counts or zeros):  # most sentences state no count and deny nothing
            continue
        clauses = zero_clauses = None  # (computed on a sentence's first match only)
        hits: list[ProseValue] = []
        for key, pattern in _PATTERNS if counts else ():
            for m in pattern.finditer(sentence):
                clauses = clauses if clauses is not None else _off_clauses(sentence, year)
                if _is_off(clauses, m.start("n")):
                    continue
                token = m.group("n")
                # the words around the number, not copies of the whole sentence (quadratic in a long one)
                before = sentence[max(0, m.start("n") - _APPROX_WINDOW) : m.start("n")]
                after = sentence[m.end("n") : m.end("n") + _APPROX_WINDOW]
                if is_approximate(before, after):
                    warnings.append(f"{key} 为约数（{m.group(0)}），未计入")
                    continue
                value = parse_number(token)
                if value is None:
                    continue
                key_found, warning = _what_it_counts(key, m, sentence, text, offsets, value)
                if warning:
                    warnings.append(warning)
                if key_found:
                    hits.append(_at(offsets, m.start(), m.end(), key_found, value))
        for keys, pattern in _ZERO_PATTERNS if zeros else ():
            for m in pattern.finditer(sentence):
                if zero_clauses is None:
                    zero_clauses = _off_clauses(sentence, year, _other_year)
                if _is_off(zero_clauses, m.start()):
                    continue
                said = m.group(0)
                if keys == ("s.requests_received",) and _NOT_A_REQUEST.search(said[: said.find("申请") + 2]):
                    continue  # (what follows the 申请 may name reviews too: '…依申请公开信息、行政复议和…')
                if _CORRECTION_AFTER.match(sentence, m.end()):
                    continue
                hits.extend(_at(offsets, m.start(), m.end(), k, 0) for k in keys)
        hits = _unable_parts_summed(hits)
        answered = _all_answered(hits, sentence, offsets, text)
        keys = {h.key for h in hits + answered}
        if "s.requests_received" in keys and "s.requests_processed" not in keys:
            unanswered = next(h for h in hits if h.key == "s.requests_received")
        for hit in hits + answered:
            prev = found.get(hit.key)
            if prev is None:
                found[hit.key] = hit
            elif prev.value != hit.value and not (prev.start <= hit.start < prev.end):
                warnings.append(f"{hit.key} 在正文中有不同数值（{prev.value} / {hit.value}）：取首次出现者")
    return sorted(found.values(), key=lambda v: v.start), warnings
