"""`xxgk build`: ingest a folder of report files into DuckDB and Parquet.

Idempotent (same rows when run twice), incremental (a source whose content hash was loaded by the
same parser version is skipped; a changed file replaces its old rows), atomic (it writes a copy of
the database and swaps it in, so a crash or kill leaves the previous database usable) and fault
isolated (a file that cannot be read or parsed becomes one `ingest_errors` row; the rest loads).
"""

from __future__ import annotations

import contextlib
import fnmatch
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed as as_completed_local
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from tqdm import tqdm

from etl.parse import parse_bytes
from etl.store import writer
from etl.store.lineage import LINKS_FILE, refresh_lineage
from etl.store.schema import create_schema
from etl.store.settle import settle_cross_year
from etl.store.shards import MAX_FILE_BYTES, clear_other_versions, parse_chunk, table_schemas
from etl.version import parser_version

log = logging.getLogger("xxgk.build")

IGNORE_FILE = ".xxgkignore"
FICLONE = 0x40049409  # Linux ioctl: share the source's extents (copy-on-write)
CHUNK_FILES = 32  # files per parse task (one Parquet shard per table)
__all__ = ["MAX_FILE_BYTES", "BuildResult", "build", "discover"]


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

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def discover(input_dir: Path, links: Path | None = None) -> list[Path]:
    """Report files under input_dir, minus hidden files, the patterns listed in `.xxgkignore` and the
    user's agency links file (`agency_links.csv` at the top of the folder, or `links`)."""
    patterns: list[str] = []
    ignore = input_dir / IGNORE_FILE
    if ignore.exists():
        patterns = [
            line.strip()
            for line in ignore.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
    files = []
    skip = {(input_dir / LINKS_FILE).resolve()} | ({Path(links).resolve()} if links else set())
    for path in sorted(input_dir.rglob("*")):
        rel = path.relative_to(input_dir).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in Path(rel).parts):
            continue
        if path.resolve() in skip:
            continue
        if any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(path.name, p) for p in patterns):
            continue
        files.append(path)
    return files


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


def sha256_of_file(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _chunks(todo: list[tuple[str, str, str, int]], jobs: int) -> list[list[tuple[str, str, str, int]]]:
    """Files grouped for the parse map, ordered by content hash (so an interrupted build, run again,
    forms the same chunks and finds their shards)."""
    todo = sorted(todo, key=lambda f: (f[2], f[1]))
    size = CHUNK_FILES
    if len(todo) < CHUNK_FILES * jobs * 2:
        size = max(1, -(-len(todo) // (max(jobs, 1) * 2)))
    return [todo[i : i + size] for i in range(0, len(todo), size)]


def _parse_map(
    chunks: list[list], shard_root: Path, schemas: dict, jobs: int, executor: str, scheduler: str | None
) -> Iterator[dict]:
    """Run `parse_chunk` over the chunks: in this process, a local process pool or Dask; yields each
    chunk's manifest as it completes."""
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
    if jobs <= 1 or len(chunks) < 2:
        for chunk in chunks:  # parse_bytes looked up here, so tests may replace it
            yield parse_chunk(chunk, *args, parse=parse_bytes)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(parse_chunk, chunk, *args) for chunk in chunks]
        for future in as_completed_local(futures):
            yield future.result()


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
) -> BuildResult:
    """`links`: the user's agency links CSV (README "Agencies across renames"); default
    `agency_links.csv` in the input folder when it exists. `prune`: remove the rows of sources whose
    file is no longer in the input folder. `executor`: `local` (process pool of `jobs`) or `dask`
    (a LocalCluster of `jobs` workers, or the cluster at `scheduler`). `shards`: the Parquet shard
    folder of the parse map (default `<db>.shards` beside the database)."""
    input_dir, db_path = Path(input_dir), Path(db_path)
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    if links is None and (input_dir / LINKS_FILE).is_file():
        links = input_dir / LINKS_FILE
    if links is not None and not Path(links).is_file():
        raise FileNotFoundError(f"links file not found: {links}")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shard_root = Path(shards) if shards else db_path.with_name(f"{db_path.name}.shards")
    staging = db_path.with_name(f"{db_path.name}.building-{os.getpid()}")
    for stale in db_path.parent.glob(f"{db_path.name}.building-*"):
        stale.unlink(missing_ok=True)
    result = BuildResult(links=str(links) if links else None)
    clock = time.perf_counter()
    result.staging = _copy_database(db_path, staging) if db_path.exists() else "new"
    result.seconds["staging"] = time.perf_counter() - clock
    used_shards: list[str] = []
    try:
        con = duckdb.connect(str(staging))
        try:
            create_schema(con)
            used_shards = _ingest(
                con, input_dir, result, jobs, progress, links, prune, executor, scheduler, shard_root
            )
            lap = time.perf_counter()
            # organs and agencies across renames first: the cross-year checks, the settlement and
            # report quality compare an agency's consecutive years
            log.info("载入 %.1f 秒；机构沿革、跨年校验、质量评分与看板数据…", result.seconds.get("load", 0.0))
            result.link_problems = refresh_lineage(con, Path(links) if links else None)
            if progress:
                for problem in result.link_problems:
                    progress(f"链接文件 {links}：{problem}")
            writer.refresh_cross_year_checks(con)
            settle_cross_year(con)  # after the checks: settled cells are not checked against X6
            writer.refresh_agencies(con)
            writer.refresh_derived(con)  # report quality, then the dashboard mart
            writer.record_build_info(con, parser_version(), result)
            con.execute("checkpoint")
            result.seconds["derive"] = time.perf_counter() - lap
        finally:
            con.close()
        os.replace(staging, db_path)
        result.seconds["total"] = time.perf_counter() - clock
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    # loaded and published: the shards have served (they are kept only to resume an interrupted build)
    for folder in used_shards:
        shutil.rmtree(folder, ignore_errors=True)
    for empty in [*{Path(f).parent for f in used_shards}, shard_root]:
        with contextlib.suppress(OSError):  # not empty (another version's shards, a user's files)
            empty.rmdir()
    if parquet_dir is not None:
        writer.export_parquet(db_path, Path(parquet_dir))
    return result


def _ingest(
    con,
    input_dir: Path,
    result: BuildResult,
    jobs: int,
    progress,
    links: Path | None = None,
    prune: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    shard_root: Path | None = None,
) -> list[str]:
    """Decide what to parse, run the parse map into shards, delete what is replaced (one set
    operation) and bulk-load the shards. Returns the shard folders loaded."""
    version = parser_version()
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
        sha = sha256_of_file(str(path))
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
    bar = tqdm(
        total=len(todo),
        desc="解析",
        unit="file",
        disable=not log.isEnabledFor(logging.INFO) or not todo,
        leave=False,
        dynamic_ncols=True,
    )
    for manifest in _parse_map(_chunks(todo, jobs), shard_root, schemas, jobs, executor, scheduler):
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
    log.info("解析 %d 个文件（%d 失败），%.1f 秒；载入分片…", len(todo), result.failed, result.seconds["parse"])
    lap = time.perf_counter()
    writer.remove_sources(con, gone, error_paths)
    writer.load_shards(con, sorted(dirs))
    result.seconds["load"] = time.perf_counter() - lap
    return dirs
