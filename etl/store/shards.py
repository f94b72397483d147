"""Parsing as a pure map: a chunk of files → one Parquet shard per table, content-addressed.

A shard folder `<shards>/<parser_version>/<chunk_id>/` holds `<table>.parquet` for every loaded table
(`sources`, `reports`, `report_texts`, `report_features`, `facts`, `problems`, `checks`,
`table_candidates`, `ingest_errors`) and `_manifest.json` (one entry per file: path, sha256, bytes,
reports, error). `chunk_id` is a hash of the parser version and the chunk's (sha256, path) pairs, so a
re-run of an interrupted build finds the shards already written and does not parse those files again.
The function `parse_chunk` needs no database: it runs in a local worker process or on a Dask worker
(which must see the input and shard folders at the same paths).

Time limits (`parse_chunk(time_limit=…)`): a file whose parse runs longer than `time_limit` seconds is
stopped by SIGALRM (where the parse runs in a process's main thread: local workers, not Dask's worker
threads) and recorded as one `ingest_errors` row, the rest of the chunk goes on. Parsing stuck in code
that never returns to Python cannot be stopped that way: with `watchdog=True` (a pool worker the build
owns) the worker exits with `HUNG_EXIT` once a file has run `hard_limit(time_limit)` seconds, and the
build re-runs that chunk's files one by one (etl/build.py); a file that hangs or crashes its worker
alone gets its error row from `failed_chunk`.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import shutil
import signal
import threading
import time
import traceback
from datetime import datetime
from operator import itemgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SHARD_TABLES = (
    "sources",
    "reports",
    "report_texts",
    "report_features",
    "facts",
    "problems",
    "checks",
    "table_candidates",
    "ingest_errors",
)
MANIFEST = "_manifest.json"
MAX_FILE_BYTES = 200 * 1024 * 1024
HUNG_EXIT = 86  # exit code of a pool worker whose watchdog found a file past its hard limit


# A small report that takes a process through what its first parse loads: readers, the region and
# sector tables, the word segmenter and problem model, MinHash.
WARM_UP = (
    "莆田市统计局2020年政府信息公开工作年度报告\n一、总体情况\n全年收到政府信息公开申请3件，予以公开2件。\n"
    "五、存在的主要问题及改进情况\n一是政府信息公开工作人员多为兼职，业务水平有待提高。\n"
)


# Parsing allocates millions of short-lived objects: with Python's default thresholds (700, 10, 10)
# the cyclic collector ran so often that it took ~8% of a parsing process's time (`parse_chunk`).
GC_THRESHOLDS = (50_000, 50, 100)


@contextlib.contextmanager
def fewer_collections():
    """Python's garbage-collector thresholds raised to `GC_THRESHOLDS` for the block."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def warm_up() -> None:
    """Load what a process's first parse loads, so that a file's time limit measures the file and
    not the worker's start-up (the initializer of the build's pool workers)."""
    import etl.read.html
    import etl.read.pdf
    import etl.read.sheet
    import etl.read.word  # noqa: F401
    from etl.parse import parse_bytes
    from etl.store.rows import feature_row, report_rows

    for report in parse_bytes(WARM_UP.encode(), "warm-up.txt"):
        report_rows(report, feature_row(report))


def hard_limit(time_limit: float) -> float:
    """Seconds after which a file's parse that ignored its soft limit ends its worker process."""
    return time_limit * 1.5 + 2


def timeout_message(time_limit: float) -> str:
    return f"解析超时：超过 {time_limit:g} 秒未完成，已停止（文件过大、损坏或触发了解析器的缺陷）"


class FileTimeout(BaseException):
    """Raised in the parse by SIGALRM: a BaseException, so no `except Exception` in a parser swallows it."""


class _Watchdog:
    """One daemon thread per worker process: ends the process when the current file passes its
    deadline (the parse is stuck where neither SIGALRM nor an exception can reach it)."""

    _instance: _Watchdog | None = None

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.pid = os.getpid()
        threading.Thread(target=self._run, name="xxgk-parse-watchdog", daemon=True).start()

    @classmethod
    def get(cls) -> _Watchdog:
        if cls._instance is None or cls._instance.pid != os.getpid():
            cls._instance = cls()
        return cls._instance

    def _run(self) -> None:
        while True:
            time.sleep(0.2)
            deadline = self.deadline
            if deadline is not None and time.monotonic() > deadline:
                os._exit(HUNG_EXIT)


