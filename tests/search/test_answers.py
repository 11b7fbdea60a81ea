"""Search answers do not change when search is made faster (#26): the totals, the top hits in order,
the facets and the monthly histogram of a list of queries (every query class the benchmark times)
on the dev corpus, as the code before the speed-ups gave them (tests/fixtures/search_answers.json).

After a deliberate change of what search answers, write the file again and review its diff:

    CABLEBASE_WRITE_ANSWERS=1 python -m pytest tests/search/test_answers.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cablebase.reader import Reader

ANSWERS = Path(__file__).parents[1] / "fixtures" / "search_answers.json"
QUERIES = [
    # (query, sort, page): one or more per class of bench/search.py
    ("Kiselyov OR Tsvangirai OR Dezcallar", "rank", 1),  # rare words
    ("zapatero", "rank", 1),
    ("government", "rank", 1),  # common word
    ("government", "date", 1),  # date sorts
    ("government", "date-asc", 1),
    ("government", "rank", 3),  # deep pages
    ("government", "date", 4),
    ('"human rights"', "rank", 1),  # phrase
    ("nucl*", "rank", 1),  # prefix
    ("nucl*", "date", 1),
    ("subject:nucl*", "rank", 1),
    ("iran OR syria OR iraq OR libya", "rank", 1),  # boolean
    ("(iran OR syria) -nuclear", "rank", 1),
    ("iran AND NOT sanctions", "rank", 1),
    ("iran sanctions", "rank", 1),
    ("government origin:MADRID", "rank", 1),  # word + each field filter
    ("iran origin:STATE", "rank", 1),
    ("iran origin:STATE", "date", 1),
    ("government tag:PREL", "rank", 1),
    ("government class:secret", "rank", 1),
    ("government caption:NOFORN", "rank", 1),
    ("government signer:CLINTON", "rank", 1),
    ("government signer:CLINTON", "date", 1),
    ("signer:clinton", "date-asc", 1),
    ("government has:summary", "rank", 1),
    ("government -has:summary", "date", 2),
    ("government from:2008 to:2009", "rank", 1),
    ("government year:2009", "rank", 1),
    ("government subject:spain", "rank", 1),
    ("government cites:09BERLIN1167", "rank", 1),
    ("government citedby:09MADRID347", "rank", 1),
    ("government has:action", "rank", 1),
    ("government has:refs", "rank", 1),
    ("government is:partial", "rank", 1),
    ("government person:Obama", "rank", 1),
    ("government org:NATO", "rank", 1),
    ("government -origin:MADRID", "rank", 1),
    ("tag:PREL from:2008 to:2009", "rank", 1),  # filters only
    ("tag:PREL from:2008 to:2009", "date-asc", 2),
    ("class:secret from:2008", "rank", 1),
    ("origin:MADRID", "date", 1),
    ("has:summary", "date", 1),
    ("government origin:MADRID", "date-asc", 1),
    ("iran class:secret", "date", 3),
    ("", "rank", 1),  # everything
    ("", "date", 5),
    ("goverment", "rank", 1),  # nothing found: suggestions
]


def answer(reader: Reader, query: str, sort: str, page: int) -> dict:
    """What a user sees of a search: total, the page's hits in order, facets, months, estimate mark."""
    result = reader.search(query, sort=sort, page=page)
    return {"query": query, "sort": sort, "page": page, "total": result.total,
            "hits": [h.reference_id for h in result.hits],
            "scores": [None if h.score is None else round(h.score, 6) for h in result.hits],
            "snippets": [h.snippet for h in result.hits],
            "facets": {name: [[v.value, v.count] for v in values] for name, values in result.facets.items()},
            "months": [list(m) for m in result.months], "sampled": result.sampled,
            "suggestions": [s.query for s in result.suggestions]}


@pytest.fixture(scope="module")
def reader(corpus_db):
    with Reader.open(corpus_db) as opened:
        yield opened


def test_search_answers_are_unchanged(reader):
    got = [answer(reader, q, sort, page) for q, sort, page in QUERIES]
    if os.environ.get("CABLEBASE_WRITE_ANSWERS"):
        ANSWERS.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n")
    expected = json.loads(ANSWERS.read_text())
    assert [(a["query"], a["sort"], a["page"]) for a in expected] == [(q, s, p) for q, s, p in QUERIES]
    assert all(a["total"] for a in expected[:-1]), "every query but the last finds cables in the dev corpus"
    for want, have in zip(expected, got):
        assert have == want, (want["query"], want["sort"], want["page"])
