"""The sensitivity model: words only, the same numbers as scikit-learn, a plain-data round trip."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from cablebase.parse import parse_file
from cablebase.review import default_model
from cablebase.review.classifier import Example, Model, examples, features, marking_level, train, words

PARAGRAPH = ("The Foreign Minister told the Ambassador that the President will dismiss the Defense "
             "Minister next week; post requests that this information be closely held.")
MARKS = ["(C)", "(S/NF)", "(SBU)", "(U)", "(C//REL ISAF)", "(S / NF)", "(TS)"]


@pytest.mark.parametrize("mark", MARKS)
def test_markings_are_stripped_before_featurising(mark):
    marked = f"{mark} {PARAGRAPH} -- {mark} SECRET NOFORN SIPDIS xxxxxxxxxxxx Minister."
    plain = f"{PARAGRAPH} -- Minister."
    assert words(marked) == words(plain)
    model = default_model()
    assert model.score([marked]) == model.score([plain])


def test_words_keep_the_text_itself():
    assert words("(a) The Embassy's view (see ref B): 25 years") == ["the", "embassy's", "view", "see", "ref",
                                                                   "years"]
    assert features("Prime Minister Erdogan") == ["prime", "minister", "erdogan", "prime minister",
                                                  "minister erdogan"]


@given(st.text(max_size=300))
def test_words_never_fail_and_never_hold_a_marking_word(text):
    assert not {"secret", "confidential", "noforn", "sbu"} & set(words(text))


def test_levels_of_markings():
    assert [marking_level(m) for m in ["S/NF", "SBU", "U//FOUO", "C/REL GERMANY", "TS", "NF", None]] == [
        "SECRET", "UNCLASSIFIED", "UNCLASSIFIED", "CONFIDENTIAL", "TOP SECRET", None, None]


def test_vectors_are_scikit_learns(corpus):
    texts = [p.text for c in parse_file(corpus / "cablegate-txt" / "09DOHA214.txt") for p in c.paragraphs]
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True).fit(texts)
    model = default_model()
    ours = Model(vectorizer.get_feature_names_out().tolist(), vectorizer.idf_, model.paragraph, model.cable)
    assert np.allclose(ours.vectors(texts).toarray(), vectorizer.transform(texts).toarray())


def test_training_and_the_json_round_trip(seed_path, corpus):
    paragraphs, cables = [], []
    for path in [seed_path, *sorted((corpus / "cablegate-txt").glob("*.txt"))]:
        for cable in parse_file(path):
            found, whole = examples(cable)
            paragraphs += found
            cables += [whole] if whole else []
    model = train(paragraphs, cables, calibration_share=0.2)
    assert set(model.paragraph.classes) == {"UNCLASSIFIED", "CONFIDENTIAL", "SECRET"}
    assert model.info["paragraphs"] == len(paragraphs) and model.info["cables"] == len(cables) == 41
    again = Model.from_json(model.to_json())
    texts = [ex.text for ex in paragraphs[:20]]
    assert [s.p_classified for s in again.score(texts)] == pytest.approx([s.p_classified for s in model.score(texts)],
                                                                         abs=1e-3)
    with pytest.raises(ValueError, match="too few"):
        train([Example("a text", "SECRET", "k")] * 30, cables)


@pytest.mark.parametrize("text", ["", "{}", '{"format": "cablebase-review-model", "version": 1}', "[1]",
                                  '{"format": "pickle"}'])
def test_a_broken_model_is_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="review model"):
        Model.from_json(text)


def test_the_shipped_model_reads_classified_text_as_more_sensitive():
    model = default_model()
    secret, open_ = model.score([
        "Embassy sources told us privately that the general is planning to move against the Prime Minister; "
        "please protect this source, who spoke on condition that the information not be shared.",
        "The public affairs section announced a new English teaching program for secondary schools, open to the press."])
    assert secret.p_classified > 0.5 > open_.p_classified
    assert model.info["paragraphs"] > 9000