@contextlib.contextmanager
def _time_limit(seconds: float | None, watchdog: bool):
    """Raise FileTimeout in the block after `seconds` (main thread only); with `watchdog`, end the
    process after `hard_limit(seconds)`."""
    soft = bool(seconds) and threading.current_thread() is threading.main_thread()
    dog = _Watchdog.get() if seconds and watchdog else None
    previous = None
    if soft:

        def _expired(_signum, _frame):
            raise FileTimeout

        previous = signal.signal(signal.SIGALRM, _expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    if dog is not None:
        dog.deadline = time.monotonic() + hard_limit(seconds)
    try:
        yield
    finally:
        if dog is not None:
            dog.deadline = None
        if soft:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def chunk_id(version: str, files: list[tuple[str, str, str, int]]) -> str:
    """files: (abs path, rel path, sha256, bytes)."""
    h = hashlib.sha256(version.encode())
    for _abs, rel, sha, _size in sorted(files, key=lambda f: (f[2], f[1])):
        h.update(f"\n{sha}\t{rel}".encode())
    return h.hexdigest()[:24]


def arrow_type(duck_type: str) -> pa.DataType:
    """The Arrow type a shard column of this DuckDB type is written as."""
    return {
        "VARCHAR": pa.string(),
        "JSON": pa.string(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
        "TIMESTAMP": pa.timestamp("us"),
        "VARCHAR[]": pa.list_(pa.string()),
        "UINTEGER[]": pa.list_(pa.uint32()),
    }[duck_type]


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _parse_one(
    abs_path: str,
    rel: str,
    sha: str,
    size: int,
    version: str,
    rows: dict[str, list],
    parse=None,
    time_limit: float | None = None,
    watchdog: bool = False,
) -> dict:
    """Parse one file into `rows` (table → tuples); returns its manifest entry. Never raises (but
    a worker with `watchdog` ends itself on a file stuck past its hard limit)."""
    from etl.store.rows import feature_row, report_rows

    if parse is None:
        from etl.parse import parse_bytes as parse

    entry = {"path": rel, "sha256": sha, "bytes": size, "reports": 0, "error": None, "stage": None}
    reports = None
    try:
        if size > MAX_FILE_BYTES:
            raise _Refused(f"文件过大（{size} 字节，上限 {MAX_FILE_BYTES}）")
        data = Path(abs_path).read_bytes()
        with _time_limit(time_limit, watchdog):
            reports = parse(data, rel)
            if not reports:  # e.g. a statistics sheet with a header and no rows
                raise _Refused("文件中没有可载入的报告（统计表没有数据行？）")
            error = reports[0].error if all(r.error for r in reports) else None
            if error is None:
                table_rows = [report_rows(r, None if r.error else feature_row(r)) for r in reports]
    except _Refused as exc:
        error = str(exc)
    except FileTimeout:
        error = timeout_message(time_limit or 0)
        reports = None
    except Exception as exc:  # one bad file must not stop the batch
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        error = f"解析失败：{detail}"
        reports = None
    if error:
        return _failed(entry, rows, version, "read" if reports else "parse", error)
    entry["reports"] = len(reports)
    rows["sources"].append(
        (sha, rel, size, reports[0].encoding, reports[0].source_kind, version, len(reports), _now())
    )
    for tr in table_rows:
        for table, trs in tr.items():
            rows[table].extend(trs)
    return entry


def _failed(entry: dict, rows: dict[str, list], version: str, stage: str, error: str) -> dict:
    """The rows of a file that failed: one `ingest_errors` row and its `sources` row."""
    entry.update(error=error, stage=stage)
    rows["ingest_errors"].append((entry["path"], entry["sha256"], stage, error, _now()))
    rows["sources"].append((entry["sha256"], entry["path"], entry["bytes"], None, None, version, 0, _now()))
    return entry


class _Refused(Exception):
    """A file refused before or after parsing, with the message as its ingest error."""


def parse_chunk(
    files: list[tuple[str, str, str, int]],
    shard_root: str,
    version: str,
    schemas: dict[str, pa.Schema],
    parse=None,
    time_limit: float | None = None,
    watchdog: bool = False,
) -> dict:
    """Parse a chunk of files (abs path, rel path, sha256, bytes) into a shard folder; returns the
    manifest `{"id", "dir", "files": [...], "reused": bool}`. Pure apart from the files it writes;
    an existing complete shard (same content, same parser version) is returned as is. `parse`:
    the parse function (default `etl.parse.parse_bytes`); `time_limit`: seconds per file (module
    docstring), `watchdog`: this is a pool worker that may end itself on a hung file."""
    cid = chunk_id(version, files)
    final = Path(shard_root) / version / cid
    if (final / MANIFEST).is_file():
        manifest = json.loads((final / MANIFEST).read_text(encoding="utf-8"))
        return {**manifest, "dir": str(final), "reused": True}
    rows: dict[str, list] = {t: [] for t in SHARD_TABLES}
    with fewer_collections():
        entries = [
            _parse_one(a, rel, sha, size, version, rows, parse, time_limit, watchdog)
            for a, rel, sha, size in files
        ]
        return _write_shard(cid, final, rows, entries, schemas)


def failed_chunk(
    files: list[tuple[str, str, str, int]], shard_root: str, version: str, schemas: dict, message: str
) -> dict:
    """The shard of files that could not be parsed at all (their worker crashed or hung): one
    `ingest_errors` row each, with `message`. Written by the build in its own process."""
    cid = chunk_id(version, files)
    final = Path(shard_root) / version / cid
    rows: dict[str, list] = {t: [] for t in SHARD_TABLES}
    entries = []
    for _abs, rel, sha, size in files:
        entry = {"path": rel, "sha256": sha, "bytes": size, "reports": 0, "error": None, "stage": None}
        entries.append(_failed(entry, rows, version, "parse", message))
    return _write_shard(cid, final, rows, entries, schemas)


def _write_shard(cid: str, final: Path, rows: dict[str, list], entries: list[dict], schemas: dict) -> dict:
    tmp = final.with_name(f"{cid}.tmp-{os.getpid()}-{id(rows)}")
    tmp.mkdir(parents=True, exist_ok=True)
    for table in SHARD_TABLES:  # scratch files, loaded once and removed: not compressed (half the write time)
        pq.write_table(to_arrow(rows[table], schemas[table]), tmp / f"{table}.parquet", compression="none")
    manifest = {"id": cid, "files": entries}
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    try:
        tmp.rename(final)
    except OSError:  # another worker wrote the same shard first
        shutil.rmtree(tmp, ignore_errors=True)
    return {**manifest, "dir": str(final), "reused": False}


def to_arrow(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    if not rows:
        return schema.empty_table()
    if set(map(len, rows)) != {len(schema)}:
        raise ValueError(f"rows of {len(schema)} values expected: {schema.names}")
    # one list per column (zip(*rows) over thousands of rows costs several times more)
    return pa.table(
        [pa.array(list(map(itemgetter(i), rows)), type=f.type) for i, f in enumerate(schema)], schema=schema
    )


def table_schemas(con) -> dict[str, pa.Schema]:
    """Arrow schemas of the loaded tables, in the database's column order."""
    out = {}
    for table in SHARD_TABLES:
        if table == "report_texts":  # kept in segments beside the database (etl/store/texts.py)
            out[table] = pa.schema([("report_id", pa.string()), ("text", pa.string())])
            continue
        cols = con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = ? order by column_index",
            [table],
        ).fetchall()
        out[table] = pa.schema([(name, arrow_type(t)) for name, t in cols])
    return out


def clear_other_versions(shard_root: Path, version: str) -> None:
    """Shards of another parser version can never be loaded again: remove them."""
    if not shard_root.is_dir():
        return
    for child in shard_root.iterdir():
        if child.is_dir() and child.name != version:
            shutil.rmtree(child, ignore_errors=True)
