"""Ranking: each entry's best-scoring name form, what the search may skip, the hit it makes.

Contract: while :class:`sanctions_check.matching.matcher.Matcher` scores the candidate forms of a
query it keeps one :class:`Best` per entry, replaced when :func:`replaces` says so (a higher
score; on a tie the list name written most like the query, else the earlier candidate, so the
choice does not depend on the order forms are scored in).  :class:`Prune` says which
candidates can no longer change the result (only the ``limit`` best entries are returned;
below the alert score only the best one).  :func:`make_hit` turns an entry's best into the
reported :class:`~sanctions_check.matching.hits.Hit` with its evidence and explanation, and
:func:`requery` gives a hit to another query that normalises alike (batch de-duplication).
"""

from __future__ import annotations

import dataclasses
import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from sanctions_check.lists.entries import KNOWN_AS, PERSON, Entry, Name
from sanctions_check.matching.forms import NameForm
from sanctions_check.matching.hits import Evidence, Hit, Query
from sanctions_check.scoring.namescore import NameScore, ScoreParts, explain
from sanctions_check.scoring.secondary import (
    CONFLICTS,
    agreement,
    dob_evidence,
    nationality_evidence,
)
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights


@dataclass
class Best:
    """An entry's best-scoring form so far (``parts`` / ``detail``: what explains its score;
    ``acronym``: the acronym it was found by)."""

    score: float
    form: NameForm
    detail: NameScore | None
    acronym: str | None = None
    known: str | None = None  # a curated name matched as written, title included
    parts: tuple[tuple[str, ...], ScoreParts] | None = None  # query tokens and score, to explain
    rank: int = 0  # position of the form among the candidates (ties go to the earlier)


@dataclass
class Prune:
    """What the scores found so far rule out (see ``matcher.Matcher._match_kind``).

    ``keep``: only the ``keep`` best entries are returned (0: all), so a candidate that cannot
    reach ``kth`` (the ``keep``-th best entry score so far, which only grows) cannot matter;
    ``alert``: below this score only the best score matters (``top``, the best so far).
    """

    keep: int = 0
    alert: float | None = None
    kth: float = -math.inf
    top: float = -math.inf

    def needless(self, reach: float) -> bool:
        """Whether a candidate scoring at most ``reach`` can change the result."""
        if reach < self.kth:
            return True
        return self.alert is not None and reach < self.alert and reach <= self.top

    def scored(self, best: dict[int, Best], score: float) -> None:
        """Record that an entry's best score became ``score``."""
        self.top = max(self.top, score)
        if self.keep and len(best) >= self.keep and score > self.kth:
            self.kth = heapq.nlargest(self.keep, (b.score for b in best.values()))[-1]


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def written_like(query: str, name: Name) -> float:
    """How alike two names are as written (case and apostrophe variants aside)."""
    a = query.casefold().translate(_APOSTROPHES)
    return fuzz.ratio(a, name.text.casefold().translate(_APOSTROPHES))


def replaces(query: str, score: float, form: NameForm, rank: int, cur: Best) -> bool:
    """Whether a scored form beats an entry's best so far.  On a score tie, show the reviewer
    the list name written most like the query, else the earlier candidate: the same choice
    whatever order the candidates are scored in."""
    if score != cur.score:
        return score > cur.score
    mine, theirs = written_like(query, form.name), written_like(query, cur.form.name)
    return mine > theirs or (mine == theirs and rank < cur.rank)


def alignment_evidence(ns: NameScore, how: str, sides: tuple[str, str]) -> list[Evidence]:
    """The "tokens" and "coverage" evidence of an alignment: ``how`` the words matched, and
    the weighted shares of the two names (``sides``: what to call them) matched."""
    return [
        Evidence("tokens", round(ns.query_coverage * 100, 1), how),
        Evidence(
            "coverage",
            round(ns.list_coverage * 100, 1),
            f"{ns.query_coverage:.0%} of {sides[0]} and {ns.list_coverage:.0%} of {sides[1]} "
            "matched (weighted by how informative each word is)",
        ),
    ]


Explained = dict[int, tuple[NameScore, str, list[Evidence]]]


