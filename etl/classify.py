"""Level and sector of the issuing organ (metrics.md §1). Keywords live in etl/data/sectors.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.han import HAN
from etl.region import (
    ZONE_WORDS,
    RegionMatch,
    names_a_township,
    scan,
    split_region,
    starts_with_division_stem,
    township_stem,
)

_SECTORS = Path(__file__).parent / "data" / "sectors.toml"

# a township's government or office as a whole; 地区办事处 is a Beijing 乡's (南磨房地区办事处)
_TOWNSHIP = re.compile(
    rf"^[{HAN}]{{1,16}}?(?:街道|镇|乡|苏木|地区(?=办事处))"
    r"(?:人民政府|政府|街道办事处|办事处|党工委|党委|便民服务中心)?(?:办公室)?$"
)
_TOWNSHIP_PREFIX = re.compile(
    rf"^[{HAN}]{{0,16}}?(?:街道|镇|乡|苏木|地区(?=办事处))(?=人民政府|政府|办事处|党|$)"
)
_ZONE_PREFIX = re.compile(rf"^[^局委厅办院所处部中会室]{{0,12}}?{ZONE_WORDS}")
_COUNTY_NAME = re.compile(
    r"^(?:[^省州]|州(?=[区县])){1,8}?(?:县|区|旗)(?!域)"
)  # 通州区, 海州区: 州 of the name
_CENTRAL = re.compile(
    r"^(?:国务院|中华人民共和国|中共中央|中央|全国|国家|中国)"
    rf"|^[{HAN}]{{1,10}}(?:部|总局|总署|署)$"
)
_PEOPLES_GOV = re.compile(r"人民政府")


@dataclass(frozen=True)
class _Rules:
    government: re.Pattern[str]
    rules: tuple[tuple[str, tuple[str, ...]], ...]
    renames: tuple[tuple[str, str], ...]  # (variant, canonical), longest variant first
    abbreviations: dict[str, str]  # abbreviated organ → official full organ (科委 → 科学技术委员会)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = tomllib.loads(_SECTORS.read_text(encoding="utf-8"))
    pairs = [(v, canon) for canon, variants in data.get("renames", {}).items() for v in variants]
    return _Rules(
        government=re.compile(data["government"]),
        rules=tuple((r["sector"], tuple(r["keywords"])) for r in data["rule"]),
        renames=tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True)),
        abbreviations=dict(data.get("abbreviations", {})),
    )


def organ_part(agency: str) -> str:
    """The agency name without its leading region names: '淮安市洪泽区人民政府' → '人民政府'."""
    return split_region(re.sub(r"\s+", "", agency))[1]


def is_government(organ: str) -> bool:
    return bool(rules().government.match(_TOWNSHIP_PREFIX.sub("", organ, count=1)))


def classify_sector(agency: str | None) -> str:
    if not agency:
        return "other"
    organ = organ_part(agency)
    if is_government(organ):
        return "government"
    words = _PEOPLES_GOV.sub("", organ)  # "人民政府" contains "民政"
    for sector, keywords in rules().rules:
        if any(k in words for k in keywords):
            return sector
    return "other"


def _township_by_form(name: str) -> bool:
    """A township the gazetteer no longer knows (西园乡人民政府), by its form, when its name opens with
    no division: not 新乡人民政府 or 景德镇人民政府 (cities written without 市), not a template's 某某镇."""
    return not name.startswith("某") and not scan(name) and not starts_with_division_stem(name)


def classify_level(agency: str | None, region: RegionMatch | None) -> str:
    """central / province / city / county / township / unknown: the level of the issuing organ.

    township: the organ part (after a zone's name) starts with the township the region names
    (黄石镇人民政府, 黄石镇财政所, 南磨房地区办事处), or is a township government by its form when the
    gazetteer no longer knows it, or knows several of that name and the report says which nowhere;
    county: also a functional zone's organ placed at its host (region.via == "zone": 郑州高新区管委会)
    and a city organ's district branch (上城区分局, 浦东分局); else the level of the region found."""
    name = re.sub(r"\s+", "", agency or "")
    organ = organ_part(name) if name else ""
    # a township inside a zone: 郑州市高新技术产业开发区石佛镇人民政府
    local = _ZONE_PREFIX.sub("", organ.removeprefix("中共"), count=1) if region is not None else organ
    own = organ.removeprefix("中共")  # 义马市新区街道: 新区 is the township's name, not a zone
    stem = township_stem(region.township) if region is not None and region.township else ""
    # 矿区街道办事处: the whole name is the township's (its stem is also a county's name)
    if stem and (local.startswith(stem) or own.startswith(stem) or name.startswith(stem)):
        return "township"
    if (
        local
        and _TOWNSHIP.match(local)
        and (region is not None or name != organ or names_a_township(name) or _township_by_form(name))
    ):
        return "township"
    if region is not None and region.via == "zone":
        return "county"
    if region is not None:
        return region.level_hint if region.level_hint in ("province", "city", "county") else "unknown"
    if not name:
        return "unknown"
    # 市中区矿区街道办事处 (which 市中区 unknown): the county-like 矿区 opens a township's name
    if any(names_a_township(name[m.start :]) for m in scan(name)):
        return "township"
    if name.startswith(("自治区", "省")):  # 自治区北部湾办, 省财政厅: the (autonomous) region's own
        return "province"
    if _COUNTY_NAME.match(name):
        return "county"
    if _CENTRAL.search(name):
        return "central"
    return "unknown"
