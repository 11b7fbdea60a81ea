"""The synthetic corpus generator: deterministic, shaped like the real corpus, streaming."""

from __future__ import annotations

import io
import json
import sys
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "bench"
sys.path.insert(0, str(BENCH))
import gen_corpus  # noqa: E402

from cablebase.parse import ParseError, parse_bytes  # noqa: E402


@pytest.fixture(scope="module")
def model():
    return json.loads((BENCH / "corpus_model.json").read_text())


def csv_text(model, n: int, seed: int) -> str:
    out = io.StringIO()
    gen_corpus.write_csv(gen_corpus.Generator(model, seed).cables(n), out)
    return out.getvalue()


def test_deterministic(model):
    assert csv_text(model, 50, 3) == csv_text(model, 50, 3)
    assert csv_text(model, 50, 3) != csv_text(model, 50, 4)


def test_shape_like_the_corpus(model):
    results = list(parse_bytes(csv_text(model, 400, 1).encode(), "gen.csv"))
    cables = [r for r in results if not isinstance(r, ParseError)]
    assert len(cables) == 400
    levels = Counter(c.classification for c in cables)
    assert levels["CONFIDENTIAL"] > levels["UNCLASSIFIED"] > 0 and levels["SECRET"] > 0
    assert len({c.origin_code for c in cables}) > 20
    assert all(c.subject and c.paragraphs for c in cables)
    assert sum(bool(c.tags) for c in cables) >= 390  # a few real cables carry no TAGS either
    ids = {c.reference_id for c in cables}
    cited = [r.id for c in cables for r in c.references if r.kind == "cable"]
    assert sum(i in ids for i in cited) > 20  # references form threads
    years = Counter(c.year for c in cables)
    assert years.most_common(1)[0][0] == 2009  # as in the corpus


def test_streams_with_flat_memory(model):
    def peak(n: int) -> int:
        tracemalloc.start()
        for _ in gen_corpus.Generator(model, 1).cables(n):
            pass
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    # 3,000 cables are ~30 MB of text; the generator holds only bounded bookkeeping (serials per
    # origin and year, the last 50 ids per origin), never the corpus
    assert peak(3000) < 3 * 1024 * 1024


def test_html_and_txt_forms_parse(model, tmp_path):
    gen_corpus.write_html(gen_corpus.Generator(model, 2).cables(20), tmp_path / "html")
    gen_corpus.write_txt(gen_corpus.Generator(model, 2).cables(20), tmp_path / "txt")
    for form in ("html", "txt"):
        files = list((tmp_path / form).rglob("*.*"))
        assert len(files) == 20
        for f in files:
            (result,) = list(parse_bytes(f.read_bytes(), f.name))
            assert not isinstance(result, ParseError), (f, result)
            assert result.reference_id == f.stem
