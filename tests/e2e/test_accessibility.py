"""Accessibility: axe-core (bundled with axe-playwright-python, so it runs offline) finds no
serious or critical problem on any page of a session (demo loaded, functions carved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.e2e.chromium import missing
from tests.e2e.test_session_e2e import idle

pytestmark = pytest.mark.e2e

PAGES = ["Start", "Taken", "Functies", "Kandidaten", "Matching", "Rapport"]
#: axe's impacts that fail the test (other moderate and minor ones are reported, not
#: failed), and rules that fail it whatever their impact (headings in order: h1, h2, h3).
FAILING = ("serious", "critical")
ALWAYS = ("heading-order",)
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                      first: v.nodes[0].target.join(' ')}));
}"""


def axe_script() -> Path:
    try:
        import axe_playwright_python
    except ImportError:
        missing("axe-playwright-python is not installed (pip install -e '.[dev]')")
    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


def test_no_serious_accessibility_problem_on_any_page(app_url: str, browser: Any) -> None:
    from playwright.sync_api import expect

    script = axe_script()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(120_000)
    page.goto(app_url)
    page.get_by_role("button", name="Demo laden").click()
    expect(page.get_by_text("Demo geladen", exact=False)).to_be_visible()
    page.get_by_role("link", name="Functies", exact=True).click()
    page.get_by_role("button", name="Functies maken").click()
    # carving the demo takes a few seconds (more on a busy machine): wait as the page does
    expect(page.get_by_text("Functies gemaakt in", exact=False)).to_be_visible(timeout=120_000)
    found: dict[str, list[dict[str, Any]]] = {}
    for name in PAGES:
        page.get_by_role("link", name=name, exact=True).click()
        page.wait_for_timeout(500)  # the page's run may start a moment after the click
        idle(page)
        page.wait_for_timeout(1500)  # charts draw after the script run
        page.add_script_tag(path=str(script))
        found[name] = page.evaluate(RUN_AXE)
    page.close()
    print("\naxe-core findings per page:", {k: [(v["id"], v["impact"]) for v in vs]
                                           for k, vs in found.items()})
    failing = {k: [v for v in vs if v["impact"] in FAILING or v["id"] in ALWAYS]
               for k, vs in found.items()}
    assert not any(failing.values()), failing
