"""Fixtures for the dashboard tests: one small synthetic database per session, and an AppTest runner."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.synth import make_synthetic_db  # noqa: E402
from etl.store import texts  # noqa: E402

APP = str(REPO / "dashboard" / "app.py")
# Every page of the app (url paths are the view file names).
PAGES = tuple(sorted(p.stem for p in (REPO / "dashboard" / "views").glob("*.py") if p.stem != "__init__"))


@pytest.fixture(scope="session")
def synth_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dashdb") / "synth.duckdb"
    make_synthetic_db(path, 300, seed=7)
    return path


@pytest.fixture(scope="session")
def built_sample_db(tmp_path_factory) -> Path:
    """The default database built from the seeds and the corpus: real reports, some of unknown year."""
    from etl.build import build
    from tests.conftest import default_inputs

    path = tmp_path_factory.mktemp("built_sample") / "xxgk.duckdb"
    build(default_inputs(path.parent / "in"), path)
    return path


@pytest.fixture(scope="session")
def direct(synth_db):
    """A direct read-only connection to the test database, for expected values."""
    con = duckdb.connect(str(synth_db), read_only=True)
    texts.ensure_view(con)  # the texts live in segments beside the file
    yield con
    con.close()


@pytest.fixture(scope="session")
def big_province(direct) -> str:
    return direct.execute(
        "select province from reports group by 1 order by count(*) desc limit 1"
    ).fetchone()[0]


@pytest.fixture
def app(synth_db, monkeypatch):
    """Factory: app(page=None, **query_params) -> AppTest that has run (and switched to `page`)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(synth_db))

    def run(page: str | None = None, **qp: str):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(qp)
        at.run()
        if page:
            # As when the URL /page?… is opened: the page's own parameters arrive with it.
            at.switch_page(f"views/{page}.py")
            at.query_params.update(qp)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def num(text: str) -> float:
    return float(str(text).replace(",", "").replace("%", ""))
