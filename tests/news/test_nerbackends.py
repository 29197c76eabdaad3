"""Named-entity backends: the optional spaCy backend (offsets, grouping) and the dispatch."""

from __future__ import annotations

import pytest

from sanctions_check.news.ner import extract_with, spacy_available


@pytest.mark.skipif(not spacy_available(), reason="spaCy with an English model not installed")
def test_spacy_backend_finds_persons() -> None:
    found = extract_with("Vladimir Putin met Kim Jong-un in Vladivostok.", "spacy")
    assert any(e.kind == "person" and "Putin" in e.name for e in found)


def test_spacy_backend_grouping_with_a_rule_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    # no model needed: a blank English pipeline with rules stands in for the NER model,
    # so the backend's offsets, possessives, "the" and surname grouping are checked
    spacy = pytest.importorskip("spacy")
    from sanctions_check.news import ner as ex

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


def test_missing_spacy_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import sys

    from sanctions_check.news import ner as ex

    real_import = builtins.__import__

    def no_spacy(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "spacy":
            raise ImportError("No module named 'spacy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "spacy", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_spacy)
    assert ex.spacy_problem() == ex.NO_SPACY and "pip install" in ex.NO_SPACY
    assert not ex.spacy_available()


def test_missing_model_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # spaCy present (a stand-in module) but no English model loads: the other message
    import sys
    import types

    from sanctions_check.news import ner as ex

    def load(name: str, **_kw: object) -> None:
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setitem(sys.modules, "spacy", types.SimpleNamespace(load=load))
    ex._spacy_nlp.cache_clear()
    try:
        assert ex.spacy_problem() == ex.NO_MODEL and "spacy download" in ex.NO_MODEL
    finally:
        ex._spacy_nlp.cache_clear()


def test_screener_refuses_spacy_without_model(monkeypatch: pytest.MonkeyPatch, matcher2024) -> None:  # type: ignore[no-untyped-def]
    from sanctions_check.errors import InputError
    from sanctions_check.news import ner as ex
    from sanctions_check.news.run import NewsScreener

    monkeypatch.setattr(ex, "spacy_problem", lambda: ex.NO_MODEL)
    with pytest.raises(InputError, match="no English model") as info:
        NewsScreener(matcher2024, ner="spacy")
    assert info.value.exit_code == 2 and "\n" not in str(info.value)
