"""Typos that a date of birth vouches for: a listed person born when the query says, of the
query's nationality, is scored again with one letter of any word forgiven.

Contract: :func:`add_same_birth` takes a matcher (a
:class:`~sanctions_check.matching.scorer.FormScorer` with its entries and name forms), a
:class:`~sanctions_check.matching.hits.Query` and the entries' best forms so far (``best``,
as ``Matcher.match_query`` collects them), and raises the name score of every person entry
whose recorded date of birth agrees with the query's as precisely as the list records it
(the same full date; the year, for an entry the list gives only years for) and whose
nationality agrees, when its names score higher with the scoring weights'
``birth_typo_sim`` for a word one letter replaced, dropped, added or swapped with its
neighbour away from a list word ("kon" / "yon": CHO YON CHUN, KPi.041, queried as "Cho Kon
Chun" with his date of birth and nationality, 1.6; "Ami Khan Muttaqi" with 1968 and Afghan
~ AMIR KHAN MUTTAQI, TAi.026, 1.17), also inside a compound ("Agdul Qadir" ~ Abdul Qadir,
TAi.128: a joined unit may then differ in its first letters).  The date and nationality are
evidence too: a name needs ``birth_min_evidence`` of matched weight rather than
``min_evidence`` ("Hajji Abdallah", QDi.426's alias, is the one common name Abdallah once
the title is read; "Hassan", QDi.319's), and a name that needed that is at most "possible".
Since 1.19 the query is also read with the rules of
:mod:`sanctions_check.names.vouchedforms` (a title written with a typo, split or joined to
the name, "Mulolah Naimullah", "MullahNaeem Barech"; an "Abd" head with a typo, "Abhd
Al-Hadi"; a word split by a space into a word of the entry's names, "Abd al-Ra hman", or two
words run together, "EddineFarraj"), and each entry is scored with the better reading.
Without that agreement one letter makes another name ("son" is not "song"), so the rule is
never used on the name alone.

The entries are found by their year of birth, not by the index (whose bounds know only the
usual similarities), so nothing is missed: a query names at most a few dozen people born
that year.  The date and nationality add their usual points afterwards
(:mod:`~sanctions_check.matching.ranking`).
"""

from __future__ import annotations

import dataclasses
import functools
import weakref
from typing import TYPE_CHECKING

from sanctions_check.lists.entries import PERSON
from sanctions_check.matching.ranking import Best
from sanctions_check.names.boundforms import bound_forms
from sanctions_check.names.countries import country_code
from sanctions_check.names.lexicon import bound_rest, canonical_token
from sanctions_check.names.normalise import reread_person
from sanctions_check.names.vouchedforms import vouched_segments
from sanctions_check.scoring.birthdates import read_dob
from sanctions_check.scoring.namescore import score_parts
from sanctions_check.scoring.secondary import dob_evidence
from sanctions_check.scoring.weights import ScoringWeights

if TYPE_CHECKING:
    from sanctions_check.matching.hits import Query
    from sanctions_check.matching.scorer import FormScorer

# per matcher: year of birth -> [(entry index, its person form ids)] of the persons whose
# recorded dates of birth allow that year
_BIRTHS: weakref.WeakKeyDictionary[object, dict[int, list[tuple[int, list[int]]]]] = (
    weakref.WeakKeyDictionary()
)


def _births(scorer: FormScorer) -> dict[int, list[tuple[int, list[int]]]]:
    got = _BIRTHS.get(scorer)
    if got is None:
        per_entry: dict[int, list[int]] = {}
        for fid in scorer._kind_forms.get(PERSON, ()):
            form = scorer.forms[fid]
            if form.source != "pool":
                per_entry.setdefault(form.entry_index, []).append(fid)
        got = {}
        for ei, fids in per_entry.items():
            years: set[int] = set()
            for d in scorer.entries[ei].dates_of_birth:
                span = d.year_range()
                if span is not None:
                    slack = 1 if d.type_of_date == "APPROXIMATELY" else 0
                    years.update(range(span[0] - slack, span[1] + slack + 1))
            for year in years:
                got.setdefault(year, []).append((ei, fids))
        _BIRTHS[scorer] = got
    return got


