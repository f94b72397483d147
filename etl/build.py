"""`xxgk build`: ingest a folder of report files into DuckDB and Parquet.

Idempotent (same rows when run twice), incremental (a source whose content hash was loaded by the
same parser version is skipped; a changed file replaces its old rows), atomic (it writes a copy of
the database and swaps it in, so a crash or kill leaves the previous database usable) and fault
isolated (a file that cannot be read or parsed becomes one `ingest_errors` row; the rest loads).

One build per database at a time: a build holds `<db>.lock` (`filelock`, an OS lock the kernel
releases when its process dies, even by kill -9) from its first step to its last. A second build of the
same database waits `wait` seconds (`LOCK_WAIT`, 10, or the environment's `XXGK_BUILD_WAIT`) for it,
then raises `BuildLocked` (the CLI exits with its `exit_code`, 2). Holding the lock, a build removes the staging copies `<db>.building-<pid>` of
builds that died (their pid is gone); it never touches one whose process still runs.

Parsing runs in worker processes (`pebble.ProcessPool`, `jobs` of them, also for `jobs=1`), at most
`IN_FLIGHT_PER_WORKER` chunks per worker submitted at a time; a worker loads the parser's tables and
models before its first file (`warm_up`). A file past `time_limit` seconds is stopped and recorded as an `ingest_errors` row (etl/store/shards.py); a chunk whose worker crashes
(a segfault in a parsing library, `os._exit`) or hangs is re-run file by file, so only the file that
brings its worker down gets an error row and the rest of the chunk loads. `isolate=False` parses in
the build's own process (for debugging: no crash isolation, the time limit only by SIGALRM). The Dask
executor runs chunks on Dask's workers, which retry or report crashed tasks themselves and apply no
per-file time limit.
"""

from __future__ import annotations

import contextlib
import fnmatch
import gc
import logging
import os
import shutil
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from filelock import FileLock
from filelock import Timeout as LockTimeout
from tqdm import tqdm

from etl.parse import parse_bytes
from etl.store import hashes, texts, writer
from etl.store.lineage import LINKS_FILE, refresh_lineage
from etl.store.schema import create_schema
from etl.store.settle import settle_cross_year
from etl.store.shards import (
    HUNG_EXIT,
    MAX_FILE_BYTES,
    clear_other_versions,
    failed_chunk,
    hard_limit,
    parse_chunk,
    table_schemas,
    timeout_message,
    warm_up,
)
from etl.version import parser_version

log = logging.getLogger("xxgk.build")

IGNORE_FILE = ".xxgkignore"
FICLONE = 0x40049409  # Linux ioctl: share the source's extents (copy-on-write)
CHUNK_FILES = 128  # files per parse task (one Parquet shard per table): each shard costs ~5 ms of
# folder and file creation, 2-3% of a 32-file chunk's parse
LOCK_WAIT = 10.0  # seconds a second build of the same database waits for the first (or XXGK_BUILD_WAIT)
FILE_TIME_LIMIT = 120.0  # seconds of parsing per file (a 300-page PDF takes ~20 s on one core)
IN_FLIGHT_PER_WORKER = 2  # chunks submitted per worker at a time (bounded submission)
TASK_GRACE = 30.0  # seconds a chunk may take beyond its files' hard limits (start-up, writing shards)
# DuckDB's memory for the build's connections (or XXGK_BUILD_MEMORY, e.g. 16GB); beyond it, sorts,
# joins and aggregates spill to `<db>.tmp`. DuckDB's own default, 80% of RAM, let a million-report
# build reach 17 GB beside a running dashboard; with 4 GB a 100k build peaked at 3.97 GB in all.
BUILD_MEMORY = "3GB"
__all__ = [
    "FILE_TIME_LIMIT",
    "LOCK_WAIT",
    "MAX_FILE_BYTES",
    "BuildLocked",
    "BuildResult",
    "build",
    "discover",
]


class BuildLocked(RuntimeError):
    """Another build holds the database's lock; the CLI exits with `exit_code`."""

    exit_code = 2


