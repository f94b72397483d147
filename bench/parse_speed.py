"""Parse speed, single process, in two stages:

- tables: read_document + extract_tables + run_checks (issue 3's measure);
- full: `etl.parse.parse_bytes`, what the build runs per file (also identity, region, prose numbers,
  sections, problem statements and their classification).

Prints reports/second for HTML and text inputs (corpus + generated; the full stage also on the
Putian corpus of 221 real text reports) and pages/second for PDF, with ratios to the targets
(≥ 100 HTML/text reports/s per core, ≥ 10 PDF pages/s). Rates are per core: counted against the
process's CPU time, so a machine busy with other work does not lower them (the wall-clock rate is
printed beside). Run: .venv/bin/python bench/parse_speed.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.checks import run_checks  # noqa: E402
from etl.parse import parse_bytes  # noqa: E402
from etl.read import read_document  # noqa: E402
from etl.tables import extract_tables  # noqa: E402
from tests import tablegen as tg  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "files"
PUTIAN = ROOT.parent / "shared" / "corpus" / "putian" / "files"
TARGET_REPORTS, TARGET_PAGES = 100.0, 10.0


def parse(data: bytes, name: str):
    doc = read_document(data, name)
    tables = extract_tables(doc)
    run_checks(tables.values, tables.format)
    return doc


def parse_full(data: bytes, name: str) -> int:
    """Reports parsed from the file by the build's per-file step."""
    return len(parse_bytes(data, name))


def inputs() -> dict[str, list[tuple[str, bytes]]]:
    groups: dict[str, list[tuple[str, bytes]]] = {"html": [], "text": [], "pdf": []}
    if CORPUS.exists():
        for p in sorted(CORPUS.iterdir()):
            kind = {".html": "html", ".js": "html", ".txt": "text", ".md": "text", ".pdf": "pdf"}.get(
                p.suffix
            )
            if kind:
                groups[kind].append((p.name, p.read_bytes()))
    for fmt in ("2021", "2019"):
        for seed in range(3):
            v = tg.dataset(fmt, seed, big=bool(seed % 2))
            groups["html"].append((f"gen{seed}.html", tg.render_html(v, fmt)))
            groups["text"].append((f"gen{seed}.txt", tg.render_text(v, fmt, layout="rows")))
            groups["text"].append((f"gen{seed}.md", tg.render_text(v, fmt, layout="markdown")))
        groups["pdf"].append((f"gen{fmt}.pdf", tg.render_pdf(tg.dataset(fmt, 1), fmt)))
    return groups


def bench(files: list[tuple[str, bytes]], min_seconds: float = 2.0) -> tuple[int, int, float, float]:
    """(documents parsed, pages parsed, CPU seconds, wall seconds), repeating the set for at least
    min_seconds of CPU time."""
    for name, data in files:  # warm caches (OpenCC tables, imports)
        parse(data, name)
    docs = pages = 0
    cpu, wall = time.process_time(), time.perf_counter()
    while time.process_time() - cpu < min_seconds:
        for name, data in files:
            doc = parse(data, name)
            docs += 1
            pages += max(1, len(doc.page_starts))
    return docs, pages, time.process_time() - cpu, time.perf_counter() - wall


def bench_full(files: list[tuple[str, bytes]], min_seconds: float = 2.0) -> tuple[int, float, float]:
    """(files parsed by the full per-file step, CPU seconds, wall seconds)."""
    for name, data in files:
        parse_full(data, name)
    n = 0
    cpu, wall = time.process_time(), time.perf_counter()
    while True:  # at least one pass
        for name, data in files:
            parse_full(data, name)
            n += 1
        if time.process_time() - cpu >= min_seconds:
            return n, time.process_time() - cpu, time.perf_counter() - wall


def _line(
    stage: str, kind: str, files: int, n: int, cpu: float, wall: float, target: float, unit: str
) -> str:
    rate = n / cpu
    return (
        f"{stage:6s} {kind:6s} {files:3d} files  {rate:8.1f} {unit}/s per core  ({rate / target:.2f}× target "
        f"{target:.0f}/s)  {1000 / rate:.1f} ms/{unit[:-1]}  [wall {n / wall:.1f}/s]"
    )


def main() -> None:
    groups = inputs()
    print(f"single process; corpus: {CORPUS if CORPUS.exists() else 'not found'}")
    for kind in ("html", "text"):
        n, _, cpu, wall = bench(groups[kind])
        print(_line("tables", kind, len(groups[kind]), n, cpu, wall, TARGET_REPORTS, "reports"))
    _, pages, cpu, wall = bench(groups["pdf"])
    print(_line("tables", "pdf", len(groups["pdf"]), pages, cpu, wall, TARGET_PAGES, "pages"))
    for kind in ("html", "text"):
        n, cpu, wall = bench_full(groups[kind])
        print(_line("full", kind, len(groups[kind]), n, cpu, wall, TARGET_REPORTS, "files"))
    if PUTIAN.exists():
        putian = [(p.name, p.read_bytes()) for p in sorted(PUTIAN.iterdir()) if p.suffix == ".txt"]
        n, cpu, wall = bench_full(
            putian, min_seconds=0.0
        )  # one pass over the 221 files (after a warm-up pass)
        print(_line("full", "putian", len(putian), n, cpu, wall, TARGET_REPORTS, "files"))


if __name__ == "__main__":
    main()
