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


# ---------------------------------------------------------------- caches and early exits


def test_a_warm_scan_finds_what_a_cold_one_does(
    un2024: SanctionsList, labelled_texts: list[str]
) -> None:
    # the per-word caches (word facts, a scanner's typo alternatives) must not change a find:
    # each labelled item scanned by a new scanner with its cache emptied before every item,
    # then again with every cache warm, and the items five at a time as one article
    texts = list(labelled_texts)
    texts += ["\n\n".join(texts[k : k + 5]) for k in range(0, len(texts), 5)]
    cold = ListScanner.from_list(un2024)
    first = []
    for text in texts:
        cold._alts.clear()
        first.append(cold.scan(text))
    assert sum(map(len, first)) > 100
    assert [cold.scan(text) for text in texts] == first
    assert [ListScanner.from_list(un2024).scan(text) for text in texts[:5]] == first[:5]


def test_a_full_cache_is_emptied_and_finds_stay(
    un2024: SanctionsList, labelled_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sanctions_check.news.listscan as listscan

    texts = labelled_texts[:8]
    want = [ListScanner.from_list(un2024).scan(t) for t in texts]
    monkeypatch.setattr(listscan, "MAX_CACHED_WORDS", 3)
    small = ListScanner.from_list(un2024)
    assert [small.scan(t) for t in texts] == want
    assert 0 < len(small._alts) <= 3


def test_two_lists_do_not_share_typo_alternatives(
    un2024: SanctionsList, un2020: SanctionsList
) -> None:
    # "Shabab" is one edit from "shabaab" in both lists, and from "shahab" only in 2024's
    new, old = ListScanner.from_list(un2024), ListScanner.from_list(un2020)
    assert new._alternatives("shabab") == ["~XBN", "~XHB"]
    assert old._alternatives("shabab") == ["~XBN"]
    assert new._alternatives("shabab") == new._alternatives_of("shabab")


@pytest.mark.parametrize(
    ("text", "surface", "ref"),
    [
        # letters run together longer than the scanner's indexed beginnings (12): the early
        # exit must not stop before the whole form's letters
        ("Officials said Ziaur Rahmanmadani was seen.", "Ziaur Rahmanmadani", "TAi.102"),
        ("A man, Shamsurrahman Abdul Zahir, was seen.", "Shamsurrahman Abdul Zahir", "TAi.008"),
    ],
)
def test_long_joined_forms_are_found(scanner: ListScanner, text: str, surface: str, ref: str) -> None:
    [find] = scanner.scan(text)
    assert (find.text, find.references, find.method) == (surface, (ref,), "joined")


def test_windows_from_lower_case_words_end_early_with_the_same_finds(
    scanner: ListScanner, labelled_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # from a word not capitalised only a form's own words, exactly, can be found: windows
    # stop at the first word of no multi-word form.  With every word counted as one (no
    # early stop) the finds are the same, on every labelled item and on the items five at a
    # time, and far more windows are looked at
    texts = list(labelled_texts)
    texts += ["\n\n".join(texts[k : k + 5]) for k in range(0, len(texts), 5)]
    windows = []
    looked = ListScanner._window_at

    def counted(self: ListScanner, *args: object) -> None:
        windows[-1] += 1
        looked(self, *args)

    monkeypatch.setattr(ListScanner, "_window_at", counted)
    windows.append(0)
    early = [scanner.scan(t) for t in texts]
    every = type("EveryWord", (set,), {"__contains__": lambda self, key: True})()
    monkeypatch.setattr(scanner, "_exact_words", every)
    windows.append(0)
    assert [scanner.scan(t) for t in texts] == early
    assert sum(map(len, early)) > 100 and windows[0] < 0.8 * windows[1]
    # lower case, exactly: still found
    assert "korea kwangson banking corporation" in finds(scanner, FOUND[0][0])
