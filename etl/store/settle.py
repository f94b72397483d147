"""Cross-year settlement of run-together Table 2 rows (2019 format, rule X6).

A parse leaves a row whose digits ran together unset when several splits fit (`3960181`). The build
keeps those candidate splits in `table_candidates`; once the same agency's adjacent year is loaded,
`上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1)` may leave one value for a cell, which is then
loaded as a table fact with its span, and an X6 check row says the cell was settled this way (X6 is then
not an independent check for that row). Recomputed from scratch on every build, so it is idempotent
and follows incremental changes.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from etl.model import Report
from etl.tables.resolve import Candidate, settle_x6

SETTLED_NOTE = "按相邻年度拆分连写数字（X6），此处 X6 不是独立校验"


def candidate_rows(rid: str, report: Report) -> list[tuple]:
    """`table_candidates` rows of one parsed report; `parsed` marks cells the parse already set."""
    out = []
    for row_key, cands in report.table_candidates.items():
        for i, cand in enumerate(cands):
            for col, (value, start, end) in cand.items():
                parsed = report.values.get(f"{row_key}.{col}") is not None
                out.append((rid, row_key, i, col, float(value), start, end, parsed))
    return out


def _load(con: duckdb.DuckDBPyConnection):
    """Reports of agencies that have candidates: (agency, year) → report, values and candidates."""
    reports = con.execute(
        """
        with agencies as (
            select distinct r.agency_id from table_candidates c join reports r using (report_id)
            where r.agency_id is not null
        )
        select r.report_id, r.agency_id, r.year from reports r join agencies using (agency_id)
        where r.year is not null and r.format = '2019'
        order by r.agency_id, r.year, r.report_id
        """
    ).fetchall()
    ids = [r[0] for r in reports]
    values: dict[str, dict] = defaultdict(dict)
    cands: dict[str, dict[str, list[Candidate]]] = defaultdict(dict)
    if ids:
        for rid, key, value in con.execute(
            "select report_id, key, value from facts where report_id in (select unnest($ids)) "
            "and key like 't2_2019.%' and origin = 'table'",
            {"ids": ids},
        ).fetchall():
            values[rid][key] = value
        grouped: dict[tuple[str, str, int], Candidate] = defaultdict(dict)
        for rid, row_key, i, col, value, start, end in con.execute(
            "select report_id, row_key, candidate, col, value, span_start, span_end from table_candidates "
            "where report_id in (select unnest($ids)) order by report_id, row_key, candidate",
            {"ids": ids},
        ).fetchall():
            grouped[(rid, row_key, i)][col] = (value, start, end)
        for (rid, row_key, _), cand in grouped.items():
            cands[rid].setdefault(row_key, []).append(cand)
    by_year: dict[tuple[str, int], str] = {}
    for rid, aid, year in reports:
        by_year.setdefault((aid, year), rid)  # one report per agency and year, as the checks do
    return by_year, values, cands


def settle_cross_year(con: duckdb.DuckDBPyConnection) -> int:
    """Replace the cells settled by an earlier build with this build's settlement; cells settled."""
    con.execute(
        """
        delete from facts f using table_candidates c
        where f.report_id = c.report_id and f.key = c.row_key || '.' || c.col and not c.parsed
        """
    )
    by_year, values, cands = _load(con)
    found: dict[str, dict[str, tuple]] = defaultdict(dict)
    conflicts: set[tuple[str, str]] = set()

    def take(rid: str, cells: dict) -> None:
        for key, cell in cells.items():
            if key in found[rid] and found[rid][key][0] != cell[0]:
                conflicts.add((rid, key))
            found[rid][key] = cell

    for (aid, year), rid in by_year.items():
        prev = by_year.get((aid, year - 1))
        if prev is None or not (cands.get(prev) or cands.get(rid)):
            continue
        before, after = settle_x6(values[prev], cands.get(prev, {}), values[rid], cands.get(rid, {}))
        take(prev, before)
        take(rid, after)
    facts, checks = [], []
    texts = (
        dict(
            con.execute(
                "select report_id, text from report_texts where report_id in (select unnest($ids))",
                {"ids": list(found)},
            ).fetchall()
        )
        if found
        else {}
    )
    for rid, cells in found.items():
        settled = {k: c for k, c in cells.items() if (rid, k) not in conflicts}
        rows = defaultdict(list)
        for key, (value, start, end) in sorted(settled.items()):
            facts.append((rid, key, value, False, "table", start, end, texts.get(rid, "")[start:end]))
            rows[key.rsplit(".", 1)[0]].append(f"{key.rsplit('.', 1)[1]}={value:g}")
        for row_key, parts in rows.items():
            scope = row_key.split(".", 1)[1]
            checks.append((rid, "X6", scope, "ok", f"{SETTLED_NOTE}：{', '.join(parts)}"))
    if facts:
        con.executemany(
            "insert into facts (report_id, key, value, is_blank, origin, span_start, span_end, evidence) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            facts,
        )
        con.execute("delete from checks where rule = 'X6' and detail like ?", [SETTLED_NOTE + "%"])
        con.executemany(
            "insert into checks (report_id, rule, scope, status, detail) values (?, ?, ?, ?, ?)", checks
        )
    return len(facts)
