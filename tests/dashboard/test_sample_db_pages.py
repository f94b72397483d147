"""Every page on the real default data (built from data/samples), not only the synthetic database:
real data has unknown years, missing tables, compilation parts and a blank template."""

from __future__ import annotations

import pytest

from etl.build import build
from tests.conftest import SAMPLES
from tests.dashboard.conftest import APP

PAGES = (
    "overview",
    "ranking",
    "profile",
    "compare",
    "requests",
    "disputes",
    "problems",
    "quality",
    "download",
)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample") / "xxgk.duckdb"
    build(SAMPLES, db)
    return db


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_the_sample_database(sample_db, monkeypatch, page):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    if page != "overview":
        at.switch_page(f"views/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric or at.dataframe, f"{page} shows nothing on the sample data"


def test_overview_lists_the_seed_reports(sample_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    table = at.dataframe[0].value
    agencies = set(table.iloc[:, 0].astype(str)) | {str(v) for col in table.columns for v in table[col]}
    for agency in ("白城市教育局", "益阳市教育局", "明溪县教育局", "平潭综合实验区"):
        assert agency in agencies


def test_briefing_pack_on_the_sample_database(sample_db):
    """Real data has reports of unknown year, pre-2019 prose-only reports and few agencies."""
    import io

    from pptx import Presentation

    from dashboard import brief, export

    if export.chrome_path() is None:
        pytest.skip("no chromium")
    prs = Presentation(io.BytesIO(brief.build_brief(sample_db)))
    assert len(prs.slides) == 9
    kpi = next(sh for sh in prs.slides[1].shapes if sh.has_table).table
    assert kpi.cell(0, 1).text.endswith("年") and kpi.cell(0, 1).text[:4].isdigit()
    assert sum(1 for s in prs.slides for sh in s.shapes if sh.shape_type == 13) >= 5
