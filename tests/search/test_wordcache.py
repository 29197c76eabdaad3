"""Word caches of the index (sanctions_check.search.wordcache): lookups handed between processes,
and many words looked up at once (NameIndex.prefetch, Vocab.fuzzy_many)."""

from __future__ import annotations

import csv
import pickle
from typing import Any

import pytest
from conftest import EVAL_DIR

from sanctions_check.names.normalise import tokens
from sanctions_check.scoring.features import gate_cutoff
from sanctions_check.search.index import NameIndex
from sanctions_check.search.vocab import Vocab, query_units
from sanctions_check.search.wordcache import WordCaches

FORMS = [tokens("CHO CHUN RYONG"), tokens("ABDUL MALIK"), tokens("KIM JONG SIK")]
QUERY = tokens("Jo Chun-ryong Abdulmalik")


def test_learned_gives_the_single_words_looked_up_since_journal() -> None:
    index = NameIndex(FORMS)
    index.candidates(tokens("Kim Jong"))  # before journal(): not handed on
    index.words.journal()
    index.candidates(QUERY)
    learned = index.words.learned()
    # every single query word, none of the joined spans ("jochun", ...): those rarely repeat
    assert set(learned) == set(QUERY)
    assert "kim" not in learned
    assert index.words.learned() == {}  # handed on once


def test_an_index_that_learns_them_finds_the_same_without_looking_up() -> None:
    source = NameIndex(FORMS)
    source.words.journal()
    expected = source.candidates(QUERY)
    learned = pickle.loads(pickle.dumps(source.words.learned()))  # as sent by a worker
    target = NameIndex(FORMS)
    target.words.learn(learned)
    for word in QUERY:  # the lookups themselves, not copies recomputed
        assert target.words.matches[(word, False)] == learned[word]
    assert target.candidates(QUERY) == expected


def test_not_journaling_hands_nothing_and_learning_stops_when_full() -> None:
    index = NameIndex(FORMS)
    index.candidates(QUERY)
    assert index.words.learned() == {}
    small = WordCaches(size=2)
    small.learn({"a": ("a",), "b": ("b",), "c": ("c",)})
    assert len(small.matches) == 2  # what does not fit is looked up again when needed


def test_caches_pickle_empty_and_not_journaling() -> None:
    index = NameIndex(FORMS)
    index.words.journal()
    index.candidates(QUERY)
    clone = pickle.loads(pickle.dumps(index))
    assert clone.words.matches == {} and clone.words.tables == {}
    clone.candidates(QUERY)
    assert clone.words.learned() == {}


@pytest.fixture(scope="module")
def eval_words() -> list[str]:
    """The words of the labelled eval queries (real and variant spellings of listed names,
    and unrelated names)."""
    with open(EVAL_DIR / "names.csv", encoding="utf-8", newline="") as fh:
        names = [r["query"] for r in csv.DictReader(fh)]
    return list(dict.fromkeys(w for name in names for w in tokens(name)))


def test_fuzzy_many_finds_what_fuzzy_finds(matcher2024: Any, eval_words: list[str]) -> None:
    vocab: Vocab = matcher2024.index._single
    queries = [(w, gate_cutoff(w, matcher2024.index.scoring)) for w in eval_words]
    many = vocab.fuzzy_many(queries)
    assert set(many) == set(queries)
    for text, cutoff in queries:  # the same units (fuzzy orders them by score, many by key)
        assert sorted(many[(text, cutoff)]) == sorted(vocab.fuzzy(text, cutoff)), text


def test_prefetch_caches_what_unit_matches_finds(matcher2024: Any, eval_words: list[str]) -> None:
    fresh = pickle.loads(pickle.dumps(matcher2024.index))  # empty caches
    fresh.prefetch(eval_words)
    assert all((w, False) in fresh.words.matches for w in eval_words)
    other = pickle.loads(pickle.dumps(matcher2024.index))
    for word in eval_words:  # one word at a time, as a query looks them up
        assert fresh.words.matches[(word, False)] == other.unit_matches(word, False), word


def test_prefetch_of_joined_spans_caches_what_unit_matches_finds(matcher2024: Any) -> None:
    """Joined query spans ("abdul malik" -> "abdulmalik"), scanned as one batch per vocabulary
    of list words sharing their first two letters, are what one lookup at a time finds."""
    with open(EVAL_DIR / "names.csv", encoding="utf-8", newline="") as fh:
        names = [r["query"] for r in csv.DictReader(fh)]
    spans = list(dict.fromkeys(
        u for name in names for qs, qe, u, _a in query_units(tuple(tokens(name))) if qe - qs > 1
    ))  # fmt: skip
    fresh = pickle.loads(pickle.dumps(matcher2024.index))  # empty caches
    fresh.prefetch([], spans)
    other = pickle.loads(pickle.dumps(matcher2024.index))
    found = 0
    for span in spans:
        expected = other.unit_matches(span, True)
        assert fresh.words.matches[(span, True)] == expected, span
        found += bool(expected)
    # the eval names hold joined spellings of list words: some spans find something
    assert found >= 100  # (215 of 983 on the 2024 list)
    assert all((span, False) not in fresh.words.matches for span in spans)  # as spans only
