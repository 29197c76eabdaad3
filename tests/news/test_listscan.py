"""The list-driven pass: listed names found in any case, spelling or list."""

from __future__ import annotations

import pytest

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.news.listscan import ListScanner


@pytest.fixture(scope="module")
def scanner(un2024: SanctionsList) -> ListScanner:
    return ListScanner.from_list(un2024)


def finds(scanner: ListScanner, text: str) -> dict[str, tuple[str, ...]]:
    return {f.text: f.references for f in scanner.scan(text)}


FOUND = [
    # (text, surface found, reference) -- why
    ("It named korea kwangson banking corporation as the payer.",
     "korea kwangson banking corporation", "KPe.025"),  # lower case, extractor would miss it
    ("Vessels, crews, Ermias Ghermay, Fitiwi Abdelrazak and others were named.",
     "Fitiwi Abdelrazak", "LYi.022"),  # inside a long comma list
    ("The minister, Noorullah Noori, travelled.", "Noorullah Noori", "TAi.089"),  # spelling: Norullah / Nurullah
    ("Delegates included CHOE CHUN SIK and others.", "CHOE CHUN SIK", "KPi.013"),  # all capitals
    ("Its leader, Seka Musa Baluku, is listed.", "Seka Musa Baluku", "CDi.036"),  # extra middle name (SEKA BALUKU)
    ("Kim met Baluku Seka later.", "Baluku Seka", "CDi.036"),  # swapped word order
    ("Payments to KOMID continued.", "KOMID", "KPe.001"),  # bracketed acronym of a list name
]


@pytest.mark.parametrize(("text", "surface", "ref"), FOUND)
def test_listed_names_are_found(scanner: ListScanner, text: str, surface: str, ref: str) -> None:
    found = finds(scanner, text)
    assert surface in found, found
    assert ref in found[surface]


def test_gapped_find_screens_the_list_form(scanner: ListScanner) -> None:
    [find] = [f for f in scanner.scan("Its leader, Seka Musa Baluku, is listed.") if "Seka" in f.text]
    assert find.method == "gapped" and find.screen_as == "Seka Baluku"


NOT_FOUND = [
    # (text, surface that must not be found) -- why
    ("The Ministry of Defence said troops advanced.", "Ministry of Defence"),  # generic words only
    ("Mohammed said the talks went well.", "Mohammed"),  # one common name part of many entries
    ("VOSTOCHNY, Sept 13 - Leaders met.", "VOSTOCHNY"),  # dateline place
    ("the karate club met in the hall", "karate"),  # one-word names only when capitalised
]


@pytest.mark.parametrize(("text", "surface"), NOT_FOUND)
def test_not_found(scanner: ListScanner, text: str, surface: str) -> None:
    assert surface not in finds(scanner, text)


ROUND2_FOUND = [
    # (text, surface found, reference, method) -- why
    ("the chief of Jamaatud Dawa spoke", "Jamaatud Dawa", "QDe.118", "joined"),  # Jamaat-ud-Dawa spaced otherwise
    ("Muammar Gaddafi ruled", "Muammar Gaddafi", "LYi.013", "exact"),  # given + family name of a 5-word name
    ("Payments to Ocean Maritime Management continued", "Ocean Maritime Management", "KPe.020", "exact"),  # without ", COMPANY, LIMITED"
    ("Ermias Ghernay was named.", "Ermias Ghernay", "LYi.021", "typo"),  # one letter off (Ghermay)
    ("Minister Amir Khan Motaqu spoke.", "Amir Khan Motaqu", "TAi.026", "phonetic"),  # whole name preferred to a gapped part
    ("supporters of colonel gaddafi marched", "colonel gaddafi", "LYi.013", "exact"),  # curated known-as name
]


@pytest.fixture(scope="module")
def known_scanner(un2024: SanctionsList) -> ListScanner:
    from sanctions_check.matching.knownas import default_known_as
    from sanctions_check.news.listscan import scanner_for

    return scanner_for(un2024, default_known_as())


@pytest.mark.parametrize(("text", "surface", "ref", "method"), ROUND2_FOUND)
def test_round2_forms_are_found(
    known_scanner: ListScanner, text: str, surface: str, ref: str, method: str
) -> None:
    [find] = [f for f in known_scanner.scan(text) if f.text == surface]
    assert ref in find.references and find.method == method


ROUND2_NOT_FOUND = [
    # (text, surface that must not be found) -- why
    ("Kim Jong-un met Putin.", "Kim Jong"),  # a find never ends inside a hyphenated word
    ("Payments via omm continued", "omm"),  # an acronym only where written in capitals
    ("Kim Jung met Jong later", "Kim Jong"),  # KIM JUNG JONG: no "given + family" of syllables
]


@pytest.mark.parametrize(("text", "surface"), ROUND2_NOT_FOUND)
def test_round2_not_found(known_scanner: ListScanner, text: str, surface: str) -> None:
    assert surface not in {f.text for f in known_scanner.scan(text)}


def test_a_possessive_ends_a_name(known_scanner: ListScanner) -> None:
    # "Gaddafi's Daughter Aisha" would be AISHA ... QADHAFI with a word skipped
    found = {f.text for f in known_scanner.scan("Libya Dictator Muammar Gaddafi's Daughter Aisha Loses")}
    assert found == {"Muammar Gaddafi"}
