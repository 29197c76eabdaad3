"""yente-compatible matching: ``POST /match/{dataset}`` with yente's body and answer shape.

Contract (what is covered of yente's ``/match`` API; the README repeats it):

* datasets: :data:`DATASETS` (``default``, ``sanctions``, ``un_sc_sanctions``); others 404.
* body: ``{"queries": {KEY: {"schema", "properties", "id"?}}, "weights"?, "config"?}``;
  schemas Person, Organization, Company and LegalEntity (others: 422); properties used:
  ``name``, ``alias``, ``weakAlias``, ``previousName`` (each name is matched, an entry's
  best score counts), or ``firstName`` / ``middleName`` / ``fatherName`` / ``lastName``
  joined into a name; the first ``birthDate``; the first of ``nationality``,
  ``citizenship``, ``country``, ``jurisdiction``.  Other properties, ``weights`` and
  ``config`` are accepted and ignored.  More than ``max_yente_queries`` queries: 413.
* query parameters: ``limit`` (default 5, at most 100), ``threshold`` (0-1; ``match`` is
  ``score >= threshold``; default this matcher's alert threshold / 100), ``cutoff``
  (results below it are left out; default ``threshold``), ``exclude_schema`` and
  ``exclude_entity_ids`` are honoured; ``algorithm`` is accepted and ignored (there is
  one algorithm, named in ``matcher`` and ``sanctions_check``); ``include_dataset``,
  ``exclude_dataset``, ``topics``, ``changed_since`` are ignored (one dataset).
* answer: ``{"responses": {KEY: {"status": 200, "results": [...], "total": {"value",
  "relation": "eq"}, "query": {...}}}, "matcher": {feature: {"description",
  "coefficient", "url"}}, "limit"}`` plus ``list`` and ``sanctions_check`` (algorithm
  facts).  Each result: ``id`` (the UN reference number), ``caption``, ``schema``,
  ``properties`` (FollowTheMoney names), ``datasets``, ``referents``, ``target``,
  ``first_seen`` / ``last_change``, ``score`` (0-1, this matcher's score / 100),
  ``match``, ``features`` and ``explanations`` (each evidence item: ``score`` / 100 and
  its ``detail``; name similarity 0-1, date of birth and nationality as signed
  adjustments).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from sanctions_check.lists.entries import ORG, PERSON, Entry
from sanctions_check.lists.records import entry_record
from sanctions_check.matching.hits import Hit
from sanctions_check.scoring.secondary import check_dob
from sanctions_check.service.api import JSONAnswer, served_list
from sanctions_check.service.holder import ServedList
from sanctions_check.service.models import EntityExample, EntityMatchQuery

router = APIRouter()

DATASETS = ("default", "sanctions", "un_sc_sanctions")
DATASET_NAME = "un_sc_sanctions"  # OpenSanctions' name for the UN Security Council list
SCHEMAS = {"Person": PERSON, "Organization": ORG, "Company": ORG, "LegalEntity": None}
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
PART_PROPS = ("firstName", "middleName", "fatherName", "lastName")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction")
FEATURES = {
    "name": "Similarity of the best-matching list name (primary, alias, original script).",
    "tokens": "The word-by-word alignment of query and list name.",
    "coverage": "Share of the query and of the list name matched, weighted by information.",
    "acronym": "An organisation matched by its acronym.",
    "dob": "Date or year of birth: agreement adds, conflict subtracts.",
    "nationality": "Nationality or country: agreement adds, conflict subtracts.",
}


def query_names(example: EntityExample) -> list[str]:
    names = example.values(*NAME_PROPS)
    parts = [" ".join(example.values(p)) for p in PART_PROPS]
    joined = " ".join(p for p in parts if p)
    if joined and joined not in names:
        names.append(joined)
    return names


def entity_properties(entry: Entry) -> dict[str, list[str]]:
    """The entry as FollowTheMoney-style properties (empty ones left out)."""
    rec = entry_record(entry)
    props = {
        "name": [rec["primary_name"]],
        "alias": [a["name"] for a in rec["aliases"]],
        "nationality": rec["nationalities"],
        "birthDate": [d["text"] for d in rec["dates_of_birth"]],
        "birthPlace": [p["text"] for p in rec["places_of_birth"]],
        "address": [p["text"] for p in rec["addresses"]],
        "idNumber": [d["text"] for d in rec["documents"]],
        "position": rec["designations"],
        "title": rec["titles"],
        "gender": [rec["gender"]] if rec["gender"] else [],
        "program": [rec["regime"]] if rec["regime"] else [],
        "notes": [rec["comments"]] if rec["comments"] else [],
        "topics": ["sanction"],
    }
    if rec["original_script"]:
        props["alias"].append(rec["original_script"])
    return {k: v for k, v in props.items() if v}


def result(hit: Hit, threshold: float) -> dict[str, Any]:
    """One yente result for a hit."""
    score = round(hit.score / 100, 4)
    explanations: dict[str, dict[str, Any]] = {}
    for ev in hit.evidence:
        key = ev.feature if ev.feature not in explanations else f"{ev.feature}_{len(explanations)}"
        explanations[key] = {"score": round(ev.score / 100, 4), "detail": ev.detail,
                             "query": hit.query, "candidate": hit.matched_name.text}
    entry = hit.entry
    listed = entry.listed_on.isoformat() if entry.listed_on else None
    changed = max(entry.last_updated).isoformat() if entry.last_updated else listed
    return {
        "id": entry.reference_number,
        "caption": entry.primary_name,
        "schema": "Person" if entry.kind == PERSON else "Organization",
        "properties": entity_properties(entry),
        "datasets": [DATASET_NAME],
        "referents": [],
        "target": True,
        "first_seen": listed,
        "last_seen": None,
        "last_change": changed,
        "score": score,
        "match": score >= threshold,
        "features": {k: v["score"] for k, v in explanations.items()},
        "explanations": explanations,
        "token": None,
    }


def _match_one(served: ServedList, example: EntityExample, limit: int, threshold: float,
               cutoff: float, exclude_schema: list[str], exclude_ids: set[str]) -> dict[str, Any]:
    kind = SCHEMAS[example.schema_]
    names = query_names(example)
    dobs = example.values("birthDate")
    countries = example.values(*COUNTRY_PROPS)
    dob = dobs[0] if dobs else None
    check_dob(dob, "birthDate")
    best: dict[str, Hit] = {}
    for name in names:
        for hit in served.matcher.match(name, kind, dob, countries[0] if countries else None,
                                        limit=limit + len(exclude_ids), min_score=cutoff * 100):
            if hit.reference_number not in best or hit.score > best[hit.reference_number].score:
                best[hit.reference_number] = hit
    hits = sorted(best.values(), key=lambda h: (-h.score, h.reference_number))
    results = [result(h, threshold) for h in hits if h.reference_number not in exclude_ids]
    results = [r for r in results if r["schema"] not in exclude_schema][:limit]
    echo = {"id": example.id, "schema": example.schema_,
            "properties": {k: [v] if isinstance(v, str) else v
                           for k, v in example.properties.items()}}
    return {"status": 200, "results": results,
            "total": {"value": len(results), "relation": "eq"}, "query": echo}


def _check(body: EntityMatchQuery, max_queries: int) -> None:
    if not body.queries:
        raise HTTPException(422, "queries: no queries provided")
    if len(body.queries) > max_queries:
        raise HTTPException(413, f"{len(body.queries)} queries in one batch; at most {max_queries}")
    for key, example in body.queries.items():
        if example.schema_ not in SCHEMAS:
            raise HTTPException(422, f"queries.{key[:40]}.schema: {example.schema_[:40]!r} is "
                                     f"not supported (use {', '.join(SCHEMAS)})")
        if not query_names(example):
            raise HTTPException(422, f"queries.{key[:40]}.properties: no name (name, alias, "
                                     "firstName/lastName...)")


@router.post("/match/{dataset}", tags=["yente"], summary="yente-compatible query-by-example")
async def yente_match(
    request: Request,
    response: Response,
    dataset: str,
    body: EntityMatchQuery,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
    threshold: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False)] = None,
    cutoff: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False)] = None,
    algorithm: Annotated[str | None, Query(description="Accepted and ignored.")] = None,
    exclude_schema: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies it
    exclude_entity_ids: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006
) -> JSONAnswer:
    if dataset not in DATASETS:
        raise HTTPException(404, f"unknown dataset {dataset[:40]!r} (use {', '.join(DATASETS)})")
    served = served_list(request)
    settings = request.app.state.settings
    _check(body, settings.max_yente_queries)
    thr = threshold if threshold is not None else served.matcher.threshold / 100
    low = min(cutoff if cutoff is not None else thr, thr)

    def work() -> dict[str, Any]:
        return {key: _match_one(served, ex, limit, thr, low, exclude_schema,
                                set(exclude_entity_ids))
                for key, ex in body.queries.items()}

    responses = await run_in_threadpool(work)
    matcher = {name: {"description": text, "coefficient": 1.0, "url": None}
               for name, text in FEATURES.items()}
    doc = {"responses": responses, "matcher": matcher, "limit": limit,
           "list": served.facts(settings.max_age_days),
           "sanctions_check": {**served.matcher.describe(), "algorithm_requested": algorithm}}
    return JSONAnswer(doc, headers={"x-batch-size": str(len(responses))})
