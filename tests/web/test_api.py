"""The JSON API against a real running server on the corpus archive."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import unquote_plus

import pytest

from cablebase.web.app import check_bind


def test_search_finds_exactly_the_known_cable(client):
    data = client.get("/api/search", params={"q": "Kiselyov"}).json()
    assert data["total"] == 1 and [h["reference_id"] for h in data["hits"]] == ["05ALMATY2058"]
    assert "<mark>Kiselyov</mark>" in data["hits"][0]["snippet"]


def test_a_search_that_finds_nothing_offers_respellings(client):
    data = client.get("/api/search", params={"q": "Kiselev"}).json()
    assert data["total"] == 0 and data["suggestions"][0]["query"] == "Kiselyov"
    page = client.get("/", params={"q": "Kiselev"}).text
    assert 'Did you mean <a class="suggestion" href="/?q=Kiselyov&amp;sort=rank">Kiselyov</a>' in page
    assert client.get("/api/search", params={"q": "Kiselyov"}).json()["suggestions"] == []


def test_facet_counts_match_stats(client):
    stats = client.get("/api/stats").json()
    data = client.get("/api/search", params={"q": "", "per_page": 1}).json()
    assert data["total"] == stats["cables"] == 946
    assert {f["value"]: f["count"] for f in data["facets"]["classification"]} == {
        r["value"]: r["count"] for r in stats["by_classification"]}
    assert {int(f["value"]): f["count"] for f in data["facets"]["year"]} == {
        r["value"]: r["count"] for r in stats["by_year"]}
    assert data["months"] and sum(m["count"] for m in data["months"]) == 944  # two records carry no date
    assert data["facets_sampled"] is None  # 946 hits: counted exactly


@pytest.mark.parametrize("query", ["", "iran", "class:secret iran", "Kiselyov", "tag:PREL from:2008", "zzzyzx"])
def test_facets_alone_are_those_of_the_search(client, query):
    """/api/facets gives what /api/search gives beside its hits; /api/search?facets=false only the hits and total."""
    full = client.get("/api/search", params={"q": query}).json()
    alone = client.get("/api/facets", params={"q": query}).json()
    hits = client.get("/api/search", params={"q": query, "facets": "false"}).json()
    assert {k: alone[k] for k in ("total", "facets", "months", "facets_sampled")} == {
        k: full[k] for k in ("total", "facets", "months", "facets_sampled")}
    assert hits["total"] == full["total"] and hits["hits"] == full["hits"]
    assert hits["months"] == [] and not any(hits["facets"].values())
    assert (alone["total"] > 0) == (query != "zzzyzx")
    assert bool(alone["months"]) == (query not in ("Kiselyov", "zzzyzx"))  # the one Kiselyov cable is undated


def test_facets_of_a_malformed_query(client):
    answer = client.get("/api/facets", params={"q": "origin:"})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "bad_query"


def test_filtered_search_and_paging(client):
    page1 = client.get("/api/search", params={"q": "class:secret iran", "per_page": 5}).json()
    page2 = client.get("/api/search", params={"q": "class:secret iran", "per_page": 5, "page": 2}).json()
    assert page1["total"] == page2["total"] > 5
    assert {h["reference_id"] for h in page1["hits"]}.isdisjoint(h["reference_id"] for h in page2["hits"])
    assert all(h["classification"] == "SECRET" for h in page1["hits"] + page2["hits"])


def test_cable_with_versions_and_etag(client):
    r = client.get("/api/cables/05almaty2058")
    assert r.status_code == 200
    body = r.json()
    cable = body["cable"]
    assert cable["reference_id"] == "05ALMATY2058" and cable["signers"] == ["ASQUINO"]
    assert [p["number"] for p in cable["paragraphs"]] == [1, 2, 3, 4, 4, 5, 6, 7, 8]
    assert len(body["versions"]) == 1 and body["versions"][0]["is_current"] == 1
    etag = r.headers["etag"]
    assert "max-age" in r.headers["cache-control"]
    assert client.get("/api/cables/05ALMATY2058", headers={"If-None-Match": etag}).status_code == 304
    page = client.get("/cable/05ALMATY2058")  # the reading page: the same ETag, a 304 without a body
    assert page.status_code == 200 and page.headers["etag"] == etag and "max-age" in page.headers["cache-control"]
    again = client.get("/cable/05ALMATY2058", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get("/cable/99NOWHERE1", headers={"If-None-Match": etag}).status_code == 404


def test_references_resolved_or_missing(client):
    refs = client.get("/api/cables/09MADRID347/references").json()["references"]
    resolved = {r["resolved_id"] for r in refs if r["resolved_id"]}
    assert {"06MADRID1914", "07MADRID2282", "07MADRID911"} <= resolved
    seed_refs = client.get("/api/cables/05ALMATY2058/references").json()["references"]
    assert [(r["cited_id"], r["resolved_id"]) for r in seed_refs] == [
        ("05ALMATY1854", None), ("05ALMATY1838", None), ("05STATE92206", None)]
    cited_by = client.get("/api/cables/06MADRID1914/cited-by").json()["cited_by"]
    assert {"06MADRID2657", "07MADRID1805", "09MADRID347"} <= {c["reference_id"] for c in cited_by}


def test_browse_lists(client):
    origins = client.get("/api/browse/origins").json()["origins"]
    assert {"value": "ALMATY", "label": "Embassy Almaty", "count": 1} in origins
    tags = {t["value"]: t for t in client.get("/api/browse/tags").json()["tags"]}
    assert tags["PREL"]["label"] == "External political relations" and tags["PREL"]["count"] >= 745
    dates = client.get("/api/browse/dates").json()["dates"]
    assert dates[0]["value"] == "1966-12"
    classes = client.get("/api/browse/classifications").json()["classifications"]
    assert {c["value"] for c in classes} == {"CONFIDENTIAL", "SECRET", "UNCLASSIFIED"}


def test_openapi_is_served(client):
    spec = client.get("/api/openapi.json").json()
    assert "/api/search" in spec["paths"] and "/api/cables/{reference_id}" in spec["paths"]
    assert client.get("/api/docs").status_code == 200


@pytest.mark.parametrize("path, status, code", [
    ("/api/search?q=(iran", 400, "bad_query"),
    ("/api/search?q=colour:red", 400, "bad_query"),
    ("/api/search?per_page=100000", 400, "bad_parameter"),
    ("/api/search?page=-1", 400, "bad_parameter"),
    ("/api/search?sort=random", 400, "bad_parameter"),
    ("/api/cables/NOSUCH1", 404, "not_found"),
    ("/api/browse/colours", 404, "not_found"),
    ("/api/nothing-here", 404, "not_found"),
])
def test_errors_are_consistent_objects(client, path, status, code):
    r = client.get(path)
    assert r.status_code == status
    error = r.json()["error"]
    assert error["status"] == status and error["code"] == code and error["message"]


def test_bad_query_says_where(client):
    error = client.get("/api/search", params={"q": "iran AND"}).json()["error"]
    assert error["position"] == 5 and "AND needs something" in error["message"]


def test_read_only_and_limits(client):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        r = client.request(method, "/api/search", content=b"x" * 10)
        assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    r = client.get("/api/search", params={"q": "x" * 5000})
    assert r.status_code == 414 and r.headers["x-content-type-options"] == "nosniff"  # refusals too
    r = client.get("/api/search", params={"q": "x" * 1001})
    assert r.status_code == 400


def test_security_headers_and_no_cors(client):
    r = client.get("/", headers={"Origin": "https://evil.example"})
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert "access-control-allow-origin" not in r.headers
    api = client.get("/api/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in api.headers


@pytest.mark.parametrize("path", [
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/cable/..%2F..%2Fetc%2Fpasswd", "/api/cables/..%2F..%2Fetc%2Fpasswd", "/api/browse/..%2f..%2fetc",
])
def test_path_traversal(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404)
    assert "root:" not in r.text


@pytest.mark.parametrize("param, value", [
    ("q", "'; DROP TABLE cables; --"), ("q", "origin:\"x' OR '1'='1\""), ("sort", "rank; DROP TABLE cables"),
    ("page", "1 OR 1=1"), ("per_page", "20; --"), ("q", "tag:PGOV') UNION SELECT sql FROM sqlite_master --"),
])
def test_sql_injection_in_parameters(client, param, value):
    r = client.get("/api/search", params={param: value})
    assert r.status_code in (200, 400)
    assert "sqlite_master" not in r.text or r.status_code == 400 and "CREATE TABLE" not in r.text
    assert client.get("/api/stats").json()["cables"] == 946
    assert client.get("/api/cables/05ALMATY2058' OR '1'='1").status_code == 404


def test_refuses_public_bind_unless_told():
    with pytest.raises(ValueError, match="allow-remote"):
        check_bind("0.0.0.0", allow_remote=False)
    with pytest.raises(ValueError):
        check_bind("192.168.1.10", allow_remote=False)
    check_bind("127.0.0.1", allow_remote=False)
    check_bind("::1", allow_remote=False)
    check_bind("0.0.0.0", allow_remote=True)


def test_people_and_organisations(client):
    found = client.get("/api/entities", params={"name": "Kiselyov"}).json()["entities"]
    assert found[0]["name"] == "Sergey Kiselyov" and found[0]["kind"] == "person"
    detail = client.get(f"/api/entities/{found[0]['id']}").json()
    assert [c["reference_id"] for c in detail["cables"]] == ["05ALMATY2058"] and detail["cable_count"] == 1
    assert "Kiselyov" in detail["aliases"]
    assert {"Asar", "Dariga Nazarbayeva"} <= {r["name"] for r in detail["related"]}
    assert client.get("/api/entities", params={"name": "x", "kind": "ship"}).status_code == 400
    assert client.get("/api/entities/999999").status_code == 404


def test_person_and_org_filters_and_facets(client):
    hits = client.get("/api/search", params={"q": "person:Kiselyov"}).json()
    assert [h["reference_id"] for h in hits["hits"]] == ["05ALMATY2058"]
    nkvd = client.get("/api/search", params={"q": "org:NKVD"}).json()
    assert [h["reference_id"] for h in nkvd["hits"]] == ["05ALMATY2058"]
    facets = client.get("/api/search", params={"q": "Kiselyov"}).json()["facets"]
    assert "Dariga Nazarbayeva" in {f["value"] for f in facets["person"]}
    assert "OSCE" in {f["value"] for f in facets["organization"]}


def test_timelines_and_actions(client):
    events = client.get("/api/timeline", params={"q": "origin:ALMATY"}).json()["events"]
    dates = [e["date"] for e in events]  # an entry is a sentence, at its first date, with all its dates
    assert "2005-06-09" in {d["date"] for e in events for d in e["dates"]} and dates == sorted(dates)
    thread = client.get("/api/cables/09MADRID347/timeline", params={"thread": "true"}).json()["events"]
    assert len({e["reference_id"] for e in thread}) > 3
    actions = client.get("/api/actions", params={"per_page": 200}).json()
    seed = next(a for a in actions["actions"] if a["reference_id"] == "05ALMATY2058")
    assert seed["paragraph"] == 7 and len(seed["points"]) == 7
    assert client.get("/api/timeline", params={"q": "(bad"}).status_code == 400


def test_most_cited_overall_and_per_query(client):
    overall = client.get("/api/most-cited", params={"limit": 50}).json()["cables"]
    assert overall and overall[0]["cited_by"] >= overall[-1]["cited_by"]
    madrid = client.get("/api/most-cited", params={"q": "origin:MADRID", "limit": 50}).json()["cables"]
    assert "06MADRID1914" in {r["reference_id"] for r in madrid}
    assert all(r["cited_by"] <= next((o["cited_by"] for o in overall if o["reference_id"] == r["reference_id"]),
                                     r["cited_by"]) for r in madrid)
    missing = client.get("/api/most-cited", params={"missing": "true"}).json()["cables"]
    assert missing and not any(r["in_archive"] for r in missing)
    assert client.get("/api/most-cited", params={"q": "(bad"}).status_code == 400


def test_api_index_lists_every_endpoint(client):
    index = client.get("/api").json()
    paths = {e["path"] for e in index["endpoints"]}
    assert paths == set(client.get("/api/openapi.json").json()["paths"])
    search = next(e for e in index["endpoints"] if e["path"] == "/api/search")
    assert search["method"] == "GET" and "q" in search["parameters"] and search["summary"]
    docs = client.get("/api/docs").text
    assert "<script>" not in docs and "cdn" not in docs.lower()  # nothing inline, nothing from elsewhere
    assert client.get("/api/docs/assets/swagger-ui-bundle.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/api/docs/assets/..%2Fcore.py").status_code == 404


def test_cite_a_cable(client):
    csl = client.get("/cable/09MADRID347/cite.json")
    assert csl.headers["content-disposition"] == 'attachment; filename="09MADRID347.json"'
    item = csl.json()[0]
    assert item["id"] == "09MADRID347" and item["author"] == [{"literal": "Embassy Madrid"}]
    assert item["issued"]["date-parts"][0][0] == 2009 and item["URL"].endswith("/cable/09MADRID347")
    bib = client.get("/cable/09MADRID347/cite.bib").text
    assert "year = {2009}" in bib and "author = {{Embassy Madrid}}" in bib
    page = client.get("/cable/09MADRID347").text
    assert "Cite this cable" in page and "Embassy Madrid, &#34;" in page
    assert client.get("/cable/NOSUCH1/cite.bib").status_code == 404


def test_undated_cables_can_be_browsed(client):
    dates = client.get("/api/browse/dates").json()["dates"]
    assert dates[-1]["value"] is None and dates[-1]["count"] >= 1
    undated = client.get("/api/search", params={"q": "is:undated"}).json()
    assert undated["total"] == dates[-1]["count"] and "05ALMATY2058" in {h["reference_id"] for h in undated["hits"]}
    page = client.get("/browse/dates").text
    assert "December 1966" in page and "is%3Aundated" in page
    seed = client.get("/cable/05ALMATY2058").text
    assert "date unknown" in seed


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_of_a_whole_search_holds_every_matching_cable(client, fmt):
    query = "origin:MADRID OR tag:PGOV"
    total = client.get("/api/search", params={"q": query, "facets": "false"}).json()["total"]
    assert total > 200  # more than any page of results
    r = client.get("/api/export", params={"q": query, "format": fmt})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == f'attachment; filename="cables-origin-MADRID-OR-tag-PGOV.{fmt}"'
    if fmt == "csv":
        ids = [row["reference_id"] for row in csv.DictReader(io.StringIO(r.text))]
    elif fmt == "jsonl":
        ids = [json.loads(line)["reference_id"] for line in r.text.splitlines()]
    else:
        import pyarrow.parquet as pq

        ids = pq.read_table(io.BytesIO(r.content)).column("reference_id").to_pylist()
    assert len(ids) == len(set(ids)) == total
    assert "09MADRID347" in ids


def test_export_refuses_what_it_cannot_read(client):
    bad = client.get("/api/export", params={"q": "from:2009 to:2008"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_query"
    assert client.get("/api/export", params={"format": "xls"}).json()["error"]["code"] == "bad_parameter"


@pytest.mark.parametrize("query, message, position", [
    ("origin:", "needs a value right after the colon", 0),
    ("tag:", "needs a value right after the colon", 0),
    ("origin: ALMATY", "write origin:ALMATY", 0),
    ("from:2009 to:2008", "backwards", 10),
])
def test_the_query_language_refuses_what_it_cannot_mean(client, query, message, position):
    error = client.get("/api/search", params={"q": query}).json()["error"]
    assert message in error["message"] and error["position"] == position
    page = client.get("/", params={"q": query})
    assert page.status_code == 400 and message in page.text


def test_filter_chips_remove_and_exclude(client):
    page = client.get("/", params={"q": "iran origin:MADRID -tag:PGOV"}).text
    chips = re.findall(r'<li class="chip( excluded)?">.*?href="/\?q=([^"&]*)&amp;sort=rank" class="chip-toggle".*?'
                       r'href="/\?q=([^"&]*)&amp;sort=rank" class="chip-remove"', page, re.S)
    decoded = [(bool(ex), unquote_plus(toggle), unquote_plus(remove)) for ex, toggle, remove in chips]
    assert decoded == [(False, "iran -origin:MADRID -tag:PGOV", "iran -tag:PGOV"),
                       (True, "iran origin:MADRID tag:PGOV", "iran origin:MADRID")]


def test_facets_offer_exclusion_and_show_more(client):
    page = client.get("/", params={"q": "nuclear", "facets": "1"}).text
    assert 'href="/?q=nuclear+-origin%3A' in page.replace("%20", "+")
    assert re.search(r"<summary>Show \d+ more</summary>", page)


def test_search_page_sends_its_hits_before_its_counts(client):
    """The search page's hits come without the counts over the whole result; /refine gives those
    (facets, coverage line, histogram) as the page with facets=1 (no script) shows them."""
    hits_first = client.get("/", params={"q": "nuclear"}).text
    assert hits_first.count('<li class="hit">') == 20 and "<strong>" in hits_first
    assert 'data-refine="/refine?q=nuclear&amp;sort=rank"' in hits_first
    assert 'data-facet-name' not in hits_first and "svg" not in hits_first.split('id="result-overview"')[1][:200]
    assert '<a href="/?q=nuclear&amp;sort=rank&amp;page=1&amp;facets=1">show the counts</a>' in hits_first
    whole = client.get("/", params={"q": "nuclear", "facets": "1"}).text
    refined = client.get("/refine", params={"q": "nuclear", "sort": "rank"}).text
    facets = re.compile(r'<section class="facet" data-facet-name="\w+">.*?</section>', re.S)
    assert facets.findall(refined) == facets.findall(whole) and len(facets.findall(refined)) >= 4
    for part in ('<p class="coverage-line"', '<svg class="histogram"'):
        assert part in refined and part in whole
    assert re.sub(r"\s+", " ", whole).count('<li class="hit">') == 20 and 'data-refine=' not in whole
    assert client.get("/refine", params={"q": "origin:"}).status_code == 400


def test_advanced_search_builds_and_shows_its_query(client):
    r = client.get("/", params=[("adv", "1"), ("all", "iran nuclear"), ("origin", "MADRID, Embassy Ankara"),
                                ("from", "2008-01"), ("has", "action"), ("has", "refs"), ("sort", "date")],
                   follow_redirects=False)
    assert r.status_code == 303
    target = unquote_plus(r.headers["location"])
    assert target == '/?q=iran nuclear (origin:MADRID OR origin:"Embassy Ankara") from:2008-01 has:action has:refs' \
                     "&sort=date&built=1"
    page = client.get(r.headers["location"]).text
    assert "The advanced form built the query" in page and 'id="built-query"' in page
    built = client.get("/api/advanced-query", params=[("none", "spain"), ("phrase", 'civil "society'), ("is", "undated")])
    assert built.json() == {"query": '"civil society" -spain is:undated'}


def test_the_names_index_before_any_search(client):
    page = client.get("/entities").text
    names = re.findall(r'<td><a href="/entity/\d+">([^<]+)</a></td><td>(?:person|organisation)</td><td class="num">([\d,]+)</td>',
                       page)
    counts = [int(n.replace(",", "")) for _, n in names]
    assert len(names) == 100 and counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    k = client.get("/entities", params={"letter": "K", "kind": "person"}).text
    k_names = re.findall(r'<td><a href="/entity/\d+">([^<]+)</a></td><td>person</td>', k)
    assert k_names and all(n.upper().startswith("K") for n in k_names)
    assert "page 1 of" in page and 'rel="next"' in page


def test_most_cited_page_names_its_cables(client):
    page = client.get("/most-cited").text
    assert "<th scope=\"col\">Subject</th>" in page and "COURT FREES" in page and "28 July 2006" in page


def test_timeline_is_paged_zoomable_and_says_each_sentence_once(client):
    events = client.get("/api/timeline", params={"q": "origin:MADRID", "per_page": 1000}).json()["events"]
    page = client.get("/timeline", params={"q": "origin:MADRID"}).text
    items = re.findall(r"<li><time datetime", page)
    assert len(items) == 50 and 'rel="next"' in page
    sentences = {(e["reference_id"], e["paragraph"], e["sentence"]) for e in events}
    assert f"{len(sentences)} sentences giving dates" in page.replace(",", "")
    assert len(sentences) == len(events) < sum(len(e["dates"]) for e in events)  # several dates: one entry
    decade = client.get("/timeline", params={"q": "origin:MADRID", "zoom": "decade"}).text
    assert "2000–2009" in decade
    year = client.get("/timeline", params={"q": "origin:MADRID", "zoom": "year", "period": "2009"}).text
    shown = re.findall(r'<time datetime="([^"]*)"', year)
    assert shown and all(d.startswith("2009") for d in shown)


def test_a_timeline_covers_the_whole_result_not_its_oldest_cables(client, web_db):
    # every one of the archive's ~950 cables counts, counted and paged by the store, not the oldest 200
    from cablebase.reader import Reader

    with Reader.open(web_db) as reader:
        ids = list(reader.archive.matching_ids("", limit=10 ** 6))
        assert len(ids) > 900
        everything = reader.archive.timeline(ids, limit=10 ** 6)  # the whole result's entries, in date order
    body = client.get("/api/timeline", params={"q": "", "zoom": "decade"}).json()
    assert body["total"] == len(everything) == sum(p["entries"] for p in body["periods"]) > 2000
    assert body["pages"] == -(-len(everything) // 200) and len(body["events"]) == 200
    latest = [p for p in body["periods"] if p["start"] is not None][-1]  # the last decade (undated come last)
    assert latest["label"] == "2010–2019"
    last = client.get("/api/timeline", params={"q": "", "zoom": "decade", "period": latest["start"],
                                               "page": -(-latest["entries"] // 200)}).json()
    assert last["total"] == latest["entries"] and [e["sentence"] for e in last["events"]] == [
        e["sentence"] for e in everything if e["date"] and e["date"] >= "2010"][-len(last["events"]):]
    shown = client.get("/timeline", params={"q": "", "zoom": "decade", "period": latest["start"]}).text
    assert f"{latest['entries']:,} sentences giving dates in 2010–2019" in shown  # what a reader is told
    assert client.get("/api/timeline", params={"q": "", "period": "soon"}).status_code == 400


def test_a_space_after_a_colon_offers_the_words_on_the_page_and_in_the_api(client):
    page = client.get("/", params={"q": "from: embassy"})
    assert page.status_code == 400 and "is no from: value" in page.text
    assert 'Search instead for <a href="/?q=from%20embassy&amp;sort=rank"><code>from embassy</code></a>' in page.text
    error = client.get("/api/search", params={"q": "origin: ALMATY"}).json()["error"]
    assert error["suggestions"] == ["origin:ALMATY", "origin ALMATY"] and error["position"] == 0
    assert client.get("/api/search", params={"q": error["suggestions"][0]}).json()["total"] > 0


def test_coverage_api(client):
    rows = client.get("/api/coverage").json()["post_years"]
    assert sum(r["held"] for r in rows) == 946  # the corpus and the hostile cable
    (almaty,) = client.get("/api/coverage", params={"origin": "almaty", "year": 2005}).json()["post_years"]
    assert (almaty["held"], almaty["max_serial"], almaty["estimate"], almaty["gaps"]) == (1, 2058, 4115, [[1, 2057]])
    assert "05ALMATY1854" in {c["id"] for c in almaty["cited_missing"]}
    brief = client.get("/api/coverage", params={"summary": "true", "year": 2005}).json()["post_years"]
    assert brief and "serials" not in brief[0] and {"share", "low", "high", "gap_count"} <= set(brief[0])
    missing = client.get("/api/coverage", params={"origin": "NOWHERE"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_pages_take_fields_and_facets_from_the_registry(client):
    from cablebase.search.fields import FACETS, FIELDS

    page = client.get("/", params={"q": "nuclear", "facets": "1"}).text
    headings = re.findall(r'<section class="facet" data-facet-name="(\w+)">\s*<h2>([^<]+)</h2>', page)
    assert headings and all(FACETS[name].facet.title == title for name, title in headings)
    assert [name for name, _ in headings] == [name for name in FACETS if name in dict(headings)]
    assert '<label>Organisation <input name="org" maxlength="200" placeholder="org:OSCE">' in page
    help_page = client.get("/help").text
    assert all(f"<code>{name}:</code>" in help_page for name in FIELDS)
    assert "<code>class:</code> or <code>classification:</code>" in help_page


def test_pages_say_when_cables_wait_for_analysis(serve, seed_path, tmp_path):
    """An archive ingested with --analyse-later: search finds the cable, and the pages that people,
    organisations and dates shape (and /api/stats) say one cable is left out until the analysis runs."""
    import httpx

    from cablebase.ingest import analyse_archive, ingest

    db = tmp_path / "later.db"
    assert ingest([str(seed_path)], db, workers=1, analysis="later").unanalysed == 1
    notice = "1 cable is searchable but not analysed yet"
    with serve(db) as proc, httpx.Client(base_url=proc.base, timeout=30) as c:
        assert c.get("/api/stats").json()["unanalysed"] == 1
        for page in ("/?q=Kiselyov", "/entities", "/timeline?q=origin:ALMATY"):
            text = " ".join(c.get(page).text.split())
            assert notice in text and "cablebase analyse" in text, page
        assert "05ALMATY2058" in c.get("/?q=Kiselyov").text
    analyse_archive(db, workers=1)
    with serve(db) as proc, httpx.Client(base_url=proc.base, timeout=30) as c:
        assert c.get("/api/stats").json()["unanalysed"] == 0
        index = c.get("/entities").text  # the names' summary was stored empty: the analysis moved the generation on
        assert "not analysed yet" not in index and "Sergey Kiselyov" in index
        assert "Sergey Kiselyov" in c.get("/entities?name=Kiselyov").text
