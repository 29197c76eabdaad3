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
* ``prefetch([(name, kind), ...])``: the words of many names looked up in the list at once
  before they are matched one by one (news items, batch blocks; the same hits);
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

from collections.abc import Iterable, Sequence

from sanctions_check.errors import InputError, UnusableNameError
from sanctions_check.files.lazy import lazy_logger
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
from sanctions_check.matching.ranking import Best, Explained, Prune, make_hit, requery
from sanctions_check.matching.samebirth import add_same_birth
from sanctions_check.matching.scorer import FormScorer, _norm_kind
from sanctions_check.names.normalise import MAX_QUERY_CHARS, normalise_name, unusable_reason
from sanctions_check.scoring.secondary import max_bonus
from sanctions_check.search.bounds import POOL, FormBounds
from sanctions_check.search.index import NameIndex, compiled_loops
from sanctions_check.search.vocab import query_units

log = lazy_logger(__name__)
# what __init__ builds from the list (Matcher.built_state; the rest is the caller's)
BUILT_FIELDS = frozenset({
    "forms", "weights", "_titled", "_countries", "name_of", "name_forms", "index", "_bounds",
    "_kind_forms", "_acronyms",
})  # fmt: skip


class Matcher(FormScorer):
    """Scores query names against a sanctions list (see the module docstring; the scoring
    of one query against one kind's forms is :class:`~sanctions_check.matching.scorer.FormScorer`)."""

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
        self.forms, self.weights = name_forms(self.entries, known, self.scoring)
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
            scoring=self.scoring,
        )
        self._bounds = FormBounds(
            [toks for toks, _k, _w, _p in names], [w for _t, _k, w, _p in names],
            [POOL if pool else "name" for _t, _k, _w, pool in names],
            self.config.pool_factor, self.config.pool_min_evidence, self.scoring,
        )  # fmt: skip
        self._kind_forms = {
            k: tuple(i for i, f in enumerate(self.forms) if f.kind == k) for k in (PERSON, ORG)
        }
        self._acronyms = acronym_table(self.forms, self.scoring)
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
        self.scoring = self.config.weights  # every weight: scorer, index and bounds alike
        self.threshold = self.config.threshold
        self.strong = self.config.strong
        self.exhaustive = exhaustive
        self.queries = 0  # queries answered (use_compiled_loops_after)
        self._compiled_asked = False
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
        config: MatchConfig | None = None,
    ) -> Matcher:
        """A matcher over ``sanctions_list`` from the state :meth:`built_state` gave for it
        (:mod:`sanctions_check.matching.matchercache`, which stores it without the scoring
        weights: the configuration's are attached again, the cache key holding their
        digest); a state without those fields: ValueError."""
        matcher = cls.__new__(cls)
        matcher._configure(sanctions_list, threshold, exhaustive, None, known_as, config)
        if set(built) != BUILT_FIELDS:
            raise ValueError(f"fields {sorted(set(built) ^ BUILT_FIELDS)} differ")
        vars(matcher).update(built)
        for part in (matcher.weights, matcher.index, matcher._bounds):
            part.scoring = matcher.scoring
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
        parts of the index built when first needed built now, and a loaded matcher's packed
        tables, arrays and name forms unpacked (before workers fork, which then share them)."""
        self.use_compiled_loops()
        self.index.build_all()
        self._bounds.unpack_arrays()
        build_forms = getattr(self.forms, "unpack", None)
        if build_forms is not None:  # forms loaded from an index file, built when read
            build_forms()

    def use_compiled_loops(self, on: bool = True) -> bool:
        """Merge and bound candidates with numba's compiled loops (the ``fast`` extra) when it
        is installed; whether they are used.  Off by default: the loops pay in long runs (the
        batch engines turn them on), while loading numba costs a one-off query ~0.5 s."""
        on = on and compiled_loops() is not None
        self.index.compiled = self._bounds.compiled = on
        self._compiled_asked = True  # (the caller's choice: use_compiled_loops_after keeps it)
        return on

    def use_compiled_loops_after(self, queries: int) -> bool:
        """Turn the compiled loops on (:meth:`use_compiled_loops`) once this matcher has
        answered ``queries`` queries: a run that long repays loading numba; whether they are
        on.  Once: after that (or after :meth:`use_compiled_loops`; numba missing) the
        matcher stays as it is."""
        if self.queries >= queries and not self._compiled_asked:
            return self.use_compiled_loops()
        return self.index.compiled

    def prefetch(self, names: Iterable[tuple[str, str | None]]) -> None:
        """Look up the words of many ``(name, kind)`` at once before they are matched one by
        one (:meth:`NameIndex.prefetch <sanctions_check.search.index.NameIndex.prefetch>`:
        one fuzzy scan of the list's words for all the new words, not one per word; their
        joined spans one scan per group of list words with the same first two letters),
        normalised and cut as :meth:`match` will: the same cached values, the same hits."""
        words: dict[str, None] = {}
        spans: dict[str, None] = {}
        for name, kind in dict.fromkeys(names):  # (a text names most names more than once)
            if not isinstance(name, str) or not name.strip() or len(name) > MAX_QUERY_CHARS:
                continue  # unusable: never looked up
            # the normalisations match() makes for the kinds it scores
            for norm_kind in dict.fromkeys(map(_norm_kind, _scored_kinds(kind))):
                tokens = normalise_name(name, norm_kind).tokens
                words.update(dict.fromkeys(tokens))
                if len(tokens) > 1:  # and its joined spans (new with almost every name)
                    spans.update((u, None) for qs, qe, u, _a in query_units(tokens) if qe - qs > 1)
        self.index.prefetch(words, spans)

    # ------------------------------------------------------------------ facts
    def band(self, score: float) -> Band:
        return self.config.band(score)

    def describe(self) -> dict[str, object]:
        """The configuration's facts (:meth:`MatchConfig.describe`), the mode and the curated
        names' versions: recorded in every report."""
        return {**self.config.describe(), "exhaustive": self.exhaustive,
                "known_as": list(self.known_as.versions)}

    def normalise(self, name: str) -> str:
        """The normalised text of a name (the key batch code de-duplicates on).  Asked with
        the kind argument spelled out, as :meth:`match` asks it for a person or an unknown
        kind: ``lru_cache`` keys ``f(x)`` and ``f(x, None)`` apart, so the batch engine's
        key would otherwise normalise every name a second time."""
        return normalise_name(name, None).text

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
        self.queries += 1
        floor = self.threshold if min_score is None else float(min_score)
        kinds = _scored_kinds(query.kind)
        best: dict[int, Best] = {}
        bonus = max_bonus(query.dob, query.nationality, query.date_order, self.scoring)
        # a date of birth or nationality moves scores after matching: then nothing is pruned
        # on the name scores found so far
        prune = Prune()
        if not bonus and not self.exhaustive:
            alert = None if best_only_below is None else max(floor, float(best_only_below))
            prune = Prune(keep=limit or 0, alert=alert)
        for kind in kinds:
            self._match_kind(query.name, kind, floor - bonus, best, prune)
        if bonus and PERSON in kinds:  # a syllable typo the date of birth vouches for
            add_same_birth(self, query, best, floor - bonus)
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
            hit = make_hit(query, self.entries[ei], b, self.band, explained, self.scoring)
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


def _scored_kinds(kind: str | None) -> tuple[str, ...]:
    """The kinds of list forms a query of ``kind`` is scored against: its own, or both."""
    return (kind,) if kind else (PERSON, ORG)


__all__: Sequence[str] = (
    "MatchConfig",
    "Matcher",
)
