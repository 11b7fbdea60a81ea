"""The server against requests a hostile web page or client can make: a foreign Host header (DNS
rebinding), HEAD and OPTIONS, numbers past SQLite's integers. A real server on loopback."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx
import pytest
from web.conftest import free_port

from cablebase.ingest import ingest
from cablebase.web.app import LOOPBACK_NAMES, allowed_hosts, host_name

HUGE = "9" * 30


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "[::2]", ""])
def test_a_foreign_host_gets_no_answer(client, host):
    """A page on evil.example whose name resolves to 127.0.0.1 reads nothing from the archive."""
    response = client.get("/api/search", params={"q": "iran"}, headers={"Host": host})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_host" and "hits" not in response.text
    page = client.get("/", headers={"Host": host})
    assert page.status_code == 400 and "Kazakhstan" not in page.text


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST.", "127.0.0.1", "[::1]"])
def test_loopback_names_are_answered(client, server, host):
    port = server.rsplit(":", 1)[1]
    response = client.get("/api/search", params={"q": "iran"}, headers={"Host": f"{host}:{port}"})
    assert response.status_code == 200 and response.json()["total"] > 0


def test_redirects_never_name_a_foreign_host(client):
    refused = client.get("/api/search/", headers={"Host": "evil.example"})
    assert refused.status_code == 400 and "location" not in refused.headers
    moved = client.get("/api/search/")
    assert moved.status_code in (307, 308)
    assert httpx.URL(moved.headers["location"]).host == "127.0.0.1"


@pytest.mark.parametrize("path", ["/api/stats", "/api/search?q=iran", "/cable/05ALMATY2058", "/"])
def test_head_answers_as_get_without_a_body(client, path):
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers.get("content-length") == get.headers.get("content-length")


def test_options_says_what_is_allowed(client):
    response = client.options("/api/search")
    assert response.status_code == 204 and response.headers["allow"] == "GET, HEAD, OPTIONS"
    posted = client.post("/api/search")
    assert posted.status_code == 405 and posted.headers["allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("path", [f"/entity/{HUGE}", f"/api/entities/{HUGE}",
                                  f"/api/cables/05ALMATY2058?version={HUGE}",
                                  f"/cable/05ALMATY2058?version={HUGE}", f"/api/entities/{2 ** 63}"])
def test_numbers_past_sqlite_integers_are_a_bad_request(client, path):
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "bad_parameter"
    else:
        assert "less than or equal" in response.text
    assert client.get("/api/stats").status_code == 200  # the connection and the server are fine


def test_allowed_hosts():
    assert allowed_hosts("127.0.0.1") == frozenset(LOOPBACK_NAMES)
    assert allowed_hosts("10.1.2.3", allow_remote=True) == {*LOOPBACK_NAMES, "10.1.2.3"}
    assert allowed_hosts("0.0.0.0", ["Archive.example.org"], True) == {*LOOPBACK_NAMES, "archive.example.org"}
    assert allowed_hosts("0.0.0.0", allow_remote=True) is None  # every name: said in --help
    assert allowed_hosts("::1") == frozenset(LOOPBACK_NAMES)
    assert [host_name(h) for h in ("[::1]:80", "Example.ORG.:8000", "[fe80::1")] == ["::1", "example.org", "[fe80::1"]


def test_a_right_to_left_override_is_isolated_on_every_page(tmp_path, seed_path):
    """U+202E in a subject: wherever a page prints it (title, heading, hit lists), it sits inside an
    isolate (FSI … PDI) that ends it, so it cannot reorder the page's text after it."""
    text = seed_path.read_text(encoding="utf-8").replace("SUBJECT: KAZAKHSTAN", "SUBJECT: \u202eNATSKHZAK", 1)
    (tmp_path / "05ALMATY2058.txt").write_text(text, encoding="utf-8")
    ingest([str(tmp_path / "05ALMATY2058.txt")], tmp_path / "a.db", workers=1)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(tmp_path / "a.db"),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        for path in ("/cable/05ALMATY2058", "/?q=worrisome"):
            page = httpx.get(f"http://127.0.0.1:{port}{path}", timeout=30).text
            overrides = page.count("\u202e")
            assert overrides > 0, path
            assert len(re.findall("\u2068[^\u2068\u2069]*\u202e[^\u2068\u2069]*\u2069", page)) == overrides, path
        page = httpx.get(f"http://127.0.0.1:{port}/cable/05ALMATY2058").text
        title = re.search("<title>(.*?)</title>", page).group(1)
        assert title.startswith("05ALMATY2058: \u2068\u202eNATSKHZAK")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
