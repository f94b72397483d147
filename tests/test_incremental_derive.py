"""An incremental build recomputes the cross-year checks only for the agencies it touched (reports
loaded, deleted or re-linked); the result must equal a recomputation over the whole database."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.store import writer
from xxgk import rawgen

CROSS_YEAR = "select report_id, rule, scope, status, detail from checks where rule in ('X1', 'X2', 'X6')"


def _cross_year(db: Path) -> set[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return set(con.execute(CROSS_YEAR).fetchall())
    finally:
        con.close()


def _recomputed(db: Path, tmp_path: Path) -> set[tuple]:
    """The same database with the cross-year checks recomputed for every agency."""
    copy = tmp_path / "full.duckdb"
    shutil.copyfile(db, copy)
    con = duckdb.connect(str(copy))
    try:
        writer.refresh_cross_year_checks(con, touched=False)
        return set(con.execute(CROSS_YEAR).fetchall())
    finally:
        con.close()


def _middle_years(truths: list[dict]) -> list[dict]:
    """Reports in the 2019+ formats whose agency reported the year before and the year after."""
    years = {(t["agency"], t["year"]) for t in truths}
    return [
        t
        for t in truths
        if t["format"] != "pre2019" and {(t["agency"], t["year"] - 1), (t["agency"], t["year"] + 1)} <= years
    ]


@pytest.fixture
def raw(tmp_path):
    out = tmp_path / "raw"
    truths = rawgen.write(out, 90, seed=3, renderings=("txt",))
    return out, truths


def test_incremental_cross_year_checks_equal_a_full_recomputation(raw, tmp_path):
    out, truths = raw
    db = tmp_path / "x.duckdb"
    first = build(out, db, None)
    assert first.exit_code == 0
    before = _cross_year(db)
    assert before, "the generated agencies have consecutive years to compare"
    assert first.touched_agencies > 0

    # next build: two middle years go (pruned: the following year loses its comparison), 40 new
    # agency-years come
    gone = [t["file"] for t in _middle_years(truths)[:2]]
    assert len(gone) == 2
    for rel in gone:
        (out / rel).unlink()
    rawgen.write(out, 40, seed=3, skip=90, renderings=("txt",))
    second = build(out, db, None, prune=True)
    assert second.exit_code == 0 and second.pruned == len(gone) and second.parsed == 40
    assert 0 < second.touched_agencies < first.touched_agencies + 40

    after = _cross_year(db)
    assert after == _recomputed(db, tmp_path)
    assert after != before  # the build changed some agencies' checks

    # a build that changes nothing touches no agency and keeps every check
    third = build(out, db, None)
    assert third.parsed == 0 and third.touched_agencies == 0
    assert _cross_year(db) == after
