"""Typos that a date of birth vouches for: a listed person born on the query's exact date,
of the query's nationality, is scored again with one letter of a short syllable forgiven.

Contract: :func:`add_same_birth` takes a matcher (a
:class:`~sanctions_check.matching.scorer.FormScorer` with its entries and name forms), a
:class:`~sanctions_check.matching.hits.Query` and the entries' best forms so far (``best``,
as ``Matcher.match_query`` collects them), and raises the name score of every person entry
whose recorded full date of birth equals the query's and whose nationality agrees, when
its names score higher with the scoring weights' ``birth_typo_sim`` for a short word one
letter away from another short word that is a Korean syllable too ("kon" / "yon": CHO YON
CHUN, KPi.041, queried as "Cho Kon Chun" with his date of birth and nationality).  Without
that agreement one letter of a syllable makes another name ("son" is not "song"), so the
rule is never used on the name alone.

The entries are found by their date, not by the index (whose bounds know only the usual
similarities), so nothing is missed: a query names at most a few people born that day.
The date and nationality add their usual points afterwards (:mod:`~sanctions_check.matching.ranking`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import weakref
from typing import TYPE_CHECKING

from sanctions_check.lists.entries import PERSON
from sanctions_check.matching.ranking import Best
from sanctions_check.names.countries import country_code
from sanctions_check.scoring.birthdates import read_dob
from sanctions_check.scoring.namescore import score_parts
from sanctions_check.scoring.weights import ScoringWeights

if TYPE_CHECKING:
    from sanctions_check.matching.hits import Query
    from sanctions_check.matching.scorer import FormScorer

# per matcher: full date of birth -> [(entry index, its person form ids)]
_BIRTHS: weakref.WeakKeyDictionary[object, dict[dt.date, list[tuple[int, list[int]]]]] = (
    weakref.WeakKeyDictionary()
)


def _births(scorer: FormScorer) -> dict[dt.date, list[tuple[int, list[int]]]]:
    got = _BIRTHS.get(scorer)
    if got is None:
        per_entry: dict[int, list[int]] = {}
        for fid in scorer._kind_forms.get(PERSON, ()):
            form = scorer.forms[fid]
            if form.source != "pool":
                per_entry.setdefault(form.entry_index, []).append(fid)
        got = {}
        for ei, fids in per_entry.items():
            for date in {d.date for d in scorer.entries[ei].dates_of_birth if d.date}:
                got.setdefault(date, []).append((ei, fids))
        _BIRTHS[scorer] = got
    return got


@functools.lru_cache(maxsize=8)
def lenient(scoring: ScoringWeights) -> ScoringWeights:
    """``scoring`` with a short syllable's one-letter typo forgiven (``birth_typo_sim``)."""
    return dataclasses.replace(scoring, syllable_typo_sim=scoring.birth_typo_sim)


def add_same_birth(scorer: FormScorer, query: Query, best: dict[int, Best], floor: float) -> None:
    """Raise ``best`` for the persons born on the query's full date of birth, of its
    nationality, whose names score ``floor`` or more with a syllable typo forgiven (see the
    module docstring)."""
    reading = read_dob(query.dob, query.date_order) if query.dob else None
    code = country_code(query.nationality) if query.nationality else None
    if reading is None or reading.date is None or code is None:
        return
    found = _births(scorer).get(reading.date)
    if not found:
        return
    qt, qw, _places = scorer.query_terms(query.name, PERSON)
    if not qt:
        return
    scoring = lenient(scorer.scoring)
    for ei, fids in found:
        entry = scorer.entries[ei]
        if code not in {country_code(n) for n in entry.nationalities}:
            continue
        cur = best.get(ei)
        for fid in fids:
            form = scorer.forms[fid]
            parts = score_parts(qt, form.tokens, qw, form.weights, PERSON, True, -1, -1,
                                scoring=scoring)
            if parts.score >= floor and (cur is None or parts.score > cur.score):
                cur = best[ei] = Best(parts.score, form, None, parts=(qt, parts))
