"""Qualifiers that tell organisations apart (sanctions_check.names.qualifiers), through compare and
the matcher on the 2024 list."""

from __future__ import annotations

import pytest

from sanctions_check.matching.compare import compare_names
from sanctions_check.matching.matcher import Matcher
from sanctions_check.names.qualifiers import is_series, qualifier_limits
from sanctions_check.scoring.weights import DEFAULT_SCORING

NOT_STRONG = DEFAULT_SCORING.not_strong
CAPS = {"not_strong": NOT_STRONG, "legal_form_penalty": 10.0, "place_conflict_cap": 70.0}


@pytest.mark.parametrize(
    ("token", "series"),
    [("2", True), ("2004", True), ("iii", True), ("iv", True), ("xii", True),
     # one letter is an initial, not a numeral; words made of numeral letters are words
     ("i", False), ("v", False), ("vivid", False), ("ivi", False), ("bank", False)],
)
def test_is_series(token: str, series: bool) -> None:
    assert is_series(token) is series


@pytest.mark.parametrize(
    ("a", "b", "band"),
    [
        # different places in brackets: different legal entities (100 before: the brackets
        # were set aside)
        ("Bank of China (Hong Kong) Limited", "Bank of China (Singapore) Limited", "weak"),
        # a different legal form on its own: possible, not strong (94 before)
        ("Deutsche Bank AG", "Deutsche Bank GmbH", "possible"),
        # ... and with another difference below the threshold (a guard: weak before too)
        ("Deutsche Bank Trust AG", "Deutsche Bank GmbH", "weak"),
        # a national subsidiary and its parent: not strong (82 before, possible; now weak
        # since the subsidiary's country costs as an unmatched word too)
        ("Banco Santander México S.A.", "Banco Santander S.A.", "weak"),
        # numbered sister ships of one owner: never strong (a guard: possible before too)
        ("KUM UN SAN 3", "KUM UN SAN", "possible"),
        # one legal form written two ways is no difference
        ("Tactical Missiles Corporation JSC", "Tactical Missiles Corporation Joint Stock Company",
         "strong"),
        ("Gazprom PAO", "Gazprom Public Joint Stock Company", "strong"),
        ("Romashka OOO", "Romashka LLC", "strong"),
        ("Vodafone Group plc", "Vodafone Group Public Limited Company", "strong"),
        ("Siemens GmbH", "Siemens Gesellschaft mit beschränkter Haftung", "strong"),
        # two countries' limited companies (GmbH / SARL, one family): not strong, and the
        # penalty of different legal forms (strong before: both read as llc)
        ("Siemens GmbH", "Siemens SARL", "weak"),
    ],
)
def test_organisation_qualifiers_in_compare(a: str, b: str, band: str) -> None:
    got = compare_names(a, b, "org")
    assert got.band == band, (got.score, got.explanation)


def test_a_qualifier_is_explained() -> None:
    got = compare_names("Deutsche Bank AG", "Deutsche Bank GmbH", "org")
    assert "different legal forms: jsc vs llc" in got.explanation
    got = compare_names("JI SONG 6", "JI SONG 8", "org")
    assert "series numbers differ: 6 vs 8" in got.explanation and got.score <= NOT_STRONG


def test_qualifiers_only_lower_and_ignore_the_entrys_own_country() -> None:
    # "Libyan" left unmatched in LYe.001 LIBYAN INVESTMENT AUTHORITY (tied to Libya) is no
    # qualifier; in a name of no known country it keeps the pair out of "strong"
    listed = ("libyan", "investment", "authority")
    query = ("investment", "authority")
    assert qualifier_limits(query, listed, 0b11, 0b110, {"LY"}, **CAPS) == (100.0, 0.0, ())
    cap, penalty, notes = qualifier_limits(query, listed, 0b11, 0b110, **CAPS)
    assert (cap, penalty, notes) == (NOT_STRONG, 0.0, ("place on one side only: LY",))


@pytest.mark.parametrize(
    ("query", "ref", "band"),
    [
        # KPe.066 KOREA YUJONG SHIPPING CO LTD: "Company Limited" is the same legal form
        ("Korea Yujong Shipping Company Limited", "KPe.066", "strong"),
        # KPe.075 YUK TUNG ENERGY PTE LTD: "Private Limited" is "Pte Ltd"
        ("Yuk Tung Energy Private Limited", "KPe.075", "strong"),
        # KPe.003 TANCHON COMMERCIAL BANK: "commercial" is a generic word (73.8 before)
        ("Tanchon Bank", "KPe.003", "strong"),
    ],
)
def test_organisation_forms_on_the_list(matcher2024: Matcher, query: str, ref: str, band: str) -> None:
    hits = {h.reference_number: h for h in matcher2024.match(query, kind="org")}
    assert ref in hits and hits[ref].band == band, hits.get(ref)


