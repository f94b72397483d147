"""One agency across renames: which organ each report belongs to, how organs succeed one another, and
the `agency_id` every report carries.

Every report is loaded with `agency_key` (`etl/agency_key.py`: region code + canonical organ name).
After every ingest this module recomputes, from the stored rows alone (so builds stay idempotent and
incremental):

1. **Organs** (`reports.organ_id`): one per `agency_key`, except that names sharing a key are kept
   apart as organs of their own (`<region code>:<organ name>`) when they report side by side (the same
   years, at least `MIN_OVERLAP_YEARS`: two organs, e.g. 文化局 and 旅游局 that the key's rename families
   map to one name) or when the curated table or the user's links call one the merger or split
   predecessor of the other.
2. **Links** between organs of the same region, one ending when the other starts (no overlapping
   years, at most `MAX_GAP` years apart), from evidence: the curated table of national reforms
   (`etl/data/agency_lineage.csv`, within its years), the same site column (`source_url` up to its
   date folder, a column holding at most `MAX_ORGANS_PER_COLUMN` organs) and one name written with
   characters of the other in order (安监局 → 安全生产监督管理局, 城市管理行政执法局 → 城市管理局);
   these two only where the sectors agree (equal, or either unknown / other). An organ is
   linked only to its nearest successors (those starting first). The user's links file
   (`agency_links.csv` in the input folder, or `xxgk build --links`) adds links or undoes any link.
3. **Kinds**: a successor with several predecessors is a merger, a predecessor with several successors
   a split, else a rename (the curated table or the user may say merger or split for a single link).
4. **Agencies** (`reports.agency_id`): organs joined by renames are one agency, named by its most
   recent organ; mergers and splits keep their ids and are linked in `agency_lineage`.
   `agency_names` keeps every name with its years.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.agency_key import agency_key, clean_agency_name, expand_abbreviation
from etl.region import split_region

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CURATED = DATA_DIR / "agency_lineage.csv"
LINKS_FILE = "agency_links.csv"  # the user's links, read from the build's input folder
KINDS = ("rename", "merger", "split")
KIND_LABELS = {"rename": "更名", "merger": "合并", "split": "分设"}
MAX_GAP = 2  # the successor starts at most this many years after the predecessor's last report
MIN_OVERLAP_YEARS = 2  # names of one key reporting side by side this often are two organs
MAX_ORGANS_PER_COLUMN = 6  # a site column holding more organs is a site-wide list, not evidence
GENERIC_SECTORS = (None, "other")

_URL = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]*://)?([^/?#\s]+)(/[^?#\s]*)?")
# a folder named by a date (201604, 2016-04, 20160421, 2016/) starts the per-article part of a path
_DATE_DIR = re.compile(r"/(?:19|20)\d{2}(?:[-_]?[01]?\d(?:[-_]?[0-3]?\d)?)?/")


def site_column(url: str | None) -> str | None:
    """The site column a page belongs to: host (without www.) and path up to its date folder.

    'https://www.putian.gov.cn/zfxxgk/bmzfxxgk/ptcg/zfxxgk/zfxxgknb/201604/t20160421_461715.htm'
    → 'putian.gov.cn/zfxxgk/bmzfxxgk/ptcg/zfxxgk/zfxxgknb/'; without a date folder, the page's folder."""
    if not url:
        return None
    m = _URL.match(url)
    if not m or "." not in m.group(1):
        return None
    host = m.group(1).lower().removeprefix("www.")
    path = m.group(2) or "/"
    d = _DATE_DIR.search(path)
    path = path[: d.start() + 1] if d else path[: path.rfind("/") + 1]
    return host + path


def organ_name(agency: str) -> str:
    """The organ part of an agency name, region removed and abbreviation expanded:
    '莆田市安监局' → '安监局', '上海市科委' → '科学技术委员会'."""
    name = clean_agency_name(agency) or re.sub(r"\s+", "", agency)
    prefix, organ = split_region(expand_abbreviation(name))
    return organ or name


