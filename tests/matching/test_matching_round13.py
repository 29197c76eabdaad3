"""Matching round 13 (issue 18, algorithm 1.21): real-world spellings of listed names in other
orthographies (rows of the tune half of ``benchmarks/data/round13_spelling.csv``): Turkish
(:mod:`sanctions_check.names.turkish`), German dsch, the Turkish kunya Ebu, the Somali Cabdi,
and Abu Bakr written apart against a listed Abubakar (``data/romanisation.csv``)."""

from __future__ import annotations

import pytest

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.matching.matcher import Matcher

LISTED = [
    # Turkish c for jīm, with Ebu as evidence: ABU MOHAMMED AL-JAWLANI (no candidate on 1.20)
    ("Ebu Muhammed el-Culani", "QDi.317"),
    # Turkish c in an ad-Din compound spelled -eddin: JALALUDDIN HAQQANI (no candidate on 1.20)
    ("Celaleddin Hakkani", "TAi.040"),
    # the kunya spelled Ebu: ABOU MOHAMED AL ADNANI (61.2 on 1.20)
    ("Ebu Muhammed el-Adnani", "QDi.325"),
    # German dsch for jīm: AL-JAWLANI (44.9 on 1.20, under another entry), JALALUDDIN HAQQANI
    ("Abu Mohammed al-Dscholani", "QDi.317"),
    ("Dschalaluddin Hakkani", "TAi.040"),
    # Somali Cabdi for Abdi: AHMED ABDI AW-MOHAMED "GODANE" (57.7 on 1.20)
    ("Axmed Cabdi Godane", "SOi.004"),
    # Abu Bakr written apart, without the list's vowel: ABUBAKAR MOHAMMED SHEKAU (66.6 on 1.20)
    ("Abu Bakr Shekau", "QDi.322"),
]


@pytest.fixture(scope="module")
def exhaustive2024(un2024: SanctionsList) -> Matcher:
    return Matcher.from_list(un2024, exhaustive=True)


@pytest.mark.parametrize(("query", "ref"), LISTED)
def test_spellings_in_other_orthographies_find_the_listed_person(
    matcher2024: Matcher, exhaustive2024: Matcher, query: str, ref: str
) -> None:
    hits = matcher2024.match(query, kind="person")
    assert hits and hits[0].reference_number == ref
    # the index finds what scoring every entry finds
    found = {(h.reference_number, h.score) for h in hits}
    assert found == {(h.reference_number, h.score) for h in exhaustive2024.match(query, kind="person")}


@pytest.mark.parametrize(
    "query",
    [
        # unlisted people with like names (look-alikes of the tune half): nothing to alert on
        "Cemal Kaşıkçı",  # read Jemal Kashikchi
        "Abdullah Gül",
        "Celal Bayar",
        "Atiku Abubakar",  # ABUBAKAR MOHAMMED SHEKAU, ABUKAR ALI ADAN
        "Abdelmalek Sellal",  # ABDELMALEK DROUKDEL
        "Xasan Sheekh Maxamuud",
        "Doku Zavgayev",  # DOKU KHAMATOVICH UMAROV
    ],
)
def test_look_alikes_do_not_hit(matcher2024: Matcher, query: str) -> None:
    assert matcher2024.match(query, kind="person") == []
