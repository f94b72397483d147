"""The `xxgk` command: parse files, build the database, serve the dashboard, build a briefing pack.

Exit codes: 0 ok, 1 some files failed (the rest was still processed), 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

from etl import paths


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="xxgk", description="政府信息公开工作年度报告：解析、入库与看板")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse report files and print one record per report")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help="one JSON object per report and line (metrics.md §1)")

    b = sub.add_parser("build", help="ingest a folder into DuckDB and Parquet")
    b.add_argument("--input", type=Path, default=paths.SEEDS_DIR)
    b.add_argument("--db", type=Path, default=paths.DEFAULT_DB)
    b.add_argument("--parquet", type=Path, default=None, help="default: parquet/ beside the database")
    b.add_argument("--no-parquet", action="store_true")
    b.add_argument("--jobs", type=int, default=1, help="parser processes (Dask: LocalCluster workers)")
    b.add_argument(
        "--prune", action="store_true", help="remove the rows of files no longer in the input folder"
    )
    b.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="where the parse map runs: local process pool (default) or Dask",
    )
    b.add_argument(
        "--scheduler",
        default=None,
        help="Dask scheduler address (tcp://host:8786); default: a LocalCluster of --jobs workers",
    )
    b.add_argument(
        "--shards", type=Path, default=None, help="Parquet shard folder of the parse (default: <db>.shards)"
    )
    b.add_argument(
        "--links",
        type=Path,
        default=None,
        help="agency links CSV (add or undo links between organs); default: agency_links.csv in the input folder",
    )
    b.add_argument("--quiet", action="store_true", help="no progress bar, warnings and errors only")
    b.add_argument("--verbose", action="store_true", help="one line per file parsed, and debug detail")

    s = sub.add_parser("serve", help="start the dashboard")
    s.add_argument("--db", type=Path, default=paths.DEFAULT_DB)
    s.add_argument("--port", type=int, default=8501)

    br = sub.add_parser("brief", help="build the briefing pack (PowerPoint) for a region and year")
    br.add_argument("--db", type=Path, default=paths.DEFAULT_DB)
    br.add_argument("--province", help="e.g. 吉林省 (default: every province)")
    br.add_argument("--city", help="e.g. 白城市")
    br.add_argument("--level", action="append", help="central, province, city, county, township (repeatable)")
    br.add_argument("--sector", action="append", help="e.g. education (repeatable)")
    br.add_argument(
        "--year",
        help="YEAR: the briefing year (key indicators of YEAR, trends up to it); FROM-TO: a year range",
    )
    br.add_argument("--out", type=Path, required=True, help="the .pptx file to write")
    return ap


def cmd_parse(args) -> int:
    from etl.parse import parse_bytes

    failed = 0
    for path in args.files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"xxgk: cannot read {path}: {exc.strerror}", file=sys.stderr)
            failed += 1
            continue
        for report in parse_bytes(data, str(path)):
            failed += bool(report.error)
            if args.json:
                print(report.to_json())
            else:
                _print_summary(report)
    return 1 if failed else 0


def _print_summary(report) -> None:
    r = report.region
    where = "/".join(x for x in (r.province, r.city, r.county) if x) or "?"
    print(f"{report.source.path} [{report.source.part + 1}/{report.source.parts}]")
    if report.error:
        print(f"  错误：{report.error}")
        return
    print(
        f"  {report.agency or '?'} | {where} ({r.code or '?'}) | {report.year or '?'} | {report.format or '?'}"
    )
    print(f"  {len(report.values)} 个数值，{len(report.problems)} 条问题，{len(report.checks)} 项校验")
    for w in report.warnings:
        print(f"  ! {w}")


def cmd_build(args) -> int:
    from etl.build import build

    if not args.input.is_dir():
        print(f"xxgk: input folder not found: {args.input}", file=sys.stderr)
        return 2
    if args.links is not None and not args.links.is_file():
        print(f"xxgk: links file not found: {args.links}", file=sys.stderr)
        return 2
    parquet = None if args.no_parquet else (args.parquet or args.db.parent / "parquet")
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
        force=True,
    )
    log = None if args.quiet else logging.getLogger("xxgk.build").info
    executor = "dask" if args.scheduler else args.executor
    result = build(
        args.input,
        args.db,
        parquet,
        jobs=args.jobs,
        progress=None,
        links=args.links,
        prune=args.prune,
        executor=executor,
        scheduler=args.scheduler,
        shards=args.shards,
    )
    pruned = (
        f", {result.pruned} pruned"
        if args.prune
        else (
            f", {result.prunable} gone from the folder (kept; --prune removes them)"
            if result.prunable
            else ""
        )
    )
    print(
        f"xxgk build: {result.files} files, {result.parsed} parsed, {result.skipped} unchanged, "
        f"{result.failed} failed, {result.reports} reports loaded, {result.replaced} replaced{pruned} → {args.db}"
    )
    if log:
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
        log(f"  time: {stages} (staging database: {result.staging})")
    for path, message in result.errors:
        print(f"  failed: {path}: {message}", file=sys.stderr)
    for problem in result.link_problems:
        print(f"  links file {result.links}: {problem}", file=sys.stderr)
    return result.exit_code


def cmd_serve(args) -> int:
    env = dict(os.environ, XXGK_DB=str(args.db.resolve()))
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(paths.APP),
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    return subprocess.call(cmd, env=env)


def cmd_brief(args) -> int:
    if not args.db.is_file():
        print(f"xxgk: database not found: {args.db} (run `xxgk build` first)", file=sys.stderr)
        return 2
    year_from = year_to = None
    if args.year:
        a, sep, b = args.year.partition("-")
        try:
            year_from, year_to = int(a), int(b) if sep else int(a)
        except ValueError:
            print(f"xxgk: --year wants YEAR or FROM-TO, not {args.year!r}", file=sys.stderr)
            return 2
        year_from, year_to = min(year_from, year_to), max(year_from, year_to)
        if not sep:
            year_from = 0  # the briefing year with its history: trends up to YEAR (clipped to the data)
    from dashboard.brief import build_brief  # lazily: pulls in plotly, kaleido and python-pptx
    from dashboard.filters import Filters

    f = Filters(
        province=args.province,
        city=args.city,
        levels=tuple(args.level or ()),
        sectors=tuple(args.sector or ()),
        year_from=year_from,
        year_to=year_to,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    build_brief(args.db, f, args.out)
    print(f"xxgk brief: {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"parse": cmd_parse, "build": cmd_build, "serve": cmd_serve, "brief": cmd_brief}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
