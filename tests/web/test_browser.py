"""The reading room in a real browser: Playwright driving Debian's chromium. The tests taking
`served` run against each backend's server in turn (the SQLite file, then its copy in PostgreSQL)."""

from __future__ import annotations

import os
import re
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
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, timeout=120_000)  # slow on a busy machine


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
    # the live response's own table: the documented responses show an example at once
    page.wait_for_selector(".live-responses-table .highlight-code")
    assert '"cables"' in page.inner_text(".live-responses-table")


def test_search_facet_result_reference_permalink(page, served):
    page.goto(served + "/")
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

    page.goto(served + "/cable/05ALMATY2058#par7")
    target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
    assert target == "par7"
    assert "Action request" in page.inner_text("#par7")
    assert page.locator("#par4-2").count() == 1  # the second paragraph printed as 4
    shot(page, "seed")


def test_results_appear_then_their_facets_follow(page, server):
    """The hits are on the page while the counts over the whole result are still being asked for;
    then the facets, coverage line and histogram are put in place, and work as links."""
    held = []
    # the first search's request for its counts waits until released below
    page.route("**/refine?**", lambda route: route.continue_() if held else held.append(route))
    page.goto(server + "/?q=nuclear")
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator("ol.hits li.hit").count() == 20
    page.wait_for_timeout(200)
    assert len(held) == 1 and page.locator("section.facet").count() == 0
    assert "Counting the matches" in page.inner_text(".facet-lists")
    held[0].continue_()
    page.wait_for_selector("section.facet a[data-facet='year']")
    assert page.locator("section.facet").count() >= 4 and page.locator("svg.histogram rect").count() > 5
    assert "of about" in page.inner_text("p.coverage-line") and "Counting the matches" not in page.inner_text(".facet-lists")
    page.click("a[data-facet='year'] >> text=2009")
    page.wait_for_url("**year%3A2009**")
    page.wait_for_selector("section.facet a[data-facet='year']")
    assert page.locator("section.facet[data-facet-name='year'] li").count() == 1


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
    assert pg.locator("ol.hits li.hit").count() == 20 and pg.locator("svg.histogram").count() == 0
    pg.click("text=show the counts")  # the counts the script would fill in, drawn by the server
    assert pg.locator("svg.histogram rect").count() > 5 and pg.locator("ol.hits li.hit").count() == 20
    assert pg.locator("section.facet").count() >= 4
    context.close()


def test_phone_layout_and_keyboard(phone, server):
    phone.goto(server + "/?q=nuclear")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400  # no horizontal scrolling on a phone
    visible_boxes = phone.evaluate("""() => [...document.querySelectorAll('input[type=search]')]
        .filter(i => i.getBoundingClientRect().height > 0).length""")
    assert visible_boxes == 1  # one search box
    bar = phone.locator("header.top").bounding_box()
    brand = phone.locator("header.top .brand").bounding_box()
    assert bar["height"] < 60 and bar["height"] < 2 * brand["height"] + 20  # one row
    facets = phone.locator("details.facets")
    assert not facets.evaluate("d => d.open")  # closed: results come first, facets one tap away
    first_hit = phone.locator("ol.hits li.hit").first.bounding_box()
    assert phone.locator("details.facets > summary").bounding_box()["y"] < first_hit["y"] < 700
    phone.click("details.facets > summary")
    phone.click("a[data-facet='year'] >> text=2009")
    phone.wait_for_url("**year%3A2009**")
    shot(phone, "search-phone")
    phone.goto(server + "/cable/05ALMATY2058")
    assert phone.locator("header.top").bounding_box()["height"] < 60
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.className") == "skip"


def test_the_advanced_form_shows_the_query_it_builds(page, server):
    page.goto(server + "/")
    page.click("details.advanced > summary")
    page.fill("#advanced input[name=all]", "nuclear")
    page.fill("#advanced input[name=origin]", "STATE, Embassy Doha")
    page.check("#advanced input[name=has][value=refs]")
    expected = 'nuclear (origin:STATE OR origin:"Embassy Doha") has:refs'
    page.wait_for_function("t => document.getElementById('built-query').textContent === t", arg=expected)
    page.click("#advanced button[type=submit]")
    page.wait_for_url("**built=1**")
    assert page.input_value("#q") == expected
    assert page.locator("ol.hits li.hit").count() >= 1


