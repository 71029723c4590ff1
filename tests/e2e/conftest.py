"""Fixtures of the browser tests: one real ``streamlit run`` and one Chromium for all."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.chromium import CHROMIUM, CHROMIUM_ARGS, missing, serve


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """A real ``streamlit run`` of the app on 127.0.0.1, healthy before the tests start."""
    with serve() as url:  # raises with streamlit's output when it does not come up
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright (never a downloaded browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (pip install -e '.[dev]')")
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
