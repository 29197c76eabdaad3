"""Word caches of the index (sanctions_check.search.wordcache): lookups handed between processes."""

from __future__ import annotations

import pickle

from sanctions_check.names.normalise import tokens
from sanctions_check.search.index import NameIndex
from sanctions_check.search.wordcache import WordCaches

FORMS = [tokens("CHO CHUN RYONG"), tokens("ABDUL MALIK"), tokens("KIM JONG SIK")]
QUERY = tokens("Jo Chun-ryong Abdulmalik")


def test_learned_gives_the_single_words_looked_up_since_journal() -> None:
    index = NameIndex(FORMS)
    index.candidates(tokens("Kim Jong"))  # before journal(): not handed on
    index.words.journal()
    index.candidates(QUERY)
    matches, tables = index.words.learned()
    # every single query word, none of the joined spans ("jochun", ...): those rarely repeat
    assert set(matches) == set(QUERY)
    assert {key[0] for key in tables} <= set(QUERY) and all(not key[1] for key in tables)
    assert "kim" not in matches
    assert index.words.learned() == ({}, {})  # handed on once


def test_an_index_that_learns_them_finds_the_same_without_looking_up() -> None:
    source = NameIndex(FORMS)
    source.words.journal()
    expected = source.candidates(QUERY)
    learned = pickle.loads(pickle.dumps(source.words.learned()))  # as sent by a worker
    target = NameIndex(FORMS)
    target.words.learn(learned)
    for word in QUERY:  # the lookups themselves, not copies recomputed
        assert target.words.matches[(word, False)] == learned[0][word]
    assert target.candidates(QUERY) == expected


def test_not_journaling_hands_nothing_and_learning_stops_when_full() -> None:
    index = NameIndex(FORMS)
    index.candidates(QUERY)
    assert index.words.learned() == ({}, {})
    small = WordCaches(size=2)
    small.learn(({"a": ("a",), "b": ("b",), "c": ("c",)}, {}))
    assert len(small.matches) == 2  # what does not fit is looked up again when needed


def test_caches_pickle_empty_and_not_journaling() -> None:
    index = NameIndex(FORMS)
    index.words.journal()
    index.candidates(QUERY)
    clone = pickle.loads(pickle.dumps(index))
    assert clone.words.matches == {} and clone.words.tables == {}
    clone.candidates(QUERY)
    assert clone.words.learned() == ({}, {})
