"""The JSON endpoints: the CLI's answers over HTTP.

Contract (every answer carries ``list``: which list is in force and why, dateGenerated,
sha256, age and its basis, version, staleness and any notice, and ``matcher``: algorithm name, version, threshold and bands):

* ``GET /match?name=&kind=&dob=&nationality=&limit=&min_score=`` = ``match --json``, plus
  ``alert`` (a hit reaches the threshold);
* ``POST /screen`` = the ``{"meta", "rows"}`` of ``screen -o out.json`` for up to
  ``max_screen_records`` records (413 beyond), each row also carrying the record's ``id``
  and extra ``fields``; plus ``needs_review`` (hits counted for the exit code);
* ``POST /compare`` = ``compare A B --json`` (needs no list, as the command: ``list`` is
  null while none is loaded);
* ``GET /entities/{reference_number}`` = ``show REF --json`` (404 for an unknown one);
* ``GET /lists/current`` = ``lists info --json`` of the list being served;
* ``GET /healthz``: 200 when a list is served and not older than ``max_age_days``,
  else 503 (no API key needed).

While no list is available every other endpoint answers 503 with the reason.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from sanctions_check.errors import InputError
from sanctions_check.lists.records import entry_record, find_entry
from sanctions_check.matching.compare import compare_names
from sanctions_check.matching.documents import (
    compare_document,
    file_facts,
    match_document,
    version_facts,
)
from sanctions_check.matching.hits import Query as NameQuery
from sanctions_check.scoring.secondary import check_dob
from sanctions_check.screening.output import needs_review, screen_table
from sanctions_check.screening.run import screen
from sanctions_check.service.holder import ServedList
from sanctions_check.service.models import CompareRequest, Kind, ScreenRequest

router = APIRouter()


class JSONAnswer(JSONResponse):
    """UTF-8 JSON; NaN and infinity can never be written."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")


def served_list(request: Request) -> ServedList:
    """The list to answer from, or 503 saying why there is none."""
    served = request.app.state.holder.get()
    if served is None:
        problem = request.app.state.holder.problem or "no sanctions list is loaded"
        raise HTTPException(503, f"{problem}: run `sanctions-check lists update`")
    return served


def envelope(request: Request, served: ServedList, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with the list facts and matcher facts every answer carries."""
    doc["list"] = served.facts(request.app.state.settings.max_age_days)
    doc["matcher"] = served.matcher.describe()
    return doc


@router.get("/match", tags=["screening"], summary="Screen one name (= match --json)")
async def match(
    request: Request,
    name: Annotated[str, Query(description="The name to screen.")],
    kind: Annotated[Kind | None, Query(description="person or org")] = None,
    dob: Annotated[str | None, Query(description="1977, 1977-01-31, 31.01.1977, 7 July 1955...")] = None,
    nationality: Annotated[str | None, Query(description="name, demonym or ISO code")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    min_score: Annotated[float | None, Query(ge=0, le=100, allow_inf_nan=False)] = None,
) -> JSONAnswer:
    served = served_list(request)
    check_dob(dob, "dob")
    matcher = served.matcher
    hits = matcher.match(name, kind, dob, nationality, limit=limit, min_score=min_score)
    query = NameQuery(name, kind, dob, nationality)
    doc = match_document(query, matcher, served.sanctions_list, hits)
    doc["alert"] = any(h.score >= matcher.threshold for h in hits)
    return JSONAnswer(envelope(request, served, doc))


def _screen(served: ServedList, body: ScreenRequest, digest: str) -> dict[str, Any]:
    queries = [NameQuery(r.name, r.kind, r.dob, r.nationality, row=i)
               for i, r in enumerate(body.records, start=1)]
    result = screen(served.matcher, queries, min_score=body.min_score, limit=body.limit,
                    sanctions_list=served.sanctions_list, input_file="POST /screen",
                    input_sha256=digest)
    _columns, rows, meta = screen_table(result, include_clear=body.include_clear)
    for row in rows:
        record = body.records[row["input_row"] - 1]
        row["id"] = record.id
        row["fields"] = record.model_extra or {}
    return {"meta": meta, "rows": rows, "needs_review": needs_review(result, {})}


@router.post("/screen", tags=["screening"], summary="Screen a batch of records (= screen -o out.json)")
async def screen_records(request: Request, body: ScreenRequest) -> JSONAnswer:
    served = served_list(request)
    limit = request.app.state.settings.max_screen_records
    if len(body.records) > limit:
        raise HTTPException(413, f"{len(body.records)} records in one request; at most {limit}")
    digest = hashlib.sha256(await request.body()).hexdigest()
    doc = await run_in_threadpool(_screen, served, body, digest)
    return JSONAnswer(envelope(request, served, doc))


@router.post("/compare", tags=["screening"], summary="Score two names (= compare A B --json)")
async def compare(request: Request, body: CompareRequest) -> JSONAnswer:
    doc = compare_document(compare_names(body.name1, body.name2, body.kind))
    served = request.app.state.holder.get()
    if served is not None:
        return JSONAnswer(envelope(request, served, doc))
    from sanctions_check.matching.config import DEFAULT_CONFIG

    # like `compare`, this needs no list: list-independent word weights
    return JSONAnswer({**doc, "list": None, "matcher": DEFAULT_CONFIG.describe()})


@router.get("/entities/{reference_number:path}", tags=["list"],
            summary="An entry's full record (= show REF --json)")
async def entity(request: Request, reference_number: str) -> JSONAnswer:
    served = served_list(request)
    try:
        entry = find_entry(served.sanctions_list, reference_number)
    except InputError as exc:  # an unknown reference number
        raise HTTPException(404, str(exc)) from None
    return JSONAnswer(envelope(request, served, {"entry": entry_record(entry)}))


@router.get("/lists/current", tags=["list"], summary="The served list (= lists info --json)")
async def current_list(request: Request) -> JSONAnswer:
    served = served_list(request)
    store = request.app.state.holder.store
    if store is not None and served.version is not None:
        doc = version_facts(store, served.version, len(store.versions()))
    else:
        doc = file_facts(served.sanctions_list)
    return JSONAnswer(envelope(request, served, doc))


@router.get("/healthz", tags=["service"], summary="200 when a fresh list is served, else 503")
async def healthz(request: Request) -> JSONAnswer:
    served = request.app.state.holder.get()
    if served is None:
        problem = request.app.state.holder.problem or "no sanctions list is loaded"
        return JSONAnswer({"status": "no list", "detail": problem}, status_code=503)
    facts = served.facts(request.app.state.settings.max_age_days)
    if facts["stale"]:
        detail = (f"the list is {facts['age_days']} days old, more than "
                  f"{facts['max_age_days']:g}: run `sanctions-check lists update`")
        return JSONAnswer({"status": "stale", "detail": detail, "list": facts}, status_code=503)
    return JSONAnswer({"status": "ok", "list": facts})


__all__ = ["JSONAnswer", "envelope", "router", "served_list"]
