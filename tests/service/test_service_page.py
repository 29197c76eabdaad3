"""The search page: results, records, the list's age, and escaping of hostile values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from sanctions_check.lists.entries import PERSON, Entry, Name, SanctionsList
from sanctions_check.service.app import create_app
from sanctions_check.service.holder import ListHolder, build
from sanctions_check.service.settings import ServiceSettings

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def client(un2024_path: Path) -> TestClient:
    settings = ServiceSettings(max_age_days=100_000.0)
    return TestClient(create_app(settings, holder=ListHolder.for_file(un2024_path)))


def test_page_form_and_results_without_javascript(client: TestClient) -> None:
    empty = client.get("/")
    assert empty.status_code == 200 and '<form method="get" action="/">' in empty.text
    assert "2024-09-26" in empty.text  # the list's date is always visible
    page = client.get("/", params={"name": "Jo Chun-ryong", "nationality": "North Korean"})
    assert page.status_code == 200
    text = page.text
    assert "KPi.038" in text and "strong" in text and "Jo Chun Ryong" in text
    assert "nationality North Korean (KP) agrees" in text  # the explanation
    assert 'href="/record/KPi.038"' in text
    assert "<script" not in text.lower()  # no JavaScript at all
    assert "script-src" not in page.headers["content-security-policy"]  # none allowed either


def test_page_record_and_stale_warning(client: TestClient, un2024_path: Path) -> None:
    record = client.get("/record/KPi.038")
    assert record.status_code == 200
    assert "CHO CHUN RYONG" in record.text and "Jo Chun Ryong (Good)" in record.text
    assert "1960-04-04" in record.text and "2016-11-30" in record.text  # born, listed on
    assert client.get("/record/XXi.999").status_code == 404
    stale = TestClient(create_app(ServiceSettings(max_age_days=30.0),
                                  holder=ListHolder.for_file(un2024_path)))
    assert "Warning: the list is" in stale.get("/").text


def test_page_shows_input_problems(client: TestClient) -> None:
    page = client.get("/", params={"name": "Kim Jong Sik", "dob": "yesterday"})
    assert page.status_code == 422 and "not a date of birth (e.g. 1977" in page.text
    page = client.get("/", params={"name": "!!!"})
    assert page.status_code == 422 and "unusable" in page.text


def test_page_escapes_list_names_and_queries() -> None:
    entry = Entry(
        reference_number=f"XXi.{SCRIPT}",
        dataid="1",
        kind=PERSON,
        primary_name=f"{SCRIPT} KIM JONG SIK",
        aliases=(Name('"><img src=x onerror=alert(2)> Kim Jong Sik', "alias", "Good"),),
        comments=SCRIPT,
        listed_on=dt.date(2020, 1, 1),
    )
    hostile = SanctionsList((entry,), date_generated=f"2024-09-26 {SCRIPT}", sha256="0" * 64)
    holder = ListHolder(served=build(hostile, notice=f"fixed file {SCRIPT}"))
    client = TestClient(create_app(ServiceSettings(max_age_days=1.0), holder=holder))
    query = f"{SCRIPT} Kim Jong Sik"
    page = client.get("/", params={"name": query, "nationality": SCRIPT})
    assert page.status_code == 200 and "XXi." in page.text
    assert "<script" not in page.text.lower() and "<img" not in page.text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text  # shown, as text
    record = client.get("/record/" + quote(entry.reference_number, safe=""))  # as linked
    assert record.status_code == 200
    assert "<script" not in record.text.lower() and "&lt;script&gt;" in record.text
