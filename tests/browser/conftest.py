"""End-to-end fixtures: the panel served over HTTP on a free port from a database of its own
(of the same kind as the test database), and Debian's headless Chromium driven by Playwright.

No browser is downloaded: Playwright launches the system ``chromium``. A test fails on any
Content-Security-Policy violation or script error the browser reports.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from panel.core.extensions import db
from panel.demo.loader import load_demo_data
from tests.fixtures.database import scratch_app

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


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is not installed; run `make system-deps`")
    return path


@pytest.fixture(scope="session")
def live_server(app, tmp_path_factory) -> Iterator[str]:
    """The panel on http://127.0.0.1:<port>, with the demo organisation and no complaints."""
    folder = tmp_path_factory.mktemp("live")
    with scratch_app(folder) as served:
        served.config["ATTACHMENT_ROOT"] = str(folder / "attachments")
        served.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600  # static files from the cache
        with served.app_context():
            load_demo_data(complaints=0)
            db.session.remove()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        server = make_server("127.0.0.1", 0, served, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join()
            server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class BrowserProblems:
    """What the browser complained about: CSP violations, script errors, failed requests."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        text = message.text
        if text.startswith("Failed to load resource"):
            return  # reported with its address by _response
        if message.type == "error" or "Content Security Policy" in text:
            self.messages.append(f"{message.type}: {text}")

    def _response(self, response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.messages.append(f"HTTP {response.status}: {response.url}")

    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m]


@pytest.fixture
def problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def open_session(browser, live_server, problems):
    """``open_session(username)``: a logged-in page in a browser context of its own."""
    contexts = []

    def _open(username: str, password: str = "Demo1234"):
        context = browser.new_context(base_url=live_server, accept_downloads=True, locale="zh-CN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    yield _open
    for context in contexts:
        context.close()
    assert problems.messages == [], "\n".join(problems.messages)
