"""Workers and concurrent builds (issue 15 items 4 and 6): bounded submission, a per-file time limit, a
crashed worker costing only its file, one build per database at a time, staging files of live builds
left alone, and a killed build leaving the lock free and the previous database usable.

Parse functions that crash or hang replace `etl.build.parse_bytes`: the pool's workers are forked
after the replacement, so they run it."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pebble
import pytest
from filelock import FileLock

import etl.build as build_module
from etl.build import IN_FLIGHT_PER_WORKER, BuildLocked, build
from tests import generated as gen
from tests.test_build import counts

REAL_PARSE = build_module.parse_bytes
REPO = Path(__file__).resolve().parents[1]


def crashing_parse(data, path):
    if path.startswith("crash"):
        os._exit(3)
    if path.startswith("segv"):
        ctypes.string_at(0)  # a segfault, as in a PDF library
    return REAL_PARSE(data, path)


def slow_parse(data, path):
    if path.startswith("slow"):
        time.sleep(120)  # interruptible: the soft limit (SIGALRM) stops it
    if path.startswith("hang"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as if stuck in C code
        time.sleep(120)
    return REAL_PARSE(data, path)


def errors(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("select path, message from ingest_errors").fetchall())
    finally:
        con.close()


def loaded_paths(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {p for (p,) in con.execute("select path from reports").fetchall()}
    finally:
        con.close()


def add_copy(inbox: Path, name: str) -> None:
    (inbox / name).write_bytes(gen.render(gen.inbox_item("bianhe_2021.txt")) + f"\n附注 {name}".encode())


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crashed_worker_costs_only_its_file(inbox, tmp_path, monkeypatch, jobs):
    add_copy(inbox, "crash.txt")
    add_copy(inbox, "segv.txt")
    monkeypatch.setattr(build_module, "parse_bytes", crashing_parse)
    db = tmp_path / "x.duckdb"
    result = build(inbox, db, jobs=jobs)
    assert (result.failed, result.parsed, result.reports) == (2, 5, 5)
    errs = errors(db)
    assert set(errs) == {"crash.txt", "segv.txt"}
    assert "解析进程异常退出（退出码 3）" in errs["crash.txt"]
    assert "SIGSEGV" in errs["segv.txt"]
    assert loaded_paths(db) == set(gen.INBOX)  # the crashed files' chunk-mates loaded


def test_a_file_over_the_time_limit_becomes_one_error_row(inbox, tmp_path, monkeypatch):
    add_copy(inbox, "slow.txt")
    add_copy(inbox, "hang.txt")
    monkeypatch.setattr(build_module, "parse_bytes", slow_parse)
    db = tmp_path / "x.duckdb"
    start = time.monotonic()
    result = build(inbox, db, jobs=2, time_limit=3)
    assert time.monotonic() - start < 90
    assert (result.failed, result.parsed) == (2, 5)
    errs = errors(db)
    assert set(errs) == {"slow.txt", "hang.txt"}
    assert all(m.startswith("解析超时：超过 3 秒") for m in errs.values())
    assert loaded_paths(db) == set(gen.INBOX)
    # the failures are recorded: the next build skips them (same content, same parser)
    assert build(inbox, db, jobs=2, time_limit=3).skipped == 7


def test_chunks_are_submitted_a_few_at_a_time(inbox, tmp_path, monkeypatch):
    for i in range(6):
        add_copy(inbox, f"copy{i}.txt")
    monkeypatch.setattr(build_module, "CHUNK_FILES", 1)  # 11 chunks for one worker
    scheduled: list = []
    in_flight: list[int] = []
    real_schedule = pebble.ProcessPool.schedule

    def schedule(pool, *args, **kwargs):
        future = real_schedule(pool, *args, **kwargs)
        scheduled.append(future)
        in_flight.append(sum(not f.done() for f in scheduled))
        return future

    monkeypatch.setattr(pebble.ProcessPool, "schedule", schedule)
    result = build(inbox, tmp_path / "x.duckdb", jobs=1)
    assert result.parsed == 11 and len(scheduled) == 11
    assert max(in_flight) <= 1 * IN_FLIGHT_PER_WORKER


def _wait_for_staging(db: Path, thread: threading.Thread) -> None:
    deadline = time.monotonic() + 60
    while not list(db.parent.glob(f"{db.name}.building-*")) and time.monotonic() < deadline:
        assert thread.is_alive(), "the first build ended before the second started"
        time.sleep(0.05)


def _slow_everything(data, path):
    time.sleep(0.6)
    return REAL_PARSE(data, path)


def test_a_second_build_of_the_same_database_fails_clearly(inbox, tmp_path, monkeypatch):
    db = tmp_path / "x.duckdb"
    monkeypatch.setattr(build_module, "parse_bytes", _slow_everything)
    first: dict = {}
    thread = threading.Thread(target=lambda: first.update(result=build(inbox, db)))
    thread.start()
    _wait_for_staging(db, thread)
    with pytest.raises(BuildLocked) as caught:
        build(inbox, db, wait=0.5)
    assert caught.value.exit_code == 2
    message = str(caught.value)
    assert "another build" in message and str(db) in message and f"pid {os.getpid()}" in message
    thread.join()
    assert first["result"].parsed == 5 and first["result"].failed == 0
    c = counts(db)
    assert c["reports"] == 5 and c["sources"] == 5 and c["ingest_errors"] == 0
    assert not list(tmp_path.glob("x.duckdb.building-*"))


def test_a_second_build_waits_for_the_first(inbox, tmp_path, monkeypatch):
    db = tmp_path / "x.duckdb"
    monkeypatch.setattr(build_module, "parse_bytes", _slow_everything)
    first: dict = {}
    thread = threading.Thread(target=lambda: first.update(result=build(inbox, db)))
    thread.start()
    _wait_for_staging(db, thread)
    second = build(inbox, db, wait=120)
    thread.join()
    assert first["result"].parsed == 5
    assert (second.parsed, second.skipped) == (0, 5)  # it ran after the first, on its database
    assert counts(db)["reports"] == 5


def test_the_command_exits_clearly_while_another_build_holds_the_database(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    before = counts(db)
    add_copy(inbox, "new.txt")
    with FileLock(str(db.with_name("x.duckdb.lock"))):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "etl.cli",
                "build",
                "--input",
                str(inbox),
                "--db",
                str(db),
                "--no-parquet",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "XXGK_BUILD_WAIT": "0.5"},
            cwd=REPO,
            timeout=120,
        )
    assert proc.returncode != 0  # 2 once etl/cli.py turns BuildLocked into its exit code
    assert "another build" in proc.stderr and "x.duckdb" in proc.stderr
    assert counts(db) == before


def test_staging_files_of_live_builds_are_kept_and_of_dead_ones_removed(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        live_file = tmp_path / f"x.duckdb.building-{live.pid}"
        dead_files = [
            tmp_path / f"x.duckdb.building-{dead.pid}",
            tmp_path / f"x.duckdb.building-{dead.pid}.wal",
        ]
        for f in [live_file, *dead_files]:
            f.write_bytes(b"a build's staging copy")
        build(inbox, db)
        assert live_file.exists()
        assert not any(f.exists() for f in dead_files)
    finally:
        live.kill()
        live.wait()
    build(inbox, db)  # its process gone, the next build removes it
    assert not live_file.exists()


KILLED_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import etl.build as b

    real = b.parse_bytes

    def slow(data, path):
        time.sleep(0.3)
        return real(data, path)

    b.parse_bytes = slow
    b.build(Path(sys.argv[1]), Path(sys.argv[2]), None, jobs=2)
    """
)