@pytest.mark.parametrize(
    "query",
    [
        # KPe.040 DCB FINANCE LIMITED in another country: a subsidiary, not strong (100 before)
        "DCB Finance (Singapore) Limited",
        # KPe.057 FIRST OIL JV CO LTD with a series number: a related entity (a guard: the
        # extra word kept it below strong before too)
        "First Oil JV Co Ltd II",
    ],
)
def test_qualified_list_names_are_not_strong(matcher2024: Matcher, query: str) -> None:
    assert all(h.band != "strong" for h in matcher2024.match(query, kind="org", min_score=0))


def test_index_and_exhaustive_agree_with_qualifiers(un2024, matcher2024: Matcher) -> None:
    exhaustive = Matcher.from_list(un2024, exhaustive=True)
    for query in ("DCB Finance (Singapore) Limited", "Islamic State in Iraq and the Levant Yemen",
                  "Korea Yujong Shipping Co Ltd (Panama)", "Tanchon Bank GmbH",
                  # round 7's words: three syllables joined, "No." before a number, generic
                  "Nam Chon Gang Corporation", "Office No. 39", "Al Wafa Organization"):
        a = [(h.reference_number, h.score) for h in matcher2024.match(query, kind="org", min_score=50)]
        b = [(h.reference_number, h.score) for h in exhaustive.match(query, kind="org", min_score=50)]
        assert a == b, query


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        # a GmbH is a limited company under German (Austrian, Swiss) law: TAe.013 RAHAT LTD.
        # (Pakistan / Afghanistan) and KPe.045 KORYO BANK (DPRK) are no such thing; each was
        # strong before (100 and 95): the generic form read GmbH as Ltd
        ("Rahat GmbH", "TAe.013"),
        ("Koryo Bank GmbH", "KPe.045"),
        ("Tanchon Commercial Bank GmbH", "KPe.003"),
        ("Uganda Commercial Impex GmbH", "CDe.009"),
    ],
)
def test_a_national_legal_form_on_one_side_is_not_strong(matcher2024: Matcher, query: str,
                                                         ref: str) -> None:
    hits = {h.reference_number: h for h in matcher2024.match(query, kind="org", min_score=0)}
    assert ref in hits and hits[ref].band != "strong", hits.get(ref)
    assert "legal form of another country's law: gmbh" in hits[ref].explanation


def test_a_national_form_of_the_entrys_own_country_is_no_qualifier() -> None:
    # ("rahat", "gmbh") against ("rahat",), "rahat" matched: a qualifier for an entry of no
    # German tie, none for an entry tied to Germany
    got = qualifier_limits(("rahat", "gmbh"), ("rahat",), 0b01, 0b1, {"DE"}, **CAPS)
    assert got == (100.0, 0.0, ())
    cap, penalty, _ = qualifier_limits(("rahat", "gmbh"), ("rahat",), 0b01, 0b1, {"PK"}, **CAPS)
    assert (cap, penalty) == (CAPS["not_strong"], 0.0)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # QDe.014 THE ORGANIZATION OF AL-QAIDA IN THE ISLAMIC MAGHREB: "in the" left unmatched
        # was read as the code IN (India), a place on one side only (79.0 in compare before)
        ("Al-Qaida Islamic Maghreb", "THE ORGANIZATION OF AL-QAIDA IN THE ISLAMIC MAGHREB"),
        # QDe.166 ISLAMIC STATE IN IRAQ AND THE LEVANT - YEMEN: "and the" was Andorra (AND)
        ("Islamic State Iraq Levant Yemen", "ISLAMIC STATE IN IRAQ AND THE LEVANT - YEMEN"),
    ],
)
def test_particles_are_no_two_word_country_name(query: str, listed: str) -> None:
    got = compare_names(query, listed, "org")
    assert got.band == "strong" and "place" not in got.explanation, (got.score, got.explanation)


def test_a_two_word_country_name_is_still_a_place() -> None:
    # "hong kong" unmatched on one side (a guard: the pair rule still reads real names)
    listed = ("bank", "of", "china", "hong", "kong")
    cap, _, notes = qualifier_limits(("bank", "of", "china"), listed, 0b111, 0b00111, **CAPS)
    assert (cap, notes) == (NOT_STRONG, ("place on one side only: HK",))
    cap, _, notes = qualifier_limits(("bank", "in", "the"), ("bank",), 0b001, 0b1, **CAPS)
    assert (cap, notes) == (100.0, ())
