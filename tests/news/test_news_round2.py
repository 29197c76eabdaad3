"""News round 2 (issue 19): listed names found whatever the extractor's span boundaries."""

from __future__ import annotations

from typing import Any

import pytest

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.news.item import make_item
from sanctions_check.news.run import NewsScreener


@pytest.fixture()
def screener(matcher2024: Any, un2024: SanctionsList) -> NewsScreener:
    return NewsScreener(matcher2024, un2024)


def screen(screener: NewsScreener, text: str) -> dict[str, dict[str, str]]:
    """entity name -> {reference: the text that hit (the hit's query)}."""
    result = screener.process(make_item("test", "", "", "", text))
    return {m.entity.name: {h.reference_number: h.query for h in m.hits} for m in result.mentions}


def test_alias_after_an_organisation_in_one_span_is_flagged(screener: NewsScreener) -> None:
    # "Hafiz Saeed" is an alias of QDi.263; "Jamaatud Dawa" (Jamaat-ud-Dawa, spaced another
    # way) an alias of QDe.118; the capitalised run held both as one "person"
    text = ("LAHORE, Feb 12 - A court sentenced the chief of Jamaatud Dawa Hafiz Saeed to 11 "
            "years. Saeed denied the charges.")
    found = screen(screener, text)
    assert found["Hafiz Saeed"] == {"QDi.263": "Hafiz Saeed"}
    assert found["Jamaatud Dawa"] == {"QDe.118": "Jamaatud Dawa"}
    assert "Jamaatud Dawa Hafiz Saeed" not in found
    assert "Saeed" not in found  # the lone surname is a mention of Hafiz Saeed


def test_listed_organisation_inside_a_longer_name_is_flagged(screener: NewsScreener) -> None:
    text = ("The launch was overseen by officials of the Workers' Party Munitions Industry "
            "Department, state media said.")
    found = screen(screener, text)
    [refs] = [r for name, r in found.items() if name.endswith("Munitions Industry Department")]
    # the report shows the exact text that hit, inside the longer span
    assert refs == {"KPe.028": "Munitions Industry Department"}


def test_given_and_family_name_in_a_headline_is_flagged(screener: NewsScreener) -> None:
    # MUAMMAR MOHAMMED ABU MINYAR QADHAFI: given + family name, another romanisation, in a
    # title-case headline whose words the body never repeats
    text = ("Libya Dictator Muammar Gaddafi's Son Freed\n\n"
            "TRIPOLI, Jan 3 - Officials said the son of the late leader was released.")
    found = screen(screener, text)
    assert "LYi.013" in found["Muammar Gaddafi"]
    assert not any("Dictator" in name for name in found)


def test_quoted_nicknames_are_aliases_of_the_name(screener: NewsScreener) -> None:
    text = ('Jimmy "Barbecue" Cherizier said on Monday that Johnson “Izo” Andre had joined the '
            "coalition. Cherizier spoke in Delmas.")
    result = screener.process(make_item("test", "", "", "", text))
    by_name = {m.entity.name: m for m in result.mentions}
    jimmy, izo = by_name["Jimmy Cherizier"], by_name["Johnson Andre"]
    assert jimmy.entity.aliases == ("Barbecue",) and izo.entity.aliases == ("Izo",)
    # both the name and the nickname are screened; the mention keeps the text as written
    assert {"Jimmy Cherizier", "Barbecue"} <= set(jimmy.screened)
    assert jimmy.entity.mentions[0].text == 'Jimmy "Barbecue" Cherizier'
    assert {h.reference_number for h in jimmy.hits} == {"HTi.001"}
    assert {h.reference_number for h in izo.hits} == {"HTi.002"}
    assert set(by_name) == {"Jimmy Cherizier", "Johnson Andre"}  # no "Izo", no lone surname


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        # lower case: a listed alias less one inner word (Saleh Musfer Saleh al Shaer)
        ("officials named saleh musfer al-shaer as the man in charge.", "YEi.007"),
        # ALL CAPS wire text
        ("TALIBAN INTERIOR MINISTER SIRAJUDDIN HAQQANI MET OFFICIALS.", "TAi.144"),
        # curated "known as" name (lists/known_as.csv), lower case
        ("supporters of colonel gaddafi marched.", "LYi.013"),
    ],
)
def test_list_pass_finds_names_in_any_case(screener: NewsScreener, text: str, ref: str) -> None:
    found = screen(screener, text)
    assert any(ref in refs for refs in found.values()), found