def test_a_downloaded_export_holds_every_matching_cable(page, server):
    import csv
    import io

    page.goto(server + "/?q=origin%3AMADRID")
    total = int(page.inner_text(".summary-line strong").replace(",", ""))
    assert total > 20  # more than one page of results
    with page.expect_download() as download:
        page.click(".export a >> text=CSV")
    assert download.value.suggested_filename == "cables-origin-MADRID.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == total and len({r["reference_id"] for r in rows}) == total
    assert all(r["origin_code"] == "MADRID" for r in rows)


def test_thread_graph_and_histogram(page, served):
    page.goto(served + "/cable/09MADRID347/thread")
    page.wait_for_selector("#thread-graph svg circle")
    assert page.locator("#thread-graph svg a").count() >= 5
    assert page.locator("ol.thread li.missing").count() >= 1
    legend = " ".join(page.locator("#thread-graph .legend text").all_text_contents())
    assert "in this archive" in legend and "not in this archive" in legend and "cites" in legend
    years = [int(t) for t in page.locator("#thread-graph text.year").all_text_contents()]
    assert years == sorted(years) and years[0] <= 2006 and years[-1] >= 2009
    # the date axis: a cable sits at its date's x, between the ticks of its year and the next
    ticks = {int(t.text_content()): float(t.get_attribute("x")) for t in page.locator("#thread-graph text.year").all()}
    dated = page.evaluate("""() => [...document.querySelectorAll('#thread-graph a circle')].map(c =>
        [c.querySelector('title').textContent, parseFloat(c.getAttribute('cx'))])""")
    for title, cx in dated:
        year = int(title.split("(")[1][:4])
        if year in ticks and year + 1 in ticks:
            assert ticks[year] <= cx <= ticks[year + 1], title
    shot(page, "thread")