def is_abbreviation(short: str, full: str) -> bool:
    """`short` is written by picking characters of `full` in order (安监局 ← 安全生产监督管理局), ends
    with the same character and is not the region's government itself."""
    if len(short) < 3 or len(short) >= len(full) or short[-1] != full[-1] or short[0] != full[0]:
        return False
    if "人民政府" in full or "人民政府" in short:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, pa.DataType], rows: list[tuple]
) -> None:
    """Bulk insert through Arrow (`executemany` inserts one row at a time)."""
    if not rows:
        return
    staged = pa.table(  # noqa: F841 - referenced by name in the SQL below
        {
            name: pa.array(values, type=t)
            for (name, t), values in zip(columns.items(), zip(*rows, strict=True), strict=True)
        }
    )
    con.execute(f"insert into {table} select * from staged")


_STR, _INT = pa.string(), pa.int32()


# --------------------------------------------------------------------------------------------------
# The curated table and the user's links


@dataclass(frozen=True)
class Rule:
    """A row of the curated table: organ names without region, and the years the successor may start."""

    predecessor: str
    successor: str
    kind: str
    from_year: int
    to_year: int
    note: str


@dataclass(frozen=True)
class UserLink:
    action: str  # link | unlink
    predecessor: str  # an agency name as reports state it, an organ_id or an agency_id
    successor: str
    kind: str
    year: int | None
    note: str
    line: int


def read_curated(path: Path = CURATED) -> list[Rule]:
    with open(path, encoding="utf-8", newline="") as f:
        return [
            Rule(
                r["predecessor"].strip(),
                r["successor"].strip(),
                r["kind"].strip(),
                int(r["from_year"]),
                int(r["to_year"]),
                r["note"].strip(),
            )
            for r in csv.DictReader(f)
        ]


def read_user_links(path: Path | None) -> tuple[list[UserLink], list[str]]:
    """The user's links file: (links, problems found in it, one message per bad line)."""
    if path is None or not Path(path).is_file():
        return [], []
    links, problems = [], []
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for i, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        action = (row.get("action") or "link").lower()
        kind = (row.get("kind") or "rename").lower()
        pred, succ, year = row.get("predecessor", ""), row.get("successor", ""), row.get("year", "")
        if not pred and not succ:
            continue
        if action not in ("link", "unlink"):
            problems.append(f"第 {i} 行：action 应为 link 或 unlink，而不是“{action}”")
            continue
        if kind not in KINDS:
            problems.append(f"第 {i} 行：kind 应为 rename、merger 或 split，而不是“{kind}”")
            continue
        if not pred or not succ:
            problems.append(f"第 {i} 行：predecessor 和 successor 都要填写")
            continue
        if year and not year.isdecimal():
            problems.append(f"第 {i} 行：year 应为年份，而不是“{year}”")
            continue
        links.append(UserLink(action, pred, succ, kind, int(year) if year else None, row.get("note", ""), i))
    return links, problems


# --------------------------------------------------------------------------------------------------
# Organs and links


@dataclass
class Names:
    """The reports of one (agency_key, agency name)."""

    key: str
    agency: str
    region_code: str | None
    years: Counter = field(default_factory=Counter)
    sectors: Counter = field(default_factory=Counter)
    sites: set = field(default_factory=set)
    n: int = 0
    organ: str = ""


