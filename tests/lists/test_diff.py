"""Diffs between list versions: the real 2020 -> 2024 change, synthetic edits, invariants."""

from __future__ import annotations

import collections
import csv
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.files.tabular import write_table
from sanctions_check.lists.diff import (
    ADDED,
    AMENDED,
    DIFF_COLUMNS,
    REMOVED,
    FieldChange,
    ListDiff,
    compare_entries,
    diff_lists,
    summary_lines,
)
from sanctions_check.lists.entries import DateOfBirth, Name, SanctionsList


@pytest.fixture(scope="module")
def real_diff(un2020: SanctionsList, un2024: SanctionsList) -> ListDiff:
    return diff_lists(un2020, un2024, "2020", "2024")


@pytest.fixture(scope="module")
def strict_diff(un2020: SanctionsList, un2024: SanctionsList) -> ListDiff:
    return diff_lists(un2020, un2024, "2020", "2024", strict=True)


def test_real_counts(real_diff: ListDiff, un2020: SanctionsList, un2024: SanctionsList) -> None:
    # by REFERENCE_NUMBER: 46 added, 185 removed (lists/README.md); of the 829 entries in
    # both, 529 differ in some recorded fact once whitespace/punctuation-only edits of free
    # text are ignored (dates of birth that moved between INDIVIDUAL_DATE_OF_BIRTH and alias
    # records are not changes)
    assert real_diff.counts() == {ADDED: 46, REMOVED: 185, AMENDED: 529, "unchanged": 300}
    assert len(un2020.entries) - 185 + 46 == len(un2024.entries)
    assert real_diff.changed


def test_strict_counts_whitespace_and_punctuation(strict_diff: ListDiff) -> None:
    # strict: 669 amended (610 in COMMENTS1, most only "web link: https" -> "web link:https")
    assert strict_diff.counts() == {ADDED: 46, REMOVED: 185, AMENDED: 669, "unchanged": 160}
    assert strict_diff.meta()["strict"] is True


def test_whitespace_only_comment_change_is_ignored(
    real_diff: ListDiff, strict_diff: ListDiff
) -> None:
    # CDi.003's comment lost one space after "web link:" and nothing else changed
    assert "CDi.003" in {a.reference_number for a in strict_diff.amended}
    (strict,) = [a for a in strict_diff.amended if a.reference_number == "CDi.003"]
    assert "comments" in strict.fields
    default = {a.reference_number: a for a in real_diff.amended}
    assert "comments" not in default["CDi.003"].fields  # still amended: a place of birth went


def test_real_date_of_birth_change_is_still_reported(real_diff: ListDiff) -> None:
    # KPi.003 (HWANG SOK HWA) gained the date of birth 1943-09-26 in 2024
    amended = {a.reference_number: a for a in real_diff.amended}
    changes = {c.field: c for c in amended["KPi.003"].changes}
    assert changes["dates of birth"].added == ("1943-09-26",)


@pytest.mark.parametrize(
    ("field", "old", "new", "reported"),
    [
        ("comments", "Born in Kabul.", "Born in Kabul", False),  # punctuation only
        ("comments", "Born in  Kabul.", "Born in Kabul.", False),  # whitespace only
        ("comments", "Born in Kabul.", "Born in Kandahar.", True),  # a word changed
        ("comments", "Born in 1960.", "Born in 1961.", True),  # a digit is not punctuation
    ],
)
def test_free_text_noise(
    un2024: SanctionsList, field: str, old: str, new: str, reported: bool
) -> None:
    entry = un2024.get("KPi.038")
    assert entry is not None
    before = dataclasses.replace(entry, **{field: old})
    after = dataclasses.replace(entry, **{field: new})
    assert bool(compare_entries(before, after)) is reported
    assert compare_entries(before, after, strict=True)  # strict: every edit counts


