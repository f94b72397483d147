"""Build at scale through the real loader (issue 13, "Must show"): generate N raw reports with
`bench/rawgen.py`, run `xxgk build --jobs 2` on them, then add 100 new files and build again.

Prints the build rate (reports/s), peak memory (the largest process of the build: resource.getrusage
of its children), the cost per file, the incremental build's time, and the ratios to the targets
(≥ 150 reports/s, < 4 GB, +100 files < 60 s, the incremental build's staging copy < 10% of it). Also the one-process parse rate on a sample of the same
files (`etl.parse.parse_bytes`, what a build worker runs per file), taken before and after the build, and
the build's ratio to their mean (≥ 1.6×). With `--speedup-sample N`, also `build --jobs 2` against
`build --jobs 1` on N of the files: the same work per file on both sides. And the machine's own
ceiling for any two-process ratio (two pure-CPU loops against one), to read those ratios against.

    .venv/bin/python bench/build_scale.py                    # 2,000 reports
    .venv/bin/python bench/build_scale.py --reports 100000   # the issue's figure
    .venv/bin/python bench/build_scale.py --keep /tmp/scale  # keep files and database there

Not part of `make test` (minutes, not seconds).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import rawgen  # noqa: E402

XXGK = ROOT / ".venv" / "bin" / "xxgk"
TARGET_RATE, TARGET_RSS_GB, TARGET_ADD_S, TARGET_SPEEDUP = 150.0, 4.0, 60.0, 1.6

# Runs one command and reports its wall time and the peak RSS of its process tree's largest member.
_RUNNER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
print(json.dumps({"rc": rc.returncode, "seconds": time.perf_counter() - t,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stderr": rc.stderr[-2000:]}))
"""


def snapshot_code(work: Path) -> Path:
    """A copy of the `etl` package to build with: the parser version is a hash of the code, so an edit
    made in the checkout between the two builds would make the second re-parse every file."""
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(ROOT / "etl", code / "etl", ignore=shutil.ignore_patterns("__pycache__"))
    return code


