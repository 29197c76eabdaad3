"""Fuzzy word lookup (sanctions_check.search.vocab)."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import OSA

from sanctions_check.search.vocab import Vocab, by_prefix

WORDS = ["murwanashyaka", "mohammed", "muhammad", "ryong", "rhee", "saif", "seif", "kim"]


@pytest.mark.parametrize(
    ("text", "cutoff", "expected"),
    [
        ("murwanashyaka", 0.9, "murwanashyaka"),  # exact
        ("murwanashyka", 0.9, "murwanashyaka"),  # one letter dropped: 12/13 alike
        ("mohamed", 0.8, "mohammed"),  # one letter dropped
        ("ryoung", 0.8, "ryong"),  # one letter added
    ],
)
def test_fuzzy_finds_words_within_the_cutoff(text: str, cutoff: float, expected: str) -> None:
    assert expected in Vocab(WORDS).fuzzy(text, cutoff)


def test_fuzzy_finds_nothing_beyond_the_cutoff() -> None:
    vocab = Vocab(WORDS)
    for word in vocab.fuzzy("mohamed", 0.8):
        # what it returns is alike enough, by the same measure (with its rounding margin)
        assert OSA.normalized_similarity("mohamed", word) >= 0.78
    assert "kim" not in vocab.fuzzy("mohamed", 0.8)  # length alone rules it out


def test_by_prefix_groups_by_the_first_two_canonical_letters() -> None:
    groups = by_prefix(["mohammed", "muhammad", "talfah", "tilfah"])
    # romanisation variants share a canonical form, so a group; talfah / tilfah (vowels
    # apart) do not
    assert [set(v.keys) >= {"mohammed", "muhammad"} for v in groups.values()].count(True) == 1
    assert len(groups) == 3


def test_prefix_vocabularies_are_built_when_first_looked_up() -> None:
    groups = by_prefix(["mohammed", "muhammad", "saif", "seif", "kim"])
    assert groups._built == {}  # nothing built by the index's construction
    vocab = groups.get("mu") or groups.get("mo")
    assert vocab is not None and set(vocab.keys) >= {"mohammed", "muhammad"}
    assert len(groups._built) == 1  # only the group asked for
    groups.build_all()  # (before batch workers fork)
    assert set(groups._built) == set(groups)
    eager = {p: sorted(v.keys) for p, v in groups.items()}
    assert eager == {p: sorted(Vocab(groups.groups[p]).keys) for p in groups}
    # the index only scans them and reads by_canon: no skeleton or typo tables are built
    # (most of a vocabulary's cost, paid per prefix a query first meets)
    for prefix, vocab in groups.items():
        whole = Vocab(groups.groups[prefix])
        assert (vocab.by_canon, vocab.by_key) == (whole.by_canon, whole.by_key)
        assert vocab.by_skeleton == vocab.by_typo == vocab.by_delete == {}
        assert vocab.fuzzy("mohamed", 0.8) == whole.fuzzy("mohamed", 0.8)


ABJAD_WORDS = ["mnyr", "monir", "mounir", "brhym", "ibrahim", "kim", "sh", "ab", "x2", "bn"]


def test_abjad_matches_meet_vowel_less_words_and_latin_spellings() -> None:
    vocab = Vocab(ABJAD_WORDS)
    # a Latin word meets the vowel-less units of its consonants ("mnr"), and the other way
    assert vocab.abjad_matches("munir") == ["mnyr"]
    assert vocab.abjad_matches("ebrahim") == ["brhym"]
    assert vocab._voweled is None  # Latin words only: the table of words with vowels unbuilt
    assert sorted(vocab.abjad_matches("mnyr")) == ["monir", "mounir"]
    assert vocab.abjad_matches("kim") == []  # no vowel-less unit "km"
    # the tables hold exactly the units scoring.abjad's rules pick, keyed as it keys them
    from sanctions_check.scoring.abjad import abjad_form, abjad_keys, is_vowelless

    for word in ["monir", "brahim", "kam", "sah", "mnyr", "brhym", "bn", "sh"]:
        if is_vowelless(word):
            want = [u for u in ABJAD_WORDS if u.isalpha() and len(u) >= 3
                    and not is_vowelless(u) and abjad_form(u) in abjad_keys(word)]  # fmt: skip
        else:
            want = [u for u in ABJAD_WORDS if is_vowelless(u)
                    and abjad_form(word) in abjad_keys(u)]  # fmt: skip
        assert sorted(vocab.abjad_matches(word)) == sorted(want), word


def test_creditable_units_keeps_the_pairs_creditable_accepts(un2024) -> None:
    # the index's one loop over a new word's candidates keeps exactly the matches creditable()
    # accepts one pair at a time (a joined pair when the unit or the match is a span), in order
    from sanctions_check.names.normalise import normalise_name
    from sanctions_check.search.vocab import creditable, creditable_units

    words = sorted({t for e in un2024.entries[:300] for n in e.names()
                    for t in normalise_name(n.text).tokens})
    spans = frozenset(words[::7])
    for unit, multi in [("mohamed", False), ("muhammad", False), ("abdulrahman", True),
                        ("kim", False), ("saif", False), ("alhaj", True)]:
        got = creditable_units(unit, words, multi, spans)
        assert got == [w for w in words if creditable(unit, w, multi or w in spans)]
    assert creditable_units("mohamed", words, False, spans)  # (not vacuous: some are kept)


def test_a_marked_final_n_is_keyed_by_both_readings() -> None:
    # a list word read from Cyrillic Korean keeps its final н marked (1.22: "Хён" -> hyong or
    # hyon): a Latin query word of either reading finds it, as the scorer credits both
    vocab = Vocab(["hyongн", "kim"])
    assert vocab.by_canon["hyong"] == vocab.by_canon["hyon"] == ["hyongн"]
    assert "hyongн" in vocab.fuzzy("hyon", 0.8)
