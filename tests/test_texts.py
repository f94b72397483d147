"""The report texts live beside the database in immutable Parquet segments (etl/store/texts.py): what a
build writes, replaces, merges and removes, the migration of a database that held them in a table, and
the dashboard's reading of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from etl.build import build
from etl.store import texts
from tests import generated as gen


def _texts(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        texts.ensure_view(con)
        return dict(con.execute("select report_id, text from report_texts").fetchall())
    finally:
        con.close()


def _segments(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return texts.segments(con)
    finally:
        con.close()


def _report_text(db: Path, path: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    texts.ensure_view(con)
    try:
        return con.execute(
            "select t.text from reports r join report_texts t using (report_id) where r.path = ?", [path]
        ).fetchone()[0]
    finally:
        con.close()


def test_each_build_adds_one_segment_and_a_replaced_text_is_not_read(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    first = _texts(db)
    assert len(first) == 5 and all(first.values())
    assert len(_segments(db)) == 1
    assert sorted(p.name for p in texts.folder(db).iterdir()) == _segments(db)
    name = "cangzhou_2018.txt"
    (inbox / name).write_text((inbox / name).read_text(encoding="utf-8") + "\n附注。", encoding="utf-8")
    build(inbox, db)
    second = _texts(db)
    assert len(second) == 5  # one text per report: the replaced one is garbage in the old segment
    assert _report_text(db, name).endswith("附注。")
    assert len(_segments(db)) == 2
    # a build with nothing new writes no segment
    build(inbox, db)
    assert len(_segments(db)) == 2 and _texts(db) == second


def test_compaction_keeps_every_text_and_bounds_the_segments(tmp_path):
    where = tmp_path / "t"
    con = duckdb.connect(str(tmp_path / "c.duckdb"))
    con.execute("create table text_locations (report_id varchar primary key, segment varchar not null)")
    con.execute(
        "create table text_segments (segment varchar primary key, rows bigint not null, created timestamp not null)"
    )
    expected = {}
    for batch in range(12):
        rows = {f"r{batch:02d}-{i}": f"第{batch}批第{i}份" for i in range(3)}
        expected.update(rows)
        con.register("batch", pa.table({"report_id": list(rows), "text": list(rows.values())}))
        texts.add(con, where, "select * from batch")
        con.unregister("batch")
        texts.compact(con, where, max_segments=4)
        assert len(texts.segments(con)) <= 4
        assert dict(con.execute("select * from report_texts").fetchall()) == expected
    # a report removed, then a segment mostly garbage: it is rewritten without the removed texts
    big = texts.segments(con)[-1]
    gone = [
        r[0] for r in con.execute("select report_id from text_locations where segment = ?", [big]).fetchall()
    ]
    con.register("gone", pa.table({"report_id": gone[:-1]}))
    texts.forget(con, "select report_id from gone")
    for rid in gone[:-1]:
        expected.pop(rid)
    merged = texts.compact(con, where, max_segments=4)
    assert big in merged and big not in texts.segments(con)
    assert dict(con.execute("select * from report_texts").fetchall()) == expected
    assert con.execute("select sum(rows) from text_segments").fetchone()[0] == len(expected)
    con.close()


def test_garbage_collection_keeps_the_replaced_version_for_one_build(inbox, tmp_path, monkeypatch):
    monkeypatch.setattr(texts, "MAX_SEGMENTS", 1)  # every build merges its segment with the last
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    v1 = set(_segments(db))
    (inbox / "extra.txt").write_bytes(gen.render(gen.inbox_item(gen.EXTRA[0])))
    build(inbox, db)
    v2 = set(_segments(db))
    assert v1.isdisjoint(v2)  # merged into a new segment
    on_disk = {p.name for p in texts.folder(db).iterdir()}
    assert on_disk == v1 | v2  # the replaced version's segment stays: a dashboard may still read it
    (texts.folder(db) / "left-by-a-crashed-build.parquet.tmp").write_bytes(b"")
    (inbox / "extra.txt").unlink()
    build(inbox, db, prune=True)
    v3 = set(_segments(db))
    assert {p.name for p in texts.folder(db).iterdir()} == v2 | v3
    assert len(_texts(db)) == 5


def test_a_database_with_texts_in_a_table_is_migrated(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    expected = _texts(db)
    # the earlier layout: the texts in a table. Blocks freed before them (a dropped table) stay in the
    # file, as they do in a database that has lived through builds.
    segment = str(texts.folder(db) / _segments(db)[0])
    con = duckdb.connect(str(db))
    con.execute("create table padding as select repeat('填充', 2000) || i as p from range(20000) t(i)")
    con.execute("checkpoint")
    con.execute("create table report_texts (report_id varchar primary key, text varchar not null)")
    con.execute("insert into report_texts select report_id, text from read_parquet($f)", {"f": segment})
    con.execute("delete from text_locations; delete from text_segments")
    con.execute("checkpoint")
    con.execute("drop table padding")
    con.execute("checkpoint")
    con.close()
    shutil.rmtree(texts.folder(db))
    before = db.stat().st_size
    result = build(inbox, db)
    assert result.parsed == 0
    assert _texts(db) == expected
    con = duckdb.connect(str(db), read_only=True)
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    con.close()
    assert "report_texts" not in tables
    assert db.stat().st_size < before / 2


def test_a_rewritten_database_keeps_its_rows_and_keys_and_loses_its_free_blocks(tmp_path):
    from etl.build import _rewrite

    db = tmp_path / "x.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table kept (id varchar primary key, n integer)")
    con.execute("insert into kept select 'k' || i, i from range(1000) t(i)")
    con.execute("create table padding as select repeat('填充', 2000) || i as p from range(20000) t(i)")
    con.execute("checkpoint")
    con.execute("create table later as select i from range(10) t(i)")
    con.execute("checkpoint")
    con.execute("drop table padding")  # its blocks are free, in the middle of the file
    con.execute("checkpoint")
    con.close()
    before = db.stat().st_size
    _rewrite(db)
    assert db.stat().st_size < before / 4
    con = duckdb.connect(str(db))
    assert con.execute("select count(*), sum(n) from kept").fetchone() == (1000, 499500)
    assert con.execute("select count(*) from later").fetchone() == (10,)
    with pytest.raises(duckdb.ConstraintException):
        con.execute("insert into kept values ('k1', 0)")
    con.close()


@pytest.mark.parametrize("with_folder", [True, False])
def test_the_dashboard_reads_texts_beside_the_file_and_does_without_them(inbox, tmp_path, with_folder):
    from dashboard import db as dash_db
    from dashboard import queries

    built = tmp_path / "x.duckdb"
    build(inbox, built)
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(built, db)
    if with_folder:
        shutil.copytree(texts.folder(built), texts.folder(db))
    con = duckdb.connect(str(built), read_only=True)
    rid, start, end, evidence = con.execute(
        "select report_id, span_start, span_end, evidence from facts where span_start is not null limit 1"
    ).fetchone()
    con.close()
    dash = dash_db.open_database(db)
    with dash_db.cursor(dash) as cur:
        excerpt = queries.source_excerpt(cur, rid, start, end)
    dash.close()
    if with_folder:
        assert excerpt["span"] == evidence
    else:
        assert excerpt is None  # the page says the text is not available; nothing fails
