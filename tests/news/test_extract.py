"""The built-in person / organisation extractor: names, kinds, offsets, linking, not-names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.news.extract import Entity, extract

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "benchmarks" / "data" / "eval" / "news" / "seed-article.txt"


def names(text: str, kind: str | None = None) -> set[str]:
    return {e.name for e in extract(text) if kind is None or e.kind == kind}


def entity(text: str, name: str) -> Entity:
    found = [e for e in extract(text) if e.name == name]
    assert found, f"{name!r} not in {names(text)}"
    return found[0]


PERSONS = [
    # (sentence, expected person) -- why
    ("Officials said Russian Defense Minister Sergei Shoigu attended.", "Sergei Shoigu"),  # demonym + title stripped
    ("The talks included North Korean leader Kim Jong-un on Monday.", "Kim Jong-un"),  # hyphenated Korean given name
    ("Its spokesperson, Lim Soo-suk, said so.", "Lim Soo-suk"),  # apposition between commas
    ("The court heard that Abd al-Rahman al-Milad ran the unit.", "Abd al-Rahman al-Milad"),  # al- particles inside
    ("Analysts said Osama bin Laden had died.", "Osama bin Laden"),  # lower-case particle bin
    ("Commission head Ursula von der Leyen spoke.", "Ursula von der Leyen"),  # von der
    ("Prosecutor Giulia Ferraro told the court.", "Giulia Ferraro"),  # role title stripped
    ("Delegates included Jo Chun Ryong and Ri Pyong Chol.", "Jo Chun Ryong"),  # Korean three-part, comma-free list
    ("Militants loyal to Iyad Ag Ghaly attacked.", "Iyad Ag Ghaly"),  # Tuareg particle Ag
    ("Marie-Carmel Delva, a spokesperson, said officers were ready.", "Marie-Carmel Delva"),  # sentence-initial full name
    ("The leader, Vitel'Homme Innocent, fled.", "Vitel'Homme Innocent"),  # apostrophe inside a name
    ("Police said Abu Bakar Ba'asyir's supporters ran schools.", "Abu Bakar Ba'asyir"),  # possessive stripped
    ("Prime Minister Garry Conille has asked donors.", "Garry Conille"),  # two-word title
    ("Mr Kim met Kim Jong Un in Pyongyang.", "Kim Jong Un"),  # "Un" is a name part, not the U.N.
    ("Foreign Minister Sergei V. Lavrov met envoys.", "Sergei V. Lavrov"),  # middle initial
    ("Ministry spokesperson Abdiqani Yusuf Farah told reporters.", "Abdiqani Yusuf Farah"),  # role noun breaks the org
]


@pytest.mark.parametrize(("text", "person"), PERSONS)
def test_persons(text: str, person: str) -> None:
    ent = entity(text, person)
    assert ent.kind == "person"
    assert all(text[m.start : m.end] == m.text for m in ent.mentions)


ORGS = [
    # (sentence, expected organisation) -- why
    ("Payments went through the Foreign Trade Bank last year.", "Foreign Trade Bank"),  # cue word Bank
    ("Qatar's Ministry of Foreign Affairs said talks would go on.", "Ministry of Foreign Affairs"),  # possessive country, "of" joins
    ("The U.N. Security Council renewed the measures.", "U.N. Security Council"),  # U.N. abbreviation kept
    ("Islamabad asked Kabul to act against the Haqqani network.", "Haqqani network"),  # lower-case network suffix
    ("Fighters of the 5 Segonn gang clashed with police.", "5 Segonn"),  # gang marker, number kept
    ("JNIM is also fighting the Islamic State in the Greater Sahara, officials said.", "Islamic State in the Greater Sahara"),  # "in" after State
    ("An al Qaeda-linked group claimed the attack.", "al Qaeda"),  # -linked suffix
    ("The regional bloc ECOWAS met in Abuja.", "ECOWAS"),  # acronym
    ("The African Union Support and Stabilization Mission in Somalia (AUSSOM) takes over.",
     "African Union Support and Stabilization Mission in Somalia"),  # "and" inside, acronym alias
    ("Former members of Jemaah Islamiyah signed pledges.", "Jemaah Islamiyah"),  # transliterated cue word
    ("A photo © Getty Images News/Pool showed the leaders.", "Getty Images News"),  # photo credit is an org
    ("Officials from the Korea Coast Guard and the Japan Coast Guard met.", "Japan Coast Guard"),  # "and the" splits orgs
    ("It was signed by Ri Il-hwan of the Propaganda and Agitation Department.",
     "Propaganda and Agitation Department"),  # "and" joins when the rest has a cue word
    ('"We will respond," said Hamas official Osama Hamdan.', "Hamas"),  # role noun marks an org
    ("Army chief Abdel Fattah al-Burhan and Rapid Support Forces (RSF) commanders met.",
     "Rapid Support Forces"),  # a person's name before "and" is not part of the org
    ("Shares of Johnson & Johnson fell.", "Johnson & Johnson"),  # ampersand: a firm
    ("The Islamic Emirate of Afghanistan said so.", "Islamic Emirate of Afghanistan"),  # Emirate cue
]


@pytest.mark.parametrize(("text", "org"), ORGS)
def test_organisations(text: str, org: str) -> None:
    assert entity(text, org).kind == "org"


NOT_NAMES = [
    # (text, word that must not be part of any name) -- why
    ("MOGADISHU, Oct 14 - Troops advanced on Monday.", "MOGADISHU"),  # dateline
    ("On Monday, troops advanced towards the river.", "Monday"),  # day
    ("In January the ministry said so.", "January"),  # month, sentence-initial
    ("Interestingly, the delegation left early.", "Interestingly"),  # sentence-initial adverb
    ("Officials met in Central Java on Friday.", "Central Java"),  # place after "in"
    ("Ships met in the Yellow Sea last month.", "Yellow Sea"),  # place suffix
    ("Shelling hit the Middle Shabelle region again.", "Middle Shabelle"),  # place marker word
    ("Both Moscow and Pyongyang denied it.", "Moscow"),  # places, sentence-initial determiner
    ("By Caribbean Wire staff\n\nThe council met.", "Caribbean Wire"),  # byline
    ("South Korean and US officials met Russian diplomats.", "South Korean"),  # nationality words
    ("A Defiant Display\n\nThe talks ended.", "Defiant Display"),  # title-case heading line
    ("US and UK officials met at 10 AM GMT.", "UK"),  # country abbreviation, not an acronym org
    ("Officials met at 10 AM GMT on Friday.", "GMT"),  # time words are not a name
    ("The UAE and the DRC signed the deal.", "UAE"),  # all-caps country names are places
]


@pytest.mark.parametrize(("text", "word"), NOT_NAMES)
def test_not_names(text: str, word: str) -> None:
    found = extract(text)
    assert not any(word in m.text for e in found for m in e.mentions), [e.name for e in found]


def test_getty_credit_is_never_a_person() -> None:
    found = extract("Leaders met © Getty Images")
    assert all(e.kind == "org" for e in found if "Getty" in e.name)


def test_surname_and_possessive_mentions_link_to_full_name() -> None:
    text = (
        "Russian Defense Minister Sergei Shoigu met Kim Jong-un. Later, Shoigu said the "
        "talks went well. Kim's delegation left on Friday."
    )
    shoigu = entity(text, "Sergei Shoigu")
    kim = entity(text, "Kim Jong-un")
    assert [m.text for m in shoigu.mentions] == ["Sergei Shoigu", "Shoigu"]
    assert [m.text for m in kim.mentions] == ["Kim Jong-un", "Kim"]  # "Kim's" -> Kim
    assert shoigu.context == "Russian Defense Minister"
    assert "Shoigu said" in shoigu.mentions[1].sentence
    assert len(names(text, "person")) == 2  # no separate "Shoigu" or "Kim" person


def test_acronym_defined_in_text_is_an_alias() -> None:
    text = (
        "Payments passed through the Korea Mining Development Trading Corporation (KOMID), "
        "officials said. KOMID denied it."
    )
    ent = entity(text, "Korea Mining Development Trading Corporation")
    assert ent.aliases == ("KOMID",)
    assert [m.text for m in ent.mentions].count("KOMID") == 2
    assert "KOMID" not in names(text)


def test_known_as_alias() -> None:
    text = 'Those listed include Johnson Andre, known as "Izo", a gang leader. Izo\'s men fled.'
    ent = entity(text, "Johnson Andre")
    assert ent.aliases == ("Izo",)
    assert [m.text for m in ent.mentions] == ["Johnson Andre", "Izo", "Izo"]


def test_headline_lines_only_repeat_known_names() -> None:
    text = (
        "Putin Hosts Kim In Far East Summit\n\n"
        "Vladimir Putin met Kim Jong-un on Wednesday.\n\n"
        "Kim Jong Un Wraps Up Visit\n\nNATO Member Voices Concern"
    )
    found = extract(text)
    assert {e.name for e in found} == {"Vladimir Putin", "Kim Jong-un", "NATO"}
    kim = entity(text, "Kim Jong-un")
    assert "Kim Jong Un" in [m.text for m in kim.mentions]  # spelling variant in a headline


def test_seed_article_persons_and_no_byline_or_headline_noise() -> None:
    text = SEED.read_text("utf-8")
    found = extract(text)
    persons = {e.name for e in found if e.kind == "person"}
    assert persons == {"Kim Jong-un", "Vladimir Putin", "Lim Soo-suk", "Sergei Shoigu"}
    orgs = {e.name for e in found if e.kind == "org"}
    assert "Getty Images News" in orgs and "Kremlin" in orgs
    # "U.N." ends one scraped paragraph and "Security Council" starts the next
    assert "U.N. Security Council" in orgs


def test_sentence_split_keeps_abbreviations() -> None:
    text = "The U.S. State Department said Gen. Musa Hilal left. He was seen in Darfur."
    ent = entity(text, "U.S. State Department")
    assert ent.sentence == "The U.S. State Department said Gen. Musa Hilal left."


def test_very_long_sentence_is_cut_around_the_name() -> None:
    text = "Officials named " + ", ".join(f"item{i}" for i in range(400)) + " and Ali Dheere."
    ent = entity(text, "Ali Dheere")
    assert "Ali Dheere" in ent.sentence and len(ent.sentence) <= 610
    assert ent.sentence.startswith("… ")


def test_empty_text() -> None:
    assert extract("") == [] and extract("   \n") == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Kim", "Jong-un", "al-Milad", "Bank", "of", "the", "U.N.", "(KOMID)", "said", ".",
             ",", "\n\n", "Monday", "'s", "©", "MOGADISHU", "-", "known as", '"', "Ri", "Sea",
             "ECOWAS", "in", "and", "Ministry", "Foreign", "Abu", "bin", "von", "5", "gang"]
        ),
        max_size=40,
    )
)
def test_offsets_always_point_at_the_mention(words: list[str]) -> None:
    # invariant: whatever the text, every mention's offsets give back its surface text
    text = " ".join(words)
    for ent in extract(text):
        assert ent.kind in ("person", "org") and ent.name.strip()
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        # an extracted name: its full form, its aliases, then the list forms found there
        ("builtin", [("Hafiz Saeed", None), ("Saeed", None), ("HAFIZ SAEED", ("QDi.263",))]),
        # a list-driven find alone: only the list forms (its text is one of them)
        ("listscan", [("HAFIZ SAEED", ("QDi.263",))]),
    ],
)
def test_screened_forms(origin: str, expected: list[tuple[str, object]]) -> None:
    ent = Entity("Hafiz Saeed", "person", (), aliases=("Saeed",), origin=origin,
                 list_forms=(("HAFIZ SAEED", ("QDi.263",)),))  # fmt: skip
    assert ent.screened_forms == expected