def make_hit(
    query: Query,
    entry: Entry,
    b: Best,
    band: Callable[[float], str],
    explained: Explained | None = None,
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> Hit:
    """The hit an entry's best form makes for ``query``: the name shown, the evidence
    (name, then tokens and coverage or acronym, then date of birth and nationality, which
    move the score by the amounts of ``scoring``; a conflicting date caps it at
    ``scoring.conflict_cap``) and the explanation; ``band`` names the band of a score.

    ``explained``: the explanations made so far for the same query, by the identity of the
    score parts (entries sharing a name share one score, see ``Matcher._match_kind``, and
    so one explanation); the caller keeps the parts alive while it uses the dict."""
    form = b.form
    if form.same_as:  # same tokens: show the name written most like the query
        written = max((form.name, *form.same_as), key=lambda n: written_like(query.name, n))
        form = dataclasses.replace(form, name=written)
    part_of = form.name.note if (form.name.note or "").startswith("one of the names") else None
    label = form.name.label + (" bracketed part" if form.source == "bracketed" and not part_of
                               else "")
    if form.source == "pool":
        label = "words from several names of"
    if form.name.name_type == KNOWN_AS:  # curated: say where the name comes from
        part_of = form.name.note
    evidence = [Evidence("name", round(b.score, 2), f"{label} {form.name.text!r}"
                         + (f" ({_short(part_of)})" if part_of else ""))]
    aligned = _alignment(b, form.tokens, explained)
    if aligned is not None:
        how, shared = aligned
        evidence += shared
    elif b.known is not None:
        evidence.append(Evidence("known_as", b.score, f"{b.known!r}, as written (title included), "
                                 "is a curated name of the entry"))
        how = f"the curated name {b.known!r}, as written"
    else:
        evidence.append(
            Evidence("acronym", b.score, f"{b.acronym!r} is an acronym of the name")
        )
        how = f"acronym {b.acronym!r}"
    score = b.score
    extras = []
    dob = (dob_evidence(query.dob, entry.dates_of_birth, query.date_order, scoring)
           if entry.kind == PERSON else None)
    if query.dob and entry.kind != PERSON:
        dob = (0.0, "date of birth given: an organisation has none")
    nat = nationality_evidence(query.nationality, entry.nationalities, scoring)
    for feature, ev in (("dob", dob), ("nationality", nat)):
        if ev is not None:
            adj, detail = ev
            score += adj
            evidence.append(Evidence(feature, adj, detail))
            extras.append(detail)
    if dob is not None and agreement(dob[0]) == CONFLICTS:
        score = min(score, scoring.conflict_cap)  # a conflicting date of birth: never "strong"
    score = round(max(0.0, min(100.0, score)), 2)
    explanation = f"{label} {form.name.text!r}: {how}"
    if form.name.name_type == KNOWN_AS:
        explanation = f"{label} {form.name.text!r} ({form.name.note}): {how}"
    if extras:
        explanation += "; " + "; ".join(extras)
    return Hit(
        query=query.name,
        score=score,
        band=band(score),
        entry=entry,
        matched_name=form.name,
        explanation=explanation,
        evidence=tuple(evidence),
        dob_match=None if dob is None else agreement(dob[0]),
        nationality_match=None if nat is None else agreement(nat[0]),
    )


def _short(text: str, size: int = 90) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _alignment(
    b: Best, tokens: tuple[str, ...], explained: Explained | None
) -> tuple[str, list[Evidence]] | None:
    """How the words of ``b``'s form (``tokens``) matched, and the evidence of it (explained
    once per score parts); None for an acronym hit."""
    key = id(b.parts)
    if explained is not None and b.parts is not None and key in explained:
        b.detail, how, shared = explained[key]
        return how, shared
    if b.detail is None and b.parts is not None:
        b.detail = explain(b.parts[0], tokens, b.parts[1])
    if b.detail is None:
        return None
    how = b.detail.describe()
    shared = alignment_evidence(b.detail, how, ("the query", "the list name"))
    if explained is not None and b.parts is not None:
        explained[key] = (b.detail, how, shared)
    return how, shared


def requery(hit: Hit, name: str) -> Hit:
    """The same hit for another query text (one that normalises alike)."""
    return dataclasses.replace(hit, query=name)


__all__ = ["Best", "Explained", "Prune", "make_hit", "replaces", "requery", "written_like"]
