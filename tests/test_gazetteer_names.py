"""Every county-level division of the gazetteer, and a sample of its townships, as the author of a
report: the title names the organ with its city (or county), identity must give the organ, the
division's code and the level. Real names only (some start like generic words, hold rare characters,
or contain another division's name), none chosen by hand; wrong is worse than unknown."""

import random

import pytest

from etl import region as R
from etl.parse import parse_bytes

BODY = (
    "{a}2022年政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》要求，由{a}编制。\n"
    "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况\n"
    "2022年，{a}深入贯彻落实新修订的《条例》。\n"
)


def _identify(agency: str):
    (report,) = parse_bytes(BODY.format(a=agency).encode("utf-8"), "x.txt")
    return report


def _counties() -> list[tuple[str, str]]:
    """(organ name with its city or province, county code) for every county-level division."""
    idx = R._index()
    out = []
    for code, name in sorted(idx.names.items()):
        if R._level(code) != "county":
            continue
        province, city = idx.names.get(code[:2] + "0000", ""), idx.names.get(code[:4] + "00", "")
        out.append((f"{city or province}{name}财政局", code))
    return out


def test_every_county_level_division_is_identified():
    wrong = []
    for agency, code in _counties():
        r = _identify(agency)
        if (r.agency, r.region.code, r.level) != (agency, code, "county"):
            wrong.append((agency, r.agency, r.region.code, code, r.level))
    assert not wrong, wrong[:20]


@pytest.mark.parametrize("seed", [1, 2])
def test_townships_are_identified_or_left_unknown(seed):
    """Named after their county: right, or (several townships of that name under a county name several
    cities share, e.g. 白云区云城街道) its place unknown — the organ, level and sector always right,
    never another township."""
    idx, towns = R._index(), R._towns()
    codes = random.Random(seed).sample(sorted(towns.names), 1500)
    unknown, wrong = [], []
    for t in codes:
        name = towns.names[t]
        agency = (
            idx.names.get(towns.parent[t], "")
            + name
            + ("人民政府" if name.endswith(("镇", "乡", "苏木")) else "办事处")
        )
        r = _identify(agency)
        if (r.agency, r.level, r.sector) != (agency, "township", "government"):
            wrong.append((agency, r.agency, r.level, r.sector))
        elif r.region.township_code is None:
            unknown.append(agency)
        elif r.region.township_code != t:
            wrong.append((agency, r.region.township_code, t))
    assert not wrong, wrong
    assert len(unknown) <= 3, unknown
