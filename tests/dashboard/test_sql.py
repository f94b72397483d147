"""The dashboard's SQL files (`dashboard/sql/`) and their loader: static text, one scope predicate,
named parameters only, choices from fixed lists, the same answers as direct SQL on the file."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import duckdb
import pytest

from dashboard import db, queries, sql
from dashboard.filters import Filters

REPO = Path(__file__).resolve().parents[2]

# The scope predicate every file taking the shared filters carries (alias r on dash_reports).
SCOPE_CLAUSES = (
    "($province is null or {a}.province = $province)",
    "($city is null or {a}.city = $city)",
    "($levels is null or list_contains($levels, {a}.level))",
    "($sectors is null or list_contains($sectors, {a}.sector))",
    "($year_from is null or {a}.year between $year_from and $year_to)",
    "($q is null or strpos({a}.agency, $q) > 0)",
)
# Files whose year range applies to something else than the reports' years (documented in each).
YEARS_ELSEWHERE = {
    "chronic_problems": "a",  # the filters apply to the agency's latest attributes, the years to the runs
    "missing_reports": "r",  # the years choose the missing years, not the reports
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"--[^\n]*", "", text))


@pytest.fixture(scope="module")
def cur(synth_db):
    con = db.open_database(synth_db)
    with db.cursor(con) as c:
        yield c
    con.close()


# ---- the files ------------------------------------------------------------------------------------


def test_every_query_function_has_its_file():
    """The modules that query (queries.py, maps.py) hold no SQL: every statement they run names a file
    of dashboard/sql/, and every file is run by one of them."""
    run_names = set()
    for module in ("queries.py", "maps.py"):
        tree = ast.parse((REPO / "dashboard" / module).read_text(encoding="utf-8"))
        run_names |= {
            node.args[1].value
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "sql"
            and node.func.attr in ("run", "rows", "one", "execute", "arrow")
        }
        strings = [
            n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
        assert not [s for s in strings if re.search(r"\bselect\b.+\bfrom\b", s, re.S | re.I)], module
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) and "select" in ast.unparse(n)]
    assert run_names == set(sql.names())


@pytest.mark.parametrize("name", sql.names())
def test_a_file_is_static_named_sql(name):
    text = sql.text(name)
    assert text.startswith("-- "), "every file says what it returns in a leading comment"
    code = _flat(text)
    assert "{" not in code and "%s" not in code and "?" not in code, "no placeholders but $names"
    assert re.fullmatch(r"[a-z][a-z0-9_]*", name)


@pytest.mark.parametrize("name", sql.names())
def test_one_static_scope_predicate(name):
    """A file using any scope parameter uses all of them, in the one predicate, once."""
    used = sql.parameters(name) & set(sql.SCOPE_PARAMETERS)
    if not used:
        return
    assert used == set(sql.SCOPE_PARAMETERS), name
    code = _flat(sql.text(name))
    alias = YEARS_ELSEWHERE.get(name, "r")
    for clause in SCOPE_CLAUSES:
        c = clause.format(a=alias)
        if "$year_from" in c and name in YEARS_ELSEWHERE:
            assert code.count(c) == 0, (name, c)
        else:
            assert code.count(c) == 1, (name, c)


def test_parameters_leave_out_comments_and_strings():
    assert sql.parameters("reason_breakdown") == {*sql.SCOPE_PARAMETERS, "row_from", "row_to"}
    assert "row_from" in sql.text("reason_breakdown").split("\n")[0]  # named in the comment too
    assert sql.parameters("filter_levels") == frozenset()


# ---- the loader -----------------------------------------------------------------------------------


def test_loader_checks_the_parameters(cur):
    with pytest.raises(sql.QueryError, match="missing parameters \\['limit'\\]"):
        sql.run(cur, "ingest_errors")
    with pytest.raises(sql.QueryError, match="unexpected \\['province'\\]"):
        sql.run(cur, "ingest_errors", limit=5, province="吉林省")
    with pytest.raises(sql.QueryError, match="no query"):
        sql.run(cur, "no_such_query")
    with pytest.raises(sql.QueryError, match="not a query name"):
        sql.text("../etl/sql/schema")
    assert len(sql.run(cur, "ingest_errors", limit=2)) <= 2


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (
            Filters(),
            {
                "province": None,
                "city": None,
                "levels": None,
                "sectors": None,
                "year_from": None,
                "year_to": None,
                "q": None,
            },
        ),
        (
            Filters(
                province="吉林省",
                city="白城市",
                levels=("city", "county"),
                sectors=("education",),
                year_from=2015,
                year_to=2020,
                q="教育",
            ),
            {
                "province": "吉林省",
                "city": "白城市",
                "levels": ["city", "county"],
                "sectors": ["education"],
                "year_from": 2015,
                "year_to": 2020,
                "q": "教育",
            },
        ),
    ],
)
def test_scope_parameters(f, expected):
    assert sql.scope(f) == expected


def test_null_parameters_fold_away(cur):
    """DuckDB binds the values before optimising: an unset filter leaves no trace in the plan, a set
    one is pushed into the scan of dash_reports."""
    text = sql.text("count_export")
    plan = "\n".join(r[1] for r in cur.execute("explain " + text, sql.scope(Filters())).fetchall())
    assert "province" not in plan and "strpos" not in plan
    plan = "\n".join(
        r[1] for r in cur.execute("explain " + text, sql.scope(Filters(province="吉林省"))).fetchall()
    )
    assert "province='吉林省'" in plan.replace(" ", "")


# ---- the answers ----------------------------------------------------------------------------------


def _direct_count(direct, where: str, params: list) -> int:
    return direct.execute(f"select count(*) from reports r where {where}", params).fetchone()[0]


@pytest.mark.parametrize(
    ("f", "where", "params"),
    [
        (Filters(), "true", []),
        (Filters(levels=("city", "county")), "level in ('city', 'county')", []),
        (Filters(sectors=("education", "health")), "sector in ('education', 'health')", []),
        (Filters(year_from=2016, year_to=2019), "year between 2016 and 2019", []),
        (Filters(q="教育"), "strpos(agency, '教育') > 0", []),
        (
            Filters(levels=("county",), sectors=("government",), year_from=2020, year_to=2023),
            "level = 'county' and sector = 'government' and year between 2020 and 2023",
            [],
        ),
    ],
)
def test_scope_counts_match_direct_sql(cur, direct, f, where, params):
    assert queries.scope_counts(cur, f)["reports"] == _direct_count(direct, where, params)
    assert queries.count_export(cur, f)["reports"] == _direct_count(direct, where, params)


def test_province_and_city_filters(cur, direct, big_province):
    city = direct.execute(
        "select city from reports where province = ? and city is not null group by 1 order by count(*) desc",
        [big_province],
    ).fetchone()[0]
    assert queries.scope_counts(cur, Filters(province=big_province))["reports"] == _direct_count(
        direct, "province = ?", [big_province]
    )
    assert queries.scope_counts(cur, Filters(province=big_province, city=city))["reports"] == _direct_count(
        direct, "province = ? and city = ?", [big_province, city]
    )


@pytest.mark.parametrize(
    ("fn", "args"),
    [
        (queries.ranking, ("disclosure_rate", 2022, "organ")),
        (queries.compare_options, ("town",)),
        (queries.compare_series, ("disclosure_rate", "agency_id", ("x",))),
        (queries.dispute_by_group, ("region; drop table x",)),
        (queries.problem_heatmap, ("level",)),
        (queries.problem_statements, ("institutions", None, None, "province")),
    ],
)
def test_choices_come_from_fixed_lists(cur, fn, args):
    with pytest.raises(ValueError, match="must be one of"):
        fn(cur, Filters(), *args)


def test_user_values_are_only_ever_bound(cur):
    evil = "x' or '1'='1"
    f = Filters(province=evil, city=evil, levels=(evil,), sectors=(evil,), q="%' or 1=1 --")
    assert queries.scope_counts(cur, f)["reports"] == 0
    assert queries.compare_series(cur, Filters(), "disclosure_rate", "province", (evil, "');--")).empty
    assert queries.problem_statements(cur, Filters(), evil, None, evil).empty
    assert queries.agency_info(cur, evil) is None
    assert queries.resolve_agency(cur, evil) is None


def test_every_query_function_runs(cur, big_province, tmp_path):
    """Each public function of queries.py on a filtered scope: a frame, a dict, a list, a value or None."""
    f = Filters(province=big_province, year_from=2015, year_to=2023)
    agency = queries.find_agencies(cur, f, 5).agency_id.iloc[0]
    calls = {
        "ranking": (f, "disclosure_rate", 2022),
        "metric_years": (f, "disclosure_rate"),
        "compare_options": (f, "city"),
        "compare_series": (f, "requests_received", "agency", (agency,)),
        "reason_breakdown": (f, "denied"),
        "dispute_by_group": (f, "sector"),
        "problem_statements": (f, "institutions"),
        "source_excerpt": ("nope", 0, 1),
        "ingest_errors": (),
        "filter_options": (),
        "build_info": (),
        "metric_catalog": (),
        "export_rows": (f, "facts"),
        "export_file": (f, "reports", tmp_path / "reports.parquet", "parquet"),
        "export_batches": (f, "metrics"),
    }
    for name, fn in inspect.getmembers(queries, inspect.isfunction):
        if name.startswith("_") or fn.__module__ != queries.__name__ or name == "ranking_unit_column":
            continue
        params = list(inspect.signature(fn).parameters)
        if name in calls:
            args = calls[name]
        elif params[1] in ("agency_id", "any_id"):
            args = (agency,)
        else:
            args = (f,)
        out = fn(cur, *args)
        if name == "export_batches":  # a stream of Arrow batches
            out = out.read_all().to_pandas()
        assert out is None or isinstance(out, dict | list | int | str) or hasattr(out, "columns"), name


def test_outcome_composition_sums_table_3_by_outcome(cur, direct):
    """One row per year and outcome group (the old string-built query grouped by the row too)."""
    df = queries.outcome_composition(cur, Filters())
    assert not df.duplicated(["year", "outcome"]).any()
    expected = direct.execute(
        """select sum(f.value) from facts f join reports r using (report_id)
           where f.key like 't3.denied.%.total' and f.origin in ('table', 'sheet') and r.year = 2022
             and coalesce(r.scope, 'organ') <> 'aggregate'"""
    ).fetchone()[0]
    got = df[(df.year == 2022) & (df.outcome == "denied")].requests
    assert float(got.iloc[0]) == pytest.approx(float(expected))


def test_a_database_file_is_attached_read_only(synth_db):
    con = db.open_database(synth_db)
    try:
        with db.cursor(con) as c, pytest.raises(duckdb.Error):
            c.execute("create table src.x as select 1")
    finally:
        con.close()