@dataclass
class BuildResult:
    files: int = 0
    parsed: int = 0
    skipped: int = 0
    failed: int = 0
    reports: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    links: str | None = None  # the user's links file the build read (agency_links.csv / --links)
    link_problems: list[str] = field(default_factory=list)  # its bad lines (the rest applies)
    replaced: int = 0  # sources whose old rows were deleted (changed content, new parser version)
    pruned: int = 0  # sources removed because their file left the input folder (--prune)
    prunable: int = 0  # such sources kept because --prune was not given
    shards_reused: int = 0  # parse shards found from an interrupted build
    staging: str = ""  # how the staging database was made: clone (copy-on-write), copy or new
    seconds: dict[str, float] = field(default_factory=dict)  # stage → wall time
    derive_seconds: dict[str, float] = field(default_factory=dict)  # the derive stage's steps
    touched_agencies: int = 0  # agencies whose reports this build loaded, deleted or re-linked

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def discover(input_dir: Path, links: Path | None = None) -> list[Path]:
    """Report files under input_dir, minus hidden files, the user's agency links file
    (`agency_links.csv` at the top of the folder, or `links`) and what an `.xxgkignore` excludes: one
    glob pattern per line (`#` comments), matched against a file's path relative to the folder
    holding that `.xxgkignore` or against its name; it applies to that folder and all below it."""
    skip = {(input_dir / LINKS_FILE).resolve()} | ({Path(links).resolve()} if links else set())
    skip_names = {p.name for p in skip}
    files = []
    rules_below: dict[str, list[tuple[str, list[str]]]] = {}  # folder → (base folder, patterns)
    # os.walk (scandir): one directory read per folder, no stat or resolve per file (a national
    # folder holds a million files); hidden files and folders are left out
    for root, dirs, names in os.walk(input_dir):
        rules = rules_below.pop(root, [])
        if IGNORE_FILE in names:
            rules = [*rules, (root, _ignore_patterns(Path(root, IGNORE_FILE)))]
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for d in dirs:
            rules_below[os.path.join(root, d)] = rules
        for name in names:
            if name.startswith("."):
                continue
            path = Path(root, name)
            if name in skip_names and path.resolve() in skip:
                continue
            if rules and _ignored(path, name, rules):
                continue
            files.append(path)
    return sorted(files)


def _ignore_patterns(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def _ignored(path: Path, name: str, rules: list[tuple[str, list[str]]]) -> bool:
    for base, patterns in rules:
        rel = path.relative_to(base).as_posix()
        if any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns):
            return True
    return False


def _copy_database(src: Path, dst: Path) -> str:
    """The staging database: a copy-on-write clone where the filesystem offers one (btrfs, XFS,
    ZFS 2.2+, APFS via Linux FICLONE), which takes the same time whatever the size; else a copy."""
    try:
        import fcntl

        with open(src, "rb") as s, open(dst, "wb") as d:
            fcntl.ioctl(d.fileno(), FICLONE, s.fileno())
        shutil.copystat(src, dst)
        return "clone"
    except (OSError, ImportError):
        shutil.copy2(src, dst)
        return "copy"


def _rewrite(path: Path) -> None:
    """Write the database at `path` afresh (`COPY FROM DATABASE`), leaving out its free blocks."""
    fresh = path.with_name(path.name + ".fresh")
    fresh.unlink(missing_ok=True)
    con = duckdb.connect(str(fresh), config={"memory_limit": build_memory()})
    try:
        con.execute("attach $p as old (read_only)", {"p": str(path)})
        con.execute(f"copy from database old to {_catalog(con)}")
        con.execute("detach old")
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(fresh, path)


