"""The screening service's JSON API through the ASGI test client (real 2024 list).

Every endpoint is checked against what the CLI prints for the same question, and on its
error paths: bad JSON, NaN, oversized bodies and batches, unusable and 10,000-character
names, missing and wrong API keys.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sanctions_check.cli import cli
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.store import ListStore
from sanctions_check.service.app import create_app
from sanctions_check.service.holder import ListHolder, ServedList
from sanctions_check.service.settings import ServiceSettings

OLD_ENOUGH = 100_000.0  # the 2024 snapshot is years old: do not call it stale here
KEY = "s3cret-key"


@pytest.fixture(scope="module")
def holder(un2024_path: Path) -> ListHolder:
    return ListHolder.for_file(un2024_path)


def client_for(holder: ListHolder, **settings: object) -> TestClient:
    values: dict[str, object] = {"max_age_days": OLD_ENOUGH, **settings}
    return TestClient(create_app(ServiceSettings(**values), holder=holder))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(holder: ListHolder) -> TestClient:
    return client_for(holder)


def cli_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # data on stdout; warnings (an old list) on stderr


def one_line_detail(response) -> str:  # type: ignore[no-untyped-def]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail
    return detail


# --------------------------------------------------------------------------- GET /match


def test_match_answers_what_match_json_prints(client: TestClient, un2024_path: Path) -> None:
    params = {"name": "Jo Chun-ryong", "dob": "1960", "nationality": "North Korean"}
    doc = client.get("/match", params=params).json()
    expected = cli_json("--list", str(un2024_path), "match", "Jo Chun-ryong", "--dob", "1960",
                        "--nationality", "North Korean", "--json")
    assert doc["hits"] == expected["hits"] and doc["query"] == expected["query"]
    assert doc["matcher"] == expected["matcher"]
    assert doc["hits"][0]["reference_number"] == "KPi.038" and doc["alert"] is True
    # every answer carries the list version, its age and the algorithm
    assert doc["list"]["sha256"] == expected["list"]["sha256"]
    assert doc["list"]["date_generated"] == expected["list"]["date_generated"]
    assert doc["list"]["age_days"] > 0 and doc["matcher"]["algorithm"]


def test_match_min_score_and_limit(client: TestClient) -> None:
    doc = client.get("/match", params={"name": "Kim Jong Un", "min_score": 40, "limit": 2}).json()
    assert len(doc["hits"]) == 2 and doc["alert"] is False  # weak candidates only


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"name": "Kim", "min_score": "nan"}, "min_score"),  # NaN is not a score
        ({"name": "Kim", "min_score": "inf"}, "min_score"),  # nor is infinity
        ({"name": "Kim", "min_score": "101"}, "min_score"),  # scores are 0-100
        ({"name": "Kim", "limit": "0"}, "limit"),  # at least one candidate
        ({"name": "Kim", "kind": "ship"}, "kind"),  # person or org only
        ({"name": "Kim", "dob": "yesterday"}, "dob"),  # the CLI's --dob rule
        ({"name": "!!!"}, "unusable"),  # the CLI's unusable-name rule
        ({"name": "x" * 10_000}, "too long"),  # a 10,000-character "name"
        ({}, "name"),  # the name is required
    ],
)
def test_match_bad_parameters_422_one_line(client: TestClient, params: dict, reason: str) -> None:
    response = client.get("/match", params=params)
    assert response.status_code == 422
    assert reason in one_line_detail(response)


# --------------------------------------------------------------------------- POST /screen


def test_screen_rows_are_screen_json_rows(client: TestClient, un2024_path: Path,
                                          tmp_path: Path) -> None:
    names = ["Jo Chun-ryong", "Angela Merkel", "Kim Jong Sik", "KOMID", "Jo Chun-ryong"]
    (tmp_path / "names.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(cli, ["--list", str(un2024_path), "screen",
                                      str(tmp_path / "names.txt"), "--include-clear",
                                      "-o", str(out)])
    assert result.exit_code == 1, result.output
    expected = json.loads(out.read_text(encoding="utf-8"))
    records = [{"name": n, "id": f"r{i}", "branch": "Geneva"} for i, n in enumerate(names)]
    response = client.post("/screen", json={"records": records, "include_clear": True})
    assert response.status_code == 200
    doc = response.json()
    rows = [{k: v for k, v in r.items() if k not in ("id", "fields")} for r in doc["rows"]]
    assert rows == expected["rows"]  # a text file's rows are numbered 1.. like the records
    for key in ("status_counts", "band_counts", "list_sha256", "algorithm", "threshold"):
        assert doc["meta"][key] == expected["meta"][key]
    first = doc["rows"][0]  # the record's id and extra fields are carried through
    assert first["id"] == f"r{first['input_row'] - 1}" and first["fields"] == {"branch": "Geneva"}
    assert doc["needs_review"] == sum(1 for r in rows if r["status"] == "hit")


def test_screen_10000_character_name_is_an_unusable_row(client: TestClient) -> None:
    body = {"records": [{"name": "x" * 10_000}], "include_clear": True}
    doc = client.post("/screen", json=body).json()
    assert doc["rows"][0]["status"] == "unusable"
    assert "too long" in doc["rows"][0]["explanation"]


@pytest.mark.parametrize(
    ("content", "status", "reason"),
    [
        (b'{"records": [', 400, "not valid JSON"),  # cut off
        (b'{"records": [{"name": "Kim", "weight": NaN}]}', 422, "finite"),  # NaN in an extra
        (b'{"records": [{"name": "Kim"}], "min_score": NaN}', 422, "min_score"),
        (b'{"records": [{"name": "Kim"}], "min_score": Infinity}', 422, "min_score"),
        (b'{"records": [{"name": 5}]}', 422, "records.0.name"),  # names are text
        (b'{"records": [{"name": "Kim"}], "colour": "red"}', 422, "colour"),  # unknown option
        (b'{"names": []}', 422, "records"),  # required
        (b"[]", 422, "dict"),
    ],
)
def test_screen_bad_bodies(client: TestClient, content: bytes, status: int, reason: str) -> None:
    response = client.post("/screen", content=content,
                           headers={"content-type": "application/json"})
    assert response.status_code == status
    assert reason in one_line_detail(response)


@pytest.mark.parametrize(
    ("path", "content", "ctype"),
    [
        ("/screen", b"Kim Jong Sik\n", "text/plain"),  # a name list pasted as text
        ("/screen", b"records=Kim", "application/x-www-form-urlencoded"),  # a form
        ("/compare", b"a,b", "text/csv"),
    ],
)
def test_json_endpoints_refuse_other_content_types_415(
    client: TestClient, path: str, content: bytes, ctype: str
) -> None:
    # not a field that does not fit (422) but a body of the wrong kind: say what it takes
    response = client.post(path, content=content, headers={"content-type": ctype})
    assert response.status_code == 415
    assert one_line_detail(response) == (
        f"POST {path} takes a JSON body (Content-Type: application/json), not {ctype}"
    )


def test_screen_batch_and_body_limits_413(holder: ListHolder) -> None:
    small = client_for(holder, max_screen_records=3, max_body_bytes=2000)
    response = small.post("/screen", json={"records": [{"name": "Kim"}] * 4})
    assert response.status_code == 413 and "at most 3" in one_line_detail(response)
    response = small.post("/screen", json={"records": [{"name": "K" * 3000}]})
    assert response.status_code == 413 and "2000" in one_line_detail(response)

    def chunks():  # a body without Content-Length is counted too
        yield b'{"records": ['
        for _ in range(100):
            yield b'{"name": "Kim Jong Sik"},'
        yield b'{"name": "Kim"}]}'

    response = small.post("/screen", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert small.post("/screen", json={"records": [{"name": "Kim"}] * 3}).status_code == 200


# --------------------------------------------------------------------------- other endpoints


def test_compare_answers_what_compare_json_prints(client: TestClient) -> None:
    expected = cli_json("compare", "Muammar Gaddafi", "QADHAFI, Muammar", "--json")
    doc = client.post("/compare", json={"name1": "Muammar Gaddafi",
                                        "name2": "QADHAFI, Muammar"}).json()
    assert {k: doc[k] for k in expected} == expected
    assert doc["list"]["sha256"] and doc["matcher"]["version"]
    response = client.post("/compare", json={"name1": "!!!", "name2": "Ali"})
    assert response.status_code == 422 and "unusable" in one_line_detail(response)
    assert client.post("/compare", json={"name1": "Ali"}).status_code == 422


def test_entities_answer_what_show_json_prints(client: TestClient, un2024_path: Path) -> None:
    expected = cli_json("--list", str(un2024_path), "show", "KPi.038", "--json")
    doc = client.get("/entities/KPi.038").json()
    assert doc["entry"] == expected["entry"]
    assert doc["entry"]["aliases"] == [{"name": "Jo Chun Ryong", "quality": "Good", "note": None}]
    assert client.get("/entities/kpi.038").json()["entry"]["reference_number"] == "KPi.038"
    response = client.get("/entities/XXi.999")
    assert response.status_code == 404 and "XXi.999" in one_line_detail(response)


def test_lists_current_answers_what_lists_info_json_prints(tmp_path: Path,
                                                           un2024_path: Path) -> None:
    store = ListStore(tmp_path / "data")
    store.import_file(un2024_path)
    expected = cli_json("--data-dir", str(store.data_dir), "lists", "info", "--json")
    client = client_for(ListHolder.for_store(store))
    doc = client.get("/lists/current").json()
    for key in ("version", "date_generated", "sha256", "counts", "path", "source_url",
                "versions_stored", "confirmed_at"):
        assert doc[key] == expected[key]
    assert doc["list"]["in_force"] == "installed" and doc["list"]["version"] == expected["version"]


def test_healthz_ok_stale_and_no_list(holder: ListHolder, tmp_path: Path) -> None:
    ok = client_for(holder).get("/healthz")
    assert ok.status_code == 200 and ok.json()["status"] == "ok"
    stale = client_for(holder, max_age_days=1.0).get("/healthz")  # the 2024 list is older
    assert stale.status_code == 503 and stale.json()["status"] == "stale"


def test_nothing_installed_serves_the_bundled_snapshot_saying_so(tmp_path: Path,
                                                                un2024_path: Path) -> None:
    store = ListStore(tmp_path / "empty")
    client = client_for(ListHolder.for_store(store))
    doc = client.get("/match", params={"name": "Kim Jong Sik"}).json()
    assert doc["hits"][0]["reference_number"] == "KPi.066"
    facts = doc["list"]
    assert facts["in_force"] == "snapshot" and "bundled snapshot" in facts["notice"]
    for response in (client.get("/lists/current"), client.post("/compare", json={
            "name1": "Kim Jong Sik", "name2": "KIM JONG SIK"})):
        assert response.json()["list"]["notice"] == facts["notice"]  # in every answer
    assert "bundled snapshot" in client.get("/").text  # and on the page
    store.update(un2024_path.as_uri())  # once a list is installed, it replaces the snapshot
    assert client.app.state.holder.refresh() is True
    assert client.get("/healthz").json()["list"]["in_force"] == "installed"


def test_no_list_at_all_answers_503(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sanctions_check.lists.source.snapshot_path",
                        lambda: tmp_path / "missing.xml")  # a package without its snapshot
    empty = client_for(ListHolder.for_store(ListStore(tmp_path / "empty")))
    response = empty.get("/healthz")
    assert response.status_code == 503 and "no sanctions list" in response.json()["detail"]
    response = empty.get("/match", params={"name": "Kim"})
    assert response.status_code == 503 and "lists update" in one_line_detail(response)
    response = empty.post("/compare", json={"name1": "Kim Jong Sik", "name2": "KIM JONG SIK"})
    assert response.status_code == 200 and response.json()["list"] is None  # needs no list
    assert "no sanctions list" in empty.get("/").text  # the page says so


def test_internal_error_is_one_line_without_traceback(un2024: SanctionsList) -> None:
    class Broken:
        threshold = 80.0

        def match(self, *args: object, **kwargs: object) -> list:
            raise RuntimeError("secret internals /etc/passwd")

        def describe(self) -> dict:
            return {}

    holder = ListHolder(served=ServedList(un2024, Broken()))
    client = TestClient(create_app(ServiceSettings(), holder=holder),
                        raise_server_exceptions=False)
    response = client.get("/match", params={"name": "Kim"})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error; see the service log"}


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/match", "/screen", "/compare", "/entities/{reference_number}",
                 "/lists/current", "/healthz", "/match/{dataset}"):
        assert path in paths


def test_unknown_path_404(client: TestClient) -> None:
    assert client.get("/nothing-here").status_code == 404


# --------------------------------------------------------------------------- API key


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),  # missing
        ({"X-API-Key": "wrong"}, 401),
        ({"X-API-Key": KEY[:-1]}, 401),  # a prefix is not the key
        ({"Authorization": "Bearer wrong"}, 401),
        ({"X-API-Key": KEY}, 200),
        ({"Authorization": f"Bearer {KEY}"}, 200),
        ({"Authorization": f"ApiKey {KEY}"}, 200),  # what OpenSanctions / yente clients send
        ({"Authorization": "Basic dXNlcjpzM2NyZXQta2V5"}, 200),  # user:s3cret-key, a browser
    ],
)
def test_api_key_on_every_endpoint_but_healthz(holder: ListHolder, headers: dict,
                                               status: int) -> None:
    guarded = client_for(holder, api_key=KEY)
    assert guarded.get("/healthz").status_code == 200  # load balancers need no key
    for method, path, body in (("GET", "/match?name=Kim", None), ("GET", "/lists/current", None),
                               ("POST", "/compare", {"name1": "a b", "name2": "a b"}),
                               ("GET", "/entities/KPi.038", None), ("GET", "/", None),
                               ("GET", "/docs", None),
                               ("POST", "/match/default", {"queries": {}})):
        response = guarded.request(method, path, json=body, headers=headers)
        if status == 401:
            assert response.status_code == 401, path
            assert "API key" in one_line_detail(response)
            assert response.headers["www-authenticate"].startswith("Basic")
        else:
            assert response.status_code != 401, path
