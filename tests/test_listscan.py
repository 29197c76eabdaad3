"""The list-driven pass: listed names found in any case, spelling or list; merged safely."""

from __future__ import annotations

import pytest

from sanctions_check.entries import SanctionsList
from sanctions_check.extract import extract
from sanctions_check.listscan import ListScanner, merge


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


def test_merge_ignores_a_listed_name_inside_a_longer_name(scanner: ListScanner) -> None:
    # the DPRK ministry's alias inside a Somali ministry's name is not a mention of it
    text = "The Somali Ministry of Defence said soldiers advanced."
    merged = merge(extract(text), scanner.scan(text), text, scanner)
    [ent] = [e for e in merged if "Ministry" in e.name]
    assert ent.name == "Somali Ministry of Defence" and ent.list_forms == ()


def test_merge_short_mention_keeps_only_compatible_references(scanner: ListScanner) -> None:
    text = "Brokers tied to Mohammed Kashlaf were named. Kashlaf's militia held the port."
    merged = merge(extract(text), scanner.scan(text), text, scanner)
    [ent] = [e for e in merged if e.name == "Mohammed Kashlaf"]
    forms = dict(ent.list_forms)
    # "Kashlaf" is an alias of LYi.025 (whose names share "Mohammed"); LYi.026 shares nothing
    assert forms["Kashlaf"] == ("LYi.025",)
    assert ent.origin == "merged"


def test_merge_adds_entity_for_names_the_extractor_missed(scanner: ListScanner) -> None:
    text = "the ship's papers named korea kwangson banking corporation as payer."
    merged = merge(extract(text), scanner.scan(text), text, scanner)
    [ent] = [e for e in merged if e.origin == "listscan"]
    assert ent.kind == "org" and ent.list_forms[0][1] == ("KPe.025",)
    m = ent.mentions[0]
    assert text[m.start : m.end] == m.text and m.sentence.startswith("the ship's papers")


def test_repeated_missed_name_is_one_entity(scanner: ListScanner) -> None:
    # the same listed name found many times where the extractor saw nothing: one entity
    text = "payers: korea kwangson banking corporation; " * 50
    merged = merge([], scanner.scan(text), text, scanner)
    assert len(merged) == 1 and len(merged[0].mentions) == 50
    assert all(text[m.start : m.end] == m.text for m in merged[0].mentions)