def test_designation_punctuation_ignored_but_names_compared_exactly(
    un2024: SanctionsList,
) -> None:
    entry = un2024.get("KPi.038")
    assert entry is not None
    spaced = dataclasses.replace(
        entry, designations=tuple(d + " " for d in entry.designations)
    )
    assert compare_entries(entry, spaced) == ()
    hyphen = dataclasses.replace(entry, primary_name="CHO CHUN-RYONG")
    assert [c.field for c in compare_entries(entry, hyphen)] == ["name"]  # names: exact


def test_real_removed_regimes(real_diff: ListDiff) -> None:
    # the Iran list (IR) ended in 2023; Iraq (IQ) entries were delisted over the years
    by_regime = collections.Counter(e.reference_number[:2] for e in real_diff.removed)
    assert by_regime["IR"] == 84 and by_regime["IQ"] == 71
    assert "IQe.003" in {e.reference_number for e in real_diff.removed}  # RAFIDAIN BANK
    added = {e.reference_number: e.primary_name for e in real_diff.added}
    assert added["HTi.001"] == "JIMMY CHERIZIER"  # Haiti regime, new since 2022


def test_real_amendment_details(real_diff: ListDiff) -> None:
    amended = {a.reference_number: a for a in real_diff.amended}
    nata = amended["KPe.029"]  # renamed in 2024; the old name became an f.k.a. alias
    changes = {c.field: c for c in nata.changes}
    assert set(nata.fields) == {"name", "aliases", "comments", "last updated"}
    assert changes["name"].describe() == (
        'name: "NATIONAL AEROSPACE DEVELOPMENT ADMINISTRATION" -> '
        '"NATIONAL AEROSPACE TECHNOLOGY ADMINISTRATION"'
    )
    assert changes["aliases"].added == (
        "NATA (a.k.a.)",
        "NATIONAL AEROSPACE DEVELOPMENT ADMINISTRATION (f.k.a.)",
        "NADA (f.k.a.)",
    )
    assert changes["aliases"].removed == ("NADA (a.k.a.)",)
    assert "KPi.038" not in amended  # CHO CHUN RYONG is identical in both


def test_long_comment_change_shows_the_changed_region(real_diff: ListDiff) -> None:
    amended = {a.reference_number: a for a in real_diff.amended}
    (comment,) = [c for c in amended["CDe.002"].changes if c.field == "comments"]
    text = comment.describe()
    assert "View-UN-Notices-Entities" in text and "View-UN-Notices-Individuals" in text
    assert text.count("…") >= 2 and len(text) < 400


def test_same_list_has_no_changes(un2024: SanctionsList) -> None:
    diff = diff_lists(un2024, un2024)
    assert not diff.changed and diff.unchanged == 875 and diff.rows() == []


def test_reversed_diff_swaps_added_and_removed(
    real_diff: ListDiff, un2020: SanctionsList, un2024: SanctionsList
) -> None:
    back = diff_lists(un2024, un2020)
    assert {e.reference_number for e in back.added} == {
        e.reference_number for e in real_diff.removed
    }
    assert len(back.amended) == len(real_diff.amended)


@pytest.mark.parametrize(
    ("edit", "field", "describe"),
    [
        (dict(version=2), "version", 'version: "1" -> "2"'),
        (dict(nationalities=("Democratic People's Republic of Korea", "China")),
         "nationalities", 'nationalities +"China"'),
        (dict(aliases=()), "aliases", 'aliases -"Jo Chun Ryong (Good)"'),
        (dict(aliases=(Name("Jo Chun Ryong", "alias", "Low"),)), "aliases",
         'aliases +"Jo Chun Ryong (Low)" -"Jo Chun Ryong (Good)"'),  # quality downgraded
        (dict(dates_of_birth=(DateOfBirth("BETWEEN", from_year=1959, to_year=1961),)),
         "dates of birth", 'dates of birth +"1959-1961" -"1960-04-04"'),
        (dict(designations=()), "designations",
         'designations -"Chairman of the Second Economic Committee (SEC)"'),
        (dict(comments="Delisted soon."), "comments", "comments: (none) -> Delisted soon."),
        (dict(original_script="조춘룡"), "original-script name",
         "original-script name: (none) -> 조춘룡"),
    ],
)
def test_synthetic_amendments(un2024: SanctionsList, edit: dict, field: str, describe: str) -> None:  # type: ignore[type-arg]
    old = un2024.get("KPi.038")
    assert old is not None
    new = dataclasses.replace(old, **edit)
    (change,) = compare_entries(old, new)
    assert change.field == field
    assert change.describe() == describe


