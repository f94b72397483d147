"""Issue 15 (4): open dashboards keep a working connection across a database swap.

`xxgk build` writes a staging copy and renames it into place (`os.replace`). The dashboard shares one
read-only connection per file version (`dashboard.db`): the next query after the swap opens the new
file, and the old connection is dropped, not closed, so a page still running, a download being made
or another session's callback keeps working on it until it lets go."""

from __future__ import annotations

import gc
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from bench.synth import make_synthetic_db
from dashboard import db, queries
from dashboard.filters import Filters


def _open_deleted(path: Path) -> list[str]:
    """This process's file descriptors on a replaced (deleted) version of `path`."""
    out = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(path)) and target.endswith("(deleted)"):
            out.append(target)
    return out


def test_key_changes_with_every_swap(tmp_path):
    a, b = tmp_path / "a.duckdb", tmp_path / "live.duckdb"
    a.write_bytes(b"x" * 10)
    shutil.copy2(a, b)  # same size, same modification time: only the inode tells them apart
    before = db.db_key(b)
    shutil.copy2(b, a)
    os.replace(a, b)
    after = db.db_key(b)
    assert before.mtime_ns == after.mtime_ns and before.size == after.size
    assert before != after and before.path == after.path
    assert db.db_key(tmp_path / "missing.duckdb") is None


def test_build_swap_keeps_old_connection_and_serves_the_new_data(tmp_path, inbox, monkeypatch):
    """A real rebuild renames a new file over the one the dashboard reads."""
    from etl.build import build
    from tests.generated import EXTRA, inbox_item, render

    live = tmp_path / "xxgk.duckdb"
    build(inbox, live, jobs=1, isolate=False)  # in-process: this test is about the swap, not workers
    monkeypatch.setenv("XXGK_DB", str(live))

    key = db.db_key()
    old = db.connection(key)
    assert db.connection(key) is old  # shared
    old_cursor = old.cursor()
    old_cursor.execute("use src")
    n_before = db.run_uncached(queries.scope_counts, Filters())["reports"]
    assert n_before == old_cursor.execute("select count(*) from reports").fetchone()[0] == 5
    assert db.q(queries.scope_counts, Filters())["reports"] == 5
    in_flight = old_cursor.execute("select report_id from reports order by 1")  # a result not yet read

    name, index = EXTRA
    (inbox / name).write_bytes(render(inbox_item(name)))
    build(inbox, live, jobs=1, isolate=False)  # os.replace(staging, live)

    new_key = db.db_key()
    assert new_key != key
    # every new query sees the new file, through a new shared connection
    assert db.q(queries.scope_counts, Filters())["reports"] == 6
    assert db.run_uncached(queries.scope_counts, Filters())["reports"] == 6
    new = db.connection(new_key)
    assert new is not old and db.connection(new_key) is new
    assert db.connection(key) is new  # a caller with a stale key gets the current file, not a reopened one
    # ... while whoever still holds the old connection keeps working on the old file, undisturbed
    assert len(in_flight.fetchall()) == 5
    assert old_cursor.execute("select count(*) from reports").fetchone()[0] == 5
    with db.cursor(old) as cur:
        assert queries.scope_counts(cur, Filters())["reports"] == 5
    # the replaced file is released once its last user lets go
    del old, old_cursor, in_flight, cur
    gc.collect()
    assert _open_deleted(live) == []


def test_queries_in_many_threads_survive_repeated_swaps(tmp_path, monkeypatch):
    """Eight threads query non-stop, as sessions and download callbacks do, while the file is
    replaced again and again: no query fails, and each answer is one of the two versions."""
    versions = {}
    for n, seed in ((60, 1), (90, 2)):
        p = tmp_path / f"v{n}.duckdb"
        make_synthetic_db(p, n, seed=seed)
        versions[n] = p
    live = tmp_path / "live.duckdb"
    shutil.copy(versions[60], live)
    monkeypatch.setenv("XXGK_DB", str(live))
    errors: list[BaseException] = []
    seen: set[int] = set()
    stop = threading.Event()

    def worker(i: int) -> None:
        f = Filters(year_from=2015 + i % 3, year_to=2025)
        while not stop.is_set():
            try:
                key = db.db_key()
                con = db.connection(key)  # held across the swap, as a page's download callback does
                with db.cursor(con) as cur:
                    seen.add(int(cur.execute("select count(*) from reports").fetchone()[0]))
                    queries.scope_counts(cur, f)
                    queries.ranking(cur, f, "disclosure_rate", 2022)
                seen.add(db.run_uncached(queries.scope_counts, Filters())["reports"])
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)
                return

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    try:
        for i in range(12):
            time.sleep(0.15)
            staging = tmp_path / f"staging-{i}.duckdb"
            shutil.copy(versions[90 if i % 2 == 0 else 60], staging)
            os.replace(staging, live)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert not errors, repr(errors[:3])
    assert seen == {60, 90}
    assert db.run_uncached(queries.scope_counts, Filters())["reports"] == 60  # the last swap


@pytest.mark.parametrize("page", [None, "download"])
def test_app_after_swap_shows_the_new_file(tmp_path, synth_db, monkeypatch, page):
    """The app under AppTest: a rerun after the swap shows the new numbers (no stale cache)."""
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import APP, metrics, num

    live = tmp_path / "live.duckdb"
    shutil.copy(synth_db, live)
    monkeypatch.setenv("XXGK_DB", str(live))
    at = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception
    staging = tmp_path / "staging.duckdb"
    make_synthetic_db(staging, 120, seed=3)
    os.replace(staging, live)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page is None:
        assert num(metrics(at)["年报数"]) == 120
    else:
        assert any("**120**" in m.value for m in at.markdown)
