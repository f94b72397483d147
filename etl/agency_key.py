"""Official agency names from scraped titles, and a stable agency id across years and renamings."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from etl.classify import is_government, rules
from etl.han import HAN
from etl.place_names import TOWNSHIP_PREFIX, generic
from etl.region import RegionMatch, ocr_fixed, scan, split_region

# Injected gambling / lottery strings on hijacked mirrors (report-formats.md §E.7). 金沙 alone is a
# county (金沙县), so only the casino phrases are listed.
_SPAM = re.compile(
    r"中国体育彩票|皇冠体育(?:平台)?|澳客彩票网|澳客|彩票网|彩票|金沙城中心|澳门金沙|金沙官网|金沙娱乐|赌场|"
    r"博彩|娱乐城|娱乐平台|游戏平台|体育平台|百家乐|威尼斯人|葡京|棋牌|投注|官网|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_SITE = re.compile(
    r"(?:门户网站|官方网站|网站|(?<=政府)网|政务网|信息公开网|(?:政府)?信息公开平台|政务公开平台|首页|主页)$"
)
_REPORT = re.compile(
    r"(?:(?:19|20)\d{2}|20[xX]{2}|[二][〇零○][〇零○一二三四五六七八九]{2})\s*年|"
    r"(?:政府|政务)?信息公开|政务公开|年度报告|工作报告"
)
_SEPARATORS = re.compile(r"[,，、_|｜>»›/\\:：;；\-—–·•]+")
_BRACKETS = re.compile(r"[（(][^）)]{0,12}[）)]")
# Generic or self-referring starts ('本局', '市财政局', '镇政府'), unless the name is a place's own
# (本溪市…, 镇江市…, 市南区…, 乡宁县…, 镇隆镇…, 市桥街道…): `place_names.generic`
_BAD_START = re.compile(r"^(?:关于|本|我|全(?=[国省市县区镇乡])|各|该|区|县|市(?!场)|省|镇|乡|某)")
_ORGAN_END = re.compile(
    r"(?:政府|局|委员会|委|厅|办公室|研究室|参事室|办|院|中心|所|站|队|处|会|部|署|馆|社|街道|镇|乡|区|县|市|旗|州|盟|省|公署)$"
)
_CJK_ONLY = re.compile(rf"^[{HAN}]+$")


def _clean_segment(seg: str) -> str:
    seg = _SPAM.sub("", seg)
    seg = _BRACKETS.sub("", seg)
    m = _REPORT.search(seg)
    if m:
        seg = seg[: m.start()]
    seg = re.sub(r"^关于", "", seg)
    seg = _SITE.sub("", seg)
    seg = re.sub(
        r"(?<=人民政府|行政公署)及其?办公[室厅]$", "", seg
    )  # '鹿城区人民政府及办公室': the government's report
    # '城口县人民政府机关', '…局机关本级': the organ proper (not its subordinate units) is the organ
    seg = re.sub(r"(?<=[局委厅办府署会室心院])(?:机关)?(?:本级)?$", "", seg)
    return seg.strip("的 ")


def _valid(name: str) -> bool:
    return (
        2 <= len(name) <= 40
        and bool(_CJK_ONLY.match(name))
        and not generic(name, _BAD_START)
        and bool(_ORGAN_END.search(name))
    )


def clean_agency_name(raw: str | None) -> str | None:
    """The official agency name in a scraped title or page label, or None when none is left
    ('皇冠体育,皇冠体育平台区人民政府办公室' → None: the region name itself was overwritten)."""
    if not raw:
        return None
    text = unicodedata.normalize("NFKC", raw)
    text = re.sub(r"[\s\u200b-\u200f\ufeff]+", "", text)
    candidates = [c for c in (_clean_segment(s) for s in _SEPARATORS.split(text)) if _valid(c)]
    if not candidates:
        return None
    # prefer a segment naming a region, then the longest
    return max(candidates, key=lambda c: (bool(scan(c)), len(c)))


def canonical_organ(organ: str) -> str:
    """'卫生和计划生育委员会' → '卫生健康委员会', '' (a bare region name) → '人民政府'."""
    if organ.startswith("人民政府") and len(organ) > 4 and not organ.startswith("人民政府办"):
        organ = organ[len("人民政府") :]  # 渝中区人民政府上清寺街道办事处: the street's, not the district's
    if organ.endswith("街道办"):  # '驼峰路街道办': the street's office, its 办事处
        organ += "事处"
    township = TOWNSHIP_PREFIX.match(organ)
    prefix = township.group(0) if township else ""
    core = organ[len(prefix) :]
    if core.startswith("国务院"):
        return organ
    if is_government(core) or (not core and not prefix):
        return prefix + ("人民政府办公室" if "办" in core and "办事处" not in core else "人民政府")
    government = re.match(r"(?:人民)?政府(?!办)(?=.)", core)  # 人民政府国资委, 政府国资委: the commission
    if government:
        core = core[government.end() :]
    core = rules().abbreviations.get(core, core)
    renames = dict(rules().renames)
    return prefix + renames.get(core, core)


def expand_abbreviation(agency: str) -> str:
    """'上海市科委' → '上海市科学技术委员会': an organ part that is exactly a listed abbreviation (or
    one after 政府: 政府国资委; or a prefecture's 行署 for 行政公署)."""
    prefix, organ = split_region(agency)
    if not prefix and agency.startswith("国家") and agency[2:] in rules().abbreviations:
        prefix, organ = "国家", agency[2:]  # a central commission: '国家卫生健康委'
    if not prefix or not agency.startswith(prefix):
        return agency
    if organ.startswith("行署") and len(organ) > 2:  # '兴安盟行署外事办公室': the 行政公署's office
        return prefix + "行政公署" + organ[2:]
    # a government's commission written after it: '西藏自治区政府国资委' → '…人民政府国有资产监督管理委员会'
    government = re.match(r"(?:人民)?政府(?!办)", organ)
    if government and organ[government.end() :] in rules().abbreviations:
        organ, prefix = organ[government.end() :], prefix + "人民政府"
    full = rules().abbreviations.get(organ)
    return prefix + full if full else agency


def _abbreviates(short: str, full: str) -> bool:
    """'民宗局' abbreviates '民族与宗教事务局', '旅发委' '旅游发展委员会': same first character, the
    characters in order, the same organ word at the end (委 standing for 委员会)."""
    if (
        len(full) <= len(short)
        or short[0] != full[0]
        or short in full
        or re.search(r"[省市县区]|关于|公布", full)
    ):
        return False
    ending = "委员会" if short.endswith("委") else short[-1]
    if not full.endswith(ending):
        return False
    rest = iter(full[: -len(ending)])
    return all(ch in rest for ch in short[:-1])


def expand_from_text(agency: str, text: str) -> str:
    """An abbreviated organ name expanded to the full name the report itself states:
    '莆田市民宗局' → '莆田市民族与宗教事务局' when the text writes that name."""
    prefix, organ = split_region(agency)
    if not prefix or not 2 <= len(organ) <= 4 or organ in rules().abbreviations.values():
        return agency
    compact = _compact(text)
    fulls: Counter[str] = Counter()
    tail = _organ_after(len(organ) + 1)
    at = compact.find(prefix)
    while at >= 0:  # each place the text writes the prefix (as re.finditer did with it in front)
        m = tail.match(compact, at + len(prefix))
        if m and _abbreviates(organ, m.group(0)) and not _renamed(organ, m.group(0)):
            fulls[m.group(0)] += 1
        at = compact.find(prefix, m.end() if m else at + 1)
    return prefix + fulls.most_common(1)[0][0] if fulls else agency


def _renamed(before: str, after: str) -> bool:
    """Two names of one rename family (卫生局 and 卫生健康局, 文化局 and 文化和旅游局): one organ's name
    before and after a reform, not a short form (a report re-published under the new name keeps its own)."""
    return before in _rename_variants() and after in _rename_variants()


@lru_cache(maxsize=1)
def _rename_variants() -> frozenset[str]:
    return frozenset(v for v, _canon in rules().renames)


@lru_cache(maxsize=16)
def _organ_after(shortest: int) -> re.Pattern[str]:
    return re.compile(rf"[{HAN}]{{{shortest},14}}?(?:委员会|局|委|办|厅|署|中心)")


@lru_cache(maxsize=8)
def _compact(text: str) -> str:
    """The text without whitespace (asked for once per candidate name of the same report)."""
    return re.sub(r"\s+", "", text)


def with_stated_prefix(agency: str, text: str, region: RegionMatch | None) -> str:
    """A county-level organ's name with its city in front when the report itself writes it so:
    '洪泽区人民政府' → '淮安市洪泽区人民政府' when the text says 淮安市洪泽区人民政府(办公室). Districts
    are officially named with their city; counties usually are not, and then the text has no such
    form. A bare region name (霍邱县) and city- or province-level organs are left alone."""
    if region is None or region.level_hint != "county" or not region.city or not split_region(agency)[1]:
        return agency
    if agency.startswith(region.city) or region.city + agency not in re.sub(r"\s+", "", text):
        return agency
    return region.city + agency


def official_agency_name(agency: str, text: str, region: RegionMatch | None) -> tuple[str, list[str]]:
    """The canonical display name of a cleaned agency name: OCR misreadings of its region undone,
    abbreviations expanded, and the region prefix the report states added. Returns (name, warnings)."""
    warnings = []
    if region is not None and region.via == "ocr":
        fixed = ocr_fixed(agency)
        if fixed != agency:
            warnings.append(f"机构名称疑为 OCR 误识（{agency}），已按行政区划名称更正为 {fixed}")
            agency = fixed
    return with_stated_prefix(expand_from_text(expand_abbreviation(agency), text), text, region), warnings


# Development zones written short or in full by the same organ across years (a real report's page
# title says 益阳高新区市场监督管理局, its body 益阳高新技术产业开发区…): one key.
_ZONE_FULL = {"高新区": "高新技术产业开发区", "经开区": "经济技术开发区", "管委会": "管理委员会"}
_ZONE_SHORT_FORMS = re.compile("|".join(_ZONE_FULL))
# (DEVELOPMENT_ZONES, their short forms expanded: each ends in 开发区, 园区 or 保税区)
_ZONE_COMMITTEE = re.compile(r"(?<=开发区|保税区)管理委员会$|(?<=园区)管理委员会$")


@lru_cache(maxsize=65536)  # pure; the same names recur across a build's reports and candidates
def agency_key(agency: str, region_code: str | None) -> str:
    """'<region code>:<canonical organ>', e.g. '320813:人民政府' for both 洪泽县人民政府 (2012) and
    淮安市洪泽区人民政府 (2023). Without a code, the whole canonical name is kept after '?:'."""
    name = clean_agency_name(agency) or re.sub(r"\s+", "", unicodedata.normalize("NFKC", agency or ""))
    prefix, organ = split_region(name)
    canon = _ZONE_SHORT_FORMS.sub(lambda m: _ZONE_FULL[m.group(0)], canonical_organ(organ))
    canon = _ZONE_COMMITTEE.sub("", canon)  # a development zone reports as its committee: one organ
    if not region_code:
        return f"?:{prefix}{canon}"
    # an abolished division is coded by its successor: keep its name so the two stay apart
    legacy = next(
        (m.text for m in scan(prefix) for t in m.targets if t.via == "legacy" and t.code == region_code), ""
    )
    return f"{region_code}:{legacy}{canon}"
