"""The sensitivity model: words only, the same numbers as scikit-learn, a plain-data round trip."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, strategies as st
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from cablebase.parse import parse_file
from cablebase.review import classifier, default_model
from cablebase.review.classifier import (REDACTED, Labelled, Model, examples, features, labelled, marking_level,
                                           train, words)

PARAGRAPH = ("The Foreign Minister told the Ambassador that the President will dismiss the Defense "
             "Minister next week; post requests that this information be closely held.")
MARKS = ["(C)", "(S/NF)", "(SBU)", "(U)", "(C//REL ISAF)", "(S / NF)", "(TS)"]


@pytest.mark.parametrize("mark", MARKS)
def test_markings_are_stripped_before_featurising(mark):
    marked = f"{mark} {PARAGRAPH} -- {mark} SECRET NOFORN SIPDIS Minister."
    plain = f"{PARAGRAPH} -- Minister."
    assert words(marked) == words(plain)
    model = default_model()
    assert model.score([marked, PARAGRAPH]) == model.score([plain, PARAGRAPH])


# What says how a cable is classified, as real cables print it inside their text: none of it is read.
LEAKS = ["Classified By: Ambassador John Ordway for reasons 1.4 (b) and (d).",
         "CLASSIFIED BY: DCM MARK ASQUINO, REASONS 1.4 (B/D)",
         "Classified by Ambassador Marcelle M. Wahba for reasons 1.5 (B) and (D).",
         "E.O. 12958: DECL: 06/02/2015", "E. O. 13526: DECL: 1.6X1", "Declassify on: Source marked 25X1-human",
         "REASON: 1.4 (D)", "C O N F I D E N T I A L", "(secret//rel germany)", "SECRET//FGI//NOFORN//MR",
         "UNCLAS SECTION 01 OF 02 SIPDIS", "(U//FOUO) (SBU) (C/NF)", "TOP SECRET NOFORN EXDIS NODIS LIMDIS"]


@pytest.mark.parametrize("line", LEAKS)
def test_classification_lines_are_not_read(line):
    assert words(f"{line}\n{PARAGRAPH}") == words(PARAGRAPH)
    assert not {"classified", "confidential", "secret", "noforn", "decl", "reasons"} & set(words(line))


def test_a_redaction_is_one_word():
    assert words("the German firm xxxxxxxxxxxx test chamber; XXXXXXXXXXXXsaid") == [
        "the", "german", "firm", REDACTED, "test", "chamber", REDACTED, "said"]


def test_words_keep_the_text_itself():
    assert words("(a) The Embassy's view (see ref B): 25 years") == ["the", "embassy's", "view", "see", "ref",
                                                                   "years"]
    assert features("Prime Minister Erdogan") == ["prime", "minister", "erdogan", "prime minister",
                                                  "minister erdogan"]


@given(st.text(max_size=300))
def test_words_never_fail_and_never_hold_a_marking_word(text):
    assert not {"secret", "confidential", "noforn", "sbu", "classified"} & set(words(text))


def test_levels_of_markings():
    assert [marking_level(m) for m in ["S/NF", "SBU", "U//FOUO", "C/REL GERMANY", "TS", "NF", None]] == [
        "SECRET", "UNCLASSIFIED", "UNCLASSIFIED", "CONFIDENTIAL", "TOP SECRET", None, None]


def test_vectors_are_scikit_learns(corpus):
    texts = [p.text for c in parse_file(corpus / "cablegate-txt" / "09DOHA214.txt") for p in c.paragraphs]
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True).fit(texts)
    model = default_model()
    ours = Model(vectorizer.get_feature_names_out().tolist(), vectorizer.idf_, model.paragraph, model.cable,
                 model.paragraph_score, model.cable_score)
    assert np.allclose(ours.vectors(texts).toarray(), vectorizer.transform(texts).toarray())


def test_training_and_the_json_round_trip(seed_path, corpus):
    cables = [examples(cable) for path in [seed_path, *sorted((corpus / "cablegate-txt").glob("*.txt"))]
              for cable in parse_file(path)]
    model = train(cables)
    assert set(model.paragraph.classes) == {"UNCLASSIFIED", "CONFIDENTIAL", "SECRET"}
    assert model.info["cables"] == len(cables) == 41
    assert model.info["paragraphs"] == sum(len(c.examples) for c in cables)
    # The combiners were fitted on out-of-fold scores: its own words and its cable's raise a paragraph's score.
    assert model.paragraph_score.inputs == classifier.PARAGRAPH_INPUTS
    assert all(model.paragraph_score.coef[:2] > 0) and model.cable_score.coef[0] > 0
    again = Model.from_json(model.to_json())
    texts = cables[0].texts
    assert [s.p_classified for s in again.score(texts).paragraphs] == pytest.approx(
        [s.p_classified for s in model.score(texts).paragraphs], abs=1e-3)
    assert again.score(texts).cable.p_classified == pytest.approx(model.score(texts).cable.p_classified, abs=1e-3)
    with pytest.raises(ValueError, match="too few"):
        train([Labelled("k", "SECRET", ["a text"] * 30, ["SECRET"] * 30)] + cables[1:3])


def test_a_batch_scores_each_cable_as_alone(seed_path, corpus):
    cables = [[p.text for p in c.paragraphs] for path in [seed_path, corpus / "cablegate-txt" / "09DOHA214.txt"]
              for c in parse_file(path)]
    batch = [cables[0], [], ["  "], cables[1], cables[0][:1]]
    model = default_model()
    assert model.score_cables(batch) == [model.score(texts) for texts in batch]
    assert model.score(["  "]).cable is None and model.score(cables[1]).cable.p_classified > 0


def test_a_large_archive_fits_each_head_once(seed_path, corpus, monkeypatch):
    """From `folds` x COMBINER_CABLES cables on, the heads that scored the combiners' held-out cables
    are the model's: each head is fitted once."""
    cables = [examples(cable) for path in [seed_path, *sorted((corpus / "cablegate-txt").glob("*.txt"))]
              for cable in parse_file(path)]
    fitted = []
    monkeypatch.setattr(classifier, "COMBINER_CABLES", 12)
    monkeypatch.setattr(classifier, "_head", lambda *a, fit=classifier._head: fitted.append(a[1]) or fit(*a))
    model = train(cables)
    assert len(fitted) == 2 and model.info["folds"] == 1
    held = sum(classifier._hash(c.key, "fold") < 12 / len(cables) for c in cables)
    assert min(map(len, fitted)) == len(cables) - held and 0 < held < 20  # the cable head's labels
    assert all(model.paragraph_score.coef[:2] > 0)


