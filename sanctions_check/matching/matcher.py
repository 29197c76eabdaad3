"""The matcher: screen a name against every name of a sanctions list, with evidence.

Contract (other stages code against this):

* ``Matcher.from_list(sanctions_list_or_entries, threshold=None, exhaustive=False)``;
* ``matcher.match(name, kind=None, dob=None, nationality=None, limit=10, min_score=None,
  best_only_below=None, date_order=None)`` -> ``list[Hit]`` sorted by score (desc), one hit per entry (its
  best-matching name), only hits scoring at least ``min_score`` (default: the alert
  threshold); with ``best_only_below``, hits below that score are left out except the single
  best one (what a screening report's "best score" column needs); raises
  :class:`UnusableNameError` for names that cannot be screened;
* ``match_query(Query, ...)``, ``match_many(queries, ...)`` (batch; duplicates matched once);
* ``band(score)``, ``threshold``, ``describe()`` (algorithm, version, threshold, bands: recorded in
  every report), ``sanctions_list``, ``entries``; ``config``: the
  :class:`~sanctions_check.matching.config.MatchConfig` it was built with (``threshold`` and
  ``strong`` given to the constructor override it).

How a score is made: every list name (primary, aliases, original script, and for
organisations bracketed acronyms such as ``(KOMID)``) is normalised once
(:mod:`sanctions_check.names.normalise`) into a name form (:mod:`sanctions_check.matching.forms`) and
indexed (:mod:`sanctions_check.search.index`; forms with the same words, which common names of long
lists share, are indexed and bounded once).  A query is normalised the same way; the index
yields the names sharing at least one creditable token;
names whose best possible score is below the minimum are pruned; the rest are aligned token
by token and scored, highest bound first, stopping when no candidate left can enter the
``limit`` best hits (:func:`sanctions_check.scoring.namescore.name_score`); organisations also match
by acronym.  Each entry's best form makes its hit, with its evidence
(:mod:`sanctions_check.matching.ranking`): optional date of birth and nationality add or subtract a few
points and are always reported.  With ``kind`` given only entries of that kind are considered.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence

from sanctions_check.errors import InputError, UnusableNameError
from sanctions_check.lists.entries import ORG, PERSON, Entry, Name, SanctionsList
from sanctions_check.matching import knownas
from sanctions_check.matching.config import DEFAULT_CONFIG, Band, MatchConfig
from sanctions_check.matching.forms import (
    acronym_table,
    entry_countries,
    name_forms,
    titled_known_names,
)
from sanctions_check.matching.hits import Hit, Query
from sanctions_check.matching.ranking import Best, Explained, Prune, make_hit, replaces, requery
from sanctions_check.names.acronyms import (
    ACRONYM_SCORE,
    query_acronym,
    written_as_acronym,
)
from sanctions_check.names.normalise import (
    country_code,
    is_country_word,
    normalise_name,
    unusable_reason,
)
from sanctions_check.scoring.features import COUNTRY_WEIGHT, unmatched_costs
from sanctions_check.scoring.namescore import ScoreParts, score_parts
from sanctions_check.scoring.secondary import max_bonus
from sanctions_check.search.bounds import POOL, FormBounds
from sanctions_check.search.index import NameIndex, compiled_loops
from sanctions_check.search.postings import Candidate

log = logging.getLogger(__name__)

ROUNDING = 0.01  # scores are rounded to 2 decimals: a bound this far below the floor may reach it
# what __init__ builds from the list (Matcher.built_state; the rest is the caller's)
BUILT_FIELDS = frozenset({
    "forms", "weights", "_titled", "_countries", "name_of", "name_forms", "index", "_bounds",
    "_kind_forms", "_acronyms",
})  # fmt: skip


class Matcher:
    """Scores query names against a sanctions list (see the module docstring)."""

    def __init__(
        self,
        sanctions_list: SanctionsList,
        threshold: float | None = None,
        exhaustive: bool = False,
        strong: float | None = None,
        known_as: knownas.KnownNames | None = None,
        config: MatchConfig | None = None,
    ) -> None:
        known = self._configure(sanctions_list, threshold, exhaustive, strong, known_as, config)
        self.forms, self.weights = name_forms(self.entries, known)
        self._titled = titled_known_names(self.entries, known)
        self._countries = tuple(entry_countries(e) for e in self.entries)
        # forms with the same words, kind and weights (many entries of a long list share a
        # common name) are found and bounded alike: the index and the bounds hold each
        # distinct name once; `name_of` gives a form's name, `name_forms` a name's forms
        distinct: dict[tuple[tuple[str, ...], str, tuple[float, ...], bool], int] = {}
        self.name_of = tuple(
            distinct.setdefault((f.tokens, f.kind, f.weights, f.source == POOL), len(distinct))
            for f in self.forms
        )
        members: list[list[int]] = [[] for _ in distinct]
        for fid, nid in enumerate(self.name_of):
            members[nid].append(fid)
        self.name_forms = tuple(tuple(m) for m in members)
        names = list(distinct)
        self.index = NameIndex(
            [toks for toks, _k, _w, _p in names],
            joins=[not pool for _t, _k, _w, pool in names],
            kinds=[kind for _t, kind, _w, _p in names],
        )
        self._bounds = FormBounds(
            [toks for toks, _k, _w, _p in names], [w for _t, _k, w, _p in names],
            [POOL if pool else "name" for _t, _k, _w, pool in names],
            self.config.pool_factor, self.config.pool_min_evidence,
        )  # fmt: skip
        self._kind_forms = {
            k: tuple(i for i, f in enumerate(self.forms) if f.kind == k) for k in (PERSON, ORG)
        }
        self._acronyms = acronym_table(self.forms)
        log.debug("matcher: %d entries, %d name forms", len(self.entries), len(self.forms))

    def _configure(
        self,
        sanctions_list: SanctionsList,
        threshold: float | None,
        exhaustive: bool,
        strong: float | None,
        known_as: knownas.KnownNames | None,
        config: MatchConfig | None = None,
    ) -> dict[str, list[Name]]:
        """Set what the caller gives (list, thresholds, configuration, curated names); the
        curated names of the list's entries (an InputError when one contradicts the list)."""
        self.sanctions_list = sanctions_list
        self.entries: tuple[Entry, ...] = tuple(sanctions_list.entries)
        # ``threshold`` / ``strong`` given here override the configuration's
        self.config = (config or DEFAULT_CONFIG).with_limits(threshold, strong)
        self.threshold = self.config.threshold
        self.strong = self.config.strong
        self.exhaustive = exhaustive
        # curated "known as" names: the repository's reviewed file unless others are given
        self.known_as = known_as if known_as is not None else knownas.default_known_as()
        return knownas.checked_known_names(self.known_as, self.entries)

    @classmethod
    def restored(
        cls,
        sanctions_list: SanctionsList,
        built: dict[str, object],
        threshold: float | None = None,
        exhaustive: bool = False,
        known_as: knownas.KnownNames | None = None,
    ) -> Matcher:
        """A matcher over ``sanctions_list`` from the state :meth:`built_state` gave for it
        (:mod:`sanctions_check.matchercache`); a state without those fields: ValueError."""
        matcher = cls.__new__(cls)
        matcher._configure(sanctions_list, threshold, exhaustive, None, known_as)
        if set(built) != BUILT_FIELDS:
            raise ValueError(f"fields {sorted(set(built) ^ BUILT_FIELDS)} differ")
        vars(matcher).update(built)
        if len(matcher._countries) != len(matcher.entries):
            raise ValueError("the index does not fit the list")
        return matcher

    def built_state(self) -> dict[str, object]:
        """What :meth:`__init__` built from the list (forms, weights, index, bounds...)."""
        return {k: v for k, v in vars(self).items() if k in BUILT_FIELDS}

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_list(
        cls,
        sanctions_list: SanctionsList | Iterable[Entry],
        threshold: float | None = None,
        exhaustive: bool = False,
        known_as: knownas.KnownNames | None = None,
        config: MatchConfig | None = None,
    ) -> Matcher:
        """A matcher over a parsed list (or any iterable of entries); ``known_as``: curated
        names (default: the repository's ``lists/known_as.csv``; ``KnownNames()`` for none);
        ``config``: thresholds and limits (default :data:`DEFAULT_CONFIG`)."""
        if not isinstance(sanctions_list, SanctionsList):
            sanctions_list = SanctionsList(tuple(sanctions_list), date_generated="", sha256="")
        return cls(sanctions_list, threshold=threshold, exhaustive=exhaustive, known_as=known_as,
                   config=config)

    def prepare_batch(self) -> None:
        """Ready for a long run: the compiled loops on (:meth:`use_compiled_loops`) and the
        parts of the index built when first needed built now (before workers fork, which
        then share them)."""
        self.use_compiled_loops()
        self.index.build_all()

    def use_compiled_loops(self, on: bool = True) -> bool:
        """Merge and bound candidates with numba's compiled loops (the ``fast`` extra) when it
        is installed; whether they are used.  Off by default: the loops pay in long runs (the
        batch engines turn them on), while loading numba costs a one-off query ~0.5 s."""
        on = on and compiled_loops() is not None
        self.index.compiled = self._bounds.compiled = on
        return on

    # ------------------------------------------------------------------ facts
    def band(self, score: float) -> Band:
        return self.config.band(score)

    def describe(self) -> dict[str, object]:
        """The configuration's facts (:meth:`MatchConfig.describe`), the mode and the curated
        names' versions: recorded in every report."""
        return {**self.config.describe(), "exhaustive": self.exhaustive,
                "known_as": list(self.known_as.versions)}

    def normalise(self, name: str) -> str:
        """The normalised text of a name (the key batch code de-duplicates on)."""
        return normalise_name(name).text

    # ------------------------------------------------------------------ matching
    def match(
        self,
        name: str,
        kind: str | None = None,
        dob: str | None = None,
        nationality: str | None = None,
        limit: int | None = 10,
        min_score: float | None = None,
        best_only_below: float | None = None,
        date_order: str | None = None,
    ) -> list[Hit]:
        """Ranked hits for one name (see the module docstring); ``date_order`` reads a
        numeric date of birth (``dmy`` / ``mdy`` / ``ymd``)."""
        query = Query(name, kind, dob, nationality, date_order=date_order)
        return self.match_query(query, limit, min_score, best_only_below)

    def match_query(
        self,
        query: Query,
        limit: int | None = 10,
        min_score: float | None = None,
        best_only_below: float | None = None,
    ) -> list[Hit]:
        if query.kind not in (None, PERSON, ORG):
            raise InputError(f"unknown kind {query.kind!r} (use person or org)")
        reason = unusable_reason(query.name, _norm_kind(query.kind))
        if reason is not None:
            where = f" (row {query.row})" if query.row is not None else ""
            raise UnusableNameError(f"unusable name{where}: {reason}")
        floor = self.threshold if min_score is None else float(min_score)
        kinds = (query.kind,) if query.kind else (PERSON, ORG)
        best: dict[int, Best] = {}
        bonus = max_bonus(query.dob, query.nationality, query.date_order)
        # a date of birth or nationality moves scores after matching: then nothing is pruned
        # on the name scores found so far
        prune = Prune()
        if not bonus and not self.exhaustive:
            alert = None if best_only_below is None else max(floor, float(best_only_below))
            prune = Prune(keep=limit or 0, alert=alert)
        for kind in kinds:
            self._match_kind(query.name, kind, floor - bonus, best, prune)
        reach = floor - bonus
        ranked = sorted(
            ((ei, b) for ei, b in best.items() if b.score >= reach),
            key=lambda kv: (-kv[1].score, self.entries[kv[0]].reference_number),
        )
        if prune.alert is not None:
            # below the alert score only the best candidate's score is known to be right
            above = [kv for kv in ranked if kv[1].score >= prune.alert]
            ranked = above or ranked[:1]
        if not bonus and limit:
            ranked = ranked[:limit]  # without adjustments a hit scores its name score
        hits = []
        explained: Explained = {}  # the entries of a shared name share its explanation
        for ei, b in ranked:
            if b.score + bonus < floor:
                continue
            hit = make_hit(query, self.entries[ei], b, self.band, explained)
            if hit.score >= floor:
                hits.append(hit)
        hits.sort(key=lambda h: (-h.score, h.reference_number))
        return hits[:limit] if limit else hits

    def match_many(
        self,
        queries: Iterable[Query | str],
        limit: int | None = 10,
        min_score: float | None = None,
        errors: str = "raise",
    ) -> list[list[Hit]]:
        """Match many queries; identical queries (after normalisation) are matched once.

        ``errors="raise"`` raises on the first unusable name; ``errors="skip"`` gives it an
        empty hit list.
        """
        done: dict[tuple[object, ...], list[Hit]] = {}
        out: list[list[Hit]] = []
        for q in queries:
            query = Query(q) if isinstance(q, str) else q
            text = (
                normalise_name(query.name, _norm_kind(query.kind)).text
                if isinstance(query.name, str)
                else None
            )
            key = (text, query.kind, query.dob, query.nationality, query.date_order)
            if key not in done or key[0] is None:
                try:
                    done[key] = self.match_query(query, limit, min_score)
                except UnusableNameError:
                    if errors != "skip":
                        raise
                    done[key] = []
            hits = done[key]
            if hits and hits[0].query != query.name:
                hits = [requery(h, query.name) for h in hits]
            out.append(hits)
        return out

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
        if kind == ORG:
            acr = query_acronym(qt)
            syllables = written_as_acronym(name)
            for fid, acr_score in self._acronyms.get(acr or "", ()):
                if acr_score < ACRONYM_SCORE and not syllables:
                    continue
                form = self.forms[fid]
                cur = best.get(form.entry_index)
                if cur is None or acr_score > cur.score:
                    best[form.entry_index] = Best(acr_score, form, None, acronym=acr)
                    prune.scored(best, acr_score)
        norm = normalise_name(name, _norm_kind(kind))
        titled = self._titled.get((kind, norm.titles + norm.tokens), ())
        if titled:  # a curated name with a title ("Mullah Omar"), written so
            knownas.add_titled_known(titled, norm.tokens, qw, kind, best, prune)

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
        costs = unmatched_costs(qt, qw, kind)
        lo = [min(COUNTRY_WEIGHT, w) if i in places else w for i, w in enumerate(costs)]
        hi = [max(COUNTRY_WEIGHT, w) if i in places else w for i, w in enumerate(qw)]
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
        weights = qw
        countries = self._countries[form.entry_index]
        if places and set(places.values()) & countries:
            weights = [
                COUNTRY_WEIGHT if places.get(i) in countries else w for i, w in enumerate(qw)
            ]
        parts = score_parts(
            qt, form.tokens, weights, form.weights, kind, form.source != "pool", q_mask, l_mask,
            countries,
        )
        score, qc, _lc, ml, _pairs, _notes = parts
        if form.source == "pool" and score > 0:
            score = 0.0
            if len(qt) > 1:
                evidence = min(1.0, ml / self.config.pool_min_evidence) ** 0.5
                score = round(100.0 * qc**2 * self.config.pool_factor * evidence, 2)
        return score, (qt, parts)


def _norm_kind(kind: str | None) -> str | None:
    """Persons and unknown kinds normalise alike (titles removed): share one cached result."""
    return ORG if kind == ORG else None


__all__: Sequence[str] = (
    "MatchConfig",
    "Matcher",
)
