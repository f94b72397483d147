"""Docs and code must agree (datasette-style): the README, the project's own definitions (docs/spec/:
keys, summary keys, metrics) and the code; and, only when it is beside the repository, the founding
spec in ../shared/spec."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from etl.store.schema import SQL_DIR, create_schema, mart_table_names, metric_catalog, view_names
from etl.tables.labels import T3_COLS, T3_ROWS, T4_KEYS, t2_keys, t3_keys
from tests.conftest import REPO, SPEC, requires_spec

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = REPO / "docs" / "spec"
KEYS_MD = (DOCS / "keys.md").read_text(encoding="utf-8")
METRICS_MD = (DOCS / "metrics.md").read_text(encoding="utf-8")
FORMATS = ("2019", "2021")


def md_table(text: str, header: str) -> list[dict[str, str]]:
    """The rows of the Markdown table whose header row starts with `| <header>`; a cell that is one
    `code` span is given without its backticks."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header}"))
    names = [c.strip() for c in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append(
            dict(zip(names, (c[1:-1] if re.fullmatch(r"`[^`]*`", c) else c for c in cells), strict=True))
        )
    return rows


def ticked(cell: str) -> list[str]:
    """The code spans of a cell (a cell that was one code span: itself)."""
    found = re.findall(r"`([^`]+)`", cell)
    return found or ([cell] if re.fullmatch(r"[a-z_0-9.*]+", cell) else [])


# ---- docs/spec/metrics.md against etl/data/metrics.csv and the report_metrics view ----------------


def test_metrics_doc_is_the_catalogue():
    documented = [
        {
            "metric": r["metric"],
            "label": r["label"],
            "kind": r["kind"],
            "higher_is": r["higher is"],
            "definition": r["definition"],
        }
        for r in md_table(METRICS_MD, "metric | label")
    ]
    assert documented == [
        {k: m[k] for k in ("metric", "label", "kind", "higher_is", "definition")} for m in metric_catalog()
    ]


KEY = re.compile(r"\b(?:s|t[234](?:_2019)?)(?:\.[a-z_0-9]+)+")


def _formula(text: str):
    """A documented formula as a function of the report's key values (None when a key is missing)."""
    expr = KEY.sub(lambda m: f"v[{m.group()!r}]", text.replace("−", "-"))

    def f(v: dict):
        try:
            num, den = (eval(part, {"v": v}) for part in _split_ratio(expr))  # noqa: S307 - our own docs
        except KeyError:
            return None
        return None if not den else num / den

    return f


def _split_ratio(expr: str) -> tuple[str, str]:
    depth = 0
    for i, ch in enumerate(expr):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "/" and depth == 0:
            return expr[:i], expr[i + 1 :]
    raise ValueError(expr)


def test_every_rate_is_computed_as_documented(generated_db):
    """Each rate's documented formula, evaluated on the keys of every generated report, gives the value
    of `report_metrics`; the view computes exactly the documented metrics."""
    rates = {
        r["metric"]: r["definition"] for r in md_table(METRICS_MD, "metric | label") if r["kind"] == "rate"
    }
    rates.update({r["metric"]: r["formula"] for r in md_table(METRICS_MD, "metric | formula")})
    con = duckdb.connect(str(generated_db), read_only=True)
    try:
        metrics = {m for (m,) in con.execute("select distinct metric from report_metrics").fetchall()}
        assert metrics == {r["metric"] for r in md_table(METRICS_MD, "metric | label")}
        values: dict[str, dict] = {}
        for rid, key, value in con.execute(
            "select report_id, key, value from report_summary union all "
            "select report_id, key, value from facts where key like 't%' and value is not null"
        ).fetchall():
            values.setdefault(rid, {})[key] = value
        got = {
            (rid, m): v
            for rid, m, v in con.execute("select report_id, metric, value from report_metrics").fetchall()
        }
    finally:
        con.close()
    for metric, text in rates.items():
        f = _formula(text)
        compared = 0
        for rid, v in values.items():
            expected = f(v)
            if expected is not None:
                assert got[(rid, metric)] == pytest.approx(expected), (metric, rid)
                compared += 1
        assert compared >= 5, metric


# ---- docs/spec/keys.md against etl/tables/labels.py, report_summary.sql and the parse record -------


def test_table2_keys_are_documented():
    rows = md_table(KEYS_MD, "row | format")
    for fmt in FORMATS:
        documented = [f"{r['row']}.{c}" for r in rows if r["format"] == fmt for c in ticked(r["columns"])]
        assert documented == t2_keys(fmt), fmt


def test_table3_keys_are_documented():
    rows = md_table(KEYS_MD, "row | 2019")
    cols = [r["column"] for r in md_table(KEYS_MD, "column | applicant")]
    assert cols == list(T3_COLS)
    for fmt in FORMATS:
        documented = [r["row"] for r in rows if r[fmt] == "✓"]
        assert documented == [row for row, _ in T3_ROWS[fmt]], fmt
        assert [f"t3.{r}.{c}" for r in documented for c in cols] == t3_keys(fmt)


def test_table4_keys_are_documented():
    blocks = [r["block"] for r in md_table(KEYS_MD, "block | the form")]
    results = [r["result"] for r in md_table(KEYS_MD, "result | the form")]
    assert [f"t4.{b}.{r}" for b in blocks for r in results] == list(T4_KEYS)


def _summary_doc() -> dict[str, list[str]]:
    return {r["key"]: ticked(r["from the tables"]) for r in md_table(KEYS_MD, "key | what it counts")}


def _table_cells() -> list[str]:
    """Every table key; Table 3 by its 总计 column (the other columns only stand in for a blank total)."""
    keys = {k for fmt in FORMATS for k in t2_keys(fmt) + t3_keys(fmt)} | set(T4_KEYS)
    return sorted(k for k in keys if not k.startswith("t3.") or k.endswith(".total"))


def _glob(pattern: str, key: str) -> bool:
    return re.fullmatch(re.escape(pattern).replace(r"\*", r"[a-z_]+"), key) is not None


def test_summary_keys_come_from_the_documented_cells():
    """Loading one table cell at a time into `facts`, the report_summary view derives exactly the
    summary key keys.md names for it (and nothing for the cells it names for none)."""
    con = duckdb.connect()
    create_schema(con)
    cells = _table_cells()
    con.executemany(
        "insert into facts (report_id, key, value, is_blank, origin) values (?, ?, 1, false, 'table')",
        [(k, k) for k in cells],
    )
    derived: dict[str, set[str]] = {}
    for cell, key in con.execute("select report_id, key from report_summary").fetchall():
        derived.setdefault(key, set()).add(cell)
    doc = _summary_doc()
    for key, patterns in doc.items():
        documented = {c for c in cells if any(_glob(p, c) for p in patterns)}
        assert documented == derived.get(key, set()), key
    assert set(derived) <= set(doc)
    # a blank 总计 cell: the row's applicant columns are added up
    con.executemany(
        "insert into facts (report_id, key, value, is_blank, origin) values ('blank', ?, ?, ?, 'table')",
        [("t3.granted.natural", 2, False), ("t3.granted.legal", 3, False), ("t3.granted.total", None, True)],
    )
    assert con.execute(
        "select value from report_summary where report_id = 'blank' and key = 's.granted'"
    ).fetchone() == (5,)


def test_summary_keys_are_the_count_metrics_and_the_parsers_cross_check_agrees():
    from etl.parse import table_summary

    doc = _summary_doc()
    counts = {m["definition"] for m in metric_catalog() if m["kind"] == "count"}
    assert set(doc) == counts
    # etl/parse.py checks prose numbers against the tables with its own map of the same derivation
    for cell in _table_cells():
        for key in table_summary({cell: 1}):
            assert any(_glob(p, cell) for p in doc[key]), (cell, key)


def test_parse_record_fields_are_documented():
    from etl.parse import parse_bytes
    from tests import generated as gen

    (report,) = parse_bytes(gen.render(gen.item(8)), "r.txt")
    record = json.loads(report.to_json())
    fields = {r["field"]: r["what it holds"] for r in md_table(KEYS_MD, "field | what it holds")}
    assert set(fields) == set(record)
    assert set(ticked(fields["source"])) == set(record["source"])
    assert set(ticked(fields["region"])) == set(record["region"])
    assert set(ticked(fields["evidence"])) == set(next(iter(record["evidence"].values())))
    assert set(ticked(fields["format"])) == {"pre2019", "2019", "2021"}


# ---- README ----------------------------------------------------------------------------------------


def test_every_metric_is_in_the_readme():
    for m in metric_catalog():
        assert f"`{m['metric']}`" in README or m["metric"] in README, m["metric"]


def test_every_table_and_view_is_documented():
    schema = (SQL_DIR / "schema.sql").read_text(encoding="utf-8")
    tables = re.findall(r"create table if not exists (\w+)", schema)
    assert tables and view_names()
    for table in tables:
        assert f"`{table}`" in README, table
    for view in view_names():
        assert f"`{view}`" in README, view


def test_every_mart_table_is_documented():
    for table in mart_table_names():
        assert f"`{table}`" in README, table


def test_readme_first_screen_has_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:20])
    assert "make run" in first_screen and "make test" in first_screen
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_quality_weights_agree_in_sql_readme_and_dashboard():
    from dashboard.labels import QUALITY_WEIGHTS

    sql = (SQL_DIR / "derived" / "report_quality.sql").read_text(encoding="utf-8")
    numerator = sql.split("round(100 * (")[1].split(") / nullif(")[0]
    in_sql = {
        m.group(2) or m.group(3): int(m.group(1))
        for m in re.finditer(r"(\d+) \* coalesce\((?:1 - (\w+)|(\w+)), 0\)", numerator)
    }
    formula = re.search(r"completeness \d+ ·[^\n]+", README).group(0)
    in_readme = {name: int(w) for name, w in re.findall(r"(?:\(1 − )?(\w+)\)? (\d+)", formula)}
    assert len(in_sql) == 6
    assert in_sql == in_readme == QUALITY_WEIGHTS


