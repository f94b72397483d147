"""The parser version (etl/version.py) covers what changes parse output and nothing else: editing the
build, the store, the SQL, the CLI or the dashboard does not re-parse every file; editing a module a
parse runs, or a data file it reads, does."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl import version
from etl.version import PARSE_ROOTS, import_closure, parser_files, parser_version, version_of
from tests.conftest import REPO

ETL = REPO / "etl"

# What a parse loads when it reads a file of every kind: run in a fresh interpreter, so the modules
# imported lazily (one reader per file type) are seen too.
_LOADED = r"""
import json, sys
from etl.parse import parse_bytes
from etl.store.rows import feature_row, report_rows
from tests import generated as gen
from tests import tablegen as tg

files = [(gen.render(gen.item(i, rendering=r)), f"r.{r}") for r in ("txt", "html", "js", "docx", "pdf")
         for i in (0, 8)]
values = tg.dataset("2021", 1)
files += [(tg.render_xlsx(values, "2021"), "r.xlsx"), ("机构,年度\n甲,2020\n".encode(), "r.csv")]
for data, name in files:
    for report in parse_bytes(data, name):
        if report.error is None:
            report_rows(report, feature_row(report))
print(json.dumps(sorted(m for m in sys.modules if m == "etl" or m.startswith("etl."))))
"""


@pytest.fixture(scope="module")
def loaded_by_a_parse() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED], capture_output=True, text=True, cwd=REPO, timeout=300, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_the_closure_holds_every_module_a_parse_loads(loaded_by_a_parse):
    closure = import_closure()
    assert set(PARSE_ROOTS) <= set(closure)
    missing = set(loaded_by_a_parse) - set(closure)
    assert not missing, f"loaded by a parse but not in the parser version: {sorted(missing)}"
    assert {"etl.read.pdf", "etl.read.word", "etl.read.html", "etl.read.sheet"} <= set(loaded_by_a_parse)


def test_the_closure_leaves_out_what_does_not_parse():
    closure = import_closure()
    for name in (
        "etl.build",
        "etl.cli",
        "etl.store.writer",
        "etl.store.lineage",
        "etl.store.schema",
        "etl.store.shards",
        "etl.version",
        "etl.paths",
    ):
        assert name not in closure, name
    assert not any(m.startswith("dashboard") for m in closure)
    files = {p.relative_to(ETL).as_posix() for p in parser_files()}
    assert {"parse.py", "store/rows.py", "read/pdf.py", "data/sectors.toml"} <= files
    assert not any(
        f.startswith("sql/") or f in ("data/metrics.csv", "data/agency_lineage.csv") for f in files
    )


@pytest.fixture
def etl_copy(tmp_path) -> Path:
    copy = tmp_path / "etl"
    shutil.copytree(ETL, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert version_of(copy) == parser_version()
    return copy


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    "edited",
    [
        "build.py",
        "cli.py",
        "store/writer.py",
        "store/lineage.py",
        "store/shards.py",
        "sql/views/report_metrics.sql",
        "sql/schema.sql",
        "data/metrics.csv",
        "data/agency_lineage.csv",
        "version.py",
    ],
)
def test_editing_what_does_not_parse_keeps_the_version(etl_copy, edited):
    before = version_of(etl_copy)
    _append(etl_copy / edited, "\n-- edited\n" if edited.endswith(".sql") else "\n# edited\n")
    assert version_of(etl_copy) == before


def test_sql_folder_is_not_hashed(etl_copy):
    mart = sorted((etl_copy / "sql" / "mart").glob("*.sql"))
    assert mart
    before = version_of(etl_copy)
    for path in mart:
        _append(path, "\n-- edited\n")
    assert version_of(etl_copy) == before


@pytest.mark.parametrize(
    "edited",
    [
        "parse.py",
        "prose.py",
        "tables/rows.py",
        "read/pdf.py",
        "store/rows.py",
        "similarity.py",
        "data/sectors.toml",
    ],
)
def test_editing_what_parses_changes_the_version(etl_copy, edited):
    before = version_of(etl_copy)
    _append(etl_copy / edited, "\n# edited\n")
    assert version_of(etl_copy) != before


def test_a_module_newly_imported_by_the_parser_is_covered(etl_copy):
    (etl_copy / "newrule.py").write_text("X = 1\n", encoding="utf-8")
    before = version_of(etl_copy)
    _append(etl_copy / "newrule.py", "Y = 2\n")
    assert version_of(etl_copy) == before  # not imported yet: not covered
    _append(etl_copy / "prose.py", "\n\ndef _later():\n    from etl.newrule import X\n\n    return X\n")
    assert "etl.newrule" in import_closure(root=etl_copy)
    with_import = version_of(etl_copy)
    _append(etl_copy / "newrule.py", "Z = 3\n")
    assert version_of(etl_copy) != with_import


def test_relative_imports_are_followed(etl_copy):
    (etl_copy / "tables" / "extra.py").write_text("X = 1\n", encoding="utf-8")
    _append(etl_copy / "tables" / "rows.py", "\nfrom . import extra  # noqa\n")
    assert "etl.tables.extra" in import_closure(root=etl_copy)


def test_code_version_of_other_code():
    assert version.code_version("etl.store.lineage") != parser_version()
    assert len(version.code_version("etl.store.lineage")) == 16
