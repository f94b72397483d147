"""Shared fixtures: where the founding documents and the real-report corpus live."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"
SEEDS = SAMPLES / "seeds"
SHARED = REPO.parent / "shared"
# The real-report corpus lives outside the repository (never copied in); XXGK_CORPUS overrides it.
SHARED_CORPUS = Path(os.environ.get("XXGK_CORPUS", SHARED / "corpus"))
CORPUS_FILES = SHARED_CORPUS / "files"
PUTIAN = SHARED_CORPUS / "putian"
requires_corpus = pytest.mark.skipif(
    not CORPUS_FILES.is_dir(), reason=f"real-report corpus not found at {SHARED_CORPUS} (set XXGK_CORPUS)"
)


def default_inputs(folder: Path) -> Path:
    """The default data `make run` builds, gathered in `folder`: the seed documents of data/samples
    and, where it exists, the shared real-report corpus (read from there, never copied into the
    repository)."""
    shutil.copytree(SEEDS, folder / "seeds")
    if CORPUS_FILES.is_dir():
        shutil.copytree(CORPUS_FILES, folder / "corpus" / "files")
    return folder


def putian_rows() -> list[dict[str, str]]:
    """INDEX.csv of the Putian corpus (221 real reports); the calling test skips when it is absent."""
    index = PUTIAN / "INDEX.csv"
    if not index.exists():
        pytest.skip(f"Putian corpus not found at {PUTIAN} (set XXGK_CORPUS)")
    with open(index, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


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