def test_two_names_joined_by_and_are_not_one_name(screener: NewsScreener) -> None:
    # the words of a listed alias in any order must not be read across "and"
    text = "officials named saleh musfer al-shaer and SALEH MESFER AL SHAER as chiefs."
    found = screen(screener, text)
    assert found.keys() == {"saleh musfer al-shaer", "SALEH MESFER AL SHAER"}


def names(text: str) -> dict[str, str]:
    from sanctions_check.news.extract import extract

    return {e.name: e.kind for e in extract(text)}


SPANS = [
    # (text, names that must be extracted with their kind, names that must not) -- why
    ("Former Libya Dictator Muammar Gaddafi's son was freed, the dictator's lawyer said.",
     {"Muammar Gaddafi": "person"}, ["Libya Dictator Muammar Gaddafi"]),  # role words cut
    ("Officials said Yemen Rebels fired at ships; the rebels denied it.",
     {}, ["Yemen Rebels", "Yemen"]),  # a place and a plural noun are not a person
    ("Analysts said Iran Supply Ballistic Missiles was a claim the missiles disproved.",
     {}, ["Iran Supply Ballistic Missiles"]),  # headline words in a sentence
    ("Students of Alia Madrasa in Dhaka protested outside the madrasa on Monday.",
     {"Alia Madrasa": "org"}, []),  # a madrasa is an organisation
    ("Under the Gaddafi regime, Muammar Gaddafi ruled for 42 years.",
     {"Muammar Gaddafi": "person"}, ["Gaddafi"]),  # "the X regime": X is the person
    ("Officials named Basem al-Hashimi al-Sul‘ami as commander of the unit.",
     {"Basem al-Hashimi al-Sul‘ami": "person"}, ["Basem al-Hashimi al-Sul"]),  # ‘ for ayn
    ("The meeting was attended by Commerce Minister Nooruddin Azizi.",
     {"Nooruddin Azizi": "person"}, ["Commerce Minister Nooruddin Azizi"]),  # role qualifier
    ("Appointments: Information Minister, Khairullah Khairkhwa; Refugees Minister, Khalil Haqqani.",
     {"Khairullah Khairkhwa": "person", "Khalil Haqqani": "person"},
     ["Information Minister", "Refugees Minister"]),  # a role alone in a list is no name
    ("Rockets were made by the Workers' Party Munitions Industry Department, KCNA said.",
     {"Workers' Party Munitions Industry Department": "org"}, ["Workers"]),  # plural possessive
    ("Somalia's President Hassan Sheikh Mohamud condemned the attack.",
     {"Hassan Sheikh Mohamud": "person"}, ["Mohamud"]),  # an honorific inside a name stays
]


@pytest.mark.parametrize(("text", "want", "unwanted"), SPANS)
def test_span_boundaries(text: str, want: dict[str, str], unwanted: list[str]) -> None:
    got = names(text)
    for name, kind in want.items():
        assert got.get(name) == kind, got
    for name in unwanted:
        assert name not in got, got


def test_owner_country_before_an_organisation_counts(screener: NewsScreener) -> None:
    # MINISTRY OF DEFENCE is an alias of the DPRK's ministry (KPe.054); South Korea's is not it
    found = screen(screener, "South Korea's Defence Ministry said the display was aimed abroad.")
    assert found == {"Defence Ministry": {}}
    found = screen(screener, "North Korea's Ministry of Defence denied it.")
    assert "KPe.054" in found["Ministry of Defence"]


def test_caption_line_with_a_sentence_is_not_a_headline() -> None:
    # a caption line ends without a full stop but holds one inside: its names are taken
    text = ("Gangs block roads\n\nCaption: Residents flee the Delmas neighbourhood on Monday. "
            "Photo by Odelyn Joseph/AP\n\nThe police said officers retook two stations.")
    assert names(text).get("Odelyn Joseph") == "person"


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        # the headline's fuller name over a surname the body links to another person
        ("Libya Dictator Muammar Gaddafi's Daughter Aisha Loses Bid\n\n"
         "LUXEMBOURG, March 3 - A court dismissed a challenge by Aisha Gaddafi.", "LYi.013"),
        # a whole listed organisation name shared by other entries' names, sentence-initial
        ("Al-Shabaab claimed responsibility for the attack, police said.", "SOe.001"),
        # lower case: compound given name + family name of a longer listed name
        ("reply: and abd al-rahman al-milad still walks free.", "LYi.026"),
    ],
)
def test_found_whatever_the_spans(screener: NewsScreener, text: str, ref: str) -> None:
    found = screen(screener, text)
    assert any(ref in refs for refs in found.values()), found
