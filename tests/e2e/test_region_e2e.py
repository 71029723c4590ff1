"""End to end: the WSP account manager's Regio page in Debian's headless Chromium.

The demo region (a seeded region of the demo school, the demo board and generated schools,
with candidates and a pipeline history; :func:`matcher.demo_region.build_demo_region`, smaller
here for time) lies where the app looks for it, beside the server's store. The account
manager opens it, sees the schools with their functions and fta, the pipeline per
function with the double bookings, computes the capped region shortlists with their flags,
and opens a school as the session. Screenshot: ``docs/screenshots/regio.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.chromium import VIEWPORT
from tests.e2e.test_session_e2e import SCREENSHOTS, go, idle, scroll_to

from matcher.store import RegionStore
from matcher.store.db import default_path

pytestmark = pytest.mark.e2e

APP = Path(__file__).resolve().parents[2] / "app"


@pytest.fixture(scope="module")
def demo_region() -> RegionStore:
    """The demo region where the app's ``Demoregio`` choice finds it (built small)."""
    from matcher.demo_region import build_demo_region

    if str(APP) not in sys.path:
        sys.path.insert(0, str(APP))
    import ui  # the app's own rule for the path

    path = ui.region_path("demo")
    assert path.parent == default_path().parent
    if path.exists():
        path.unlink()
    return build_demo_region(path, schools=3, candidates=400)


def test_the_regio_page(app_url: str, browser: Any, demo_region: RegionStore) -> None:
    from playwright.sync_api import expect

    status = demo_region.status()
    page = browser.new_page(viewport=VIEWPORT, locale="nl-NL")
    page.set_default_timeout(60_000)
    page.goto(app_url)
    idle(page)
    go(page, "Regio", "Regio")
    page.get_by_text("Demoregio (verzonnen)").click()
    idle(page)
    expect(page.get_by_text("Scholen", exact=True).first).to_be_visible()
    schools = page.locator('[data-testid="stMetric"]').first
    expect(schools).to_contain_text(str(len(status["schools"])))
    if status["double_booked"]:
        expect(page.get_by_text("bij twee of meer scholen tegelijk")).to_be_visible()
    # every school in the table (the grid is a canvas: its rows are read from the download
    # of the whole region instead, below); here the open-as-session choice lists them
    page.get_by_role("tab", name="Trajecten").click()
    expect(page.get_by_role("heading", name="Per functie")).to_be_visible()
    page.get_by_role("tab", name="Shortlijsten").click()
    page.get_by_role("button", name="Shortlijsten berekenen").click()
    expect(page.get_by_text("gingen", exact=False).first).to_be_visible(timeout=120_000)
    idle(page)
    scroll_to(page.locator('[data-testid="stMetric"]').first)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "regio.png"))
    # the whole region as a workbook, and a school opened as the session
    page.get_by_role("tab", name="Export").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Werkruimte (Excel)").click()
    assert download.value.suggested_filename.startswith("werkruimte-")
    page.get_by_role("tab", name="Scholen").click()
    page.get_by_role("button", name="Openen", exact=True).click()
    expect(page.get_by_text("is geopend")).to_be_visible()
    expect(page.get_by_text("Deze sessie is school")).to_be_visible()
    page.close()