def _catalog(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_database()").fetchone()[0]


def _chunks(todo: list[tuple[str, str, str, int]], jobs: int) -> list[list[tuple[str, str, str, int]]]:
    """Files grouped for the parse map, ordered by content hash (so an interrupted build, run again,
    forms the same chunks and finds their shards)."""
    todo = sorted(todo, key=lambda f: (f[2], f[1]))
    size = CHUNK_FILES
    if len(todo) < CHUNK_FILES * jobs * 2:
        size = max(1, -(-len(todo) // (max(jobs, 1) * 2)))
    return [todo[i : i + size] for i in range(0, len(todo), size)]


def _parse_map(
    chunks: list[list],
    shard_root: Path,
    schemas: dict,
    jobs: int,
    executor: str,
    scheduler: str | None,
    time_limit: float | None = FILE_TIME_LIMIT,
    isolate: bool = True,
) -> Iterator[dict]:
    """Run `parse_chunk` over the chunks: in worker processes (or, with `isolate=False`, in this
    process) or on Dask; yields each chunk's manifest as it completes."""
    version = parser_version()
    args = (str(shard_root), version, schemas)
    if executor == "dask":
        from distributed import Client, LocalCluster, as_completed

        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(
                n_workers=max(jobs, 1), threads_per_worker=1, processes=jobs > 1, dashboard_address=None
            )
            client = Client(cluster)
        try:
            futures = client.map(parse_chunk, chunks, *[[a] * len(chunks) for a in args], pure=False)
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        return
    if executor != "local":
        raise ValueError(f"unknown executor: {executor}")
    if not isolate:
        if time_limit is not None and chunks:
            _warm_up()
        for chunk in chunks:  # parse_bytes looked up here, so tests may replace it
            yield parse_chunk(chunk, *args, parse=parse_bytes, time_limit=time_limit)
        return
    yield from _pool_map(chunks, args, max(jobs, 1), time_limit)


def _pool_task(files: list, shard_root: str, version: str, schemas: dict, time_limit: float | None) -> dict:
    """One chunk in a pool worker (forked: `parse_bytes` is this module's, so tests may replace it)."""
    return parse_chunk(
        files,
        shard_root,
        version,
        schemas,
        parse=parse_bytes,
        time_limit=time_limit,
        watchdog=time_limit is not None,
    )


def _pool_map(chunks: list[list], args: tuple, jobs: int, time_limit: float | None) -> Iterator[dict]:
    """Chunks through a pebble process pool, `IN_FLIGHT_PER_WORKER` per worker at a time. A chunk
    whose worker died (crash, watchdog), overran its task time or raised is re-run one file per task;
    a file that still fails alone gets a shard holding its `ingest_errors` row."""
    from pebble import ProcessPool

    queue = deque(chunks)
    running: dict = {}
    if chunks:
        _warm_up()  # here once: forked workers (and their replacements) start warm
    pool = ProcessPool(max_workers=jobs, initializer=_warm_up)  # workers fork at the first schedule
    # Everything this process holds moves to the permanent generation while workers are forked from
    # it: a worker's garbage collector then never walks the objects it inherited (another library's
    # connections and threads, invalid after a fork), which crashed workers in `make test` now and then
    # ("Fatal Python error: Segmentation fault … Garbage-collecting"), and their pages stay shared.
    gc.freeze()
    completed = False
    try:
        while queue or running:
            while queue and len(running) < jobs * IN_FLIGHT_PER_WORKER:
                files = queue.popleft()
                timeout = None if time_limit is None else len(files) * hard_limit(time_limit) + TASK_GRACE
                running[pool.schedule(_pool_task, args=(files, *args, time_limit), timeout=timeout)] = files
            done, _ = wait_futures(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                files = running.pop(future)
                try:
                    manifest = future.result()
                except Exception as exc:  # died, overran, or raised past parse_chunk's own guard
                    message = _worker_failure(exc, time_limit)
                    if len(files) > 1:
                        log.warning("解析进程失败（%s）：逐个重新解析该批 %d 个文件", message, len(files))
                        queue.extendleft([f] for f in reversed(files))
                        continue
                    log.warning("%s：%s", files[0][1], message)
                    manifest = failed_chunk(files, *args, message)
                yield manifest
        completed = True
    finally:
        if completed:
            pool.close()
        else:  # interrupted (an error, Ctrl-C, the consumer stopped): end the workers now
            pool.stop()
        pool.join()
        gc.unfreeze()


def _warm_up() -> None:
    """`warm_up`, never failing: a parser that cannot start shows up file by file instead."""
    try:
        warm_up()
    except Exception:
        log.debug("warm-up failed", exc_info=True)


def _worker_failure(exc: BaseException, time_limit: float | None) -> str:
    """The ingest_errors message of a file whose worker process died, overran or raised."""
    from pebble import ProcessExpired

    code = getattr(exc, "exitcode", None)
    if isinstance(exc, TimeoutError) or code == HUNG_EXIT:
        return timeout_message(time_limit or 0)
    if not isinstance(exc, ProcessExpired):
        return f"解析失败：{type(exc).__name__}: {str(exc)[:300]}"
    if code is not None and code < 0:
        try:
            how = f"信号 {signal.Signals(-code).name}"
        except ValueError:
            how = f"信号 {-code}"
    else:
        how = f"退出码 {code}"
    return f"解析进程异常退出（{how}）：文件可能损坏，或触发了解析库的缺陷"


@contextlib.contextmanager
def _build_lock(db_path: Path, wait: float):
    """Hold `<db>.lock` for the build; raise BuildLocked after `wait` seconds if another build has it."""
    path = db_path.with_name(f"{db_path.name}.lock")
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=wait)
    except LockTimeout:
        owners = [str(pid) for pid in _staging_pids(db_path) if _alive(pid)]
        who = f" (pid {', '.join(owners)})" if owners else ""
        raise BuildLocked(
            f"another build{who} is writing {db_path}; waited {wait:g} s for it to finish "
            f"(lock file {path}). Run the build again once it has finished."
        ) from None
    try:
        yield
    finally:
        lock.release()


def _staging_pid(path: Path, db_path: Path) -> int | None:
    """The pid in a staging file's name `<db>.building-<pid>` (or DuckDB's `….wal` beside it)."""
    tail = path.name.removeprefix(f"{db_path.name}.building-").split(".", 1)[0]
    return int(tail) if tail.isdecimal() else None


def _staging_pids(db_path: Path) -> set[int]:
    pids = {_staging_pid(p, db_path) for p in db_path.parent.glob(f"{db_path.name}.building-*")}
    return {p for p in pids if p is not None}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _remove_stale_staging(db_path: Path) -> None:
    """Remove staging files of builds that died; keep those of a process still running (holding the
    lock, no other locking build is; a live pid is a build without the lock, or a reused pid)."""
    for path in db_path.parent.glob(f"{db_path.name}.building-*"):
        pid = _staging_pid(path, db_path)
        if pid is not None and pid != os.getpid() and _alive(pid):
            log.warning("%s 未删除：进程 %d 仍在运行", path, pid)
            continue
        path.unlink(missing_ok=True)


def build(
    input_dir: Path,
    db_path: Path,
    parquet_dir: Path | None = None,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    links: Path | None = None,
    prune: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    shards: Path | None = None,
    wait: float | None = None,
    time_limit: float | None = FILE_TIME_LIMIT,
    isolate: bool = True,
) -> BuildResult:
    """`links`: the user's agency links CSV (README "Agencies across renames"); default
    `agency_links.csv` in the input folder when it exists. `prune`: remove the rows of sources whose
    file is no longer in the input folder. `executor`: `local` (process pool of `jobs`) or `dask`
    (a LocalCluster of `jobs` workers, or the cluster at `scheduler`). `shards`: the Parquet shard
    folder of the parse map (default `<db>.shards` beside the database). `wait`: seconds to wait
    for another build of the same database before raising `BuildLocked` (default `LOCK_WAIT`). `time_limit`: seconds of
    parsing per file (None: no limit). `isolate=False`: parse in this process (module docstring)."""
    input_dir, db_path = Path(input_dir), Path(db_path)
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    if links is None and (input_dir / LINKS_FILE).is_file():
        links = input_dir / LINKS_FILE
    if links is not None and not Path(links).is_file():
        raise FileNotFoundError(f"links file not found: {links}")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if wait is None:
        wait = float(os.environ.get("XXGK_BUILD_WAIT") or LOCK_WAIT)
    with _build_lock(db_path, wait):
        return _build(
            input_dir,
            db_path,
            parquet_dir,
            jobs,
            progress,
            links,
            prune,
            executor,
            scheduler,
            shards,
            time_limit,
            isolate,
        )


def _build(
    input_dir: Path,
    db_path: Path,
    parquet_dir: Path | None,
    jobs: int,
    progress: Callable[[str], None] | None,
    links: Path | None,
    prune: bool,
    executor: str,
    scheduler: str | None,
    shards: Path | None,
    time_limit: float | None,
    isolate: bool,
) -> BuildResult:
    """`build` under the database's lock."""
    shard_root = Path(shards) if shards else db_path.with_name(f"{db_path.name}.shards")
    staging = db_path.with_name(f"{db_path.name}.building-{os.getpid()}")
    _remove_stale_staging(db_path)
    result = BuildResult(links=str(links) if links else None)
    texts_dir = texts.folder(db_path)
    clock = time.perf_counter()
    result.staging = _copy_database(db_path, staging) if db_path.exists() else "new"
    hash_cache = hashes.cache_path(db_path)  # input files' hashes by size and mtime (etl/store/hashes.py)
    known_hashes, seen_hashes = hashes.load(hash_cache), {}
    result.seconds["staging"] = time.perf_counter() - clock
    used_shards: list[str] = []
    try:
        con = duckdb.connect(str(staging), config={"memory_limit": build_memory()})
        try:
            lap = time.perf_counter()
            create_schema(con)
            if texts.migrate(con, texts_dir):  # texts of the earlier layout became a segment
                con.close()
                _rewrite(staging)  # without them: DuckDB reuses freed blocks but never shrinks a file
                con = duckdb.connect(str(staging), config={"memory_limit": build_memory()})
            texts.define_view(con, texts_dir)
            segments_before = set(texts.segments(con))
            result.seconds["schema"] = time.perf_counter() - lap
            used_shards = _ingest(
                con,
                texts_dir,
                input_dir,
                result,
                jobs,
                progress,
                links,
                prune,
                executor,
                scheduler,
                shard_root,
                time_limit,
                isolate,
                known_hashes,
                seen_hashes,
            )
            lap = time.perf_counter()
            # organs and agencies across renames first: the cross-year checks, the settlement and
            # report quality compare an agency's consecutive years
            log.info("载入 %.1f 秒；机构沿革、跨年校验、质量评分与看板数据…", result.seconds.get("load", 0.0))
            steps = result.derive_seconds
            with _timed(steps, "lineage"):
                result.link_problems = refresh_lineage(con, Path(links) if links else None)
            if progress:
                for problem in result.link_problems:
                    progress(f"链接文件 {links}：{problem}")
            with _timed(steps, "cross-year checks"):
                # only the agencies whose reports came, went or moved: the others' checks still hold
                result.touched_agencies = writer.touched_agencies(con, used_shards)
                writer.refresh_cross_year_checks(con, touched=True)
            with _timed(steps, "settle"):
                settle_cross_year(con)  # after the checks: settled cells are not checked against X6
            with _timed(steps, "agencies"):
                writer.refresh_agencies(con)
            with _timed(steps, "quality and mart"):
                tables = writer.refresh_derived(con)  # report quality, then the dashboard mart
            log.debug("质量评分与看板数据：%s", "，".join(f"{k} {v:.1f} 秒" for k, v in tables.items()))
            writer.record_build_info(con, parser_version(), result)
            with _timed(steps, "checkpoint"):
                con.execute("checkpoint")
            segments_after = set(texts.segments(con))
            result.seconds["derive"] = time.perf_counter() - lap
        finally:
            con.close()
        os.replace(staging, db_path)
        # the segments of this version and of the one it replaced (a dashboard may still read it)
        texts.collect_garbage(texts_dir, segments_before | segments_after)
        with contextlib.suppress(OSError):  # an accelerator only: a build without it re-hashes
            hashes.save(hash_cache, seen_hashes)
        result.seconds["total"] = time.perf_counter() - clock
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    # loaded and published: the shards have served (they are kept only to resume an interrupted build)
    for folder in used_shards:
        shutil.rmtree(folder, ignore_errors=True)
    for leftover in shard_root.glob("*/*.tmp-*"):  # half-written by a worker that crashed or was stopped
        shutil.rmtree(leftover, ignore_errors=True)
    for empty in [*{Path(f).parent for f in used_shards}, shard_root]:
        with contextlib.suppress(OSError):  # not empty (another version's shards, a user's files)
            empty.rmdir()
    if parquet_dir is not None:
        lap = time.perf_counter()
        writer.export_parquet(db_path, Path(parquet_dir), build_memory())
        result.seconds["parquet"] = time.perf_counter() - lap
    return result


def build_memory() -> str:
    """DuckDB's memory limit for the build's connections: XXGK_BUILD_MEMORY or BUILD_MEMORY."""
    return os.environ.get("XXGK_BUILD_MEMORY") or BUILD_MEMORY


@contextlib.contextmanager
def _timed(into: dict[str, float], step: str):
    lap = time.perf_counter()
    try:
        yield
    finally:
        into[step] = time.perf_counter() - lap


def _ingest(
    con,
    texts_dir: Path,
    input_dir: Path,
    result: BuildResult,
    jobs: int,
    progress,
    links: Path | None = None,
    prune: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    shard_root: Path | None = None,
    time_limit: float | None = FILE_TIME_LIMIT,
    isolate: bool = True,
    known_hashes: dict | None = None,
    seen_hashes: dict | None = None,
) -> list[str]:
    """Decide what to parse, run the parse map into shards, delete what is replaced (one set
    operation) and bulk-load the shards. Returns the shard folders loaded."""
    version = parser_version()
    scan = time.perf_counter()
    known = dict(con.execute("select sha256, parser_version from sources").fetchall())
    path_sha = dict(con.execute("select path, sha256 from sources").fetchall())
    todo: list[tuple[str, str, str, int]] = []
    current: set[str] = set()  # content of every file in the folder
    rels: set[str] = set()
    queued: set[str] = set()
    for path in discover(input_dir, links):
        rel = path.relative_to(input_dir).as_posix()
        rels.add(rel)
        result.files += 1
        sha = hashes.file_hash(path, known_hashes or {}, seen_hashes if seen_hashes is not None else {})
        current.add(sha)
        if known.get(sha) == version or sha in queued:
            # unchanged, or the same content already loaded (or queued) from another path
            result.skipped += 1
            continue
        queued.add(sha)
        todo.append((str(path), rel, sha, path.stat().st_size))
    # sources whose rows go: re-parsed content (new parser version), the old content of a changed
    # path (unless another file still holds it) and, with --prune, files gone from the folder
    gone = {sha for _, _, sha, _ in todo if sha in known}
    gone |= {path_sha[rel] for _, rel, _, _ in todo if rel in path_sha} - current
    vanished = {sha for rel, sha in path_sha.items() if rel not in rels and sha not in current}
    result.replaced = len(gone)
    if prune:
        gone |= vanished
        result.pruned = len(vanished)
    else:
        result.prunable = len(vanished)
    error_paths = {rel for _, rel, _, _ in todo}
    if prune:
        error_paths |= set(
            r[0]
            for r in con.execute(
                "select distinct path from ingest_errors where stage in ('read', 'parse')"
            ).fetchall()
            if r[0] not in rels
        )

    shard_root = shard_root or Path(f"{input_dir}.shards")
    clear_other_versions(shard_root, version)
    schemas = table_schemas(con)
    dirs: list[str] = []
    lap = time.perf_counter()
    result.seconds["scan"] = lap - scan  # the folder listed and hashed, what to parse decided
    bar = tqdm(
        total=len(todo),
        desc="解析",
        unit="file",
        disable=not log.isEnabledFor(logging.INFO) or not todo,
        leave=False,
        dynamic_ncols=True,
    )
    chunks = _chunks(todo, jobs)
    for manifest in _parse_map(chunks, shard_root, schemas, jobs, executor, scheduler, time_limit, isolate):
        bar.update(len(manifest["files"]))
        dirs.append(manifest["dir"])
        result.shards_reused += bool(manifest.get("reused"))
        for entry in manifest["files"]:
            if entry["error"]:
                result.failed += 1
                result.errors.append((entry["path"], entry["error"]))
            else:
                result.parsed += 1
                result.reports += entry["reports"]
            log.debug("%s %s", "失败" if entry["error"] else "已解析", entry["path"])
            if progress:
                progress(f"{'失败' if entry['error'] else '已解析'} {entry['path']}")
    bar.close()
    result.seconds["parse"] = time.perf_counter() - lap
    log.info(
        "解析 %d 个文件（%d 失败），%.1f 秒；载入分片…", len(todo), result.failed, result.seconds["parse"]
    )
    lap = time.perf_counter()
    writer.snapshot_agencies(con)  # before any report goes or comes: which agencies the build touches
    writer.remove_sources(con, gone, error_paths)
    writer.load_shards(con, sorted(dirs), texts_dir)
    texts.compact(con, texts_dir)
    result.seconds["load"] = time.perf_counter() - lap
    return dirs
