"""Compare two names with the matcher's scorer: an analyst's "are these the same name?".

Contract: :func:`compare_names` scores name A against name B through the matcher
(:meth:`sanctions_check.matching.scorer.FormScorer.score_pair`: the steps that score a query
against a list name, acronyms included), in both directions, and keeps the better one, so
the score is symmetric.  Without a matcher, :func:`pair_matcher` is used: a matcher over no
entries, whose token weights are list-independent (particles and legal forms weak, every
other word informative), with the default configuration; a matcher given brings its list
IDF weights, scoring weights, threshold and bands.  ``match`` is ``score >= threshold``.
:func:`compare_pairs` does it for many rows; :func:`read_pairs` reads a ``name1,name2[,kind]``
CSV file (header optional) and rejects broken files with one clear line.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError, UnusableNameError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.files.reading import read_user_file
from sanctions_check.lists.entries import KINDS, ORG, PERSON
from sanctions_check.matching.config import DEFAULT_CONFIG, Band, MatchConfig
from sanctions_check.matching.hits import Evidence
from sanctions_check.matching.knownas import KnownNames
from sanctions_check.matching.matcher import Matcher
from sanctions_check.matching.ranking import alignment_evidence
from sanctions_check.names.normalise import unusable_reason
from sanctions_check.scoring.namescore import NameScore

log = lazy_logger(__name__)

PAIR_COLUMNS = ("name1", "name2", "kind", "score", "band", "match", "explanation")
MAX_PAIRS_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two names."""

    name1: str
    name2: str
    kind: str | None
    score: float
    band: Band | str  # a Band, or "unusable" (compare_pairs)
    match: bool
    explanation: str
    evidence: tuple[Evidence, ...] = ()

    def row(self) -> dict[str, Any]:
        return {
            "name1": self.name1,
            "name2": self.name2,
            "kind": self.kind or "",
            "score": self.score,
            "band": self.band,
            "match": "true" if self.match else "false",
            "explanation": self.explanation,
        }


@functools.lru_cache(maxsize=8)
def pair_matcher(config: MatchConfig = DEFAULT_CONFIG) -> Matcher:
    """The matcher :func:`compare_names` uses when given none: over no entries (token
    weights independent of any list) and no curated names, with ``config``."""
    return Matcher.from_list((), known_as=KnownNames(), config=config)


def compare_names(
    a: str, b: str, kind: str | None = None, matcher: Matcher | None = None
) -> Comparison:
    """Score two names against each other (0-100) and explain the score.

    Raises :class:`UnusableNameError` when either name cannot be screened.
    """
    if kind not in (None, *KINDS):
        raise InputError(f"unknown kind {kind!r} (use person or org)")
    for label, text in (("first", a), ("second", b)):
        reason = unusable_reason(text, kind)
        if reason is not None:
            raise UnusableNameError(f"{label} name unusable: {reason}")
    matcher = matcher if matcher is not None else pair_matcher()
    config = matcher.config
    best: tuple[float, str, str, NameScore | None] = (0.0, PERSON, "", None)
    for k in (kind,) if kind else (PERSON, ORG):
        ways = [matcher.score_pair(a, b, k), matcher.score_pair(b, a, k)]
        for way, direction in zip(ways, ("A as query", "B as query"), strict=True):
            if way.name.score > best[0]:
                best = (way.name.score, k, direction, way.name)
        # (acronyms after the name scores of both directions: a tie keeps the name score)
        for way in ways:
            if way.acronym is not None and way.acronym[0] > best[0]:
                best = (way.acronym[0], k, way.acronym[1], None)
    score, used_kind, how, ns = best
    score = round(score, 2)
    evidence = [Evidence("name", score, f"compared as {used_kind} ({how})")]
    if ns is not None:
        detail = ns.describe()
        evidence += alignment_evidence(ns, detail, ("one name", "the other"))
        explanation = detail or "no word in common"
    elif score:
        explanation = how
    else:
        explanation = "no word in common"
    return Comparison(
        name1=a,
        name2=b,
        kind=kind,
        score=score,
        band=config.band(score),
        match=score >= config.threshold,
        explanation=explanation,
        evidence=tuple(evidence),
    )


def compare_pairs(
    rows: Iterable[Mapping[str, Any] | Sequence[Any]], matcher: Matcher | None = None
) -> list[Comparison]:
    """Compare many pairs (mappings with name1/name2[/kind] or 2-3 item sequences).

    A row with an unusable name or kind gets score 0, band ``unusable`` and the reason.
    """
    out = []
    for row in rows:
        if isinstance(row, Mapping):
            a, b, kind = row.get("name1", ""), row.get("name2", ""), row.get("kind") or None
        else:
            a, b = row[0], row[1]
            kind = (row[2] if len(row) > 2 else None) or None
        a, b = str(a or ""), str(b or "")
        kind = kind.strip().lower() if isinstance(kind, str) and kind.strip() else None
        try:
            out.append(compare_names(a, b, kind, matcher))
        except InputError as exc:
            out.append(Comparison(a, b, kind, 0.0, "unusable", False, str(exc)))
    return out


def read_pairs(path: str | Path, encoding: str | None = None) -> list[dict[str, str]]:
    """Read a pairs CSV (``name1,name2[,kind]``; header optional) -> row dicts.

    The encoding is decided as for names to screen (:mod:`sanctions_check.files.decoding`), or
    forced with ``encoding``; a weak guess is logged as a warning."""
    from sanctions_check.files.csvrecords import check_record, csv_records, sniff_delimiter
    from sanctions_check.files.decoding import decode_text

    path = Path(path)
    data = read_user_file(path, max_bytes=MAX_PAIRS_BYTES)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: binary data, not a CSV file of name pairs")
    decoded = decode_text(data, path, encoding)
    if decoded.warning:
        log.warning("%s", decoded.warning)
    text = decoded.text.lstrip("\ufeff")
    delimiter = sniff_delimiter(text, path) if text.strip() else ","
    records = list(csv_records(io.StringIO(text, newline=""), delimiter, path))
    if not records:
        raise InputError(f"{path}: the file is empty")
    width = len(records[0].cells)
    header = [c.strip().lower() for c in records[0].cells]
    if "name1" in header and "name2" in header:
        i1, i2 = header.index("name1"), header.index("name2")
        ik = header.index("kind") if "kind" in header else None
        records = records[1:]
    else:
        if len(records[0].cells) < 2:
            raise InputError(f"{path}: needs two columns name1,name2 (and optionally kind)")
        i1, i2, ik = 0, 1, 2 if len(records[0].cells) > 2 else None
    rows = []
    for record in records:
        check_record(record, (i1, i2), width, path)

        def cell(i: int | None, cells: list[str] = record.cells) -> str:
            return cells[i].strip() if i is not None and i < len(cells) else ""

        rows.append({"name1": cell(i1), "name2": cell(i2), "kind": cell(ik)})
    return rows
