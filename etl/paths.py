"""Default locations, relative to the repository (the package is installed in editable mode)."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
# The founding documents and the real-report corpus live beside the repository, never copied in.
SHARED_DIR = Path(os.environ.get("XXGK_SHARED", REPO_ROOT.parent / "shared"))
SEEDS_DIR = Path(os.environ.get("XXGK_SEEDS", SHARED_DIR / "seeds"))
CORPUS_DIR = Path(os.environ.get("XXGK_CORPUS", SHARED_DIR / "corpus"))
SPEC_DIR = SHARED_DIR / "spec"  # the founding spec; the project's own definitions are in docs/spec/
DEFAULT_DB = DATA_DIR / "xxgk.duckdb"
DEFAULT_PARQUET = DATA_DIR / "parquet"
