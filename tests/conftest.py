"""Shared fixtures: where the founding documents and the real-report corpus live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"
SEEDS = SAMPLES / "seeds"
CORPUS_FILES = SAMPLES / "corpus" / "files"
SHARED = REPO.parent / "shared"


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