def test_a_build_killed_with_its_workers_running_leaves_the_lock_free(inbox, tmp_path):
    db = tmp_path / "x.duckdb"
    build(inbox, db)
    before = counts(db)
    big = tmp_path / "big"
    big.mkdir()
    for i in range(40):
        add_copy(big, f"r{i:02}.txt")
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(big), str(db)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("x.duckdb.building-*")) and time.monotonic() < deadline:
        assert proc.poll() is None, "the build ended before it could be killed"
        time.sleep(0.05)
    time.sleep(1.0)  # its workers are parsing
    assert proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert counts(db) == before  # the previous database, usable
    result = build(inbox, db, wait=5)  # the kernel released the lock with the process
    assert result.skipped == 5
    assert counts(db) == before
    assert not list(tmp_path.glob("x.duckdb.building-*"))


def test_parsing_collects_garbage_less_often_and_restores_the_thresholds(tmp_path):
    """`parse_chunk` raises the collector's thresholds while it parses (GC_THRESHOLDS) and puts the
    caller's back, whatever the parse does."""
    import gc

    from etl.store import shards
    from etl.store.schema import create_schema

    seen = []

    def parse(data, name):
        seen.append(gc.get_threshold())
        raise ValueError("unreadable")

    con = duckdb.connect()
    create_schema(con)
    schemas = shards.table_schemas(con)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    before = gc.get_threshold()
    manifest = shards.parse_chunk(
        [(str(tmp_path / "a.txt"), "a.txt", "0" * 64, 1)], str(tmp_path / "shards"), "v", schemas, parse=parse
    )
    assert seen == [shards.GC_THRESHOLDS]
    assert gc.get_threshold() == before
    assert manifest["files"][0]["error"].startswith("解析失败")