def test_name_parts_shown_only_when_the_name_is_the_same(un2024: SanctionsList) -> None:
    old = un2024.get("KPi.066")
    assert old is not None
    resplit = dataclasses.replace(old, name_parts=("KIM JONG", "SIK"))
    assert [c.field for c in compare_entries(old, resplit)] == ["name parts"]
    renamed = dataclasses.replace(old, primary_name="KIM JONG SIG", name_parts=("KIM", "JONG SIG"))
    assert [c.field for c in compare_entries(old, renamed)] == ["name"]


def test_reordered_values_are_not_a_change() -> None:
    change = FieldChange("aliases", ("A", "B"), ("B", "A"), True)
    assert change.added == () and change.removed == ()
    assert change.describe() == "aliases reordered"


def test_rows_and_outputs(real_diff: ListDiff, tmp_path: Path) -> None:
    rows = real_diff.rows()
    assert len(rows) == 46 + 185 + 529
    assert all(tuple(r) == DIFF_COLUMNS for r in rows)
    assert collections.Counter(r["change"] for r in rows) == {ADDED: 46, REMOVED: 185, AMENDED: 529}
    write_table(tmp_path / "c.csv", DIFF_COLUMNS, rows, meta=real_diff.meta())
    with open(tmp_path / "c.csv", newline="", encoding="utf-8") as fh:
        back = list(csv.DictReader(fh))
    assert len(back) == len(rows) and back[0]["reference_number"] == rows[0]["reference_number"]
    write_table(tmp_path / "c.json", DIFF_COLUMNS, rows, meta=real_diff.meta())
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert doc["meta"]["added"] == 46 and doc["meta"]["old"] == "2020"


def test_summary_lines(real_diff: ListDiff) -> None:
    short = summary_lines(real_diff, details=False)
    assert short[-1] == (
        "46 added, 185 removed, 529 amended, 300 unchanged "
        "(whitespace/punctuation-only changes in free text ignored)"
    )
    full = summary_lines(real_diff)
    assert "Added (46):" in full and "Removed (185):" in full and "Amended (529):" in full
    assert any(line.strip().startswith("HTi.001") and "JIMMY CHERIZIER" in line for line in full)
    # each amended entry's line names its changed fields
    (line,) = [ln for ln in full if ln.strip().startswith("KPi.003")]
    assert line.endswith("[aliases, dates of birth, last updated]")


@settings(max_examples=40, deadline=None)
@given(old=st.sets(st.integers(0, 874), max_size=40), new=st.sets(st.integers(0, 874), max_size=40))
def test_partition_invariant(un2024: SanctionsList, old: set[int], new: set[int]) -> None:
    # every reference number of either list lands in exactly one bucket
    a = SanctionsList(tuple(un2024.entries[i] for i in sorted(old)), "a", "a")
    b = SanctionsList(tuple(un2024.entries[i] for i in sorted(new)), "b", "b")
    diff = diff_lists(a, b)
    assert {e.reference_number for e in diff.added} == set(b.by_reference) - set(a.by_reference)
    assert {e.reference_number for e in diff.removed} == set(a.by_reference) - set(b.by_reference)
    assert diff.amended == ()  # same entries, unchanged
    assert diff.unchanged == len(old & new)
