"""The cable ETag: checked before the record is read, and changed by any later ingest (which may
add cables that cite it, shown on its page)."""

from __future__ import annotations

from cablebase.ingest import ingest
from cablebase.reader import Reader


def test_etag_changes_when_an_ingest_may_have_added_citing_cables(tmp_path, seed_path, corpus):
    db = tmp_path / "e.db"
    ingest([str(seed_path)], db, workers=1)
    with Reader.open(db) as reader:
        first = reader.etag("05ALMATY2058")
        assert first and first == reader.etag("05almaty002058")
        assert reader.etag("99NOWHERE1") is None
    ingest([str(next((corpus / "cablegate-txt").glob("*.txt")))], db, workers=1)
    with Reader.open(db) as reader:
        assert reader.etag("05ALMATY2058") not in (None, first)
