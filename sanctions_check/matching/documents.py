"""The JSON documents the CLI prints and the service answers: match, compare, list facts.

Contract: pure functions from library objects to JSON-ready dicts (str / number / bool /
None / list / dict only), so ``match --json``, ``compare --json`` and ``lists info --json``
print exactly what the HTTP service (:mod:`sanctions_check.service`) returns for the same
question.  No I/O, no printing.

* :func:`hit_dict` one matcher hit with its evidence and the entry's dates of birth,
  nationalities and designations; :func:`match_document` the whole answer to one query
  (query, matcher facts, the list with its provenance facts, hits);
  :func:`reference_document` the answer to a query that is a reference number (the
  entry's full record, :func:`sanctions_check.lists.records.entry_record`).
* :func:`compare_document` the outcome of :func:`sanctions_check.matching.compare.compare_names`.
* :func:`file_facts` a parsed list file; :func:`version_facts` a stored version; both with
  :func:`provenance_facts` (which list is in force and why, ``dateGenerated``,
  ``confirmed_at``, age): what ``lists info --json`` prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sanctions_check.lists.entries import Entry, SanctionsList
from sanctions_check.lists.manifest import VersionInfo
from sanctions_check.lists.provenance import ListProvenance, days
from sanctions_check.lists.versions import ListVersions
from sanctions_check.matching.compare import Comparison
from sanctions_check.matching.hits import Evidence, Hit, Query


def evidence_list(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    """Evidence items as ``{"feature", "score", "detail"}`` dicts."""
    return [{"feature": e.feature, "score": e.score, "detail": e.detail} for e in evidence]


def hit_dict(hit: Hit) -> dict[str, Any]:
    """A hit as plain JSON-ready data."""
    return {
        "score": hit.score,
        "band": hit.band,
        "reference_number": hit.reference_number,
        "primary_name": hit.primary_name,
        "matched_name": hit.matched_name.text,
        "matched_name_type": hit.matched_name_type,
        "alias_quality": hit.alias_quality,
        "regime": hit.regime,
        "listed_on": hit.listed_on.isoformat() if hit.listed_on else None,
        "explanation": hit.explanation,
        "dob_match": hit.dob_match,
        "nationality_match": hit.nationality_match,
        "dates_of_birth": [str(d) for d in hit.entry.dates_of_birth],
        "nationalities": list(hit.entry.nationalities),
        "designations": list(hit.entry.titles + hit.entry.designations),
        "evidence": evidence_list(hit.evidence),
    }


def match_document(
    query: Query, matcher: Any, sanctions_list: SanctionsList, hits: Sequence[Hit]
) -> dict[str, Any]:
    """What ``match --json`` prints: the query, matcher facts, the list (its version and,
    when the loader set them, :func:`provenance_facts`: which list, how old, the snapshot
    notice) and hits."""
    return {
        "query": _query_dict(query),
        "matcher": matcher.describe(),
        "list": _list_dict(sanctions_list),
        "hits": [hit_dict(h) for h in hits],
    }


def reference_document(query: Query, sanctions_list: SanctionsList, entry: Entry) -> dict[str, Any]:
    """What ``match --json`` prints when the query is a reference number: the query,
    ``"reference_lookup": true``, the list facts and the entry's full record."""
    from sanctions_check.lists.records import entry_record

    return {
        "query": _query_dict(query),
        "reference_lookup": True,
        "list": _list_dict(sanctions_list),
        "entry": entry_record(entry),
        "hits": [],
    }


def _query_dict(query: Query) -> dict[str, Any]:
    return {
        "name": query.name,
        "kind": query.kind,
        "dob": query.dob,
        "nationality": query.nationality,
    }


def _list_dict(sanctions_list: SanctionsList) -> dict[str, Any]:
    listed: dict[str, Any] = {}
    if sanctions_list.provenance is not None:
        listed = provenance_facts(sanctions_list.provenance, dt.datetime.now(dt.UTC))
    return {
        **listed,
        "date_generated": sanctions_list.date_generated,
        "sha256": sanctions_list.sha256,
    }


def compare_document(result: Comparison) -> dict[str, Any]:
    """What ``compare A B --json`` prints: the pair row, ``match`` as a boolean, evidence."""
    doc = dict(result.row())
    doc["match"] = result.match
    doc["evidence"] = evidence_list(result.evidence)
    return doc


def provenance_facts(p: ListProvenance, now: dt.datetime) -> dict[str, Any]:
    """Which list is in force and why, its two dates and its age (``lists info --json``)."""
    generated = p.generated_at
    return {
        "in_force": p.origin.value,
        "in_force_because": p.reason,
        "date_generated": p.date_generated,
        "generated_days_ago": days(now - generated) if generated else None,
        "confirmed_at": p.confirmed_at.isoformat() if p.confirmed_at else None,
        "age_days": days(p.age(now)),
        "age_basis": p.age_basis(),
        "notice": p.notice(now),
    }


def file_facts(parsed: SanctionsList, now: dt.datetime | None = None) -> dict[str, Any]:
    """Facts of a list read from a file (``lists info --json`` with ``--list FILE``, or the
    bundled snapshot), with its provenance facts when a loader set them."""
    facts: dict[str, Any] = {}
    if parsed.provenance is not None:
        facts = provenance_facts(parsed.provenance, now or dt.datetime.now(dt.UTC))
    return {
        **facts,
        "source": parsed.source,
        "date_generated": parsed.date_generated,
        "sha256": parsed.sha256,
        "counts": {**parsed.counts(), "entries": len(parsed.entries)},
    }


def version_facts(store: ListVersions, v: VersionInfo, versions: int) -> dict[str, Any]:
    """Facts of a stored version, its confirmation and its age (``lists info --json``)."""
    return {
        "version": v.id,
        **provenance_facts(ListProvenance.of_version(v, store.lists_dir, store.now()),
                           store.now()),
        "retrieved_at": v.retrieved_at.isoformat(),
        "source_url": v.source_url,
        "counts": v.counts,
        "sha256": v.sha256,
        "path": str(v.path),
        "versions_stored": versions,
        "data_dir": str(store.data_dir),
    }