def timed_build(raw: Path, db: Path, jobs: int, code: Path | None) -> dict:
    if code is None:
        cmd, cwd = [str(XXGK)], None
    else:  # `python -m etl.cli` from the snapshot folder imports the snapshot first
        cmd, cwd = [str(ROOT / ".venv" / "bin" / "python"), "-m", "etl.cli"], code
    # not --quiet: the build's closing "time:" line (seconds per stage) is read from its log
    cmd += ["build", "--input", str(raw), "--db", str(db), "--jobs", str(jobs)]
    out = subprocess.run(
        [sys.executable, "-c", _RUNNER, *cmd], capture_output=True, text=True, check=True, cwd=cwd
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def stage_times(stderr: str) -> str:
    """The build's "time: staging …, parse …, load …, derive …, total …" line."""
    lines = [ln.strip() for ln in stderr.replace("\r", "\n").splitlines() if ln.strip().startswith("time:")]
    return lines[-1] if lines else "(no stage times in the build's log)"


def staging_share(stderr: str) -> str:
    """The staging copy's seconds as a share of the build's total (issue 13: < 10% at 1M reports)."""
    import re

    times = dict(re.findall(r"(staging|total) ([\d.]+) s", stage_times(stderr)))
    if len(times) < 2:
        return "staging copy: (not in the build's log)"
    share = float(times["staging"]) / float(times["total"])
    return f"staging copy {float(times['staging']):.1f} s = {share:.1%} of the build ({ratio(share, 0.10, False)})"


def parse_stage_share(stderr: str, reports: int, base: float) -> str:
    """Where the build's ratio goes: the parse stage's own rate against the one-process baseline
    (what the workers do per file beyond `parse_bytes`, and two processes sharing the machine), and the
    share of the build's time outside it (scan, load, derive, Parquet, start-up: serial)."""
    import re

    times = dict(re.findall(r"(parse|total) ([\d.]+) s", stage_times(stderr)))
    if len(times) < 2:
        return "parse stage: (not in the build's log)"
    parse, total = float(times["parse"]), float(times["total"])
    return (
        f"parse stage alone {reports / parse:.1f} reports/s = {reports / parse / base:.2f}× the one-process "
        f"rate; stages outside it {total - parse:.1f} s = {(total - parse) / total:.1%} of the build"
    )


def sizes(db: Path) -> str:
    """The database file and its text segments (etl/store/texts.py), MB."""
    texts = db.with_name(db.name + ".texts")
    seg = sum(p.stat().st_size for p in texts.glob("*.parquet")) if texts.is_dir() else 0
    return f"database {db.stat().st_size / 1e6:.1f} MB + text segments {seg / 1e6:.1f} MB"


def db_counts(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("sources", "reports", "facts", "ingest_errors")
        }
        info = dict(con.execute("select key, value from build_info").fetchall())
        last = json.loads(info.get("last_build") or "{}")
        out |= {k: last.get(k) for k in ("parsed", "skipped", "replaced")}
        out["parser_version"] = info.get("parser_version")
        return out
    finally:
        con.close()


def build_accuracy(db: Path, raw: Path, truths: list[dict]) -> tuple[float, dict[str, float], list[str]]:
    """The database against truth.jsonl: identity columns of `reports` and every truth value in
    `facts` (end to end: parse, load, derived). Share right overall and per field."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        reports = con.execute(
            "select report_id, path, agency, region_code, level, sector, year, format, scope from reports"
        ).fetchall()
        facts: dict[str, dict] = {}
        for rid, key, value in con.execute("select report_id, key, value from facts").fetchall():
            facts.setdefault(rid, {})[key] = value
    finally:
        con.close()
    by_file = {}
    for rid, path, *ident in reports:
        p = Path(path)
        rel = str(p.relative_to(raw)) if p.is_absolute() and p.is_relative_to(raw) else str(path)
        by_file[rel] = (rid, ident)
    ok: dict[str, int] = {}
    total: dict[str, int] = {}
    wrong: list[str] = []
    fields = ("agency", "region.code", "level", "sector", "year", "format", "scope")
    for t in truths:
        row = by_file.get(t["file"])
        want = [t["agency"], t["region"]["code"], t["level"], t["sector"], t["year"], t["format"], t["scope"]]
        got = row[1] if row else [None] * len(fields)
        checks = list(zip(fields, [g == w for g, w in zip(got, want, strict=True)], strict=True))
        have = facts.get(row[0], {}) if row else {}
        for k, x in t["values"].items():
            y = have.get(k)
            checks.append(("cells", y is not None and x is not None and abs(float(y) - float(x)) < 1e-6))
        for name, good in checks:
            total[name] = total.get(name, 0) + 1
            ok[name] = ok.get(name, 0) + good
            if not good and len(wrong) < 10:
                wrong.append(f"{t['file']} {name}")
    overall = sum(ok.values()) / max(1, sum(total.values()))
    return overall, {k: ok[k] / total[k] for k in total}, wrong


def parse_rate(raw: Path, truths: list[dict], sample: int) -> tuple[float, int]:
    """One process, `parse_bytes` per file, on the first `sample` files: reports/s."""
    from etl.parse import parse_bytes
    from etl.store.shards import fewer_collections, warm_up

    files = [raw / t["file"] for t in truths[:sample]]
    data = [(p.read_bytes(), str(p)) for p in files]
    warm_up()  # as a build worker starts: imports, models, gazetteer
    parse_bytes(*data[0])
    with fewer_collections():  # as a worker parses (`parse_chunk`)
        t = time.perf_counter()
        n = sum(len(parse_bytes(b, name)) for b, name in data)
        return n / (time.perf_counter() - t), n


def build_speedup(raw: Path, truths: list[dict], work: Path, n: int, code: Path | None) -> str:
    """`xxgk build --jobs 2` against `--jobs 1` on the same `n` files (the same work per file on both
    sides: what the second core buys), each into a fresh database with no shards to reuse; run in the
    order 1, 2, 2, 1 so that the VM's drift falls on both sides."""
    sample = work / "speedup" / "raw"
    shutil.rmtree(sample.parent, ignore_errors=True)
    for t in truths[:n]:
        dst = sample / t["file"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.hardlink_to(raw / t["file"])
    seconds: dict[int, list[float]] = {1: [], 2: []}
    for jobs in (1, 2, 2, 1):
        db = sample.parent / f"jobs{jobs}.duckdb"
        for p in [*sample.parent.glob("jobs*.duckdb*"), sample.parent / "raw.shards"]:
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        run = timed_build(sample, db, jobs, code)
        if run["rc"] not in (0, 1):
            return f"build --jobs {jobs} of the sample failed: {run['stderr'][-300:]}"
        seconds[jobs].append(run["seconds"])
    shutil.rmtree(sample.parent, ignore_errors=True)
    one, two = (sum(seconds[j]) / len(seconds[j]) for j in (1, 2))
    return (
        f"build --jobs 2 vs --jobs 1 on the same {n} files (1, 2, 2, 1; fresh databases): "
        f"{n / one:.1f} vs {n / two:.1f} reports/s = {one / two:.2f}×"
    )


def _spin(_: int = 0) -> float:
    """A fixed pure-Python CPU loop: its seconds."""
    t, x = time.perf_counter(), 0
    for i in range(6_000_000):
        x += i * i % 7
    return time.perf_counter() - t


def machine_ceiling(rounds: int = 3) -> str:
    """What a second process buys on this machine at all: two copies of a pure-CPU loop in two
    processes against one copy in one, as throughput (2 on two real cores). No build can beat it;
    a shared or throttled VM core shows here first."""
    import multiprocessing

    ratios = []
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [0, 0])  # (the workers started)
        for _ in range(rounds):
            one = _spin()
            t = time.perf_counter()
            pool.map(_spin, [0, 0])
            ratios.append(2 * one / (time.perf_counter() - t))
    ratios.sort()
    return (
        f"the machine's own ceiling, two pure-CPU loops in two processes against one: "
        f"{ratios[len(ratios) // 2]:.2f}× (median of {', '.join(f'{r:.2f}' for r in ratios)})"
    )


def ratio(value: float, target: float, higher_is_better: bool) -> str:
    ok = value >= target if higher_is_better else value < target
    return f"{value / target:.2f}× target ({'ok' if ok else 'MISSED'})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--add", type=int, default=100, help="new files for the incremental build")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--parse-sample", type=int, default=300, help="files parsed in one process for the baseline"
    )
    ap.add_argument(
        "--speedup-sample",
        type=int,
        default=0,
        help="also time build --jobs 1 and --jobs 2 on this many of the files (same work per file)",
    )
    ap.add_argument(
        "--live-code",
        action="store_true",
        help="build with the checkout's etl/ (default: a snapshot copy, safe from concurrent edits)",
    )
    ap.add_argument(
        "--keep", type=Path, help="work here and keep the files and database (default: a temp folder)"
    )
    args = ap.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="xxgk-scale-"))
    raw, db = work / "raw", work / "scale.duckdb"
    if raw.exists():
        shutil.rmtree(raw)
    for p in work.glob("scale.duckdb*"):
        p.unlink() if p.is_file() else shutil.rmtree(p)
    shutil.rmtree(work / "parquet", ignore_errors=True)
    try:
        t = time.perf_counter()
        truths = rawgen.write(raw, args.reports, seed=args.seed)
        gen_s = time.perf_counter() - t
        size = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file())
        kinds = {}
        for tr in truths:
            kinds[tr["rendering"]] = kinds.get(tr["rendering"], 0) + 1
        print(f"generated {len(truths)} files ({size / 1e6:.1f} MB; {kinds}) in {gen_s:.1f} s → {raw}")

        rate1, n1 = parse_rate(raw, truths, min(args.parse_sample, len(truths)))
        print(f"one-process parse: {rate1:.1f} reports/s (sample of {n1})")

        code = None if args.live_code else snapshot_code(work)
        first = timed_build(raw, db, args.jobs, code)
        counts = db_counts(db)
        rate = counts["reports"] / first["seconds"]
        print(
            f"build --jobs {args.jobs}: rc {first['rc']}, {first['seconds']:.1f} s, {counts}"
            + (f"\n  stderr: {first['stderr'].strip()[-500:]}" if first["rc"] not in (0, 1) else "")
        )
        print(f"  rate {rate:.1f} reports/s: {ratio(rate, TARGET_RATE, True)}")
        print(f"  per file {1000 * first['seconds'] / len(truths):.1f} ms; {stage_times(first['stderr'])}")
        # the VM's speed drifts by 10-20% within minutes: the baseline is taken again after the build
        # and the ratio is to the mean of the two
        rate1b, _ = parse_rate(raw, truths, min(args.parse_sample, len(truths)))
        base = (rate1 + rate1b) / 2
        fast = max(rate1, rate1b)  # the conservative baseline: the VM at its faster
        print(
            f"  vs one-process parse ({rate1:.1f} before, {rate1b:.1f} after the build, mean {base:.1f}): "
            f"{rate / base:.2f}× ({ratio(rate / base, TARGET_SPEEDUP, True)}); against the faster of the two "
            f"{rate / fast:.2f}× ({ratio(rate / fast, TARGET_SPEEDUP, True)})"
        )
        print(f"  {parse_stage_share(first['stderr'], counts['reports'], base)}")
        rss_gb = first["maxrss_kb"] / 1024**2
        print(f"  peak RSS (largest process) {rss_gb:.2f} GB: {ratio(rss_gb, TARGET_RSS_GB, False)}")
        print(f"  {sizes(db)}")
        overall, shares, wrong = build_accuracy(db, raw, truths)
        print(
            f"  accuracy against truth.jsonl: {overall:.4f} "
            + ", ".join(f"{k} {v:.3f}" for k, v in shares.items())
            + (f"; e.g. {wrong}" if wrong else "")
        )

        if args.speedup_sample:
            print(f"  {build_speedup(raw, truths, work, min(args.speedup_sample, len(truths)), code)}")
        print(f"  {machine_ceiling()}")

        truths_add = rawgen.write(raw, args.add, seed=args.seed, skip=args.reports)
        second = timed_build(raw, db, args.jobs, code)
        counts2 = db_counts(db)
        print(
            f"incremental build (+{len(truths_add)} files): rc {second['rc']}, {second['seconds']:.1f} s: "
            f"{ratio(second['seconds'], TARGET_ADD_S, False)}; "
            f"{counts2['reports'] - counts['reports']} new reports, {counts2}"
        )
        print(f"  {stage_times(second['stderr'])}")
        print(f"  {staging_share(second['stderr'])}; {sizes(db)}")
        print(
            f"  ({second['seconds'] / first['seconds']:.2f} of the first build's time for {args.add / args.reports:.1%} of its files)"
        )
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
