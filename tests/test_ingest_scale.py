"""Ingest at scale: replaced sources deleted in one set operation, --prune, the parse map's shards
(resumed after an interrupted build) and the Dask executor giving the same database."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import etl.store.writer as writer
from etl.build import build
from tests import generated as gen
from tests.test_build import counts

ROW_TABLES = (
    "reports",
    "text_locations",
    "report_features",
    "facts",
    "problems",
    "checks",
    "table_candidates",
)


def orphans(db: Path) -> int:
    """Rows of any table whose report or source is gone."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        n = sum(
            con.execute(
                f"select count(*) from {t} where report_id not in (select report_id from reports)"
            ).fetchone()[0]
            for t in ROW_TABLES[1:]
        )
        return (
            n
            + con.execute(
                "select count(*) from reports where source_sha256 not in (select sha256 from sources)"
            ).fetchone()[0]
        )
    finally:
        con.close()


def facts_checksum(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select count(*), sum(hash(report_id, key, value, is_blank, origin, span_start, span_end, page))"
            " from facts"
        ).fetchone()
    finally:
        con.close()


def spy_removals(monkeypatch) -> list[tuple[set, set]]:
    calls: list[tuple[set, set]] = []
    real = writer.remove_sources

    def spy(con, shas, paths=frozenset()):
        calls.append((set(shas), set(paths)))
        return real(con, shas, paths)

    monkeypatch.setattr(writer, "remove_sources", spy)
    return calls


def test_changed_files_are_replaced_in_one_set_operation(inbox, tmp_path, monkeypatch):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    con = duckdb.connect(str(db), read_only=True)
    old = dict(con.execute("select path, sha256 from sources").fetchall())
    con.close()
    calls = spy_removals(monkeypatch)
    for name in ("cangzhou_2018.txt", "bianhe_2021.txt"):
        (inbox / name).write_text((inbox / name).read_text(encoding="utf-8") + "\n附注。", encoding="utf-8")
    result = build(inbox, db)
    assert (result.parsed, result.skipped, result.replaced) == (2, 3, 2)
    assert len(calls) == 1  # one set operation for the whole batch
    assert calls[0][0] == {old["cangzhou_2018.txt"], old["bianhe_2021.txt"]}
    assert counts(db)["reports"] == 5 and counts(db)["sources"] == 5
    assert orphans(db) == 0


def test_new_files_delete_nothing(inbox, tmp_path, monkeypatch):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    calls = spy_removals(monkeypatch)
    name, index = gen.EXTRA
    (inbox / name).write_bytes(gen.render(gen.item(index)))
    result = build(inbox, db)
    assert (result.parsed, result.skipped, result.replaced) == (1, 5, 0)
    assert calls == [(set(), {name})]
    assert counts(db)["reports"] == 5 + result.reports and orphans(db) == 0


def test_removed_file_is_kept_until_prune(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    (inbox / "bianhe_2021.txt").unlink()
    (inbox / "empty.txt").write_bytes(b"")
    kept = build(inbox, db)
    assert (kept.prunable, kept.pruned) == (1, 0)
    assert counts(db)["reports"] == 5 and counts(db)["ingest_errors"] == 1
    (inbox / "empty.txt").unlink()
    pruned = build(inbox, db, prune=True)
    assert (pruned.pruned, pruned.prunable, pruned.parsed) == (2, 0, 0)  # the report and the failed file
    c = counts(db)
    assert c["reports"] == 4 and c["sources"] == 4 and c["ingest_errors"] == 0
    assert orphans(db) == 0
    again = build(inbox, db, prune=True)
    assert (again.pruned, again.skipped) == (0, 4)
    # a file moved to another path is not pruned: its content is still there
    (inbox / "cangzhou_2018.txt").rename(inbox / "moved.txt")
    moved = build(inbox, db, prune=True)
    assert (moved.pruned, moved.skipped, moved.parsed) == (0, 4, 0)
    assert counts(db)["reports"] == 4


def test_interrupted_build_resumes_from_its_shards(inbox, tmp_path, monkeypatch):
    db = tmp_path / "x.duckdb"

    def crash(_con):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "refresh_agencies", crash)
    with pytest.raises(KeyboardInterrupt):
        build(inbox, db, jobs=2)
    shards = tmp_path / "x.duckdb.shards"
    assert list(shards.glob("*/*/_manifest.json"))
    monkeypatch.undo()
    result = build(inbox, db, jobs=2)
    assert result.shards_reused >= 1 and result.parsed == 5 and result.reports == 5
    assert not list(shards.glob("*/*/_manifest.json"))  # loaded and published: removed
    fresh = tmp_path / "fresh.duckdb"
    build(inbox, fresh)
    assert counts(db) == counts(fresh) and facts_checksum(db) == facts_checksum(fresh)


def test_dask_executor_builds_the_same_database(inbox, tmp_path):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    a = build(inbox, local, jobs=2)
    b = build(inbox, dask, jobs=1, executor="dask")  # LocalCluster, one in-process worker
    assert (a.parsed, a.reports) == (b.parsed, b.reports) == (5, 5)
    assert counts(local) == counts(dask)
    assert facts_checksum(local) == facts_checksum(dask)
    assert facts_checksum(local)[0] > 0
