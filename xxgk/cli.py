"""The `xxgk` command: parse files, build the database, serve the dashboard, build a briefing pack.

    xxgk parse FILE... [--json]       # etl.cli: read and parse, print a record per report
    xxgk build [--input DIR] …        # etl.cli: ingest a folder into DuckDB and Parquet
    xxgk serve [--db PATH] [--port N] # the Streamlit dashboard on a database (becomes the server)
    xxgk brief … --out FILE [--pdf F] # the briefing pack (.pptx, and PDF), dashboard.brief
    xxgk demo [--reports N] [--output PATH]  # a synthetic panel built into data/demo.duckdb (xxgk/demo.py)

This package is the only one that imports both `etl` and `dashboard` (the ETL never imports the
dashboard; tests/test_layout.py checks it). Exit codes: 0 ok, 1 some files failed (the rest was
still processed), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import dashboard
from etl import cli as etl_cli
from etl import paths

APP = Path(dashboard.__file__).resolve().parent / "app.py"


def _parser() -> tuple[argparse.ArgumentParser, dict]:
    ap = argparse.ArgumentParser(prog="xxgk", description="政府信息公开工作年度报告：解析、入库与看板")
    sub = ap.add_subparsers(dest="command", required=True)
    commands = etl_cli.add_commands(sub)

    s = sub.add_parser("serve", help="start the dashboard")
    s.add_argument("--db", type=Path, default=paths.DEFAULT_DB)
    s.add_argument("--port", type=int, default=8501)
    s.add_argument("--address", help="the address to listen on (default: Streamlit's, every interface)")

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
    br.add_argument("--pdf", type=Path, help="also write the same pack as PDF (headless Chromium)")

    dm = sub.add_parser("demo", help="build a synthetic demo database (合成示例数据) through the real ETL")
    dm.add_argument("--reports", type=int, default=None, help="report files to generate (default 3000)")
    dm.add_argument(
        "--output", type=Path, default=None, help="the database to write (default data/demo.duckdb)"
    )
    dm.add_argument("--seed", type=int, default=0)
    dm.add_argument("--provinces", help="comma list of province names or codes (default: five provinces)")
    dm.add_argument("--jobs", type=int, default=2, help="parser processes of the build")
    return ap, commands | {"serve": cmd_serve, "brief": cmd_brief, "demo": cmd_demo}


def cmd_demo(args) -> int:
    from xxgk import demo

    if args.reports is not None and args.reports < 1:
        print("xxgk: --reports wants a positive number", file=sys.stderr)
        return 2
    provinces = tuple(x.strip() for x in (args.provinces or "").split(",") if x.strip())
    try:
        demo.rawgen.province_codes(provinces)
    except ValueError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        return 2
    result = demo.make_demo(
        args.output or demo.DEFAULT_OUTPUT,
        args.reports or demo.DEFAULT_REPORTS,
        seed=args.seed,
        provinces=provinces or demo.DEFAULT_PROVINCES,
        jobs=args.jobs,
        log=lambda msg: print(msg, file=sys.stderr),
    )
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(result.renderings.items()))
    secs = ", ".join(f"{k} {v:.0f} s" for k, v in result.seconds.items())
    print(
        f"xxgk demo: {result.reports} files ({kinds}), {result.loaded} reports loaded, "
        f"{result.failed} failed → {result.path} ({secs})"
    )
    return 1 if result.failed else 0


def serve_command(args) -> tuple[list[str], dict[str, str]]:
    """The `streamlit run` command line and environment of `xxgk serve`."""
    env = dict(os.environ, XXGK_DB=str(args.db.resolve()))
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    if args.address:
        cmd += ["--server.address", args.address]
    return cmd, env


def cmd_serve(args) -> int:
    """Become the Streamlit server (exec): same process id, so a service manager's SIGTERM or a
    Ctrl-C reaches the server itself and stopping `xxgk serve` stops the app and frees the port.
    Where exec is not the same process (Windows), run it as a child, pass SIGINT/SIGTERM on and wait."""
    cmd, env = serve_command(args)
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(cmd[0], cmd, env)  # does not return
    return _run_forwarding(cmd, env)


def _run_forwarding(cmd: list[str], env: dict[str, str]) -> int:
    """Run `cmd` as a child; SIGINT and SIGTERM to this process are sent on to it; wait for it."""
    child = subprocess.Popen(cmd, env=env)

    def forward(signum, _frame) -> None:
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def parse_year(text: str | None) -> tuple[int | None, int | None]:
    """`--year`: '2023' → (0, 2023), the briefing year with its history (clipped to the data later);
    '2015-2020' → (2015, 2020); None → no range. Raises ValueError on anything else."""
    if not text:
        return None, None
    a, sep, b = text.partition("-")
    lo, hi = int(a), int(b) if sep else int(a)
    lo, hi = min(lo, hi), max(lo, hi)
    return (lo if sep else 0), hi


def cmd_brief(args) -> int:
    if not args.db.is_file():
        print(f"xxgk: database not found: {args.db} (run `xxgk build` first)", file=sys.stderr)
        return 2
    try:
        year_from, year_to = parse_year(args.year)
    except ValueError:
        print(f"xxgk: --year wants YEAR or FROM-TO, not {args.year!r}", file=sys.stderr)
        return 2
    from dashboard.brief import build_pack  # lazily: pulls in plotly, kaleido and python-pptx
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
    pack = build_pack(args.db, f, pdf=args.pdf is not None)  # the numbers once, both files from them
    args.out.write_bytes(pack.pptx)
    print(f"xxgk brief: {args.out}")
    if args.pdf is not None:
        args.pdf.parent.mkdir(parents=True, exist_ok=True)
        args.pdf.write_bytes(pack.pdf)
        print(f"xxgk brief: {args.pdf}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap, commands = _parser()
    args = ap.parse_args(argv)
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
