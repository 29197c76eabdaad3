"""Reading names to screen: encodings, delimiters, XLSX, column detection, hostile files."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sanctions_check.errors import InputError
from sanctions_check.files.decoding import detect_encoding
from sanctions_check.screening.inputs import read_queries

NAMES = ["José Müller", "Ri Pyong-chol", "Björn Ångström", "Zoë O’Neill"]


def _csv_text(delimiter: str = ",") -> str:
    rows = ["name" + delimiter + "nationality"] + [f"{n}{delimiter}France" for n in NAMES]
    return "\r\n".join(rows) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),  # Excel's "CSV UTF-8"
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),  # Excel's "Unicode text"
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("cp1252", b"", "cp1252"),  # Excel's plain "CSV" on western Windows
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, bom: bytes, expected: str) -> None:
    text = _csv_text()
    if encoding == "cp1252":
        text = text.replace("’", "'")  # U+2019 exists in cp1252 but keep the file plain
    path = tmp_path / "names.csv"
    path.write_bytes(bom + text.encode(encoding))
    result = read_queries(path)
    assert result.encoding == expected
    assert [q.name for q in result.queries][:3] == NAMES[:3]
    assert result.queries[0].nationality == "France"
    assert result.queries[0].row == 2  # the header is row 1


def test_cyrillic_code_page_is_recognised(tmp_path: Path) -> None:
    # a clear Windows-1251 file (Russian Excel) is not misread as Windows-1252
    path = tmp_path / "ru.csv"
    path.write_bytes("name\nЛавров Сергей\nШойгу\n".encode("cp1251"))
    result = read_queries(path)
    assert result.encoding == "cp1251"
    assert result.queries[1].name == "Шойгу"


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_bytes(_csv_text().encode("utf-16-le"))
    assert [q.name for q in read_queries(path).queries] == NAMES


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "names.txt.csv"
    path.write_text(_csv_text(delimiter), encoding="utf-8")
    result = read_queries(path)
    assert result.delimiter == delimiter
    assert [q.name for q in result.queries] == NAMES


@pytest.mark.parametrize(
    "text, delimiter, names",
    [
        # csv.Sniffer alone reads ';' as the delimiter here (from the quote pattern '";",')
        ('name,note\r\n""";",x\r\n', ",", ['";']),
        ('name,note\r\n"a;b",x\r\n"c;d",y\r\n', ",", ["a;b", "c;d"]),
        # commas inside names, semicolons between columns (a European spreadsheet export)
        ("name;note\nKim, Jong Sik;x\nRi, Pyong Chol;y\n", ";", ["Kim, Jong Sik", "Ri, Pyong Chol"]),
    ],
)
def test_delimiter_that_splits_every_row_alike_wins(
    tmp_path: Path, text: str, delimiter: str, names: list[str]
) -> None:
    path = tmp_path / "n.csv"
    path.write_text(text, encoding="utf-8")
    result = read_queries(path)
    assert result.delimiter == delimiter
    assert [q.name for q in result.queries] == names


def test_tsv_suffix_and_quoted_commas(tmp_path: Path) -> None:
    path = tmp_path / "names.tsv"
    path.write_text('Full Name\tDOB\n"Kim, Jong Sik"\t1968\n', encoding="utf-8")
    result = read_queries(path)
    assert result.queries[0].name == "Kim, Jong Sik"
    assert result.queries[0].dob == "1968"
    assert result.columns == {"name": "Full Name", "dob": "DOB"}


