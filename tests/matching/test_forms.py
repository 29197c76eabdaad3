"""Name forms of a list's entries (sanctions_check.matching.forms)."""

from __future__ import annotations

import pytest

from sanctions_check.lists.entries import ALIAS, ORG, PERSON, Entry, Name, Place
from sanctions_check.matching.forms import AcronymTable, acronym_table, entry_countries, name_forms
from sanctions_check.scoring.weights import DEFAULT_SCORING

ACRONYM_SCORE = DEFAULT_SCORING.acronym_score
PREFIX_ACRONYM_SCORE = DEFAULT_SCORING.prefix_acronym_score


def _entry(ref: str, kind: str, primary: str, *aliases: str, **facts: object) -> Entry:
    names = tuple(Name(a, ALIAS) for a in aliases)
    return Entry(ref, ref, kind, primary, aliases=names, **facts)  # type: ignore[arg-type]


def test_names_that_normalise_alike_are_one_form() -> None:
    entry = _entry("TSi.001", PERSON, "Ri Pyo’ng-ch’o’l", "Ri Pyong Chol", "Pyong Chol Ri")
    forms, _ = name_forms([entry])
    assert [(f.tokens, f.source) for f in forms] == [
        (("ri", "pyong", "chol"), "name"), (("pyong", "chol", "ri"), "name"),
    ]  # fmt: skip
    assert forms[0].name.text == "Ri Pyo’ng-ch’o’l"
    assert [n.text for n in forms[0].same_as] == ["Ri Pyong Chol"]


def test_a_person_gets_a_pool_of_the_words_of_all_names() -> None:
    entry = _entry("TSi.002", PERSON, "Saif al-Adel", "Mohammed Ibrahim Makkawi")
    forms, _ = name_forms([entry])
    pools = [f for f in forms if f.source == "pool"]
    assert len(pools) == 1 and pools[0].name.text == "Saif al-Adel"
    assert pools[0].tokens == ("saif", "al", "adel", "mohammed", "ibrahim", "makkawi")


def test_bracketed_parts_are_forms_and_weights_come_from_the_list() -> None:
    komid = _entry("TSe.001", ORG, "Korea Mining Development Trading Corporation (KOMID)")
    other = _entry("TSe.002", ORG, "Korea Kwangson Banking Corp")
    forms, weights = name_forms([komid, other])
    assert [(f.entry_index, f.tokens, f.source) for f in forms] == [
        (0, ("korea", "mining", "development", "trading", "corp"), "name"),
        (0, ("komid",), "bracketed"),
        (1, ("korea", "kwangson", "banking", "corp"), "name"),
    ]
    assert forms[0].weights == tuple(weights.weight(t, ORG) for t in forms[0].tokens)
    assert weights.weight("korea", ORG) < weights.weight("mining", ORG)  # on both entries


def test_acronyms_of_organisation_names() -> None:
    komid = _entry("TSe.001", ORG, "Korea Mining Development Trading Corporation (KOMID)")
    table = acronym_table(name_forms([komid])[0])
    assert table["kmd"] == [(0, ACRONYM_SCORE, False)]  # initials of the content words
    assert (0, PREFIX_ACRONYM_SCORE, True) in table["komid"]  # syllables (capitals only)
    person = _entry("TSi.003", PERSON, "Kim Mun Dok")
    assert acronym_table(name_forms([person])[0]) == {}


def test_the_acronym_table_reads_like_the_dict_it_holds() -> None:
    # columns (sorted acronyms, starts, form ids, scores, syllable flags) give back each
    # acronym's entries in the order they were added; a missing acronym is missing
    pairs = {"kmd": [(0, 86.0, False)], "komid": [(0, 84.0, True), (3, 84.0, True)],
             "a": [(2, 84.0, True)]}  # fmt: skip
    table = AcronymTable(pairs)
    assert table == pairs and len(table) == 3 and list(table) == ["a", "kmd", "komid"]
    assert table["komid"] == [(0, 84.0, True), (3, 84.0, True)]
    assert type(table["kmd"][0][2]) is bool  # a flag, as built
    assert table.get("km") is None and table.get("zz", ()) == () and "kmd" in table
    with pytest.raises(KeyError):
        table["komidx"]
    assert AcronymTable({}) == {} and AcronymTable({}).get("a", ()) == ()


def test_entry_countries() -> None:
    entry = _entry(
        "TSi.004", PERSON, "Ali Hassan", nationalities=("Afghan",),
        addresses=(Place(country="Pakistan"),), regime="DPRK",
    )  # fmt: skip
    assert entry_countries(entry) == {"AF", "PK", "KP"}