def _full_dates(entry) -> bool:
    return any(d.date is not None for d in entry.dates_of_birth)


_VOUCHED = "too little of the name to be evidence alone; with the date of birth and nationality: at most possible"


@functools.lru_cache(maxsize=8)
def lenient(scoring: ScoringWeights) -> ScoringWeights:
    """``scoring`` with a word's one-letter typo forgiven (``birth_typo_sim``) and
    ``birth_min_evidence`` as the matched weight a name needs."""
    return dataclasses.replace(scoring, vouched_typo_sim=scoring.birth_typo_sim,
                               min_evidence=min(scoring.birth_min_evidence, scoring.min_evidence))


def add_same_birth(scorer: FormScorer, query: Query, best: dict[int, Best], floor: float) -> None:
    """Raise ``best`` for the persons born when the query says, of its nationality, whose
    names score ``floor`` or more with a word's typo forgiven (see the module docstring)."""
    reading = read_dob(query.dob, query.date_order) if query.dob else None
    code = country_code(query.nationality) if query.nationality else None
    if reading is None or code is None:
        return
    births = _births(scorer)
    found = {ei: fids for year in range(reading.first_year - 1, reading.last_year + 2)
             for ei, fids in births.get(year, ())}
    if not found:
        return
    qt, qw, _places = scorer.query_terms(query.name, PERSON)
    if not qt:
        return
    scoring = lenient(scorer.scoring)
    for ei, fids in found.items():
        entry = scorer.entries[ei]
        if code not in {country_code(n) for n in entry.nationalities}:
            continue
        agree = dob_evidence(query.dob, entry.dates_of_birth, query.date_order, scorer.scoring)
        full = agree is not None and agree[0] >= scorer.scoring.dob_exact_agree
        if agree is None or agree[0] <= 0 or (not full and _full_dates(entry)):
            continue  # the date must agree as precisely as the list records it
        # a name whose evidence the date and nationality made up is at most "possible" with
        # their points added
        most = scoring.not_strong - agree[0] - scoring.nationality_agree
        cur = best.get(ei)
        readings = [(qt, qw)]
        vt = vouched_tokens(scorer, query.name, fids)
        if vt and vt != qt:
            readings.append((vt, scorer.weights.name_weights(vt, PERSON)))
        for fid in fids:
            form = scorer.forms[fid]
            for rt, rw in readings:
                parts = score_parts(rt, form.tokens, rw, form.weights, PERSON, True, -1, -1,
                                    scoring=scoring)
                if parts.matched_weight < scorer.scoring.min_evidence and parts.score > most:
                    parts = parts._replace(score=most, notes=(*parts.notes, _VOUCHED))
                if parts.score >= floor and (cur is None or parts.score > cur.score):
                    cur = best[ei] = Best(parts.score, form, None, parts=(rt, parts))


def vouched_tokens(scorer: FormScorer, name: str, fids: list[int]) -> tuple[str, ...]:
    """The query's tokens read with the rules a date of birth vouches for
    (:mod:`sanctions_check.names.vouchedforms`: titles with a typo, split or joined; a
    compound head with a typo; words split or run together into the words of the entry's
    names ``fids``), the list's words being the words its token weights know."""
    vocab = scorer.weights.doc_freq
    own: set[str] = set()
    for fid in fids:
        for tok in scorer.forms[fid].tokens:
            own.add(canonical_token(tok))
            rest = bound_rest(tok)
            if rest is not None:
                own.add(canonical_token(rest[1]))

    def known(word: str) -> bool:
        return canonical_token(word) in vocab

    def words(word: str) -> bool:  # as written, or as the normaliser writes a bound form
        return canonical_token(word) in own or (
            canonical_token(bound_forms([(word, "latin")])[0][0]) in own)

    return reread_person(name, lambda segments: vouched_segments(segments, known, words))
