"""Default locations, relative to the repository (the package is installed in editable mode)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
SAMPLES_DIR = DATA_DIR / "samples"
DEFAULT_DB = DATA_DIR / "xxgk.duckdb"
DEFAULT_PARQUET = DATA_DIR / "parquet"
APP = REPO_ROOT / "dashboard" / "app.py"
