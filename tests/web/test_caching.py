"""The cable ETag: checked before the record is read, and changed by any later ingest (which may
add cables that cite it, shown on its page)."""

from __future__ import annotations

from cablebase.ingest import ingest
from cablebase.store import connect
from cablebase.web.caching import cable_etag


def test_etag_changes_when_an_ingest_may_have_added_citing_cables(tmp_path, seed_path, corpus):
    db = tmp_path / "e.db"
    ingest([str(seed_path)], db, workers=1)
    conn = connect(db, readonly=True)
    first = cable_etag(conn, "05ALMATY2058")
    assert first and first == cable_etag(conn, "05ALMATY2058")
    assert cable_etag(conn, "99NOWHERE1") is None
    conn.close()
    ingest([str(next((corpus / "cablegate-txt").glob("*.txt")))], db, workers=1)
    conn = connect(db, readonly=True)
    assert cable_etag(conn, "05ALMATY2058") not in (None, first)
