"""The yente-compatible ``POST /match/{dataset}``: yente's documented request bodies get
yente-shaped answers from the real 2024 list."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sanctions_check.service.app import create_app
from sanctions_check.service.holder import ListHolder
from sanctions_check.service.settings import ServiceSettings

# The example from the docstring of yente's POST /match/{dataset} (yente/routers/match.py).
YENTE_DOC_BODY = {
    "queries": {
        "entity1": {
            "schema": "Person",
            "properties": {
                "name": ["John Doe"],
                "birthDate": ["1975-04-21"],
                "nationality": ["us"],
            },
        },
        "entity2": {
            "schema": "Company",
            "properties": {
                "name": ["Brilliant Amazing Limited"],
                "jurisdiction": ["hk"],
                "registrationNumber": ["84BA99810"],
            },
        },
    }
}

# The query of OpenSanctions' matching API quickstart (name given as first and last name).
QUICKSTART_QUERY = {
    "schema": "Person",
    "properties": {"firstName": ["Aleksandr"], "lastName": ["Zacharov"], "birthDate": ["1965"]},
}


@pytest.fixture(scope="module")
def client(un2024_path: Path) -> TestClient:
    settings = ServiceSettings(max_age_days=100_000.0, max_yente_queries=3)
    return TestClient(create_app(settings, holder=ListHolder.for_file(un2024_path)))


def test_yente_documented_body_gets_yente_shaped_answer(client: TestClient) -> None:
    response = client.post("/match/default", json=YENTE_DOC_BODY)
    assert response.status_code == 200
    assert response.headers["x-batch-size"] == "2"
    doc = response.json()
    assert set(doc) >= {"responses", "matcher", "limit"} and doc["limit"] == 5
    assert set(doc["responses"]) == {"entity1", "entity2"}
    for key, answer in doc["responses"].items():
        assert answer["status"] == 200
        assert answer["total"] == {"value": len(answer["results"]), "relation": "eq"}
        assert answer["query"]["schema"] == YENTE_DOC_BODY["queries"][key]["schema"]
        assert answer["query"]["properties"] == YENTE_DOC_BODY["queries"][key]["properties"]
        assert answer["results"] == []  # neither invented name is on the UN list
    for feature in doc["matcher"].values():
        assert set(feature) == {"description", "coefficient", "url"}
    assert doc["list"]["sha256"] and doc["sanctions_check"]["algorithm"]


def test_yente_result_shape_for_a_listed_person(client: TestClient) -> None:
    body = {"queries": {"q1": {"schema": "Person", "properties": {
        "name": ["Jo Chun-ryong"], "birthDate": ["1960-04-04"], "nationality": ["kp"]}}}}
    doc = client.post("/match/un_sc_sanctions", json=body).json()
    result = doc["responses"]["q1"]["results"][0]
    assert result["id"] == "KPi.038" and result["caption"] == "CHO CHUN RYONG"
    assert result["schema"] == "Person" and result["datasets"] == ["un_sc_sanctions"]
    assert 0 <= result["score"] <= 1 and result["match"] is True
    assert "Jo Chun Ryong" in result["properties"]["alias"]
    assert result["properties"]["birthDate"] == ["1960-04-04"]
    explanations = result["explanations"]
    assert set(result["features"]) == set(explanations)
    assert explanations["dob"]["score"] > 0 and "agrees" in explanations["dob"]["detail"]
    assert explanations["name"]["candidate"] == "Jo Chun Ryong"


def test_yente_first_and_last_name_and_organisations(client: TestClient) -> None:
    doc = client.post("/match/default", json={"queries": {
        "q": QUICKSTART_QUERY,
        "org": {"schema": "Organization", "properties": {"name": "KOMID"}},  # a bare string
        "any": {"schema": "LegalEntity", "properties": {"name": ["Kim Jong Sik"]}},
    }}).json()
    assert doc["responses"]["q"]["status"] == 200
    org = doc["responses"]["org"]["results"][0]
    assert org["id"] == "KPe.001" and org["schema"] == "Organization"
    assert doc["responses"]["any"]["results"][0]["id"] == "KPi.066"


def test_yente_threshold_limit_and_exclusions(client: TestClient) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}
    # "Kim Jong Un" scores about 0.5 against KIM JONG SIK: below the default threshold
    assert client.post("/match/default", json=body).json()["responses"]["q"]["results"] == []
    doc = client.post("/match/default?threshold=0.4&limit=2&algorithm=logic-v1",
                      json=body).json()
    results = doc["responses"]["q"]["results"]
    assert doc["limit"] == 2 and len(results) == 2
    assert all(r["match"] and r["score"] >= 0.4 for r in results)
    assert doc["sanctions_check"]["algorithm_requested"] == "logic-v1"
    # a cutoff below the threshold returns candidates that do not match
    doc = client.post("/match/default?threshold=0.9&cutoff=0.4&limit=2", json=body).json()
    assert [r["match"] for r in doc["responses"]["q"]["results"]] == [False, False]
    first = results[0]["id"]
    doc = client.post(f"/match/default?threshold=0.4&limit=2&exclude_entity_ids={first}",
                      json=body).json()
    assert first not in [r["id"] for r in doc["responses"]["q"]["results"]]
    doc = client.post("/match/default?threshold=0.4&exclude_schema=Person", json=body).json()
    assert doc["responses"]["q"]["results"] == []


@pytest.mark.parametrize(
    ("path", "body", "status", "reason"),
    [
        ("/match/us_ofac_sdn", YENTE_DOC_BODY, 404, "unknown dataset"),  # one dataset only
        ("/match/default", {"queries": {}}, 422, "no queries"),
        ("/match/default", {"queries": {"v": {"schema": "Vessel",
                                              "properties": {"name": ["X"]}}}}, 422, "Vessel"),
        ("/match/default", {"queries": {"p": {"schema": "Person",
                                              "properties": {"birthDate": ["1960"]}}}}, 422,
         "no name"),
        ("/match/default", {"queries": {"p": {"schema": "Person", "properties": {
            "name": ["Kim"], "birthDate": ["last spring"]}}}}, 422, "birthDate"),
        ("/match/default?threshold=nan", YENTE_DOC_BODY, 422, "threshold"),
        ("/match/default?threshold=1.5", YENTE_DOC_BODY, 422, "threshold"),
        ("/match/default?limit=1000", YENTE_DOC_BODY, 422, "limit"),
        ("/match/default", {"queries": {f"q{i}": QUICKSTART_QUERY for i in range(4)}}, 413,
         "at most 3"),
    ],
)
def test_yente_errors(client: TestClient, path: str, body: dict, status: int,
                      reason: str) -> None:
    response = client.post(path, json=body)
    assert response.status_code == status
    assert reason in response.json()["detail"]


def test_yente_nan_weight_refused(client: TestClient) -> None:
    content = b'{"weights": {"name_literal": NaN}, "queries": {}}'
    response = client.post("/match/default", content=content,
                           headers={"content-type": "application/json"})
    assert response.status_code == 422 and "finite" in response.json()["detail"]
