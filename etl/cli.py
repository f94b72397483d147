"""The ETL's commands, `parse` and `build`: their arguments and what they do.

The `xxgk` command (`xxgk/cli.py`) wires these beside the dashboard's commands (`serve`, `brief`);
`python -m etl.cli parse|build …` runs them alone, without the dashboard. Nothing here imports the
dashboard.

Exit codes: 0 ok, 1 some files failed (the rest was still processed), 2 usage error or the database
is being built by another process.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from etl import paths


def add_parse_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument(
        "--json", action="store_true", help="one JSON object per report and line (docs/spec/metrics.md)"
    )


def add_build_arguments(b: argparse.ArgumentParser) -> None:
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


def add_commands(sub) -> dict:
    """Add `parse` and `build` to an argparse subparsers object; returns command → function."""
    add_parse_arguments(sub.add_parser("parse", help="parse report files and print one record per report"))
    add_build_arguments(sub.add_parser("build", help="ingest a folder into DuckDB and Parquet"))
    return {"parse": cmd_parse, "build": cmd_build}


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
    from etl.build import BuildLocked, build

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
    try:
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
    except BuildLocked as exc:  # another build of this database is running
        print(f"xxgk: {exc}", file=sys.stderr)
        return exc.exit_code
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
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in result.derive_seconds.items())
        log(f"  derive: {steps}")
    for path, message in result.errors:
        print(f"  failed: {path}: {message}", file=sys.stderr)
    for problem in result.link_problems:
        print(f"  links file {result.links}: {problem}", file=sys.stderr)
    return result.exit_code


def main(argv: list[str] | None = None) -> int:
    """`python -m etl.cli parse|build …` (the `xxgk` command offers the same and the dashboard's)."""
    ap = argparse.ArgumentParser(prog="python -m etl.cli", description="政府信息公开工作年度报告：解析与入库")
    commands = add_commands(ap.add_subparsers(dest="command", required=True))
    args = ap.parse_args(argv)
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