@dataclass
class Organ:
    """An organ: its names (the properties are read once all names are in)."""

    organ_id: str
    region_code: str | None
    names: list[Names] = field(default_factory=list)

    @cached_property
    def years(self) -> set[int]:
        return {y for n in self.names for y in n.years}

    @cached_property
    def first(self) -> int | None:
        return min(self.years, default=None)

    @cached_property
    def last(self) -> int | None:
        return max(self.years, default=None)

    @cached_property
    def n(self) -> int:
        return sum(n.n for n in self.names)

    @cached_property
    def organs(self) -> set[str]:
        return {n.organ for n in self.names}

    @cached_property
    def sites(self) -> set[str]:
        return set().union(*(n.sites for n in self.names))

    @cached_property
    def sector(self) -> str | None:
        c = Counter()
        for n in self.names:
            c.update(n.sectors)
        return c.most_common(1)[0][0] if c else None

    @cached_property
    def name(self) -> str:
        """The most recent name (latest year, then the most reports)."""
        return max(self.names, key=lambda n: (max(n.years, default=0), n.n, n.agency)).agency

    def first_organ(self) -> str:
        return min(self.names, key=lambda n: (min(n.years, default=9999), -n.n, n.agency)).organ

    def last_organ(self) -> str:
        return max(self.names, key=lambda n: (max(n.years, default=0), n.n, n.agency)).organ


@dataclass
class Link:
    pred: str
    succ: str
    kind: str
    sources: list[str]
    evidence: list[str]
    year: int | None = None
    fixed_kind: bool = False  # the curated table or the user named the kind


def _succeeds(a: Organ, b: Organ) -> bool:
    """b starts after a's last report, within MAX_GAP years."""
    return a.last is not None and b.first is not None and 1 <= b.first - a.last <= MAX_GAP


def _sectors_agree(a: Organ, b: Organ) -> bool:
    return a.sector == b.sector or a.sector in GENERIC_SECTORS or b.sector in GENERIC_SECTORS


def _span(o: Organ) -> str:
    return f"{o.first}–{o.last}" if o.first != o.last else f"{o.first}"


def load_names(con: duckdb.DuckDBPyConnection) -> list[Names]:
    rows = con.execute(
        """
        select agency_key, agency, any_value(region_code), year, sector,
            regexp_extract(source_url, '^[^?#]*/') as folder,  -- the page's folder: the same site column
            count(*)
        from reports
        where agency_key is not null and agency is not null
        group by agency_key, agency, year, sector, folder
        order by agency_key, agency, year, sector, folder
        """
    ).fetchall()
    groups: dict[tuple[str, str], Names] = {}
    for key, agency, code, year, sector, url, n in rows:
        g = groups.get((key, agency))
        if g is None:
            g = groups[(key, agency)] = Names(key, agency, code)
        if code and not g.region_code:
            g.region_code = code
        if year is not None:
            g.years[year] += n
        g.sectors[sector] += n
        site = site_column(url)
        if site:
            g.sites.add(site)
        g.n += n
    organ_of = organ_names(con)
    for g in groups.values():
        g.organ = organ_of.get(g.agency) or organ_name(g.agency)
    return list(groups.values())


def organ_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """agency name → organ name, kept in `organ_names` between builds: only names not seen by this
    version of the code are worked out (`organ_name` takes about half a millisecond)."""
    from etl.version import code_version

    version = code_version("etl.store.lineage")
    con.execute("delete from organ_names where version <> ?", [version])
    new = [
        a
        for (a,) in con.execute(
            "select distinct agency from reports where agency is not null "
            "and agency not in (select name from organ_names)"
        ).fetchall()
    ]
    insert(
        con,
        "organ_names",
        {"name": _STR, "organ": _STR, "version": _STR},
        [(a, organ_name(a), version) for a in new],
    )
    return dict(con.execute("select name, organ from organ_names").fetchall())


class Resolver:
    """User link ends (an agency name, an organ_id or an agency_id) → organs."""

    def __init__(self, organs: dict[str, Organ]):
        self.by_name: dict[str, set[str]] = defaultdict(set)
        for oid, o in organs.items():
            self.by_name[oid].add(oid)
            for n in o.names:
                self.by_name[n.agency].add(oid)
                self.by_name[n.key].add(oid)

    def pairs(self, pred: str, succ: str, organs: dict[str, Organ]) -> list[tuple[str, str]]:
        a, b = self.by_name.get(pred, set()), self.by_name.get(succ, set())
        pairs = [(x, y) for x in sorted(a) for y in sorted(b) if x != y]
        same_region = [(x, y) for x, y in pairs if organs[x].region_code == organs[y].region_code]
        return same_region or pairs


