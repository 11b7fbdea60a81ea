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
PAGES = {"home": "/", "search": "/?q=nuclear", "cable": "/cable/05ALMATY2058?hl=legislation",
         "thread": "/cable/09MADRID347/thread", "browse-dates": "/browse/dates", "entities": "/entities",
         "timeline": "/timeline?q=origin:ALMATY", "most-cited": "/most-cited", "actions": "/actions",
         "help": "/help", "api-docs": "/api/docs"}
"""Every page a reader meets, screenshotted at both widths (test-artifacts/, git-ignored)."""


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


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    yield context.new_page()
    context.close()


def offline(pg, server: str) -> list[str]:
    """Refuse every request that leaves the test server; returns the list of refused URLs."""
    refused: list[str] = []

    def handle(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()
    pg.route("**/*", handle)
    return refused


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_screenshots_of_every_page_at_both_widths(page, phone, server):
    for pg, width in ((page, 1280), (phone, 390)):
        for name, path in PAGES.items():
            response = pg.goto(server + path)
            assert response.status == 200, path
            pg.wait_for_load_state("load")
            assert pg.evaluate("document.documentElement.scrollWidth") <= width + 10, f"{path} scrolls sideways at {width} px"
            shot(pg, f"{name}-{width}")


def _first_line(pg, selector: str) -> dict:
    """The boxes of a paragraph's number, marking and first word of its text, as the browser lays them out."""
    return pg.evaluate("""sel => {
        const par = document.querySelector(sel);
        const box = el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
        const text = par.querySelector('.ptext').firstChild;
        const range = document.createRange(); range.setStart(text, 0); range.setEnd(text, 1);
        const first = range.getClientRects()[0];
        return {num: box(par.querySelector('.pnum')), marking: box(par.querySelector('.marking')),
                word: {top: first.top, bottom: first.bottom, left: first.left, right: first.right}};
    }""", selector)


def test_a_paragraph_reads_like_the_cable(page, phone, server):
    for pg in (page, phone):
        pg.goto(server + "/cable/05ALMATY2058")
        boxes = _first_line(pg, "#par2")
        num, marking, word = boxes["num"], boxes["marking"], boxes["word"]
        for box in (marking, word):  # one line: each piece starts after the one before, at the same height
            assert abs(box["top"] - num["top"]) < 6 and abs(box["bottom"] - num["bottom"]) < 6, boxes
        assert num["right"] <= marking["left"] <= marking["right"] <= word["left"], boxes
        assert word["left"] - num["right"] < 120  # no gap wider than the marking between them
        copied = pg.evaluate("""() => { const s = getSelection(); s.selectAllChildren(document.querySelector('#par2'));
                                         return s.toString(); }""")
        assert copied.startswith("2. (SBU) Summary: Troubling legislation is progressing rapidly"), copied[:80]
        assert "\n" not in copied and "¶" not in copied and "  " not in copied
        lines = pg.evaluate("""() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('#par3 .ptext'));
                                        return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }""")
        assert lines > 2  # wrapped, as the cable wraps it, not one overlong line
    width = page.evaluate("document.querySelector('#par2').getBoundingClientRect().width")
    assert 500 < width < 800  # about a cable's 70 characters of monospace at 1280 px


def test_search_terms_are_highlighted_in_the_cable_and_it_can_be_cited(page, server):
    page.goto(server + "/?q=legislation+Kiselyov")
    page.click("ol.hits a.hit-title >> nth=0")
    page.wait_for_url("**/cable/05ALMATY2058?hl=**")
    marks = page.locator("section.body mark").all_inner_texts()
    assert {m.lower() for m in marks} == {"legislation", "kiselyov"} and len(marks) >= 10
    assert "Embassy Almaty" in page.inner_text(".cite-line") and "date unknown" in page.inner_text(".cite-line")
    assert page.inner_text("table.meta").count("date unknown") == 1
    with page.expect_download() as download:
        page.click(".cite-formats a >> text=BibTeX")
    bib = Path(download.value.path()).read_text()
    assert bib.startswith("@misc{05ALMATY2058,") and "KAZAKHSTAN: WORRISOME" in bib


def test_api_docs_show_their_operations_with_no_network(page, server):
    refused = offline(page, server)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/api/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/search" in paths and "/api/cables/{reference_id}" in paths and len(paths) >= 14
    assert refused == [] and not [e for e in errors if "Content Security Policy" in e], (refused, errors)
    page.locator(".opblock-summary-path", has_text="/api/stats").click()
    page.click("button.execute")
    page.wait_for_selector(".response .highlight-code")
    assert '"cables"' in page.inner_text(".responses-wrapper")


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
