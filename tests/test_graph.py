"""The reference graph: threads built from real references, references resolved (a year inferred),
most-cited ranks checked against networkx."""

from __future__ import annotations

from cablebase import graph
from cablebase.reader import Reader
from cablebase.store import Archive


def test_threads_from_real_references(corpus_db):
    archive = Archive(corpus_db, readonly=True)
    nodes = graph.thread(archive, "09MADRID347")
    present = {n.reference_id for n in nodes if n.present}
    assert {"06MADRID1914", "06MADRID2657", "07MADRID1805", "07MADRID2282", "07MADRID911", "09MADRID392",
            "09MADRID440", "09MADRID551", "09MADRID612", "08MADRID1280"} <= present
    assert any(not n.present for n in nodes)  # cited but not archived
    dates = [n.created for n in nodes if n.created]
    assert dates == sorted(dates)
    oslo = {n.reference_id for n in graph.thread(archive, "08OSLO670")}
    assert {"08OSLO522", "08OSLO585", "08OSLO629", "08OSLO670"} <= oslo
    events = archive.timeline([n.reference_id for n in nodes if n.present])
    assert events and [e["date"] for e in events if e["date"]] == sorted(e["date"] for e in events if e["date"])


def test_inferred_resolution_and_most_cited(corpus_db):
    archive = Archive(corpus_db, readonly=True)
    links = graph.references(archive, "09MADRID347")
    assert {l.resolved_id for l in links if l.resolved_id} >= {"06MADRID1914", "07MADRID2282", "07MADRID911"}
    top = Reader(archive).most_cited(5)
    assert top[0]["cited_by"] >= top[-1]["cited_by"] and all(r["pagerank"] > 0 for r in top)
    missing = Reader(archive).most_cited(5, missing_only=True)
    assert missing and not any(r["in_archive"] for r in missing)


def test_ranks_equal_networkx_on_the_corpus_graph(corpus_db):
    import networkx as nx

    archive = Archive(corpus_db, readonly=True)
    edges = archive.citation_edges()
    reference = nx.DiGraph(edges)
    ranks = graph.rank_citations(edges)
    expected = nx.pagerank(reference)
    assert len(edges) > 500 and set(ranks.nodes) == set(reference.nodes)
    for i, node in enumerate(ranks.nodes):
        assert ranks.cited_by[i] == reference.in_degree(node)
        assert abs(ranks.pagerank[i] - expected[node]) < 1e-12
    top = graph.most_cited(archive, graph.ranked(edges), 20)
    by_rule = sorted(reference.nodes, key=lambda n: (-reference.in_degree(n), -expected[n], n))[:20]
    assert [r["reference_id"] for r in top] == by_rule
    madrid = archive.citation_edges({"09MADRID347", "06MADRID1914"})
    assert madrid and {a for a, _ in madrid} <= {"09MADRID347", "06MADRID1914"}
    assert set(madrid) <= set(edges)


def test_most_cited_follows_new_ingests(tmp_path, seed_path):
    from cablebase.parse import parse_text

    db = tmp_path / "g.db"
    with Archive(db) as archive:
        archive.add([parse_text(seed_path.read_text(), path="05ALMATY2058.txt")])
        before = {r["reference_id"]: r["cited_by"] for r in Reader(archive).most_cited(10)}
        archive.add([parse_text("UNCLAS ALMATY 002100\n\nTAGS: PGOV KZ\nSUBJECT: FOLLOW-UP\n\n"
                                "REF: 05 ALMATY 1854\n\n1. (U) More on ref.\n", path="05ALMATY2100.txt")])
        after = {r["reference_id"]: r["cited_by"] for r in Reader(archive).most_cited(10)}
    assert before["05ALMATY1854"] == 1 and after["05ALMATY1854"] == 2
    with Archive(tmp_path / "empty.db") as archive:
        assert Reader(archive).most_cited() == [] and graph.ranked(archive.citation_edges({"X"})) == []


def test_inferred_match_without_year(tmp_path, seed_path):
    from cablebase.parse import parse_text

    db = tmp_path / "i.db"
    cited = parse_text(seed_path.read_text(), path="05ALMATY2058.txt")
    citing = parse_text("UNCLAS ALMATY 002100\n\nTAGS: PGOV KZ\nSUBJECT: FOLLOW-UP\n\nREF: ALMATY 2058\n\n"
                        "1. (U) More on ref.\n")  # no year anywhere: the reference has no canonical id
    assert citing.references[0].id is None
    with Archive(db) as archive:
        archive.add([cited, citing])
        key = archive.conn.execute("SELECT key FROM cables WHERE reference_id IS NULL").fetchone()[0]
        (link,) = graph.references(archive, key)
        assert link.resolved_id == "05ALMATY2058" and link.inferred
