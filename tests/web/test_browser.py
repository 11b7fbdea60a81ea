"""The reading room in a real browser: Playwright driving Debian's chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CABLEBASE_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install -y chromium (or set CABLEBASE_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_facet_result_reference_permalink(page, server):
    page.goto(server + "/")
    page.fill("#q", "Madrid")
    page.click("form.search button[type=submit]")
    page.wait_for_selector("ol.hits li.hit")
    total = int(page.inner_text(".summary-line strong"))
    assert total > 20
    shot(page, "search")

    page.click("a[data-facet='year'] >> text=2009")
    page.wait_for_url("**year%3A2009**")
    narrowed = int(page.inner_text(".summary-line strong"))
    assert 0 < narrowed < total
    assert "year:2009" in page.input_value("#q")

    page.fill("#q", "cites:06MADRID1914")
    page.press("#q", "Enter")
    page.click("ol.hits li.hit a.hit-title >> nth=0")
    page.wait_for_url("**/cable/**")
    assert page.inner_text("h2#refs-h") == "References"
    page.click("a.ref-present[href='/cable/06MADRID1914']")
    page.wait_for_url("**/cable/06MADRID1914")
    assert "06MADRID1914" in page.inner_text("table.meta")
    shot(page, "cable")

    page.goto(server + "/cable/05ALMATY2058#par7")
    target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
    assert target == "par7"
    assert "Action request" in page.inner_text("#par7")
    assert page.locator("#par4-2").count() == 1  # the second paragraph printed as 4
    shot(page, "seed")


def test_hostile_cable_renders_as_text(page, server):
    page.goto(server + "/cable/10EVILPOST1")
    text = page.inner_text("article.cable")
    assert "<script>window.__xss = 3</script>" in text
    assert "<img src=x onerror=" in text
    assert page.evaluate("window.__xss === undefined")
    assert page.locator("article.cable script").count() == 0
    assert page.locator("article.cable img").count() == 0
    assert page.locator("article.cable a[href^='javascript:']").count() == 0
    assert page.dialogs == []
    page.goto(server + "/?q=hostile")
    assert page.evaluate("window.__xss === undefined") and page.dialogs == []
    shot(page, "hostile")


def test_reading_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server + "/?q=Kiselyov")
    assert pg.locator("ol.hits li.hit").count() == 1
    pg.click("ol.hits a.hit-title")
    assert "KAZAKHSTAN: WORRISOME" in pg.inner_text("h1")
    assert pg.locator("div.para").count() == 9
    pg.goto(server + "/?q=nuclear")
    assert pg.locator("svg.histogram rect").count() > 5  # drawn by the server, no script needed
    context.close()


def test_phone_layout_and_keyboard(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    pg.goto(server + "/?q=nuclear")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no horizontal scrolling on a phone
    shot(pg, "search-phone")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.className") == "skip"
    context.close()


def test_thread_graph_and_histogram(page, server):
    page.goto(server + "/cable/09MADRID347/thread")
    page.wait_for_selector("#thread-graph svg circle")
    assert page.locator("#thread-graph svg a").count() >= 5
    assert page.locator("ol.thread li.missing").count() >= 1
    shot(page, "thread")
    page.goto(server + "/?q=iran")
    bars = page.locator("svg.histogram rect")
    assert bars.count() > 10


def test_entity_timeline_and_actions_pages(page, server):
    page.goto(server + "/cable/05ALMATY2058")
    page.click("section.entities a >> text=Sergey Kiselyov")
    page.wait_for_url("**/entity/**")
    assert "Sergey Kiselyov" in page.inner_text("h1")
    assert "Asar" in page.inner_text("ul.related")
    shot(page, "entity")
    page.goto(server + "/timeline?q=origin:ALMATY")
    items = page.locator("ol.timeline li")
    assert items.count() >= 10
    assert "2005-06-09" in page.inner_text("ol.timeline")
    page.click("ol.timeline li a >> nth=0")
    page.wait_for_url("**/cable/05ALMATY2058#par*")
    page.goto(server + "/actions")
    assert "05ALMATY2058" in page.inner_text("ol.actions")


def test_paragraph_sensitivity_is_one_click_away(page, scored_server):
    """Off by default; one click shows each paragraph's score; the API and exports carry it too."""
    import httpx

    page.goto(scored_server + "/cable/05ALMATY2058")
    badges = page.locator(".para .sens")
    assert badges.count() == 9
    assert not badges.first.is_visible()
    page.get_by_text("Show how classified each paragraph reads").click()
    assert badges.first.is_visible() and badges.first.inner_text().startswith("p=0.")
    shot(page, "cable-sensitivity")
    cable = httpx.get(scored_server + "/api/cables/05ALMATY2058").json()["cable"]
    assert [f"p={p:.2f}" for p in cable["sensitivity"]["paragraphs"]] == badges.all_inner_texts()
    assert cable["sensitivity"]["level"] in {"UNCLASSIFIED", "CONFIDENTIAL", "SECRET"}
    found = httpx.get(scored_server + "/api/search", params={"q": "sensitivity:>=0 origin:ALMATY"}).json()
    assert [h["reference_id"] for h in found["hits"]] == ["05ALMATY2058"]
