"""`xxgk demo`: a synthetic national panel built into a database for a first look at the dashboard.

The generator (`xxgk/rawgen.py`) writes raw report files (plain text, HTML, JS-embedded HTML, DOCX,
PDF; 2008–2025 with the national renames and missing years) for the agencies of a few provinces;
the real build (`etl.build.build`, what `xxgk build` runs) parses and loads them. The database is
marked synthetic in `build_info` (`synthetic = true`, the key bench/synth.py sets and the dashboard
reads: every page then says 合成示例数据) and renamed into place, so a dashboard serving the file
never sees it unmarked. The raw files live in a scratch folder beside the output and are removed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import paths
from etl.store import texts
from xxgk import rawgen

DEFAULT_OUTPUT = paths.DATA_DIR / "demo.duckdb"
DEFAULT_REPORTS = 3000
# a municipality, and provinces in the north-east, north, east and south-west
DEFAULT_PROVINCES = ("北京市", "河北省", "吉林省", "浙江省", "四川省")


@dataclass
class DemoResult:
    path: Path
    reports: int  # report files generated
    loaded: int  # reports the build loaded
    failed: int
    renderings: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def renderings() -> tuple[str, ...] | None:
    """None (every rendering, drawn) when reportlab is importable, else the renderings without PDF."""
    if importlib.util.find_spec("reportlab") is not None:
        return None
    return tuple(r for r in rawgen.RENDERINGS if r != "pdf")


def make_demo(
    output: Path = DEFAULT_OUTPUT,
    reports: int = DEFAULT_REPORTS,
    seed: int = 0,
    provinces: tuple[str, ...] = DEFAULT_PROVINCES,
    jobs: int = 2,
    log: Callable[[str], None] | None = None,
) -> DemoResult:
    """Generate `reports` report files, build them with the real ETL and mark the database synthetic
    at `output` (replaced atomically)."""
    from etl.build import build

    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    work = output.parent / f".{output.name}.demo-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    say = log or (lambda _msg: None)
    clock = time.perf_counter()
    try:
        say(f"生成 {reports} 份合成年报（{'、'.join(provinces)}）…")
        truths = rawgen.write(work / "in", reports, seed=seed, renderings=renderings(), provinces=provinces)
        generated = time.perf_counter()
        say("用 xxgk build 解析入库…")
        db = work / output.name
        result = build(work / "in", db, None, jobs=jobs)
        built = time.perf_counter()
        con = duckdb.connect(str(db))
        try:
            meta = {"reports": reports, "seed": seed, "provinces": list(provinces)}
            con.execute(
                "insert or replace into build_info values ('synthetic', 'true'), ('demo', $meta)",
                {"meta": json.dumps(meta, ensure_ascii=False)},
            )
            con.execute("checkpoint")
        finally:
            con.close()
        texts.move_database(db, output)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    by_rendering: dict[str, int] = {}
    for t in truths:
        by_rendering[t["rendering"]] = by_rendering.get(t["rendering"], 0) + 1
    return DemoResult(
        output,
        len(truths),
        result.reports,
        result.failed,
        by_rendering,
        {
            "generate": generated - clock,
            "build": built - generated,
            "total": time.perf_counter() - clock,
        },
    )