SOURCE = ("Embassy sources told us privately that the general is planning to move against the Prime Minister; "
          "please protect this source, who spoke on condition that the information not be shared.")
PUBLIC = "The public affairs section announced a new English teaching program for secondary schools, open to the press."


def test_a_paragraph_is_read_with_its_neighbours():
    """The same words score higher between sensitive paragraphs than between public ones; an empty
    paragraph is nobody's neighbour and scores 0."""
    model = default_model()
    assert model.paragraph_score.inputs == classifier.PARAGRAPH_INPUTS and all(model.paragraph_score.coef > 0)
    text = "The delegation will arrive on Tuesday and meet the Minister of Interior."
    between_sensitive = model.score([SOURCE, text, SOURCE]).paragraphs[1].p_classified
    between_public = model.score([PUBLIC, text, PUBLIC]).paragraphs[1].p_classified
    assert between_sensitive > between_public
    spaced = model.score([SOURCE, " ", text, "", SOURCE])
    assert spaced.paragraphs[1].p_classified == spaced.paragraphs[3].p_classified == 0.0
    assert spaced.paragraphs[2] == model.score([SOURCE, text, SOURCE]).paragraphs[1]


def test_a_model_from_before_neighbours_still_scores():
    """A model whose paragraph combiner reads only a paragraph's logit and its cable's (as archives'
    models trained before) loads and scores with those two; any other reading is refused."""
    data = json.loads(default_model().to_json())
    data["paragraph_score"].update(inputs=["paragraph", "cable text"], coef=[1.0, 0.5], intercept=-0.25)
    old = Model.from_json(json.dumps(data))
    texts = [SOURCE, PUBLIC]
    counts = old.counts(texts)
    own = old.paragraph.classified(old.paragraph.probabilities(classifier.tfidf(counts, old.idf)))
    cable = old.cable.classified(old.cable.probabilities(classifier.tfidf(csr_matrix(counts.sum(axis=0)), old.idf)))[0]
    expected = 1 / (1 + np.exp(-(own + 0.5 * cable - 0.25)))
    assert [s.p_classified for s in old.score(texts).paragraphs] == pytest.approx(expected, abs=1e-4)
    for inputs in (["paragraph"], ["cable text", "paragraph"], ["paragraph", "cable text", "paragraph after"]):
        data["paragraph_score"].update(inputs=inputs, coef=[1.0] * len(inputs))
        with pytest.raises(ValueError, match="combiner must read"):
            Model.from_json(json.dumps(data))


