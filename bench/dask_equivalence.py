"""The same generated files built by the local process pool and by Dask (issue 13, "Must show"):
row counts of every loaded table and a checksum of the facts must be identical.

    .venv/bin/python bench/dask_equivalence.py                  # 2,000 generated reports
    .venv/bin/python bench/dask_equivalence.py --reports 20000 --raw /tmp/raw   # reuse a folder

Dask runs on a LocalCluster of `--jobs` worker processes (what `xxgk build --executor dask` starts
when no `--scheduler` is given). Prints both build times, the counts and checksums, and `identical`
or `DIFFERENT`. A report, not a test (minutes).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import rawgen  # noqa: E402

XXGK = ROOT / ".venv" / "bin" / "xxgk"
TABLES = ("sources", "reports", "facts", "checks", "problems", "report_texts", "ingest_errors", "agencies")
# Order-independent: one hash per fact row, summed (and the row count beside it).
FACTS_CHECKSUM = """
select count(*), sum(hash(report_id, key, cast(value as varchar), span_start, span_end, origin)::hugeint)
from facts
"""


def build(raw: Path, db: Path, jobs: int, executor: str) -> float:
    t = time.perf_counter()
    cmd = [str(XXGK), "build", "--input", str(raw), "--db", str(db), "--jobs", str(jobs), "--quiet"]
    rc = subprocess.run([*cmd, "--executor", executor, "--no-parquet"], capture_output=True, text=True)
    if rc.returncode not in (0, 1):
        raise SystemExit(f"{executor} build failed ({rc.returncode}): {rc.stderr[-1000:]}")
    return time.perf_counter() - t


def summary(db: Path) -> dict:
    import duckdb

    from etl.store import texts

    con = duckdb.connect(str(db), read_only=True)
    texts.ensure_view(con)
    try:
        out = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
        out["facts_checksum"] = tuple(con.execute(FACTS_CHECKSUM).fetchone())
        out["checks_checksum"] = con.execute(
            "select sum(hash(report_id, rule, status, coalesce(detail, ''))::hugeint) from checks"
        ).fetchone()[0]
        return out
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--raw", type=Path, help="a folder of generated files to reuse (else generated)")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="xxgk-dask-"))
    raw = args.raw
    if raw is None:
        raw = work / "raw"
        rawgen.write(raw, args.reports, seed=0)
    seconds = {ex: build(raw, work / f"{ex}.duckdb", args.jobs, ex) for ex in ("local", "dask")}
    local, dask = summary(work / "local.duckdb"), summary(work / "dask.duckdb")
    for ex, s in (("local", local), ("dask", dask)):
        print(f"{ex:5} --jobs {args.jobs}: {seconds[ex]:.1f} s  {s}")
    same = local == dask
    print("identical" if same else "DIFFERENT: " + ", ".join(k for k in local if local[k] != dask[k]))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
