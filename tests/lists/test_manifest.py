"""Version manifests: ids name a list by date and hash; manifests round-trip through JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sanctions_check.lists.entries import SanctionsList, version_id
from sanctions_check.lists.manifest import (
    CLOCK_SKEW,
    VersionInfo,
    iso_time,
    list_age,
    parse_time,
)


def test_version_id_of_the_real_list(un2024: SanctionsList) -> None:
    # dateGenerated 2024-09-26T00:00:07.514Z, compact UTC, then the sha256 prefix
    assert version_id(un2024) == f"20240926T000007Z-{un2024.sha256[:12]}"


def test_version_id_in_utc_for_an_offset_date(un2020: SanctionsList) -> None:
    # 2020-03-20T19:09:21.822-04:00 is 23:09:21 UTC
    assert version_id(un2020).startswith("20200320T230921Z-")


def test_manifest_round_trip(tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
    info = VersionInfo(
        id="20240926T000007Z-0123456789ab", sha256="0" * 64, size=10,
        date_generated="2024-09-26T00:00:07.514Z", retrieved_at=now, confirmed_at=now,
        source_url="file:///x.xml", counts={"persons": 1, "organisations": 2, "aliases": 3},
        path=tmp_path / "20240926T000007Z-0123456789ab.xml",
    )  # fmt: skip
    doc = json.loads(json.dumps(info.to_manifest()))
    assert VersionInfo.from_manifest(doc, tmp_path) == info
    assert info.age(now + dt.timedelta(days=2)) == dt.timedelta(days=2)


def test_times_are_utc_with_z() -> None:
    t = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert iso_time(t) == "2026-01-02T01:04:05Z"
    assert parse_time("2026-01-02T01:04:05Z") == t


def test_list_age_counts_from_confirmation_else_date_generated() -> None:
    generated = dt.datetime(2020, 3, 20, tzinfo=dt.UTC)
    confirmed = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    now = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    assert list_age(generated, confirmed, now) == dt.timedelta(days=5)
    assert list_age(generated, None, now) == now - generated  # never confirmed
    assert list_age(None, None, now) == dt.timedelta.max  # nothing known: too old for any limit
    future = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)  # beyond the clock-skew allowance
    assert list_age(generated, future, now) == now - generated  # unconfirmed
    assert list_age(future, None, now) == dt.timedelta.max


def test_format_1_manifest_of_an_import_is_never_confirmed(tmp_path: Path) -> None:
    # format 1 wrote the import time as confirmed_at; a local path is not a source
    doc = {
        "format": 1, "id": "x", "file": "x.xml", "sha256": "0" * 64, "size": 1,
        "date_generated": "2020-03-20T19:09:21.822-04:00",
        "retrieved_at": "2026-12-06T10:00:00Z", "confirmed_at": "2026-12-06T10:00:00Z",
        "source_url": "/srv/lists/old.xml", "counts": {},
    }  # fmt: skip
    assert VersionInfo.from_manifest(doc, tmp_path).confirmed_at is None
    updated = {**doc, "source_url": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}
    assert VersionInfo.from_manifest(updated, tmp_path).confirmed_at == parse_time(
        "2026-12-06T10:00:00Z"
    )
    never = {**doc, "format": 2, "confirmed_at": None}
    assert VersionInfo.from_manifest(never, tmp_path).confirmed_at is None


def _doc(tmp_path: Path, **changes: object) -> dict[str, object]:
    now = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
    info = VersionInfo(
        id="20240926T000007Z-0123456789ab", sha256="0" * 64, size=10,
        date_generated="2024-09-26T00:00:07.514Z", retrieved_at=now, confirmed_at=now,
        source_url="", counts={}, path=tmp_path / "20240926T000007Z-0123456789ab.xml",
    )  # fmt: skip
    return {**info.to_manifest(), **changes}


@pytest.mark.parametrize(
    ("changes", "expect"),
    [
        ({"retrieved_at": 1700000000}, "not a time: 1700000000"),  # a number, not ISO 8601
        ({"confirmed_at": 1700000000}, "not a time: 1700000000"),
        ({"file": "/etc/passwd"}, "outside the list store"),  # prune would delete it
        ({"file": "../../precious.txt"}, "outside the list store"),
        ({"file": ".."}, "outside the list store"),
        ({"file": 7}, "outside the list store"),
    ],
)
def test_damaged_manifests_raise_value_error(tmp_path: Path, changes: dict[str, object],
                                             expect: str) -> None:
    with pytest.raises(ValueError, match=re.escape(expect)):
        VersionInfo.from_manifest(_doc(tmp_path, **changes), tmp_path)


def test_a_confirmation_in_the_future_does_not_count(tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
    info = VersionInfo.from_manifest(_doc(tmp_path, confirmed_at="2099-01-01T00:00:00Z"),
                                     tmp_path)
    assert info.confirmed_in_future(now)
    assert info.age(now) == now - dt.datetime(2024, 9, 26, 0, 0, 7, 514000, tzinfo=dt.UTC)
    skewed = now + CLOCK_SKEW - dt.timedelta(minutes=1)  # within the allowance: trusted
    assert VersionInfo.from_manifest(_doc(tmp_path, confirmed_at=iso_time(skewed)),
                                     tmp_path).age(now) <= dt.timedelta(0)
    both = VersionInfo.from_manifest(_doc(tmp_path, confirmed_at="2099-01-01T00:00:00Z",
                                          date_generated="2098-01-01T00:00:00Z"), tmp_path)
    assert both.age(now) == dt.timedelta.max  # nothing to trust: older than any limit
