"""End to end from the Excel template: a school downloads it, fills in its own tasks and
sites, uploads it once, carves, looks at a week, locks a function, reloads the page and
finds its session back, matches and downloads the profiles in Word.

The school here is the demo secondary school typed into the template (its tasks and
sites, numbers as a Dutch Excel stores them, times as text); the candidates are the demo
pool (the template's candidate tab is emptied, as a school without candidates does).
Screenshots go to ``docs/screenshots/start.png`` and ``docs/screenshots/week.png`` (in
the README).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from tests.e2e.chromium import VIEWPORT
from tests.e2e.test_session_e2e import SCREENSHOTS, go, idle, open_word_profiles, scroll_to

import matcher

pytestmark = pytest.mark.e2e

#: Columns whose cells a school types as numbers in Excel.
NUMBERS = {"uren_per_week", "niveau", "fysieke_belasting", "leerlingcontact", "breedtegraad",
           "lengtegraad"}


def _cell(column: str, text: str) -> object:
    """A CSV cell as a school's Excel holds it: numbers as numbers, the rest as text."""
    if column in NUMBERS and text:
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() and column != "uren_per_week" else number
    return text or None


def fill_template(template: Path, out: Path) -> Path:
    """The downloaded template with the demo school's tasks and sites typed in."""
    files = matcher.demo_files("vo")
    workbook = load_workbook(template)
    for sheet, source in (("taken", files.tasks), ("locaties", files.sites)):
        ws = workbook[sheet]
        headers = [c.value for c in ws[1]]
        ws.delete_rows(2, ws.max_row)
        with open(source, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
        renamed = {"locatienaam": "naam"}  # the demo file's header for the template's "naam"
        for row in rows:
            row = {renamed.get(k, k): v for k, v in row.items()}
            ws.append([_cell(h, row.get(h, "")) for h in headers])
    workbook["kandidaten"].delete_rows(2, workbook["kandidaten"].max_row)
    workbook.save(out)
    return out


def test_a_school_from_the_template(app_url: str, browser: Any,
                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    """Template in, carve, a week, lock, reload and back, match, Word out."""
    from playwright.sync_api import expect

    folder = tmp_path_factory.mktemp("template")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=VIEWPORT, locale="nl-NL")
    page.set_default_timeout(30_000)
    page.goto(app_url)
    expect(page.get_by_role("heading", name="matcher – functiecreatie")).to_be_visible()
    idle(page)
    # the uploader speaks Dutch too: its "Upload" and "50MB per file" replaced, not shown
    # (idle() can see the state before the first run starts, so wait for the uploader itself)
    page.wait_for_selector("[data-testid='stFileUploaderDropzone'] button p")
    page.wait_for_selector("[data-testid='stFileUploaderDropzoneInstructions'] span")
    words = page.evaluate("""() => {
        const b = document.querySelector("[data-testid='stFileUploaderDropzone'] button p");
        const s = document.querySelector("[data-testid='stFileUploaderDropzoneInstructions'] span");
        return [getComputedStyle(b).fontSize, getComputedStyle(b, '::after').content,
                getComputedStyle(s).fontSize, getComputedStyle(s, '::after').content]; }""")
    assert words == ["0px", '"Bestand kiezen"', "0px", '"of sleep het hierheen (max. 50 MB)"']

    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("^Excel-sjabloon downloaden")).click()
    template = folder / download.value.suggested_filename
    download.value.save_as(template)
    filled = fill_template(template, folder / "onze-school.xlsx")

    page.locator('[data-testid="stFileUploader"]').filter(
        has_text="Taken (csv of xlsx)").locator('input[type="file"]').set_input_files(
        str(filled))
    idle(page)
    page.get_by_text("Zonder kandidatenbestand de demokandidaten gebruiken").click()
    idle(page)
    page.get_by_role("button", name="Bestanden laden").click()
    expect(page.get_by_text("Bestanden geladen.")).to_be_visible()
    expect(page.get_by_text("Nog niets geladen")).to_have_count(0)
    expect(page.get_by_text("tabbladen", exact=False)).to_have_count(0)  # its own tabs
    idle(page)
    page.screenshot(path=str(SCREENSHOTS / "start.png"))

    go(page, "Functies", "Functies")
    page.get_by_role("button", name="Functies maken").click()
    expect(page.get_by_text("Functies gemaakt in")).to_be_visible(timeout=120_000)
    idle(page)
    # the week as a picture: a day x time chart per function, with a text alternative
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts.first).to_be_visible()
    assert charts.count() >= 2
    scroll_to(page.get_by_role("heading", name=re.compile(r"^F01 – ")))
    page.wait_for_timeout(1000)  # the chart draws after the script run
    page.screenshot(path=str(SCREENSHOTS / "week.png"))

    page.get_by_text("F01 vastzetten").click()
    expect(page.get_by_text("F01 is vastgezet.")).to_be_visible()
    idle(page)

    # F5 after an hour's work: the session comes back, with its lock
    assert "sessie=" in page.url
    page.reload()
    expect(page.get_by_text("Uw sessie is terug", exact=False)).to_be_visible()
    expect(page.get_by_text(re.compile(r"functies \(1 vastgezet\)"))).to_be_visible()
    idle(page)

    go(page, "Matching", "Matching")
    expect(page.get_by_text("Beste toewijzing")).to_be_visible()
    go(page, "Rapport", "Rapport")
    open_word_profiles(page, folder)
    page.close()
