"""The JSON documents the CLI prints and the service answers: match, compare, list facts.

Contract: pure functions from library objects to JSON-ready dicts (str / number / bool /
None / list / dict only), so ``match --json``, ``compare --json`` and ``lists info --json``
print exactly what the HTTP service (:mod:`sanctions_check.service`) returns for the same
question.  No I/O, no printing.

* :func:`hit_dict` one matcher hit with its evidence; :func:`match_document` the whole
  answer to one query (query, matcher facts, list version, hits).
* :func:`compare_document` the outcome of :func:`sanctions_check.compare.compare_names`.
* :func:`file_facts` a parsed list file; :func:`version_facts` a stored version with its
  age (what ``lists info --json`` prints).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sanctions_check.compare import Comparison
from sanctions_check.entries import SanctionsList
from sanctions_check.hits import Evidence, Hit, Query
from sanctions_check.listversions import ListVersions
from sanctions_check.manifest import VersionInfo


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
        "evidence": evidence_list(hit.evidence),
    }


def match_document(
    query: Query, matcher: Any, sanctions_list: SanctionsList, hits: Sequence[Hit]
) -> dict[str, Any]:
    """What ``match --json`` prints: the query, matcher facts, list version and hits."""
    return {
        "query": {
            "name": query.name,
            "kind": query.kind,
            "dob": query.dob,
            "nationality": query.nationality,
        },
        "matcher": matcher.describe(),
        "list": {
            "date_generated": sanctions_list.date_generated,
            "sha256": sanctions_list.sha256,
        },
        "hits": [hit_dict(h) for h in hits],
    }


def compare_document(result: Comparison) -> dict[str, Any]:
    """What ``compare A B --json`` prints: the pair row, ``match`` as a boolean, evidence."""
    doc = dict(result.row())
    doc["match"] = result.match
    doc["evidence"] = evidence_list(result.evidence)
    return doc


def file_facts(parsed: SanctionsList) -> dict[str, Any]:
    """Facts of a list read from a file (``lists info --json`` with ``--list FILE``)."""
    return {
        "source": parsed.source,
        "date_generated": parsed.date_generated,
        "sha256": parsed.sha256,
        "counts": {**parsed.counts(), "entries": len(parsed.entries)},
    }


def version_facts(store: ListVersions, v: VersionInfo, versions: int) -> dict[str, Any]:
    """Facts of a stored version and its age (``lists info --json``)."""
    now = store.now()
    generated = v.generated_at
    return {
        "version": v.id,
        "date_generated": v.date_generated,
        "generated_days_ago": round((now - generated).total_seconds() / 86400, 2)
        if generated else None,
        "confirmed_at": v.confirmed_at.isoformat(),
        "age_days": round(v.age(now).total_seconds() / 86400, 2),
        "retrieved_at": v.retrieved_at.isoformat(),
        "source_url": v.source_url,
        "counts": v.counts,
        "sha256": v.sha256,
        "path": str(v.path),
        "versions_stored": versions,
        "data_dir": str(store.data_dir),
    }
