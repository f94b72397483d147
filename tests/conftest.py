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
