"""Merging list finds into the extracted names: longer names win, missed names are added."""

from __future__ import annotations

import pytest

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.news.extract import extract
from sanctions_check.news.listscan import ListScanner
from sanctions_check.news.merge import merge


@pytest.fixture(scope="module")
def scanner(un2024: SanctionsList) -> ListScanner:
    return ListScanner.from_list(un2024)


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
