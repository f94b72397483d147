"""Server-side query time of every dashboard page, through the same `dashboard.queries` functions.

    python bench/dashboard_speed.py DB.duckdb            # per-page timings on an existing database
    python bench/dashboard_speed.py --generate [200000]  # build a synthetic DB of that size, check < 500 ms

A page's time is the sum of the queries it runs on a first (uncached) load, for three typical scopes:
nationwide, the largest province, and that province's largest city (all years). Each query is run
`--repeat` times and the median is taken. This is a report, not a test: it exits 0 either way.

    python bench/dashboard_speed.py DB.duckdb --pages    # also each page's whole run, budget 1 s

`--pages` times what a user waits for on the server: the page's whole script (sidebar, queries,
figures, maps, tables) as Streamlit's AppTest runs it, on a first load with the data caches cleared,
for the same three scopes; the worst scope per page against the issue's budget of 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dashboard import db, maps  # noqa: E402
from dashboard import queries as Q  # noqa: E402
from dashboard.filters import Filters  # noqa: E402

BUDGET_MS = 500.0


def page_plan(cur, f: Filters) -> dict[str, list[tuple[str, tuple]]]:
    """The queries each page runs on first load (with the arguments the page would pass)."""
    year = f.year_to or 2025
    agencies = Q.find_agencies(cur, f, 500)
    aid = agencies.agency_id.iloc[0] if len(agencies) else ""
    facts = Q.agency_facts(cur, aid) if aid else None
    fact = facts.iloc[-1] if facts is not None and len(facts) else None
    ids = tuple(Q.compare_options(cur, f, "agency", 3).uid)
    plan = {
        "总览": [
            ("filter_options", ()),
            ("scope_counts", (f,)),
            ("yearly_kpis", (f,)),
            ("reports_by_year_format", (f,)),
            ("quality_summary", (f,)),
            ("report_list", (f, 500)),
            ("maps.metric_map", (f, "disclosure_rate", year)),  # query and figure
        ],
        "排名": [
            ("metric_catalog", ()),
            ("metric_years", (f.without_years(), "disclosure_rate")),
            ("ranking", (f, "disclosure_rate", year, "agency", 10)),
            ("maps.metric_map", (f, "disclosure_rate", year)),
        ],
        "排名·地区": [("ranking", (f, "requests_received", year, "region", 10))],
        "机构画像": [
            ("find_agencies", (f, 500)),
            ("agency_info", (aid,)),
            ("agency_reports", (aid,)),
            ("agency_facts", (aid,)),
            ("agency_metrics", (aid,)),
            ("agency_checks", (aid,)),
            ("agency_problems", (aid,)),
            ("agency_problem_years", (aid,)),
        ],
        "对比": [
            ("compare_options", (f, "agency", 500)),
            ("compare_series", (f, "requests_received", "agency", ids)),
        ],
        "申请办理": [
            ("request_volumes", (f,)),
            ("applicant_mix", (f,)),
            ("outcome_summary", (f,)),
            ("reason_breakdown", (f, "denied")),
            ("reason_breakdown", (f, "unable")),
        ],
        "复议诉讼": [
            ("dispute_by_year", (f,)),
            ("dispute_totals", (f,)),
            ("dispute_by_group", (f, "region")),
        ],
        "问题分析": [
            ("problem_category_year", (f,)),
            ("chronic_problems", (f, 2)),
            ("problem_statements", (f, "institutions", None, None, "region", 200)),
            ("maps.problem_map", (f, "institutions", "制度建设", "share")),
        ],
        "数据质量": [
            ("quality_summary", (f,)),
            ("quality_by_year", (f,)),
            ("check_summary", (f,)),
            ("failed_checks", (f,)),
            ("warning_list", (f,)),
            ("missing_reports", (f,)),
            ("ingest_errors", ()),
            ("copied_reports", (f,)),
            ("quality_scores", (f,)),
            ("quality_score_by_year", (f,)),
        ],
        "数据下载": [("count_export", (f,)), ("metric_catalog", ())],
    }
    if fact is not None:
        plan["机构画像"] += [
            ("source_excerpt", (fact.report_id, int(fact.span_start), int(fact.span_end), 300))
        ]
    return plan


def time_query(cur, name: str, args: tuple, repeat: int) -> float:
    fn = getattr(maps, name.removeprefix("maps.")) if name.startswith("maps.") else getattr(Q, name)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(cur, *args)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def run(path: Path, repeat: int = 3, check: bool = False, verbose: bool = False) -> dict[str, float]:
    t = time.perf_counter()
    con = db.open_database(path)
    open_s = time.perf_counter() - t
    worst: dict[str, float] = {}
    with db.cursor(con) as cur:
        n = cur.execute("select count(*) from dash_reports").fetchone()[0]
        print(
            f"database {path} — {n:,} reports; open (attach read-only, mart built by xxgk build): "
            f"{open_s * 1000:.0f} ms (once per file version)"
        )
        scopes = scopes_of(cur)
        header = f"{'page':<10}" + "".join(f"{s:>22}" for s in scopes)
        print(header)
        rows: dict[str, dict[str, float]] = {}
        details: list[str] = []
        slowest = (0.0, "")
        for sname, f in scopes.items():
            for page, plan in page_plan(cur, f).items():
                total = 0.0
                for qname, args in plan:
                    ms = time_query(cur, qname, args, repeat)
                    total += ms
                    slowest = max(slowest, (ms, f"{qname} ({sname})"))
                    details.append(f"  {sname:<16} {page:<8} {qname:<24} {ms:8.1f} ms")
                rows.setdefault(page, {})[sname] = total
        for page, by_scope in rows.items():
            print(f"{page:<10}" + "".join(f"{by_scope[s]:>19.1f} ms" for s in scopes))
            worst[page] = max(by_scope.values())
        print(f"slowest query: {slowest[1]} {slowest[0]:.1f} ms")
        # the default filter (no year range): unknown years included
        no_years = scopes["全国"].without_years()
        t = time.perf_counter()
        Q.scope_counts(cur, no_years)
        print(f"scope_counts without a year range: {(time.perf_counter() - t) * 1000:.1f} ms")
        if verbose:
            print("\nper query:")
            print("\n".join(details))
        for label, fn in (
            ("export_reports（点击下载时）", Q.export_reports),
            ("export_metrics（点击下载时）", Q.export_metrics),
        ):
            t = time.perf_counter()
            fn(cur, scopes["全国"])
            print(f"{label}: {(time.perf_counter() - t) * 1000:.0f} ms (nationwide)")
    con.close()
    if check:
        print(f"\nbudget {BUDGET_MS:.0f} ms per page (worst scope):")
        for page, ms in worst.items():
            status = "OK  " if ms < BUDGET_MS else "SLOW"
            print(f"  {status} {page:<10} {ms:8.1f} ms  ratio {ms / BUDGET_MS:5.2f}")
        slow = [p for p, ms in worst.items() if ms >= BUDGET_MS]
        print("all pages within budget" if not slow else f"over budget: {', '.join(slow)}")
    return worst


PAGE_BUDGET_S = 1.0


def scopes_of(cur) -> dict[str, Filters]:
    """Nationwide, the province with the most reports and its city with the most, all years."""
    opts = Q.filter_options(cur)
    prov = cur.execute(
        "select province from dash_reports where province is not null group by 1 order by count(*) desc limit 1"
    ).fetchone()[0]
    city = cur.execute(
        "select city from dash_reports where province = ? and city is not null "
        "group by 1 order by count(*) desc limit 1",
        [prov],
    ).fetchone()[0]
    y0, y1 = opts["year_min"], opts["year_max"]
    return {
        "全国": Filters(year_from=y0, year_to=y1),
        f"省份={prov}": Filters(province=prov, year_from=y0, year_to=y1),
        f"城市={city}": Filters(province=prov, city=city, year_from=y0, year_to=y1),
    }


def time_pages(path: Path) -> dict[str, float]:
    """Seconds of each page's first run (data caches cleared) per scope; prints the table and the
    worst scope per page against PAGE_BUDGET_S. The database connection is opened once before."""
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["XXGK_DB"] = str(path)
    con = db.open_database(path)
    with db.cursor(con) as cur:
        scopes = scopes_of(cur)
    con.close()
    pages = sorted(p.stem for p in (REPO / "dashboard" / "views").glob("*.py") if p.stem != "__init__")
    times: dict[str, dict[str, float]] = {}
    failures: list[str] = []
    for sname, f in scopes.items():
        qp = f.to_query()
        at = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=600)
        at.query_params.update(qp)
        at.run()  # the app's first run: the shared connection, the filter options
        for page in pages:
            st.cache_data.clear()
            at.switch_page(f"views/{page}.py")
            at.query_params.update(qp)
            t = time.perf_counter()
            at.run()
            times.setdefault(page, {})[sname] = time.perf_counter() - t
            if at.exception:
                failures.append(f"{page} ({sname}): {at.exception[0].value}")
    print(f"\nwhole page runs (first load, caches cleared), budget {PAGE_BUDGET_S:.0f} s in the worst scope:")
    print(f"{'page':<10}" + "".join(f"{s:>22}" for s in scopes) + "   worst/budget")
    worst = {}
    for page, by_scope in times.items():
        worst[page] = max(by_scope.values())
        status = "ok" if worst[page] < PAGE_BUDGET_S else "MISSED"
        print(
            f"{page:<10}"
            + "".join(f"{by_scope[s]:>20.2f} s" for s in scopes)
            + f"   {worst[page] / PAGE_BUDGET_S:.2f} ({status})"
        )
    slow = [p for p, s in worst.items() if s >= PAGE_BUDGET_S]
    print("every page within budget" if not slow else f"over budget: {', '.join(slow)}")
    for line in failures:
        print(f"  page error: {line}")
    return worst


BRIEF_BUDGET_S = 30.0


def time_brief(path: Path) -> None:
    """The briefing pack (PowerPoint and PDF from one collection of its numbers) of the province with
    the most reports, all years, as `xxgk brief --pdf` makes it."""
    from dashboard import brief

    con = db.open_database(path)
    with db.cursor(con) as cur:
        prov = cur.execute(
            "select province from dash_reports where province is not null group by 1 order by count(*) desc limit 1"
        ).fetchone()[0]
    for label, kwargs in (("PowerPoint", {"pptx": True}), ("PowerPoint + PDF", {"pptx": True, "pdf": True})):
        t = time.perf_counter()
        brief.build_pack(con, Filters(province=prov), **kwargs)
        s = time.perf_counter() - t
        print(
            f"briefing pack {label} for {prov}: {s:.1f} s (budget {BRIEF_BUDGET_S:.0f} s, ratio {s / BRIEF_BUDGET_S:.2f})"
        )
    con.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", nargs="?", help="database to measure")
    ap.add_argument(
        "--generate",
        nargs="?",
        const=200_000,
        type=int,
        metavar="N",
        help="generate a synthetic database of N reports (default 200000) and check the budget",
    )
    ap.add_argument(
        "--out", default=str(REPO / "data" / "bench" / "synth.duckdb"), help="where --generate writes"
    )
    ap.add_argument("--reuse", action="store_true", help="with --generate: reuse --out if it already exists")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("-v", "--verbose", action="store_true", help="print every query's time")
    ap.add_argument(
        "--pages", action="store_true", help="also time each page's whole run (AppTest), budget 1 s"
    )
    ap.add_argument(
        "--brief",
        action="store_true",
        help="also time the briefing pack (PowerPoint and PDF) of the largest province",
    )
    args = ap.parse_args(argv)
    if args.generate:
        from bench.synth import make_synthetic_db

        out = Path(args.out)
        if not (args.reuse and out.exists()):
            t = time.perf_counter()
            make_synthetic_db(out, args.generate)
            print(f"generated {args.generate:,} reports in {time.perf_counter() - t:.0f} s → {out}")
        run(out, args.repeat, check=True, verbose=args.verbose)
        if args.pages:
            time_pages(out)
    elif args.db:
        run(Path(args.db), args.repeat, check=False, verbose=args.verbose)
        if args.pages:
            time_pages(Path(args.db))
        if args.brief:
            time_brief(Path(args.db))
    else:
        ap.error("give a database path or --generate")


if __name__ == "__main__":
    main()
