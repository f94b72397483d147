"""Fixtures for browser tests: a synthetic database, `streamlit run` on a free port, headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = os.environ.get("XXGK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser_db(tmp_path_factory) -> Path:
    from bench.synth import make_synthetic_db

    path = tmp_path_factory.mktemp("browserdb") / "synth.duckdb"
    make_synthetic_db(path, 600, seed=11)
    return path


@contextlib.contextmanager
def serve(db: Path, log_path: Path | None = None):
    """`streamlit run` of the dashboard on `db` (a free port, 127.0.0.1): yields the base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "XXGK_DB": str(db),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "BROWSER_PATH": os.environ.get(
            "BROWSER_PATH", CHROMIUM
        ),  # chart export (kaleido), as in the Makefile
    }
    log_path = log_path or db.parent / "streamlit.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / "dashboard" / "app.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("streamlit did not start: " + log_path.read_text())
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server(browser_db):
    """Base URL of the dashboard served by `streamlit run` against the synthetic database."""
    with serve(browser_db) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None and not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True, locale="zh-CN")
    pg = ctx.new_page()
    yield pg
    ctx.close()


def wait_ready(pg, timeout: float = 60_000) -> None:
    """Wait until the app has rendered, no script run is in progress and every Plotly chart is drawn
    (stable for a moment); fail on exceptions."""
    pg.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    # A script run starts shortly after the page (or a widget) changes; a fast one may go unseen.
    with contextlib.suppress(Exception):
        pg.wait_for_selector('[data-testid="stStatusWidget"]', state="attached", timeout=1_500)
    deadline = time.time() + timeout / 1000
    stable = 0
    while time.time() < deadline:
        running = pg.locator('[data-testid="stStatusWidget"]').count() > 0
        charts = pg.locator('[data-testid="stPlotlyChart"]').count()
        drawn = pg.locator('[data-testid="stPlotlyChart"] .main-svg').count()
        skeletons = pg.locator('[data-testid="stSkeleton"]').count()
        stable = stable + 1 if not running and not skeletons and drawn >= charts else 0
        if stable >= 3:
            break
        pg.wait_for_timeout(250)
    else:
        raise TimeoutError("app did not settle")
    exc = pg.locator('[data-testid="stException"]')
    assert exc.count() == 0, exc.first.inner_text()


def shot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(out), full_page=True)
    return out