def test_a_paragraphs_neighbours_are_its_own_cables():
    """Before, after and two before: within the paragraph's cable, its cable's logit where there is none."""
    own, cable = np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([10.0, 10.0, 10.0, 20.0, 20.0])
    columns = classifier.paragraph_columns(own, cable, np.array([0, 0, 0, 1, 1]))
    assert list(columns) == list(classifier.PARAGRAPH_INPUTS)
    assert columns["paragraph before"].tolist() == [10, 1, 2, 20, 4]
    assert columns["paragraph after"].tolist() == [2, 3, 10, 5, 20]
    assert columns["paragraph two before"].tolist() == [10, 10, 1, 20, 20]


def test_a_model_from_before_the_paragraph_two_before_still_scores():
    """A paragraph combiner fitted on the first four inputs (archives' models trained before the
    paragraph two before was one) scores with those four."""
    data = json.loads(default_model().to_json())
    data["paragraph_score"].update(inputs=list(classifier.PARAGRAPH_INPUTS[:4]), coef=[1.0, 0.5, 0.25, 0.125],
                                   intercept=-0.25)
    old = Model.from_json(json.dumps(data))
    texts = [SOURCE, PUBLIC, SOURCE]
    counts = old.counts(texts)
    own = old.paragraph.classified(old.paragraph.probabilities(classifier.tfidf(counts, old.idf)))
    cable = old.cable.classified(old.cable.probabilities(classifier.tfidf(csr_matrix(counts.sum(axis=0)), old.idf)))[0]
    before, after = np.r_[cable, own[:2]], np.r_[own[1:], cable]
    expected = 1 / (1 + np.exp(-(own + 0.5 * cable + 0.25 * before + 0.125 * after - 0.25)))
    assert [s.p_classified for s in old.score(texts).paragraphs] == pytest.approx(expected, abs=1e-4)


def test_labels_of_a_cables_paragraphs():
    data = labelled("key", "UNCLASSIFIED", [(None, "Unmarked in an unclassified cable."), ("SBU", "Marked."), (None, " ")])
    assert data.texts == ["Unmarked in an unclassified cable.", "Marked."]
    assert data.levels == ["UNCLASSIFIED", "UNCLASSIFIED"] and data.level == "UNCLASSIFIED"
    data = labelled("key", "SECRET", [(None, "Unmarked: not a label."), ("C", "Marked."), ("S/NF", "Marked too.")])
    assert data.levels == [None, "CONFIDENTIAL", "SECRET"] and data.examples == [("Marked.", "CONFIDENTIAL"),
                                                                                 ("Marked too.", "SECRET")]


@pytest.mark.parametrize("text", ["", "{}", '{"format": "cablebase-review-model", "version": 2}', "[1]",
                                  '{"format": "pickle"}'])
def test_a_broken_model_is_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="review model"):
        Model.from_json(text)


def test_the_shipped_model_reads_classified_text_as_more_sensitive():
    model = default_model()
    secret = model.score([SOURCE])
    open_ = model.score([PUBLIC])
    assert secret.paragraphs[0].p_classified > 0.5 > open_.paragraphs[0].p_classified
    assert secret.cable.p_classified > open_.cable.p_classified
    assert model.info["paragraphs"] > 9000
