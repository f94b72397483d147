"""Issue 15 (4): `xxgk build` runs while ten users browse the dashboard: 0 errors.

Each build writes a staging copy and renames it over the database the dashboard reads
(`os.replace`). Ten browser pages keep opening pages of the app while two builds run one after the
other (each adds a report); no page may show an exception or the "database cannot be opened" page,
the server log has no traceback, and afterwards every page sees the last build."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time

import pytest

from tests.browser.conftest import REPO, serve, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.long]

USERS = 10
PATHS = [
    "overview",
    "ranking",
    "profile",
    "quality",
    "problems",
    "download",
    "requests",
    "compare",
    "disputes",
]


def _metric(pg, label: str) -> str:
    box = pg.locator('[data-testid="stMetric"]').filter(
        has=pg.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^\\s*{re.escape(label)}\\s*$"))
    )
    return box.first.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _check(pg, where: str) -> None:
    wait_ready(pg, timeout=180_000)  # fails on an exception shown on the page
    errors = pg.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, f"{where}: {errors.first.inner_text()}"
    assert pg.get_by_text("数据库无法打开").count() == 0, where
    assert pg.get_by_text("未找到数据库文件").count() == 0, where


def test_build_while_ten_users_browse(tmp_path, browser):
    from etl.build import build
    from tests.generated import EXTRA, inbox_item, render, write_inbox

    inbox = write_inbox(tmp_path / "in")
    held = tmp_path / "held"
    held.mkdir()
    first = sorted(p.name for p in inbox.iterdir())[0]
    shutil.move(inbox / first, held / first)  # added back by the first build while browsing
    name, _ = EXTRA
    (held / name).write_bytes(render(inbox_item(name)))  # added by the second
    live = tmp_path / "db" / "xxgk.duckdb"
    build(inbox, live, jobs=1)

    builds: list[subprocess.CompletedProcess] = []

    def run_builds() -> None:
        for added in (first, name):
            shutil.move(held / added, inbox / added)
            builds.append(
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "etl.cli",
                        "build",
                        "--input",
                        str(inbox),
                        "--db",
                        str(live),
                        "--no-parquet",
                        "--quiet",
                    ],
                    cwd=REPO,
                    capture_output=True,
                    text=True,
                )
            )

    log = tmp_path / "streamlit.log"
    with serve(live, log) as base:
        contexts = [
            browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN") for _ in range(USERS)
        ]
        try:
            pages = [c.new_page() for c in contexts]
            pages[0].goto(f"{base}/overview", wait_until="commit")
            _check(pages[0], "before the builds")
            assert _metric(pages[0], "年报数") == "4"

            builder = threading.Thread(target=run_builds)
            started = time.time()
            builder.start()
            rounds = visits = 0
            while builder.is_alive() or rounds < 2:
                for i, pg in enumerate(pages):
                    pg.goto(f"{base}/{PATHS[(i + rounds) % len(PATHS)]}", wait_until="commit")
                for i, pg in enumerate(pages):
                    _check(pg, f"user {i}, round {rounds}, {pg.url}")
                    visits += 1
                rounds += 1
            builder.join()
            print(
                f"{visits} page views in {rounds} rounds while 2 builds ran ({time.time() - started:.0f} s)"
            )
            for b in builds:
                assert b.returncode == 0, b.stderr

            # afterwards, every user sees the last build (each page load asks the file anew)
            for pg in pages:
                pg.goto(f"{base}/overview", wait_until="commit")
            for i, pg in enumerate(pages):
                _check(pg, f"user {i} after the builds")
                assert _metric(pg, "年报数") == "6", f"user {i}"
        finally:
            for c in contexts:
                c.close()
    text = log.read_text()
    assert "Traceback" not in text and "already closed" not in text, text[-3000:]