def split_organs(names: list[Names], rules: list[Rule], user: list[UserLink]) -> dict[str, Organ]:
    """Group names into organs: by agency_key, except names kept apart as organs of their own."""
    apart_pairs = {(r.predecessor, r.successor) for r in rules if r.kind in ("merger", "split")}
    by_key: dict[str, list[Names]] = defaultdict(list)
    for g in names:
        by_key[g.key].append(g)
    user_pairs = [(u.predecessor, u.successor, u) for u in user if u.action == "unlink" or u.kind != "rename"]
    organs: dict[str, Organ] = {}
    for key, groups in by_key.items():
        code = key.split(":", 1)[0]
        apart: set[str] = set()  # organ names that get an id of their own
        if len({g.organ for g in groups}) > 1 and code != "?":
            years: dict[str, Counter] = defaultdict(Counter)
            for g in groups:
                years[g.organ].update(g.years)
            organ_names = sorted(years)
            for i, a in enumerate(organ_names):
                for b in organ_names[i + 1 :]:
                    if len(set(years[a]) & set(years[b])) >= MIN_OVERLAP_YEARS:
                        apart |= {a, b}
                for b in organ_names:
                    if (a, b) in apart_pairs:
                        apart.add(a)
            for pred, succ, _ in user_pairs:
                p = {g.organ for g in groups if pred in (g.agency, g.organ)}
                s = {g.organ for g in groups if succ in (g.agency, g.organ)}
                if p and s and p != s:
                    apart |= p - s
        for g in groups:
            oid = f"{code}:{g.organ}" if g.organ in apart else key
            organs.setdefault(oid, Organ(oid, g.region_code)).names.append(g)
    return organs


def find_links(organs: dict[str, Organ], rules: list[Rule]) -> dict[tuple[str, str], Link]:
    """Candidate links from the evidence (before the user's links and the nearest-successor rule)."""
    links: dict[tuple[str, str], Link] = {}

    def add(a: Organ, b: Organ, source: str, evidence: str, kind: str = "rename", fixed: bool = False):
        link = links.get((a.organ_id, b.organ_id))
        if link is None:
            link = links[(a.organ_id, b.organ_id)] = Link(a.organ_id, b.organ_id, kind, [], [])
        if fixed and not link.fixed_kind:
            link.kind, link.fixed_kind = kind, True
        if source not in link.sources:
            link.sources.append(source)
            link.evidence.append(evidence)

    by_region: dict[str, list[Organ]] = defaultdict(list)
    for o in organs.values():
        if o.region_code and o.first is not None:
            by_region[o.region_code].append(o)
    for region in by_region.values():
        starts: dict[int, list[Organ]] = defaultdict(list)
        named: dict[str, list[Organ]] = defaultdict(list)
        for o in region:
            starts[o.first].append(o)
            for organ in o.organs:
                named[organ].append(o)
        # the curated table of national reforms
        for r in rules:
            for a in named.get(r.predecessor, ()):
                for b in named.get(r.successor, ()):
                    if a is not b and _succeeds(a, b) and r.from_year <= b.first <= r.to_year:
                        add(
                            a,
                            b,
                            "curated",
                            f"机构改革对照表：{r.predecessor} → {r.successor}（{r.note}）",
                            r.kind,
                            fixed=r.kind != "rename",
                        )
        # names written as an abbreviation of one another, in the same sector
        for a in region:
            for gap in range(1, MAX_GAP + 1):
                for b in starts.get(a.last + gap, ()):
                    if not _sectors_agree(a, b):
                        continue
                    x, y = a.last_organ(), b.first_organ()
                    if is_abbreviation(x, y) or is_abbreviation(y, x):
                        short, full = (x, y) if len(x) < len(y) else (y, x)
                        add(a, b, "name", f"名称相近：“{short}”的字依次见于“{full}”（简称或改称）")
    # the same site column
    columns: dict[str, list[Organ]] = defaultdict(list)
    for o in organs.values():
        for s in o.sites:
            columns[s].append(o)
    for site, members in sorted(columns.items()):
        if len(members) > MAX_ORGANS_PER_COLUMN:
            continue
        for a in members:
            for b in members:
                if (
                    a is not b
                    and a.region_code
                    and a.region_code == b.region_code
                    and _succeeds(a, b)
                    and _sectors_agree(a, b)
                ):
                    add(
                        a,
                        b,
                        "site",
                        f"同一网站栏目 {site}：前者年报止于 {a.last} 年，后者始于 {b.first} 年",
                    )
    return links