# ---- the founding spec, when it is beside the repository ---------------------------------------------


@requires_spec
def test_every_catalogue_rate_is_in_the_founding_spec():
    spec = (SPEC / "metrics.md").read_text(encoding="utf-8")
    for m in metric_catalog():
        if m["kind"] == "rate":
            assert f"`{m['metric']}`" in spec, f"{m['metric']} is not a metric of spec §4"
            assert m["label"] in spec, f"label {m['label']} differs from the spec"


@requires_spec
def test_every_founding_spec_rate_is_in_the_catalogue():
    spec = (SPEC / "metrics.md").read_text(encoding="utf-8")
    section4 = spec.split("## 4.")[1].split("Report quality")[0]
    spec_metrics = set(re.findall(r"^\| `([a-z_]+)` \|", section4, flags=re.M)) - {"yoy_"}
    assert spec_metrics and spec_metrics <= {m["metric"] for m in metric_catalog()}


@requires_spec
def test_documented_keys_agree_with_the_founding_spec():
    spec = (SPEC / "metrics.md").read_text(encoding="utf-8")
    section2 = spec.split("## 2.")[1].split("## 3.")[0]
    section3 = spec.split("## 3.")[1].split("## 4.")[0]
    rows = md_table(KEYS_MD, "row | 2019")
    for row in rows:
        assert f"{row['row']}" in section2, row["row"]
    assert all(f"`{c}`" in section2 or c in section2 for c in T3_COLS)
    assert set(re.findall(r"^\| `(s\.[a-z_]+)` \|", section3, flags=re.M)) == set(_summary_doc())
