"""Coverage in the reading room, in a real browser: the heat map, a post's serial lines and the
search page's coverage line show what the archive holds; served from each backend in turn."""

from __future__ import annotations

import httpx
import pytest
from test_browser import browser, page, shot  # noqa: F401 - the browser fixtures

pytestmark = pytest.mark.browser


def test_heat_map_post_page_and_search_coverage_line(page, served):  # noqa: F811
    rows = {(r["post"], r["year"]): r for r in httpx.get(served + "/api/coverage").json()["post_years"]}
    almaty = rows[("ALMATY", 2005)]
    page.goto(served + "/coverage")
    cell = page.locator('td[data-post="ALMATY"][data-year="2005"]')
    assert cell.inner_text().strip() == f"{almaty['share'] * 100:.2g}"
    assert "1 held of about 4,115" in cell.locator("a").get_attribute("title")
    assert page.locator("table.heatmap tbody tr").count() == len({post for post, _ in rows})
    almaty_row = page.locator('table.heatmap tr:has(a[href="/coverage/ALMATY"]) td')
    assert almaty_row.count() == len({year for _, year in rows})  # a column for every year, held or not
    assert almaty_row.locator("a").count() == len([1 for post, _ in rows if post == "ALMATY"])
    shot(page, "coverage-heatmap")

    cell.locator("a").click()
    page.wait_for_selector("#y2005 svg.serial-line")
    year = page.locator("#y2005")
    assert "highest serial 2,058" in year.inner_text() and "about 4,115 sent" in year.inner_text()
    assert year.locator("svg.serial-line rect.sl-held").count() == 1
    assert year.locator("svg.serial-line rect.sl-cited").count() == 1  # 1838 and 1854: one column of the line
    year.locator("details.cited-missing summary").click()
    cited = year.locator("details.cited-missing").inner_text()
    assert "05ALMATY1838 (serial 1,838) — cited by 1" in cited and "05ALMATY1854 (serial 1,854) — cited by 1" in cited
    shot(page, "coverage-post")

    page.goto(served + "/?q=origin:ANKARA")
    spanned = [r for (post, _), r in rows.items() if post == "ANKARA"]
    held, sent = sum(r["held"] for r in spanned), sum(r["estimate"] for r in spanned)
    line = page.locator("p.coverage-line").inner_text()
    assert f"{held} of about {sent:,} cables sent" in line and "this post's traffic" in line
    assert f"{held / sent * 100:.2g}%" in line
