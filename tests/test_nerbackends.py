"""Named-entity backends: the optional spaCy backend (offsets, grouping) and the dispatch."""

from __future__ import annotations

import pytest

from sanctions_check.nerbackends import extract_with, spacy_available


@pytest.mark.skipif(not spacy_available(), reason="spaCy with an English model not installed")
def test_spacy_backend_finds_persons() -> None:
    found = extract_with("Vladimir Putin met Kim Jong-un in Vladivostok.", "spacy")
    assert any(e.kind == "person" and "Putin" in e.name for e in found)


def test_spacy_backend_grouping_with_a_rule_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    # no model needed: a blank English pipeline with rules stands in for the NER model,
    # so the backend's offsets, possessives, "the" and surname grouping are checked
    spacy = pytest.importorskip("spacy")
    from sanctions_check import nerbackends as ex

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns([
        {"label": "PERSON", "pattern": "Vladimir Putin"},
        {"label": "PERSON", "pattern": [{"TEXT": "Putin"}, {"TEXT": "'s"}]},
        {"label": "ORG", "pattern": [{"LOWER": "the"}, {"TEXT": "Kremlin"}]},
    ])
    monkeypatch.setattr(ex, "_spacy_nlp", lambda: nlp)
    text = "Vladimir Putin met envoys. Putin's aide spoke for the Kremlin."
    found = {e.name: e for e in ex.extract_spacy(text)}
    assert set(found) == {"Vladimir Putin", "Kremlin"}
    assert [m.text for m in found["Vladimir Putin"].mentions] == ["Vladimir Putin", "Putin"]
    for ent in found.values():
        assert all(text[m.start : m.end] == m.text for m in ent.mentions)
    assert found["Kremlin"].kind == "org" and found["Kremlin"].origin == "spacy"
