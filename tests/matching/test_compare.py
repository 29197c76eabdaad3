"""compare_names / compare_pairs / read_pairs (sanctions_check.matching.compare)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.errors import InputError, UnusableNameError
from sanctions_check.matching.compare import compare_names, compare_pairs, read_pairs


@pytest.mark.parametrize(
    ("a", "b", "kind", "match"),
    [
        ("Muammar Gaddafi", "QADHAFI, Muammar", None, True),  # romanisation + order
        ("Jo Chun-ryong", "CHO CHUN RYONG", "person", True),  # Korean romanisation, hyphen
        ("Kim Cho'ng-sik", "KIM JONG SIK", "person", True),  # McCune-Reischauer
        ("Abdulmalik Droukdal", "Abdul Malik Droukdel", "person", True),  # joined + vowel
        ("Kim Jong Un", "Kim Jong Sik", "person", False),  # one different syllable
        ("Angela Merkel", "Angela Merkel-Smith", "person", True),  # extra surname part
        ("Ocean Maritime Management", "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED", "org", True),
        ("OMM", "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED", "org", True),  # acronym
        ("KOMID", "Korea Mining Development Trading Corporation", "org", True),  # syllables
        ("Andes", "Academy of National Defense Science", "org", False),  # a word, not caps
        ("Korea Zinc", "Korea Mining Development Trading Corporation", "org", False),
        ("John Smith", "Jane Doe", None, False),
    ],
)
def test_compare_names(a: str, b: str, kind: str | None, match: bool) -> None:
    result = compare_names(a, b, kind)
    assert result.match is match, (result.score, result.explanation)
    assert result.band in ("strong", "possible", "weak")
    assert result.explanation


def test_compare_uses_a_matchers_list_weights(matcher2024) -> None:
    # "al-Tikriti" is on dozens of Iraq entries: with the list's weights sharing it (and
    # differing in the given name) counts for less than with list-independent weights
    plain = compare_names("Walid al-Tikriti", "Jamal al-Tikriti", "person")
    listed = compare_names("Walid al-Tikriti", "Jamal al-Tikriti", "person", matcher=matcher2024)
    assert listed.score < plain.score
    assert not listed.match


def test_compare_rejects_unusable_names() -> None:
    with pytest.raises(UnusableNameError, match="second name"):
        compare_names("Ali Hassan", "!!!")
    with pytest.raises(InputError):
        compare_names("Ali", "Ali", kind="vessel")


def test_compare_pairs_marks_unusable_rows() -> None:
    rows = compare_pairs(
        [
            {"name1": "Saddam Hussein", "name2": "SADDAM HUSSEIN AL-TIKRITI", "kind": "person"},
            ("", "Ali"),
            ("KOMID", "Korea Mining Development Trading Corporation", "org"),
            {"name1": "Ali", "name2": "Ali", "kind": "ship"},
        ]
    )
    assert rows[0].match and rows[0].kind == "person"
    assert rows[1].band == "unusable" and not rows[1].match and "empty" in rows[1].explanation
    assert rows[3].band == "unusable"
    assert set(rows[0].row()) == {"name1", "name2", "kind", "score", "band", "match", "explanation"}
    assert rows[0].row()["match"] == "true"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name1,name2,kind\nJo Chun Ryong,CHO CHUN RYONG,person\n", [("Jo Chun Ryong", "person")]),
        ("kind,name2,name1\norg,B,A\n", [("A", "org")]),  # columns found by header
        ("Jo Chun Ryong;CHO CHUN RYONG\nA;B\n", [("Jo Chun Ryong", ""), ("A", "")]),  # no header
        ('"Gaye, Haroun",HAROUN GAYE\n', [("Gaye, Haroun", "")]),  # quoted comma
        # a quote pattern that makes csv.Sniffer alone read ';' as the delimiter
        ('name1,name2\n""";",X\n', [('";', "")]),
    ],
)
def test_read_pairs(tmp_path: Path, content: str, expected: list[tuple[str, str]]) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(content, encoding="utf-8")
    rows = read_pairs(path)
    assert [(r["name1"], r["kind"]) for r in rows] == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary", "binary"),
        (b"just-one-column\n", "two columns"),
    ],
)
def test_read_pairs_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "pairs.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_pairs(path)
    with pytest.raises(InputError, match="no such file"):
        read_pairs(tmp_path / "missing.csv")


def test_read_pairs_latin1(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_bytes("name1,name2\nFrançois Bozizé,BOZIZE YANGOUVONDA\n".encode("cp1252"))
    assert read_pairs(path)[0]["name1"] == "François Bozizé"


_name = st.text(alphabet="abcdeghijklmnorstuy -'", min_size=2, max_size=30)


@settings(max_examples=150, deadline=None)
@given(_name, _name)
def test_compare_is_symmetric_and_bounded(a: str, b: str) -> None:
    try:
        ab = compare_names(a, b)
    except UnusableNameError:
        return
    ba = compare_names(b, a)
    assert 0 <= ab.score <= 100
    assert ab.score == pytest.approx(ba.score)


def test_comparing_names_loads_no_numpy() -> None:
    # the pair matcher is a matcher over no list: its empty index and bounds hold their
    # (empty) arrays packed, so a one-off `compare` does not import numpy (a third of it)
    import os
    import subprocess
    import sys

    script = ("import sys\nfrom sanctions_check.matching.compare import compare_names\n"
              "r = compare_names('Jo Chun-ryong', 'CHO CHUN RYONG', 'person')\n"
              "print(r.match, 'numpy' in sys.modules)")  # fmt: skip
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(repo)})  # fmt: skip
    assert out.stdout.split() == ["True", "False"]
