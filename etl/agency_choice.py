"""Which organ wrote a report: the title's name, or the best-supported name the body gives.

Candidates come from `etl.identity` (title) and `etl.self_naming` (body phrases, header, signature);
names that denote the same organ (abbreviated, with or without their region) are pooled and their
scores summed, one per kind of evidence. Below the threshold the agency stays unknown — never a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from itertools import islice

from etl.agency_key import agency_key, clean_agency_name, official_agency_name
from etl.han import HAN
from etl.identity import Identity, agency_from_body, sole_organ_named
from etl.place_names import names_only_a_township, starts_with_place
from etl.region import (
    DEVELOPMENT_ZONES,
    RegionMatch,
    most_named_place,
    names_a_township,
    places_named_in_full,
    resolve_region,
    split_region,
)
from etl.self_naming import DISCLOSURE_OFFICE, Candidate

AGENCY_THRESHOLD = 0.7
_GOV_OFFICE = re.compile(
    r"(?:人民)?政府(?:办公室|办公厅|信息公开办公室|信息公开办)$"
    # a county's disclosure group office: '双牌县政务公开领导小组办公室'
    rf"|(?<=[县区市州旗])(?:{DISCLOSURE_OFFICE.pattern})"
)
# '市财政局' (the city's), '省财政厅': a level character, then the organ; not '市场监督管理局' (市场)
_GENERIC = re.compile(rf"^(?P<level>[省市县区])(?!场)(?=[{HAN}]{{2}})")


_ZONE_WORD = f"(?:{'|'.join(DEVELOPMENT_ZONES)})"
_DEVELOPMENT_ZONE = re.compile(_ZONE_WORD + "$")


@lru_cache(maxsize=16384)  # tried on every few characters before a generic organ name
def _is_place(name: str) -> bool:
    match = resolve_region(name)
    return match is not None and name in (match.county, match.city, match.province)


def _zone_in_full(name: str, text: str) -> str | None:
    """'高新区' → '鞍山高新区', '经济开发区' → '舒城经济开发区': the one zone the text names so with
    its host; else None (a zone placed nowhere is no organ to report)."""
    forms: Counter[str] = Counter()
    for f in islice(re.finditer(re.escape(name), text), 50):  # (each tries up to 9 places)
        run = re.search(rf"[{HAN}]{{0,10}}$", text[: f.start()]).group()
        for j in range(len(run) - 1):  # the longest host first: 马鞍山高新区, not 鞍山高新区
            match = resolve_region(run[j:] + name)
            if match and match.matched.endswith(name) and len(match.matched) > len(name):
                forms[match.matched] += 1
                break
    codes = {resolve_region(form).code for form in forms}
    return forms.most_common(1)[0][0] if len(codes) == 1 else None


def _completed(name: str, text: str) -> str | None:
    """'市城市管理行政执法局' → '莆田市城市管理行政执法局' when the text keeps naming one city; a zone's
    bare name → its full one (`_zone_in_full`)."""
    if _DEVELOPMENT_ZONE.search(name) and resolve_region(name) is None:
        return _zone_in_full(name, text)
    m = _GENERIC.match(name)
    if not m or starts_with_place(name):  # '市南区财政局', '市桥街道办事处': places named 市…
        return name
    place = most_named_place(text, m.group("level"))
    if place:
        return place + name[1:]
    # the text writes the organ's full name once ('市农业农村委' and '重庆市农业农村委员会')
    full = set()
    for f in re.finditer(re.escape(name), text):
        end = f.start() + 1  # after the level character
        full |= {text[j:end] for j in range(max(0, end - 9), end - 2) if _is_place(text[j:end])}
    if len(full) != 1:
        return _named_in_full_elsewhere(name, text, m.group("level"))
    named = full.pop() + name[1:]
    return named + "员会" if named.endswith("委") and named + "员会" in text else named


def _named_in_full_elsewhere(name: str, text: str, level: str) -> str | None:
    """'县人社局' → '安义县人力资源和社会保障局' when the text names that organ in full, in any form of
    its name, with exactly one place of the level (its contact line: '请与安义县人力资源和社会保障局
    办公室联系'); else None."""
    found = set()
    for place in places_named_in_full(text, level)[:12]:
        match = resolve_region(place + name[1:])
        want = agency_key(place + name[1:], match and match.code)
        for f in islice(re.finditer(re.escape(place), text), 20):
            run = re.match(rf"[{HAN}]{{2,20}}", text[f.end() :])
            forms = (place + run.group()[:k] for k in range(2, len(run.group()) + 1)) if run else ()
            full = next((form for form in forms if agency_key(form, match and match.code) == want), None)
            if full:
                found.add(full)
                break
    return found.pop() if len(found) == 1 else None


def _as_organ(name: str, match: RegionMatch | None) -> str:
    """A bare division name speaks for its people's government: '莆田市' → '莆田市人民政府', and so does
    a run of them ending in the division matched: '福州市晋安区' → '福州市晋安区人民政府'; a township's
    name for its government, a street's for its office ('临洮县漫洼乡', '双塔区前进街道', or '高楼镇'
    with its county named nowhere)."""
    deepest = match and (match.county or match.city or match.province)
    rest = split_region(name)[1]
    # (or the former name it was matched by: 京山县, now 京山市)
    names = (deepest, match.matched) if match and match.via == "renamed" else (deepest,)
    if deepest and not rest and name.endswith(names):
        return name + "人民政府"
    if rest and (rest == (match and match.township) or names_only_a_township(rest)):
        return name + ("办事处" if rest.endswith(("街道", "地区")) else "人民政府")
    if match and match.via == "zone" and _DEVELOPMENT_ZONE.search(name):
        return name + "管理委员会"  # a development zone's report is its administrative committee's
    return name


# An office or group inside a bureau speaks for the bureau: '莆田市水利局办公室' → '莆田市水利局'
# (not a 办事处: 东厅街道办事处 is a township's, not 东厅's).
_INNER_OFFICE = re.compile(
    rf"^(?P<organ>.+?(?<!人民政府)(?:局|委员会|委|厅))(?:[{HAN}]{{0,10}}?(?:办公室|领导小组|科|(?<!办事)处))$"
)


# A township's party-and-government office is no organ of its own: it compiles and answers for the
# township's report ('两城镇人民政府党政办公室' → '两城镇人民政府', '华侨路街道党政综合部' → its 办事处).
_TOWNSHIP_OFFICE = re.compile(
    rf"^(?P<town>[{HAN}]+?(?:镇|乡|街道))(?:人民政府|办事处)?党政(?:综合)?(?:办公室|办|部)$"
)


# So does a zone's general office ('安徽舒城经济开发区综合办公室' → the zone, its committee); not its
# committee's office, an organ that may report on its own (重庆高新技术产业开发区管理委员会办公室).
_ZONE_OFFICE = re.compile(
    rf"^(?P<zone>[{HAN}]+?{_ZONE_WORD})(?:管理委员会|管委会)?(?:党政综合|党政|综合)(?:办公室|办|部)$"
)


def _normalised(raw: str, text: str) -> tuple[str, RegionMatch | None, list[str]] | None:
    town = _TOWNSHIP_OFFICE.match(raw)
    if town:
        raw = town["town"] + ("办事处" if town["town"].endswith("街道") else "人民政府")
    zone = _ZONE_OFFICE.match(raw)
    if zone:
        raw = zone["zone"]
    inner = _INNER_OFFICE.match(raw)
    # completed before it is cleaned: the cleaning drops names that start with a level word ('市…局')
    completed = _completed(re.sub(r"\s+", "", inner.group("organ") if inner else raw), text)
    name = clean_agency_name(completed) if completed else None
    if not name:
        return None
    match = resolve_region(name, text[:3000])
    official, warnings = official_agency_name(name, text, match)
    return _as_organ(official, match), match, warnings


def _pool_of(name: str, code: str | None, names: dict[str, dict], codes: dict[str, str | None]) -> str:
    """The pool of `name` (region `code`): the one already holding it, or one holding a name that
    ends with it or that it ends with and has the same `agency_key` (any, for a name placed nowhere:
    '环境保护局'); else a pool of its own, named after it. Keys are computed only for such pairs."""
    for pool, forms in names.items():
        if name in forms:
            return pool
    for pool, forms in names.items():
        for other in forms:
            if not (
                other.endswith(name) or name.endswith(other) or _loosely_same(name, code, other, codes[other])
            ):
                continue
            if (
                code is None
                or codes[other] is None
                or agency_key(name, code) == agency_key(other, codes[other])
            ):
                return pool
    return name


def _loosely_same(a: str, code_a: str | None, b: str, code_b: str | None) -> bool:
    """A short form placed nowhere, written with characters of a placed name that ends with the same
    organ word: '长宁公安分局' and '上海市公安局长宁分局'."""
    if (code_a is None) == (code_b is None):
        return False
    short, full = (a, b) if code_a is None else (b, a)
    return len(short) >= 4 and short[-2:] == full[-2:] and set(short) <= set(full)


Pools = tuple[
    dict[str, dict[str, Candidate]],  # pool → phrase kind → its best candidate
    dict[str, dict[str, dict[str, float]]],  # pool → form of the name → phrase kind → score
    dict[str, tuple[RegionMatch | None, list[str]]],  # form of the name → its region, warnings
]


def _pooled(candidates: list[Candidate], text: str) -> Pools:
    """Candidates pooled per organ, each phrase kind counted once at its best score: one name, or
    names with the same `agency_key` that differ only in their leading places ('张义镇人民政府' and
    '凉州区张义镇人民政府'; not '平潭县人民政府' and '平潭综合实验区政府', whose forms differ)."""
    pooled: dict[str, dict[str, Candidate]] = {}
    names: dict[str, dict[str, dict[str, float]]] = {}
    resolved: dict[str, tuple[RegionMatch | None, list[str]]] = {}
    codes: dict[str, str | None] = {}
    for c in candidates:
        found = _normalised(str(c.value), text)
        if found is None:
            continue
        name, match, warnings = found
        codes[name] = match.code if match else None
        key = _pool_of(name, codes[name], names, codes)
        by_source = pooled.setdefault(key, {})
        if c.source not in by_source or by_source[c.source].score < c.score:
            by_source[c.source] = c
        forms = names.setdefault(key, {}).setdefault(name, {})
        forms[c.source] = max(forms.get(c.source, 0.0), c.score)
        resolved.setdefault(name, (match, warnings))
    return pooled, names, resolved


def _shown(forms: dict[str, dict[str, float]]) -> str:
    """The form of an organ's name to show: the title's, else the longest (the forms of one pool
    differ only in their leading places: the longest names them all)."""
    title = next((name for name, by in forms.items() if "title" in by), None)
    longest = max(forms, key=len)
    # unless the title names the organ without its place ('2014年环境保护局信息公开年报')
    if title is not None and (title == longest or not longest.endswith(title)):
        return title
    return longest


# A department's or a street office's contact line names the organ itself (its office: '请与X局办公室
# 联系'), enough alone; a government's names its office, or the centre running its website.
_OWN_CONTACT = re.compile(rf"(?:局|厅|委员会)(?:[{HAN}]{{0,8}}?办公室)?$|街道办事处$")


def _weighed(c: Candidate, for_government: bool, aggregate: bool) -> Candidate:
    """A candidate as evidence, once it is known whether the office speaks for the government:
    - the government office as compiler or contact only: weak evidence of the office itself;
    - speaking for the government: the office's name (as compiler or contact, or anywhere in a
      report that sums up the jurisdiction) stands for the government;
    - the place a jurisdiction's summary opens with ('2020年，河北省坚持…') is its region."""
    value, score = str(c.value), c.score
    contact = c.source in ("compiled_by", "contact")
    if contact and not for_government and re.search(r"人民政府办公[室厅]$", value):
        score = 0.3
    elif (
        c.source == "contact"
        and _OWN_CONTACT.search(value)
        and "政府" not in value
        and split_region(value)[0]
    ):
        score = 0.7
    if for_government and (aggregate or contact):
        value = _GOV_OFFICE.sub("人民政府", value)
    if aggregate and c.source == "opening_region":
        score = 0.8
    return c if (value, score) == (str(c.value), c.score) else replace(c, value=value, score=score)


def choose_agency(
    ident: Identity, text: str, in_compilation: bool
) -> tuple[str | None, RegionMatch | None, Candidate | None, list[str]]:
    """(agency, its region, the deciding evidence, warnings)."""
    candidates = list(ident.candidates)
    if ident.agency_raw:
        source, start, end, _score = (ident.evidence.get("agency") or (None, "headline", 0, 0, 0))[1:]
        candidates.append(
            Candidate("agency", ident.agency_raw, source, start, end, 1.0 if source == "title" else 0.8)
        )
    body_self = agency_from_body(text, _is_place, most_named_place, names_a_township)
    if body_self:
        candidates.append(
            Candidate("agency", body_self, "self_reference", 0, 0, 0.8 if in_compilation else 0.6)
        )
    else:  # named once, in its contact line, website sentence or page label, by a text that says 我局
        # throughout
        named_there = {
            str(c.value)
            for c in candidates
            if c.source in ("contact", "website")
            or (c.source.startswith("header:") and c.source != "header:网站")
        }
        sole = sole_organ_named(text, _is_place) if named_there else None
        if sole in named_there:
            candidates.append(Candidate("agency", sole, "self_reference", 0, 0, 0.3))
    # A government's office compiles the government's report as well as its own, and is its contact:
    # those phrases cannot tell the two apart, unless the report sums up the jurisdiction, or speaks
    # as the place (我区, 我县, or its opening's subject: '2022年，中江县认真贯彻…') and names the office
    # nowhere else (as the subject of its opening or in its signature, an office's own report does);
    # then the office speaks for the government.
    office_itself = any(
        c.source not in ("compiled_by", "contact") and _GOV_OFFICE.search(str(c.value)) for c in candidates
    )
    speaks_as_place = (body_self and _is_place(body_self)) or any(
        c.source == "opening_region" and _is_place(str(c.value)) for c in candidates
    )
    for_government = bool(ident.aggregate_span) or bool(speaks_as_place and not office_itself)
    candidates = [_weighed(c, for_government, bool(ident.aggregate_span)) for c in candidates]
    pooled, names, resolved = _pooled(candidates, text)
    if not pooled:
        return None, None, None, []
    titled = [key for key, by in pooled.items() if "title" in by]
    if titled:  # the title names the organ: body phrases only fill a missing title
        pooled = {titled[0]: pooled[titled[0]]}
    scored = sorted(((sum(c.score for c in by.values()), key) for key, by in pooled.items()), reverse=True)
    score, key = scored[0]
    if not titled and (score < AGENCY_THRESHOLD or (len(scored) > 1 and scored[1][0] >= score)):
        shown = "、".join(_shown(names[k]) for _, k in scored[:3])
        return None, None, None, [f"正文所述机构证据不足（{shown}）：机构未定"]
    name = _shown(names[key])
    # the evidence shown: the strongest phrase with a span in the text (a self-reference has none)
    best = max(pooled[key].values(), key=lambda c: (c.end > c.start, c.score))
    match, warnings = resolved[name]
    return (
        name,
        match,
        Candidate("agency", name, best.source, best.start, best.end, round(min(score, 1.0), 2)),
        warnings,
    )
