"""`xxgk build`: ingest a folder of report files into DuckDB and Parquet.

Idempotent (same rows when run twice), incremental (a source whose content hash was loaded by the
same parser version is skipped; a changed file replaces its old rows), atomic (it writes a copy of
the database and swaps it in, so a crash or kill leaves the previous database usable) and fault
isolated (a file that cannot be read or parsed becomes one `ingest_errors` row; the rest loads).
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.model import Report
from etl.parse import parse_bytes, sha256_hex
from etl.store import writer
from etl.store.lineage import LINKS_FILE, refresh_lineage
from etl.store.rows import feature_row
from etl.store.schema import create_schema
from etl.store.settle import settle_cross_year
from etl.version import parser_version

MAX_FILE_BYTES = 200 * 1024 * 1024
IGNORE_FILE = ".xxgkignore"


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


def _parse_file(
    args: tuple[str, str],
) -> tuple[str, str, int, list[tuple[Report, tuple | None]] | None, str | None]:
    """(rel path, sha256, bytes, [(report, its report_features row)], error). Runs in a worker
    process (the similarity signatures are computed there too); never raises."""
    abs_path, rel = args
    try:
        size = os.path.getsize(abs_path)
        if size > MAX_FILE_BYTES:
            return (
                rel,
                sha256_of_file(abs_path),
                size,
                None,
                f"文件过大（{size} 字节，上限 {MAX_FILE_BYTES}）",
            )
        data = Path(abs_path).read_bytes()
        reports = parse_bytes(data, rel)
        return rel, sha256_hex(data), size, [(r, None if r.error else feature_row(r)) for r in reports], None
    except Exception as exc:  # one bad file must not stop the batch
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return rel, sha256_of_file(abs_path), os.path.getsize(abs_path), None, f"解析失败：{detail}"


def sha256_of_file(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _results(todo: list[tuple[str, str]], jobs: int) -> Iterator[tuple]:
    if jobs <= 1 or len(todo) < 8:
        yield from map(_parse_file, todo)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_parse_file, todo, chunksize=8)


def build(
    input_dir: Path,
    db_path: Path,
    parquet_dir: Path | None = None,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    links: Path | None = None,
) -> BuildResult:
    """`links`: the user's agency links CSV (README "Agencies across renames"); default
    `agency_links.csv` in the input folder when it exists."""
    input_dir, db_path = Path(input_dir), Path(db_path)
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    if links is None and (input_dir / LINKS_FILE).is_file():
        links = input_dir / LINKS_FILE
    if links is not None and not Path(links).is_file():
        raise FileNotFoundError(f"links file not found: {links}")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staging = db_path.with_name(f"{db_path.name}.building-{os.getpid()}")
    for stale in db_path.parent.glob(f"{db_path.name}.building-*"):
        stale.unlink(missing_ok=True)
    if db_path.exists():
        shutil.copy2(db_path, staging)
    result = BuildResult(links=str(links) if links else None)
    try:
        con = duckdb.connect(str(staging))
        try:
            create_schema(con)
            _ingest(con, input_dir, result, jobs, progress, links)
            # organs and agencies across renames first: the cross-year checks, the settlement and
            # report quality compare an agency's consecutive years
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
        finally:
            con.close()
        os.replace(staging, db_path)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    if parquet_dir is not None:
        writer.export_parquet(db_path, Path(parquet_dir))
    return result


def _ingest(
    con, input_dir: Path, result: BuildResult, jobs: int, progress, links: Path | None = None
) -> None:
    version = parser_version()
    known = dict(con.execute("select sha256, parser_version from sources").fetchall())
    path_sha = dict(con.execute("select path, sha256 from sources").fetchall())
    todo = []
    for path in discover(input_dir, links):
        rel = path.relative_to(input_dir).as_posix()
        result.files += 1
        if path.stat().st_size <= MAX_FILE_BYTES and path_sha.get(rel) in known:
            sha = sha256_of_file(str(path))
            if sha == path_sha[rel] and known[sha] == version:
                result.skipped += 1
                continue
        todo.append((str(path), rel))
    batch = writer.Batch(con)
    for rel, sha, size, parsed, error in _results(todo, jobs):
        reports = [r for r, _ in parsed] if parsed is not None else None
        features = [f for _, f in parsed] if parsed is not None else None
        if known.get(sha) == version and path_sha.get(rel) != sha:
            # same content already loaded from another path: nothing new
            result.skipped += 1
            continue
        old = path_sha.get(rel)
        batch.remove_source(rel, old if old and old != sha else None, sha)
        if error is None and reports and all(r.error for r in reports):
            error = reports[0].error
        if error:
            result.failed += 1
            result.errors.append((rel, error))
            batch.add_error(rel, sha, "read" if reports else "parse", error)
            batch.add_source(sha, rel, size, None, None, version, 0)
        else:
            result.parsed += 1
            result.reports += len(reports)
            batch.add_source(
                sha, rel, size, reports[0].encoding, reports[0].source_kind, version, len(reports)
            )
            for report, row in zip(reports, features, strict=True):
                batch.add_report(report, row)
        known[sha] = version
        path_sha[rel] = sha
        if progress:
            progress(f"{'失败' if error else '已解析'} {rel}")
        batch.flush_if_full()
    batch.flush()
