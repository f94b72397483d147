"""Docs and code must agree (datasette-style): README, spec and the metric catalogue."""

import re

from etl.store.schema import SQL_DIR, metric_catalog, view_names
from tests.conftest import REPO, SHARED

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_metric_is_in_the_readme_and_the_spec():
    spec = (SHARED / "spec" / "metrics.md").read_text(encoding="utf-8")
    for m in metric_catalog():
        assert f"`{m['metric']}`" in README or m["metric"] in README, m["metric"]
        if m["kind"] == "rate":
            assert f"`{m['metric']}`" in spec, f"{m['metric']} is not a metric of spec §4"
            assert m["label"] in spec, f"label {m['label']} differs from the spec"


def test_every_spec_rate_is_in_the_catalogue():
    spec = (SHARED / "spec" / "metrics.md").read_text(encoding="utf-8")
    section4 = spec.split("## 4.")[1].split("Report quality")[0]
    spec_metrics = set(re.findall(r"^\| `([a-z_]+)` \|", section4, flags=re.M)) - {"yoy_"}
    assert spec_metrics <= {m["metric"] for m in metric_catalog()}


def test_every_table_and_view_is_documented():
    schema = (SQL_DIR / "schema.sql").read_text(encoding="utf-8")
    for table in re.findall(r"create table if not exists (\w+)", schema):
        assert f"`{table}`" in README, table
    for view in view_names():
        assert f"`{view}`" in README, view


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
