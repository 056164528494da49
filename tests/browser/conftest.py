"""Browser tests drive the real app, built and served as production serves it
(``reflex run --env prod``), on its own PostgreSQL database, in Debian's Chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cocohop.db.migrations import upgrade_to_head
from tests.conftest import REPO, create_test_database, drop_test_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def app_database():
    url = create_test_database("browser")
    upgrade_to_head(url)
    yield url
    drop_test_database(url)


@pytest.fixture(scope="session")
def app_url(app_database, tmp_path_factory):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": app_database, "COCOHOP_PORT": str(port), "COCOHOP_AUTOSAVE_DEBOUNCE_MS": "400"}
    subprocess.run([sys.executable, "-m", "cocohop", "seed-demo"], cwd=REPO, env=env, check=True)
    log_path = tmp_path_factory.mktemp("app") / "reflex.log"
    log = open(log_path, "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--loglevel", "info"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, killed whole at the end
    )
    base = f"http://localhost:{port}"
    deadline = time.monotonic() + 600
    try:
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the app exited early:\n{Path(log_path).read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{base}/ping", timeout=2):
                    pass
                with urllib.request.urlopen(f"{base}/", timeout=5) as page:
                    if page.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start:\n{Path(log_path).read_text()[-4000:]}")
            time.sleep(1)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


DEMO_PASSWORD = "demo-password"
CLAIRE = "claire@atelier-voyages.example"  # admin of Atelier Voyages
MARC = "marc@horizons.example"  # admin of Horizons Sur Mesure, the other demo agency


def sign_in(page, app_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{app_url}/sign-in")
    page.fill("#field-email", email)
    page.fill("#field-password", password)
    page.click("#sign-in")
    page.wait_for_selector("#profile-link")


@pytest.fixture
def claire_page(page, app_url):
    sign_in(page, app_url, CLAIRE)
    return page
