"""Issue 15 (3) in Chromium: report text full of markup (a hijacked mirror site's page) is shown as
text on the agency profile: no injected element, link, script run or heading, and the markup is
readable on the page as written."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from dashboard.formats import WJ
from tests.browser.conftest import serve, shot, wait_ready
from tests.dashboard.test_escaping import NAME, poison

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def poisoned_server(browser_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("poisoned_browser") / "poisoned.duckdb"
    agency_id = poison(browser_db, path)
    with serve(path) as base:
        yield base, agency_id


def _no_injection(page) -> None:
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('img[src="x"]').count() == 0
    assert main.locator("script").count() == 0
    assert main.locator('a[href*="evil.example"], a[href^="javascript"]').count() == 0
    assert main.locator("h1", has_text="标题").count() == 0
    assert main.locator("strong", has_text="粗体").count() == 0
    assert page.evaluate("window.__xxgk_alert === undefined")


def test_profile_shows_injected_markup_as_text(poisoned_server, page):
    base, agency_id = poisoned_server
    page.add_init_script("window.alert = (m) => { window.__xxgk_alert = m; };")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/profile?agency_id={quote(agency_id)}")
    wait_ready(page)
    # the name in the header, as written (word joiners, invisible, keep `http:` from becoming a link)
    assert NAME in [
        t.replace(WJ, "").strip() for t in page.locator('[data-testid="stHeading"]').all_inner_texts()
    ]
    # the source excerpt of the selected number: the mirror page's markup, as text
    src = page.locator(".xxgk-source").first
    src.wait_for()
    text = src.inner_text()
    assert "<img src=x onerror=alert(1)>" in text and "[链](http://evil.example)" in text
    assert src.locator("mark").count() == 1 and src.locator("img, a, strong, h1").count() == 0
    # the problem statements, each in its year's expander
    page.get_by_role("tab", name="存在问题").click()
    wait_ready(page)
    expander = page.locator('[data-testid="stExpander"]').first
    expander.locator("summary").click()
    expander.get_by_text("<script>alert(1)</script>", exact=False).first.wait_for()
    _no_injection(page)
    assert dialogs == []
    shot(page, "escaping_profile")


def test_name_filter_from_a_link_is_shown_as_text(poisoned_server, page):
    base, _ = poisoned_server
    evil = "<img src=x onerror=alert(1)>[链](http://evil.example)"
    page.goto(f"{base}/problems?q={quote(evil)}")
    wait_ready(page)
    captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert any(f"机构名含“{evil}”" in t.replace(WJ, "") for t in captions), captions
    _no_injection(page)
