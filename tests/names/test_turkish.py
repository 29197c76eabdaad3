"""Names in Turkish orthography read as the list's romanisation (sanctions_check.names.turkish,
algorithm 1.21)."""

from __future__ import annotations

import pytest

from sanctions_check.names.normalise import normalise_name
from sanctions_check.names.turkish import is_turkish, turkish_reading


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # the kunya spelled Ebu is evidence: c is jīm (QDi.317's AL-JAWLANI)
        ("Ebu Muhammed el-Culani", "Ebu Muhammed el-Julani"),
        ("EBU MUHAMMED EL-CULANI", "EBU MUHAMMED EL-JULANI"),
        # an ad-Din compound spelled -eddin / -ettin is evidence (TAi.040 JALALUDDIN)
        ("Celaleddin Hakkani", "Jelaleddin Hakkani"),
        ("Necmettin Erbakan", "Nejmettin Erbakan"),
        # a letter only Turkish writes is evidence; ç ş ğ ı read as English romanisation does
        ("Cemal Kaşıkçı", "Jemal Kashikchi"),
        ("Ebu Bekir el-Bağdadi", "Ebu Bekir el-Baghdadi"),
    ],
)
def test_a_name_in_turkish_orthography_is_read_so(text: str, read: str) -> None:
    assert is_turkish(text)
    assert turkish_reading(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "Carlos Youcef",  # no evidence: a c stays a c (French c, Spanish c)
        "Cabdullaahi Cusmaan Caddow",  # Somali c (ʿayn), SOi.022: no Turkish evidence
        "Charaf Eddine",  # the French -eddine is no Turkish ending
        "Nebu Cali",  # Ebu only as a word
        "Abu Bakr",
    ],
)
def test_other_names_are_left_as_written(text: str) -> None:
    assert not is_turkish(text)
    assert turkish_reading(text) == text


def test_ch_ck_and_sc_keep_their_c() -> None:
    # a c before h or k or after s is no Turkish c even in a name that shows the orthography
    assert turkish_reading("Ebu Chakir Schuck") == "Ebu Chakir Schuck"


def test_only_names_of_persons_are_read() -> None:
    # an organisation's name keeps its c: "Celal Company" is no person's name to read
    assert normalise_name("Ebu Celal", "person").tokens == ("ebu", "jelal")
    assert normalise_name("Ebu Celal Company", "org").tokens[:2] == ("ebu", "celal")
