"""Version manifests: ids name a list by date and hash; manifests round-trip through JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sanctions_check.entries import SanctionsList
from sanctions_check.manifest import VersionInfo, iso_time, parse_time, version_id


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