def resolve_links(
    organs: dict[str, Organ], found: dict[tuple[str, str], Link], user: list[UserLink], links_name: str
) -> dict[tuple[str, str], Link]:
    """The evidence links after the nearest-successor rule and the user's links, with their kinds."""
    resolver = Resolver(organs)
    unlinked: set[frozenset] = set()
    forced: list[Link] = []
    for u in user:
        for a, b in resolver.pairs(u.predecessor, u.successor, organs):
            if u.action == "unlink":
                unlinked.add(frozenset((a, b)))
            else:
                note = f"（{u.note}）" if u.note else ""
                forced.append(
                    Link(
                        a,
                        b,
                        u.kind,
                        ["user"],
                        [f"用户链接（{links_name} 第 {u.line} 行）{note}"],
                        u.year,
                        True,
                    )
                )
    # each organ keeps only its nearest successors (those starting first)
    nearest: dict[str, int] = {}
    for (a, b), _ in found.items():
        if frozenset((a, b)) not in unlinked:
            nearest[a] = min(nearest.get(a, 9999), organs[b].first)
    links = {
        k: link
        for k, link in found.items()
        if frozenset(k) not in unlinked and organs[k[1]].first == nearest.get(k[0])
    }
    for link in forced:
        links.pop((link.succ, link.pred), None)
        links[(link.pred, link.succ)] = link
    # kinds: several predecessors make a merger, several successors a split
    incoming, outgoing = Counter(), Counter()
    for a, b in links:
        incoming[b] += 1
        outgoing[a] += 1
    for (a, b), link in links.items():
        if link.fixed_kind:
            continue
        if incoming[b] > 1:
            link.kind = "merger"
        elif outgoing[a] > 1:
            link.kind = "split"
        else:
            link.kind = "rename"
    for link in links.values():
        if link.year is None:
            link.year = organs[link.succ].first
    return links


def agencies_of(organs: dict[str, Organ], links: dict[tuple[str, str], Link]) -> dict[str, str]:
    """organ_id → agency_id: organs joined by renames are one agency, named by its most recent organ."""
    parent = {oid: oid for oid in organs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), link in links.items():
        if link.kind == "rename":
            parent[find(a)] = find(b)
    members: dict[str, list[str]] = defaultdict(list)
    for oid in organs:
        members[find(oid)].append(oid)
    out = {}
    for group in members.values():
        head = max(group, key=lambda o: (organs[o].last or 0, organs[o].n, o))
        for oid in group:
            out[oid] = head
    return out


