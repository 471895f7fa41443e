"""Headless Chromium for page tests: Debian's /usr/bin/chromium driven by Playwright.

Playwright never downloads a browser here: it launches the system one by `executable_path`,
with the flags that keep it off the network. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium for one test module. Not for the session: Playwright's sync API runs
    an event loop in the main thread while it is open, and tests that call asyncio.run() after
    a browser module would fail."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM}: .ci/run installs Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page; requests to any host but 127.0.0.1 fail the test that made them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    outside: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(("http://127.0.0.1", "data:", "about:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    tab = context.new_page()
    yield tab
    context.close()
    assert not outside, f"the page asked for something outside the app: {outside}"


def screenshot(tab: object, name: str) -> Path:
    """Saves a full-page screenshot as a test artifact and gives its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
