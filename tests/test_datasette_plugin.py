"""The archive in Datasette: the plugin cablebase installs lets it read the compressed cable text."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from datasette.app import Datasette

from cablebase.store import Archive


def _get(ds: Datasette, path: str) -> list | dict:
    async def fetch():
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()
    return asyncio.run(fetch())


def test_cable_text_and_snippets_read_in_datasette(corpus_db):
    ds = Datasette([str(corpus_db)], immutables=[])
    assert "cablebase" in {p["name"] for p in _get(ds, "/-/plugins.json")}
    rows = _get(ds, "/corpus/cable_text.json?key=05ALMATY2058&_shape=array")
    with Archive(corpus_db, readonly=True) as archive:
        assert [r["body"] for r in rows] == [archive.get("05ALMATY2058").body]
    sql = ("select snippet(cables_fts, 2, '[', ']', '', 6) as hit from cables_fts "
           "where cables_fts match 'Kiselyov'")
    hits = _get(ds, f"/corpus.json?_shape=array&sql={quote(sql)}")
    assert len(hits) == 1 and "[Kiselyov]" in hits[0]["hit"]
