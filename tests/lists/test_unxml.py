"""The UN XML parser on the real snapshots, and its refusal of hostile or wrong files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from listserver import BILLION_LAUGHS

from sanctions_check.errors import ListError
from sanctions_check.lists.entries import ALIAS, ORG, PERSON, SanctionsList
from sanctions_check.lists.unxml import clean, parse_bytes, parse_list

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.mark.parametrize(
    ("fixture", "persons", "orgs", "date_generated"),
    [
        # counts and dateGenerated as published (lists/README.md)
        ("un2024", 682, 193, "2024-09-26T00:00:07.514Z"),
        ("un2020", 709, 305, "2020-03-20T19:09:21.822-04:00"),
    ],
)
def test_real_counts(
    request: pytest.FixtureRequest, fixture: str, persons: int, orgs: int, date_generated: str
) -> None:
    parsed: SanctionsList = request.getfixturevalue(fixture)
    counts = parsed.counts()
    assert (counts["persons"], counts["organisations"]) == (persons, orgs)
    assert parsed.date_generated == date_generated
    assert parsed.generated_at is not None
    assert len(parsed.by_reference) == len(parsed.entries)  # reference numbers are unique


def test_cho_chun_ryong(un2024: SanctionsList) -> None:
    entry = un2024.get("KPi.038")
    assert entry is not None
    assert entry.primary_name == "CHO CHUN RYONG"
    assert entry.kind == PERSON
    assert entry.regime == "DPRK"
    assert [(a.text, a.quality) for a in entry.aliases] == [("Jo Chun Ryong", "Good")]
    assert entry.dates_of_birth[0].date is not None
    assert entry.dates_of_birth[0].date.isoformat() == "1960-04-04"


def test_kim_jong_sik_between_dob_is_a_range(un2024: SanctionsList) -> None:
    entry = un2024.get("KPi.066")
    assert entry is not None
    assert entry.primary_name == "KIM JONG SIK"
    assert entry.name_parts == ("KIM", "JONG SIK")
    (dob,) = entry.dates_of_birth
    assert dob.type_of_date == "BETWEEN"
    assert dob.year_range() == (1967, 1969)


def test_between_dates_are_ranges_throughout(un2024: SanctionsList) -> None:
    between = [d for e in un2024.entries for d in e.dates_of_birth if d.type_of_date == "BETWEEN"]
    # 29 INDIVIDUAL_DATE_OF_BIRTH elements of type BETWEEN, plus three ranges ("1984 - 1986"
    # for YEi.002, TAi.150, TAi.153) written inside otherwise empty alias elements
    assert len(between) == 32
    for dob in between:
        lo, hi = dob.year_range() or (0, 0)
        assert lo < hi, dob


def test_date_of_birth_inside_an_empty_alias_element_is_kept(un2024: SanctionsList) -> None:
    # YEi.002 has <INDIVIDUAL_ALIAS><ALIAS_NAME/><DATE_OF_BIRTH>1984 - 1986</DATE_OF_BIRTH>...:
    # the alias is empty (dropped) but the date range must not be lost.
    entry = un2024.get("YEi.002")
    assert entry is not None
    ranges = [d.year_range() for d in entry.dates_of_birth]
    assert (1984, 1986) in ranges
    assert all(a.text for a in entry.aliases)


def test_arabic_original_script_survives(un2024: SanctionsList) -> None:
    entry = un2024.get("TAi.005")
    assert entry is not None
    assert entry.primary_name == "MUHAMMAD TAHER ANWARI"
    assert entry.original_script == "محمد طاهر أنوري"
    assert sum(1 for e in un2024.entries if e.original_script and ARABIC.search(e.original_script)) == 368


def test_empty_alias_elements_are_dropped(un2024: SanctionsList) -> None:
    # YEi.002 has two <INDIVIDUAL_ALIAS> elements with empty QUALITY and ALIAS_NAME
    entry = un2024.get("YEi.002")
    assert entry is not None
    assert len(entry.aliases) == 5
    for parsed in (un2024,):
        for e in parsed.entries:
            assert all(a.text and a.name_type == ALIAS for a in e.aliases)


@pytest.mark.parametrize(
    ("ref", "alias"),
    [
        # the XML has a newline after "01" inside ALIAS_NAME
        ("TAi.093", "Khirullah Said Wali Khairkhwa, born in Kandahar on 01 Jan.1967"),
        # a newline plus 24 spaces of indentation inside ALIAS_NAME
        ("QDi.057", "Abdel Ilah Sabri (false identity related to fraudulent South African "
         "identification number 6910275240086 linked to South African passport number "
         "434021161, both documents have been confiscated)"),
    ],
)
def test_stray_newlines_are_cleaned(un2024: SanctionsList, ref: str, alias: str) -> None:
    entry = un2024.get(ref)
    assert entry is not None
    assert alias in [a.text for a in entry.aliases]


def test_no_text_field_keeps_raw_whitespace(un2024: SanctionsList, un2020: SanctionsList) -> None:
    for parsed in (un2024, un2020):
        for entry in parsed.entries:
            for name in entry.names():
                assert name.text == clean(name.text), (entry.reference_number, name.text)
            for part in entry.name_parts:  # SECOND_NAME " MOHAMUD " in SOi.024
                assert part == part.strip()
    assert un2024.get("SOi.024").name_parts == ("MOHAMED", "MOHAMUD", "MIRE")  # type: ignore[union-attr]


def test_entities_are_orgs(un2024: SanctionsList) -> None:
    orgs = [e for e in un2024.entries if e.kind == ORG]
    assert orgs and all(e.reference_number[2] == "e" for e in orgs)


def _one_line_error(data: bytes, source: str = "hostile.xml") -> str:
    with pytest.raises(ListError) as info:
        parse_bytes(data, source)
    message = str(info.value)
    assert "\n" not in message and message.startswith(source)
    return message


EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST dateGenerated="2024-01-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>
<DATAID>1</DATAID><FIRST_NAME>&xxe;</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"""

