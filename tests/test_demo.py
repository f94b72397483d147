"""`xxgk demo` (issue 16): generated raw report files of several provinces, built through the real ETL
into a database marked synthetic."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from xxgk import demo, rawgen

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
N = 80


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("demo") / "data" / "demo.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "xxgk.cli", "demo", "--reports", str(N), "--output", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out, proc


def test_demo_builds_a_synthetic_database_through_the_etl(demo_db):
    out, proc = demo_db
    assert f"{N} reports loaded, 0 failed" in proc.stdout
    assert not list(out.parent.glob(".demo.duckdb.demo-*")), "the scratch folder is removed"
    con = duckdb.connect(str(out), read_only=True)
    try:
        info = dict(con.execute("select key, value from build_info").fetchall())
        assert info["synthetic"] == "true"
        assert "parser_version" in info and "last_build" in info  # written by the build itself
        # what the build parsed is what the generator wrote (names, regions, years)
        want = rawgen.items(N, seed=0, renderings=demo.renderings(), provinces=demo.DEFAULT_PROVINCES)
        got = con.execute("select agency, year, province from reports").fetchall()
        assert Counter((a, y) for a, y, _ in got) == Counter((it.name, it.year) for it in want)
        provinces = {p for _, _, p in got if p}
        assert len(provinces) >= 3 and provinces <= set(demo.DEFAULT_PROVINCES)
        years = {y for _, y, _ in got}
        assert len(years) >= 8 and min(years) < 2019 <= max(years)
        formats = {r[0] for r in con.execute("select distinct format from reports").fetchall()}
        assert formats == {"pre2019", "2019", "2021"}
        # every rendering went through the readers
        kinds = {Path(r[0]).suffix for r in con.execute("select path from sources").fetchall()}
        assert {".txt", ".html", ".docx"} <= kinds
        # the dashboard's tables are there (the build derived them) and facts were extracted
        assert con.execute("select count(*) from dash_reports").fetchone()[0] == N
        assert con.execute("select count(*) from facts").fetchone()[0] > N * 5
    finally:
        con.close()


def test_the_dashboard_opens_it_and_says_synthetic(demo_db):
    from dashboard import db, queries

    out, _ = demo_db
    con = db.open_database(out)
    try:
        with db.cursor(con) as cur:
            assert queries.build_info(cur)["synthetic"] == "true"
    finally:
        con.close()


def test_bad_arguments_are_usage_errors(tmp_path):
    for args in (["--reports", "0"], ["--provinces", "火星省"]):
        proc = subprocess.run(
            [sys.executable, "-m", "xxgk.cli", "demo", *args, "--output", str(tmp_path / "d.duckdb")],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert proc.returncode == 2, (args, proc.stderr)
    assert not (tmp_path / "d.duckdb").exists()


def test_province_filter_of_the_generator():
    its = rawgen.items(60, seed=3, provinces=("13", "吉林省"))
    assert {it.agency.place.code[:2] for it in its} <= {"13", "22"}
    assert rawgen.province_codes(["河北省", "220000"]) == {"13", "22"}
    with pytest.raises(ValueError):
        rawgen.province_codes(["火星省"])
    # without provinces the stream is the national one of before (the benchmarks' truth)
    assert [it.name for it in rawgen.items(5, seed=0)] == [
        it.name for it in rawgen.items(5, seed=0, provinces=None)
    ]
