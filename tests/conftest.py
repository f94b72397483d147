"""Shared fixtures: where the founding documents and the real-report corpus live."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from etl import paths

REPO = Path(__file__).resolve().parents[1]
# The seed documents and the real-report corpus live beside the repository (never copied in);
# XXGK_SHARED, XXGK_SEEDS and XXGK_CORPUS override where (etl/paths.py).
SHARED = paths.SHARED_DIR
SEEDS = paths.SEEDS_DIR
SHARED_CORPUS = paths.CORPUS_DIR
CORPUS_FILES = SHARED_CORPUS / "files"
PUTIAN = SHARED_CORPUS / "putian"
requires_corpus = pytest.mark.skipif(
    not CORPUS_FILES.is_dir(), reason=f"real-report corpus not found at {SHARED_CORPUS} (set XXGK_CORPUS)"
)


def default_inputs(folder: Path) -> Path:
    """The default data `make run` builds, gathered in `folder`: the seed documents and, where it
    exists, the real-report corpus (both read from ../shared, never copied into the repository)."""
    shutil.copytree(SEEDS, folder / "seeds")
    if CORPUS_FILES.is_dir():
        shutil.copytree(CORPUS_FILES, folder / "corpus" / "files")
    return folder


@pytest.fixture
def inbox(tmp_path) -> Path:
    """A small input folder: three seed documents and two real pingtan reports (build tests)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("000_692156fde3bb7491.txt", "002_763fff32784cc425.txt", "004_6c5ff85b4b55fa4f.txt"):
        shutil.copy(SEEDS / name, folder / name)
    for name in ("pingtan_2022.txt", "pingtan_2021.txt"):
        shutil.copy(CORPUS_FILES / name, folder / name)
    return folder


def putian_rows() -> list[dict[str, str]]:
    """INDEX.csv of the Putian corpus (221 real reports); the calling test skips when it is absent."""
    index = PUTIAN / "INDEX.csv"
    if not index.exists():
        pytest.skip(f"Putian corpus not found at {PUTIAN} (set XXGK_CORPUS)")
    with open(index, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))



def pytest_terminal_summary(terminalreporter):
    """Print the measured figures tests record with `record_property` (scores, costs)."""
    figures = [
        (report.nodeid, name, value)
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", [])
    ]
    if figures:
        terminalreporter.section("xxgk measurements")
        for nodeid, name, value in figures:
            terminalreporter.write_line(f"{name} = {value}    ({nodeid.split('::')[-1]})")
