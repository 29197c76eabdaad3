"""The per-kind search of the matcher: one query against the name forms of one kind.

Contract: :class:`FormScorer` is the half of :class:`sanctions_check.matching.matcher.Matcher`
that scores (the other half builds it from a list and ranks the hits).  For a query name and
a kind, :meth:`FormScorer.query_terms` normalises and weighs the query,
:meth:`FormScorer.candidates` asks the index and the bounds for the forms that can reach a
floor, :meth:`FormScorer.form_score` scores one form (alignment and name score; the pool
rule for pooled forms), and ``_match_kind`` keeps each entry's best form, adding acronym
matches and curated names written with their title.  :meth:`FormScorer.score_pair` scores
one name against another given name by the same steps (what ``compare`` uses).  Every
number comes from the configuration's :class:`~sanctions_check.scoring.weights.ScoringWeights`
(``self.scoring``), which the index and the bounds were built with too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from sanctions_check.lists.entries import ORG, PRIMARY, Entry, Name
from sanctions_check.matching import knownas
from sanctions_check.matching.config import MatchConfig
from sanctions_check.matching.forms import NameForm, name_acronyms
from sanctions_check.matching.ranking import Best, Prune, replaces
from sanctions_check.names.acronyms import query_acronym, written_as_acronym
from sanctions_check.names.countries import country_code, is_country_word
from sanctions_check.names.normalise import normalise_name
from sanctions_check.scoring.features import unmatched_costs
from sanctions_check.scoring.namescore import (
    NameScore,
    ScoreParts,
    explain,
    link_cap,
    score_parts,
)
from sanctions_check.scoring.tokenweights import TokenWeights
from sanctions_check.scoring.weights import ScoringWeights
from sanctions_check.search.bounds import FormBounds
from sanctions_check.search.index import NameIndex
from sanctions_check.search.postings import Candidate

ROUNDING = 0.01  # scores are rounded to 2 decimals: a bound this far below the floor may reach it


class PairScore(NamedTuple):
    """What :meth:`FormScorer.score_pair` gives: the name score (with its alignment) and the
    acronym match, if any, as (score, how)."""

    name: NameScore
    acronym: tuple[float, str] | None


class FormScorer:
    """Scores a query against the name forms of one kind (see the module docstring); the
    attributes are built by :class:`~sanctions_check.matching.matcher.Matcher`."""

    config: MatchConfig
    scoring: ScoringWeights
    exhaustive: bool
    entries: tuple[Entry, ...]
    forms: Sequence[NameForm]  # a tuple, or LoadedForms from the index cache
    weights: TokenWeights
    index: NameIndex
    name_forms: tuple[tuple[int, ...], ...]
    _bounds: FormBounds
    _countries: tuple[frozenset[str], ...]
    _kind_forms: dict[str, tuple[int, ...]]
    _acronyms: Mapping[str, list[tuple[int, float, bool]]]  # an AcronymTable
    _titled: dict[tuple[str, tuple[str, ...]], list[tuple[int, Name]]]

    def _match_kind(
        self, name: str, kind: str, floor: float, best: dict[int, Best], prune: Prune
    ) -> None:
        """Score the forms of one kind; ``floor`` is the name score a form needs to matter,
        ``prune`` what the scores found so far rule out."""
        qt, qw, places = self.query_terms(name, kind)
        if not qt:
            return
        cands: list[Candidate]
        if self.exhaustive:
            cands = [Candidate(math.inf, fid, -1, -1) for fid in self._kind_forms[kind]]
        else:
            cands = self.candidates(qt, qw, places, kind, floor - ROUNDING)
        # highest bounds first, so an entry's best form is usually scored before the others,
        # which are skipped when they cannot beat it (ties go to the earlier form, as
        # when candidates were scored in index order: see ranking.replaces)
        order = sorted(range(len(cands)), key=lambda k: (-cands[k][0], cands[k][1]))
        # entries sharing a name share its score: forms with the same tokens (and so the same
        # weights) are aligned once per query, unless country words make it entry-specific
        # (a form scoring 0 keeps no alignment: exhaustive runs score every form)
        scored: dict[tuple[object, ...], tuple[float, tuple[tuple[str, ...], ScoreParts] | None]] = {}
        for rank in order:
            bound, fid, q_mask, l_mask = cands[rank]
            if prune.needless(bound + ROUNDING):
                break  # bounds only fall from here, and what is needed only rises
            form = self.forms[fid]
            cur = best.get(form.entry_index)
            if cur is not None and cur.score > bound + ROUNDING:
                continue  # scores at most bound + rounding: cannot beat or tie cur
            key = (form.tokens, form.source == "pool", q_mask, l_mask,  # + qualifiers' countries
                   self._countries[form.entry_index] if kind == ORG else None)
            got = None if places else scored.get(key)
            if got is None:
                got = self.form_score(qt, qw, places, kind, fid, q_mask, l_mask)
                if not places:
                    scored[key] = got if got[0] > 0 else (got[0], None)
            score, parts = got
            if score <= 0:
                continue
            if cur is None or replaces(name, score, form, rank, cur):
                best[form.entry_index] = Best(score, form, None, parts=parts, rank=rank)
                prune.scored(best, score)
        acr = query_acronym(qt) if kind == ORG else None
        if acr:  # (most queries cannot be an acronym: no look-up in the table)
            syllables = written_as_acronym(name)
            for fid, acr_score, syllable in self._acronyms.get(acr, ()):
                if syllable and not syllables:
                    continue
                form = self.forms[fid]
                cur = best.get(form.entry_index)
                if cur is None or acr_score > cur.score:
                    best[form.entry_index] = Best(acr_score, form, None, acronym=acr)
                    prune.scored(best, acr_score)
        norm = normalise_name(name, _norm_kind(kind))
        titled = self._titled.get((kind, norm.titles + norm.tokens), ())
        if titled:  # a curated name with a title ("Mullah Omar"), written so
            score = self.scoring.known_as_score
            knownas.add_titled_known(titled, norm.tokens, qw, kind, best, prune, score)

    def query_terms(
        self, name: str, kind: str
    ) -> tuple[tuple[str, ...], list[float], dict[int, str | None]]:
        """A query's normalised tokens, their weights, and the positions of country words
        (with their codes) in an organisation query."""
        qt = normalise_name(name, _norm_kind(kind)).tokens
        qw = self.weights.name_weights(qt, kind)
        # a country word in an organisation query ("of the DPRK") weighs little against entries
        # in that country, in full against others ("Bank for Foreign Trade of Vietnam")
        places = {}
        if kind == ORG:
            places = {i: country_code(t) for i, t in enumerate(qt) if is_country_word(t)}
        return qt, qw, places

    def candidates(
        self,
        qt: tuple[str, ...],
        qw: Sequence[float],
        places: dict[int, str | None],
        kind: str,
        floor: float,
    ) -> list[Candidate]:
        """(score bound, form id, query mask, list mask) of every form of ``kind`` that can
        score ``floor`` or more (:meth:`sanctions_check.search.bounds.FormBounds.candidates`)."""
        # an opening honorific that is also a given name costs little unmatched and earns its
        # weight matched (features.unmatched_costs): like a country word, no single weight
        # bounds it, so every query word's postings are read
        costs = unmatched_costs(qt, qw, kind, self.scoring)
        country = self.scoring.country_weight
        lo = [min(country, w) if i in places else w for i, w in enumerate(costs)]
        hi = [max(country, w) if i in places else w for i, w in enumerate(qw)]
        every = bool(places) or costs is not qw
        found = self._bounds.candidates(self.index, qt, kind, hi, lo, every, floor)
        members = self.name_forms
        return [Candidate(b, fid, q, lm) for b, nid, q, lm in found for fid in members[nid]]

    def form_score(
        self,
        qt: tuple[str, ...],
        qw: Sequence[float],
        places: dict[int, str | None],
        kind: str,
        fid: int,
        q_mask: int = -1,
        l_mask: int = -1,
    ) -> tuple[float, tuple[tuple[str, ...], ScoreParts]]:
        """The score of one name form for normalised query tokens ``qt`` (weights ``qw``;
        ``places``: positions of country words in an organisation query and their codes),
        and what explains it.  The masks only restrict align() to what the index found."""
        form = self.forms[fid]
        countries = self._countries[form.entry_index]
        return self.score_form(qt, qw, places, kind, form, countries, q_mask, l_mask)

    def score_form(
        self,
        qt: tuple[str, ...],
        qw: Sequence[float],
        places: dict[int, str | None],
        kind: str,
        form: NameForm,
        countries: frozenset[str],
        q_mask: int = -1,
        l_mask: int = -1,
    ) -> tuple[float, tuple[tuple[str, ...], ScoreParts]]:
        """:meth:`form_score` of a form given with the countries of its entry."""
        weights = qw
        if places and set(places.values()) & countries:
            country = self.scoring.country_weight
            weights = [country if places.get(i) in countries else w for i, w in enumerate(qw)]
        parts = score_parts(
            qt, form.tokens, weights, form.weights, kind, form.source != "pool", q_mask, l_mask,
            countries, self.scoring,
        )
        score, qc, _lc, ml, _pairs, _notes = parts
        if form.source == "pool" and score > 0:
            score = 0.0
            if len(qt) > 1:
                evidence = min(1.0, ml / self.config.pool_min_evidence) ** 0.5
                score = round(100.0 * qc**2 * self.config.pool_factor * evidence, 2)
                if kind != ORG:  # "Fazl bin Mazloom": the pool says nothing of his father
                    used = sum(((1 << (le - ls)) - 1) << ls for _, _, ls, le, *_ in _pairs)
                    score = min(score, link_cap(qt, form.tokens, _pairs, used, self.scoring)[0])
        return score, (qt, parts)

    def score_pair(self, query: str, listed: str, kind: str) -> PairScore:
        """``query`` scored against ``listed`` as a list name of ``kind`` (no entry: no
        country of its own, no pool), by the steps that score a query against a list
        name: the name score with its alignment, and for organisations the acronym rule."""
        qt, qw, places = self.query_terms(query, kind)
        lt = normalise_name(listed, _norm_kind(kind)).tokens
        form = NameForm(-1, Name(listed, PRIMARY), lt, tuple(self.weights.name_weights(lt, kind)),
                        kind)
        _score, (_qt, parts) = self.score_form(qt, qw, places, kind, form, frozenset())
        acronym = None
        acr = query_acronym(qt) if kind == ORG else None
        if acr:
            for found, score, syllable in name_acronyms(lt, self.scoring):
                if found == acr and (not syllable or written_as_acronym(query)):
                    acronym = (score, f"{'syllable acronym' if syllable else 'acronym'} {acr!r}")
        return PairScore(explain(qt, lt, parts), acronym)


def _norm_kind(kind: str | None) -> str | None:
    """Persons and unknown kinds normalise alike (titles removed): share one cached result."""
    return ORG if kind == ORG else None


__all__ = ["ROUNDING", "FormScorer", "PairScore"]