def test_secondary_columns_and_explicit_options(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "who,born,passport,type\nKOMID,,,Entity\nRi Pyong Chol,1948,KP,individual\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="no obvious name column"):
        read_queries(path)
    result = read_queries(path, column="who", dob_column="born", nationality_column="passport")
    komid, ri = result.queries
    assert komid.kind == "org" and ri.kind == "person"  # the "type" column was auto-detected
    assert (ri.dob, ri.nationality) == ("1948", "KP")
    with pytest.raises(InputError, match="no dob column 'birthday'"):
        read_queries(path, column="who", dob_column="birthday")


def test_headerless_single_column_and_text_file(tmp_path: Path) -> None:
    bare = tmp_path / "bare.csv"
    bare.write_text("Kim Jong Un\nChoe Son Hui\n", encoding="utf-8")
    result = read_queries(bare)
    assert not result.has_header  # "Kim Jong Un" is not a header, it is the first name
    assert [(q.name, q.row) for q in result.queries] == [("Kim Jong Un", 1), ("Choe Son Hui", 2)]
    text = tmp_path / "names.txt"
    text.write_text("# visitors\nKim Jong Un\n\n  Choe   Son Hui  \n", encoding="utf-8")
    assert [(q.name, q.row) for q in read_queries(text).queries] == [
        ("Kim Jong Un", 2),
        ("Choe Son Hui", 4),
    ]


def test_formula_like_cells_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "evil.csv"
    path.write_text('name\n"=HYPERLINK(""http://x"",""a"")"\n+1 Kim\n', encoding="utf-8")
    names = [q.name for q in read_queries(path).queries]
    assert names == ['=HYPERLINK("http://x","a")', "+1 Kim"]


def test_blank_rows_are_skipped_but_row_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text('name,role\nA One,x\n,\n\n"Multi\nLine",y\nB Two,z\n', encoding="utf-8")
    rows = [(q.name, q.row) for q in read_queries(path).queries]
    # a quoted field spanning two lines starts on line 5 and B Two is on line 7
    assert rows == [("A One", 2), ("Multi Line", 5), ("B Two", 7)]


# --------------------------------------------------------------------------- xlsx


def _xlsx(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    other = wb.create_sheet("Other")
    other.append(["name"])
    other.append(["Other Sheet Person"])
    wb.save(path)
    return path


def test_xlsx_first_sheet_dates_numbers_and_formulas(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "v.xlsx",
        [
            ["Visitor", "Date of birth", "Nationality"],
            ["Anna Schmidt", dt.datetime(1984, 3, 12), "German"],
            ["Ri Pyong Chol", 1948, "DPRK"],
            ["=CONCAT(A1,A2)", None, None],  # a formula cell: read as its text
        ],
    )
    result = read_queries(path)
    assert result.format == "xlsx" and result.sheet == "Sheet1"
    anna, ri, formula = result.queries
    assert anna.dob == "1984-03-12" and anna.nationality == "German"
    assert ri.dob == "1948"  # a number cell, not "1948.0"
    assert formula.name == "=CONCAT(A1,A2)" and formula.row == 4


def test_xlsx_sheet_option(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "v.xlsx", [["name"], ["First Sheet Person"]])
    assert read_queries(path, sheet="Other").queries[0].name == "Other Sheet Person"
    with pytest.raises(InputError, match="no sheet 'Missing'"):
        read_queries(path, sheet="Missing")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "empty"),
        ([["name"]], "only a header"),
        ([["id", "email"], [1, "a@b.c"]], "no obvious name column"),
    ],
)
def test_bad_xlsx_contents(tmp_path: Path, rows: list[list[object]], message: str) -> None:
    path = _xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises(InputError, match=message):
        read_queries(path)


def test_visitors_sample_reads(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[2] / "samples" / "visitors.xlsx"
    result = read_queries(sample)
    assert len(result.queries) >= 30
    # the Visitor ID column is the record key (auto-detected: data/input_headers.csv)
    assert result.columns == {"name": "Full name", "dob": "Date of birth",
                              "nationality": "Nationality", "id": "Visitor ID"}
    assert all(q.name and q.dob and q.nationality for q in result.queries)
    assert all(q.record_id and q.record_id.startswith("V-") for q in result.queries)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\r\n \n", "empty"),
        ("bom-only.csv", codecs.BOM_UTF8, "empty"),
        ("binary.csv", bytes(range(256)) * 8, "binary"),
        ("zip.csv", b"PK\x03\x04" + b"\x00" * 50, "ZIP"),
        ("huge.txt", b"a" * 150_000 + b"\n", "line 1 is 150,000 characters"),
        ("header-only.csv", b"name,dob\n", "only a header"),
        ("corrupt.xlsx", b"PK\x03\x04 this is not really a zip", "not a readable XLSX"),
        ("notzip.xlsx", b"name\nKim\n", "not a readable XLSX"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "binary"),
        ("quote.csv", b'name\n"unterminated\x00', "binary"),
    ],
)
def test_bad_files_give_one_line_errors(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_queries(path)
    text = str(info.value)
    assert message in text
    assert str(path) in text and "\n" not in text


def test_undecodable_bytes(tmp_path: Path) -> None:
    # 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252 and invalid in UTF-8: refused, not
    # "decoded" into some East-Asian code page as nonsense
    path = tmp_path / "bad.csv"
    path.write_bytes(b"name\n" + b"\x81\x8d\x8f\x90\x9d" * 20 + b"\n")
    with pytest.raises(InputError, match="cannot decode"):
        read_queries(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_queries(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="directory"):
        read_queries(tmp_path)


def test_detect_encoding_refuses_nul_bytes() -> None:
    with pytest.raises(InputError, match="binary"):
        detect_encoding(b"name\x00\x00\x01\x02\x00\x00\x00\x03", "x.csv")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
            min_size=1,
            max_size=30,
        ).filter(lambda s: s.strip() and s == " ".join(s.split())),
        min_size=1,
        max_size=8,
    )
)
def test_csv_round_trip_property(names: list[str]) -> None:
    """Whatever names csv.writer writes (UTF-8 with BOM), the reader gives back in order."""
    import csv
    import io
    import tempfile

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["name", "note"])
    for n in names:
        writer.writerow([n, "x"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "n.csv"
        path.write_bytes(codecs.BOM_UTF8 + buf.getvalue().encode("utf-8"))
        assert [q.name for q in read_queries(path).queries] == names