def refresh_lineage(con: duckdb.DuckDBPyConnection, links_path: Path | None = None) -> list[str]:
    """Recompute organ_id and agency_id of every report, `agency_names` and `agency_lineage`.

    Returns the problems found in the user's links file (also recorded in `ingest_errors`, stage
    `links`)."""
    backfill_agency_keys(con)
    rules = read_curated()
    user, problems = read_user_links(links_path)
    names = load_names(con)
    organs = split_organs(names, rules, user)
    links_name = Path(links_path).name if links_path else LINKS_FILE
    links = resolve_links(organs, find_links(organs, rules), user, links_name)
    agency = agencies_of(organs, links)

    mapping = [(g.key, g.agency, oid, agency[oid]) for oid, o in organs.items() for g in o.names]
    con.execute(
        "create or replace temp table _organ_map (agency_key varchar, agency varchar, organ_id varchar, agency_id varchar)"
    )
    insert(
        con, "_organ_map", {"agency_key": _STR, "agency": _STR, "organ_id": _STR, "agency_id": _STR}, mapping
    )
    con.execute(
        """
        update reports set organ_id = m.organ_id, agency_id = m.agency_id
        from _organ_map m
        where reports.agency_key = m.agency_key and reports.agency = m.agency
          and (reports.organ_id is distinct from m.organ_id or reports.agency_id is distinct from m.agency_id)
        """
    )
    con.execute(
        "update reports set organ_id = null, agency_id = null "
        "where (agency_key is null or agency is null) and (organ_id is not null or agency_id is not null)"
    )
    con.execute("drop table _organ_map")

    con.execute("delete from agency_names")
    con.execute(
        """
        insert into agency_names
        select agency_id, organ_id, agency as name, min(year) as first_year, max(year) as last_year,
               count(*) as n_reports
        from reports where agency_id is not null
        group by agency_id, organ_id, agency
        """
    )
    con.execute("delete from agency_lineage")
    rows = [
        (
            link.pred,
            link.succ,
            agency[link.pred],
            agency[link.succ],
            organs[link.pred].name,
            organs[link.succ].name,
            link.year,
            link.kind,
            "+".join(link.sources),
            "；".join(link.evidence),
        )
        for link in sorted(links.values(), key=lambda x: (x.pred, x.succ))
    ]
    columns = ("predecessor_id", "successor_id", "predecessor_agency_id", "successor_agency_id")
    insert(
        con,
        "agency_lineage",
        dict.fromkeys(columns + ("predecessor", "successor"), _STR)
        | {"year": _INT, "kind": _STR, "source": _STR, "evidence": _STR},
        rows,
    )

    con.execute("delete from ingest_errors where stage = 'links'")
    if problems:
        from datetime import datetime

        now = datetime.now().replace(microsecond=0)
        con.executemany(
            "insert into ingest_errors values (?, null, 'links', ?, ?)",
            [(str(links_path), p, now) for p in problems],
        )
    return problems


def backfill_agency_keys(con: duckdb.DuckDBPyConnection) -> int:
    """`agency_key` for reports loaded without it (a database from an older build or a generator)."""
    rows = con.execute(
        "select distinct agency, region_code from reports where agency_key is null and agency is not null"
    ).fetchall()
    if not rows:
        return 0
    con.execute(
        "create or replace temp table _keys (agency varchar, region_code varchar, agency_key varchar)"
    )
    insert(
        con,
        "_keys",
        {"agency": _STR, "region_code": _STR, "agency_key": _STR},
        [(a, c, agency_key(a, c)) for a, c in rows],
    )
    con.execute(
        """
        update reports set agency_key = k.agency_key from _keys k
        where reports.agency_key is null and reports.agency = k.agency
          and reports.region_code is not distinct from k.region_code
        """
    )
    con.execute("drop table _keys")
    return len(rows)


def lineage_groups(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """agency_id → its lineage group: agencies connected by merger or split links, named by the
    group's most recent agency (an agency without such links is a group of its own)."""
    edges = con.execute(
        "select predecessor_agency_id, successor_agency_id from agency_lineage "
        "where predecessor_agency_id <> successor_agency_id"
    ).fetchall()
    if not edges:
        return {}
    last = dict(con.execute("select agency_id, max(coalesce(year, 0)) from reports group by 1").fetchall())
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    out = {}
    for members in groups.values():
        head = max(members, key=lambda a: (last.get(a, 0), a))
        for a in members:
            out[a] = head
    return out


def describe(con: duckdb.DuckDBPyConnection) -> str:
    """A JSON summary (for build_info): organs, agencies and links by kind."""
    organs, agencies = con.execute(
        "select count(distinct organ_id), count(distinct agency_id) from reports"
    ).fetchone()
    kinds = dict(con.execute("select kind, count(*) from agency_lineage group by 1").fetchall())
    return json.dumps({"organs": organs, "agencies": agencies, "links": kinds}, ensure_ascii=False)