def _months(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def test_histogram_bars_sit_at_their_dates_and_narrow_the_search(page, server):
    page.goto(server + "/?q=")  # the whole archive: 1966 to 2010, most months empty
    hist = page.locator("svg.histogram")
    first, last = _months(hist.get_attribute("data-first")), _months(hist.get_attribute("data-last"))
    plot = page.locator("svg.histogram svg.bars").bounding_box()
    per_month = plot["width"] / (last - first + 1)
    bars = page.evaluate("""() => [...document.querySelectorAll('svg.histogram rect[data-month]')].map(r => {
        const b = r.getBoundingClientRect(); return [r.dataset.month, b.left, b.width]; })""")
    assert len(bars) > 20
    for month, left, width in bars:  # linear time: a bar's left edge is its month's place on the axis
        assert abs(left - (plot["x"] + (_months(month) - first) * per_month)) < 1.5, month
    labels = page.evaluate("""() => [...document.querySelectorAll('svg.histogram .tick-label')].map(t => {
        const b = t.getBoundingClientRect(); return [t.textContent, t.dataset.month, b.left, b.right]; })""")
    years = [int(text) for text, *_ in labels]
    assert years == sorted(years) and years[0] <= 1970 and years[-1] >= 2010 and len(years) <= 13
    for text, month, left, right in labels:  # a year's label is centred on (or starts/ends at) January
        x = plot["x"] + (_months(month) - first) * per_month
        assert left - 1 <= x <= right + 1 and month.endswith("-01") and month.startswith(text)

    gap = page.locator("svg.histogram rect[data-month='1972-02']").bounding_box()
    after = page.locator("svg.histogram rect[data-month='2000-11']").bounding_box()
    assert after["x"] - gap["x"] > plot["width"] * 0.6  # 28 years apart is most of the axis, not a neighbour

    # drag from 2008-01 to 2009-12: the search is narrowed to that range
    y = plot["y"] + plot["height"] / 2
    page.mouse.move(plot["x"] + (_months("2008-01") - first + 0.5) * per_month, y)
    page.mouse.down()
    page.mouse.move(plot["x"] + (_months("2009-06") - first + 0.5) * per_month, y, steps=5)
    page.mouse.move(plot["x"] + (_months("2009-12") - first + 0.5) * per_month, y, steps=5)
    page.mouse.up()
    page.wait_for_url("**from%3A2008-01**")
    assert page.input_value("#q") == "from:2008-01 to:2009-12"
    page.wait_for_selector("svg.histogram")
    narrowed = page.evaluate("[...document.querySelectorAll('svg.histogram rect[data-month]')].map(r => r.dataset.month)")
    assert narrowed and min(narrowed) >= "2008-01" and max(narrowed) <= "2009-12"

    # the same without JavaScript: two month inputs
    page.fill("form.date-range input[name=from]", "2009-03")
    page.fill("form.date-range input[name=to]", "2009-04")
    page.click("form.date-range button")
    page.wait_for_url("**from%3A2009-03**")
    assert page.input_value("#q") == "from:2009-03 to:2009-04"


def test_entity_timeline_and_actions_pages(page, served):
    page.goto(served + "/cable/05ALMATY2058")
    page.click("section.entities a >> text=Sergey Kiselyov")
    page.wait_for_url("**/entity/**")
    assert "Sergey Kiselyov" in page.inner_text("h1")
    assert "Asar" in page.inner_text("ul.related")
    shot(page, "entity")
    page.goto(served + "/timeline?q=origin:ALMATY")
    items = page.locator("ol.timeline li")
    assert items.count() >= 10
    assert "June 9" in page.inner_text("ol.timeline")  # the sentence giving it, shown once at its first date
    page.click("ol.timeline li a >> nth=0")
    page.wait_for_url("**/cable/05ALMATY2058#par*")
    page.goto(served + "/actions")
    assert "05ALMATY2058" in page.inner_text("ol.actions")


def test_a_filters_timeline_read_page_after_page_is_its_whole_result(page, served):
    """A reader following "Later →" through a filter's timeline meets every entry the page counts,
    once (two sentences that read alike too), oldest first and the undated last (pages the store
    walks along the dates and pages it groups from the whole result alike), as the API lists them."""
    import httpx

    query = "tag:PREL from:2008 to:2009"
    page.goto(served + "/timeline?q=" + query.replace(" ", "+"))
    stated = int(re.search(r"([\d,]+) sentences? giving dates", page.inner_text("main")).group(1).replace(",", ""))
    seen = []
    while True:
        seen += page.eval_on_selector_all("ol.timeline li", "items => items.map(li => [li.querySelector('time')"
                                          ".getAttribute('datetime'), li.querySelector('a').textContent])")
        later = page.locator("nav.pager a[rel=next]")
        if not later.count():
            break
        with page.expect_navigation():
            later.click()
    listed = [event for number in range(1, 2 + stated // 1000) for event in httpx.get(
        served + "/api/timeline", params={"q": query, "per_page": 1000, "page": number}).json()["events"]]
    assert stated > 50 and len(seen) == stated == len(listed)  # more than one page
    dates = [d for d, _ in seen]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates == dated + [""] * (len(dates) - len(dated))
    assert [d for d, _ in seen] == [e["date"] or "" for e in listed]
    assert [a.split(" ")[0] for _, a in seen] == [e["reference_id"] for e in listed]


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


def test_paragraph_markings_are_coloured_by_the_level_they_say(page, tmp_path, serve):
    # every form the marking grammar reads gets its level's colour, not the unclassified one
    from cablebase.ingest import ingest

    cable = tmp_path / "09ANKARA9999.txt"
    cable.write_text("S E C R E T ANKARA 009999\n\nSUBJECT: (SNF) MARKINGS AS POSTS PRINT THEM\n\n1. (SNF) Secret, no foreigners.\n\n"
                     "2. (C NF) Confidential, no foreigners.\n\n3. (S//FGI//NF) Secret, foreign information.\n\n"
                     "4. (SBU/REL NATO) Sensitive but unclassified.\n\n5. (TS) Top secret.\n\n6. (U) Unclassified.\n")
    db = tmp_path / "m.db"
    assert ingest([str(cable)], db, workers=1).new == 1
    with serve(db) as server:
        page.goto(server.base + "/cable/09ANKARA9999")
        colour = page.evaluate("""() => Object.fromEntries(['--s', '--c', '--sbu', '--ts', '--u'].map(v => {
            const probe = document.createElement('span'); probe.style.background = `var(${v})`;
            document.body.append(probe); const c = getComputedStyle(probe).backgroundColor; probe.remove(); return [v, c]; }))""")
        shown = page.evaluate("""() => [...document.querySelectorAll('.para .marking, h1 .marking')].map(
            m => [m.textContent, getComputedStyle(m).backgroundColor])""")
    assert shown == [["(SNF)", colour["--s"]], ["(SNF)", colour["--s"]], ["(C NF)", colour["--c"]],
                     ["(S//FGI//NF)", colour["--s"]], ["(SBU/REL NATO)", colour["--sbu"]], ["(TS)", colour["--ts"]],
                     ["(U)", colour["--u"]]], shown