PLAIN_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST SYSTEM "http://example.invalid/list.dtd">
<CONSOLIDATED_LIST dateGenerated="2024-01-01T00:00:00Z"><INDIVIDUALS/><ENTITIES/>
</CONSOLIDATED_LIST>"""


@pytest.mark.parametrize(
    ("data", "expect"),
    [
        (BILLION_LAUGHS, "refused unsafe XML"),  # entity expansion bomb
        (EXTERNAL_ENTITY, "refused unsafe XML"),  # would read /etc/passwd
        (PLAIN_DTD, "refused unsafe XML"),  # any DTD is refused (no network fetch)
    ],
)
def test_hostile_xml_is_refused(data: bytes, expect: str) -> None:
    assert expect in _one_line_error(data)


def _cut_entries(real: bytes, keep: int) -> bytes:
    """The real 2024 file with only its first ``keep`` individuals (and all entities)."""
    text = real.decode("utf-8")
    start = text.index("<INDIVIDUAL>")
    end = text.index("</INDIVIDUALS>")
    blocks = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text[start:end], re.S)
    return (text[:start] + "".join(blocks[:keep]) + text[end:]).encode("utf-8")


@pytest.mark.parametrize(
    ("make", "expect"),
    [
        (lambda real: b"", "file is empty"),
        (lambda real: b"  \n\t ", "file is empty"),
        (lambda real: bytes(range(256)) * 10, "not well-formed XML"),  # binary
        (lambda real: b"<rss><channel/></rss>", "not a UN consolidated list (root element <rss>"),
        (lambda real: real[: len(real) // 2], "not well-formed XML"),  # truncated download
        (lambda real: real.replace(b"dateGenerated='2024-09-26T00:00:07.514Z'", b""),
         "no dateGenerated"),
        (lambda real: real.replace(b"<ENTITIES>", b"<ENTITIESX>")
         .replace(b"</ENTITIES>", b"</ENTITIESX>"), "lacks its INDIVIDUALS or ENTITIES"),
        (lambda real: b'<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS/><ENTITIES/>'
         b"</CONSOLIDATED_LIST>", "has no entries"),
        # a server's error page: called what it is, not "unsafe XML (DTDForbidden)"
        (lambda real: b"<!DOCTYPE html><html><body>Service Unavailable</body></html>",
         "this is an HTML page"),
        (lambda real: b"\xef\xbb\xbf\n<!-- proxy -->\n<HTML lang=en><body>Login</body></HTML>",
         "this is an HTML page"),  # BOM, comment and upper case: still a page
        # two entries sharing KPi.033: a diff would call one of them removed
        (lambda real: real.replace(b"<REFERENCE_NUMBER>KPi.066</REFERENCE_NUMBER>",
                                   b"<REFERENCE_NUMBER>KPi.033</REFERENCE_NUMBER>"),
         "duplicate reference number KPi.033: each entry must have its own"),
    ],
)
def test_wrong_files_get_one_line(un2024_path: Path, make, expect: str) -> None:  # type: ignore[no-untyped-def]
    assert expect in _one_line_error(make(un2024_path.read_bytes()), "list.xml")


def test_cut_file_still_parses(un2024_path: Path) -> None:
    # the synthetic lists the store tests use: the real file minus most individuals
    parsed = parse_bytes(_cut_entries(un2024_path.read_bytes(), 10), "cut.xml")
    assert parsed.counts()["persons"] == 10
    assert parsed.counts()["organisations"] == 193


@pytest.mark.parametrize(
    ("path", "expect"),
    [("missing.xml", "no such list file"), (".", "is a directory")],
)
def test_parse_list_path_errors(tmp_path: Path, path: str, expect: str) -> None:
    with pytest.raises(ListError, match=expect):
        parse_list(tmp_path / path)


@given(st.text())
def test_clean_collapses_whitespace(text: str) -> None:
    # invariant: cleaned text has no leading/trailing/double whitespace; cleaning is idempotent
    out = clean(text)
    if out is not None:
        assert out == out.strip() and "  " not in out and "\n" not in out
        assert clean(out) == out
