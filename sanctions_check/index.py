"""Candidate retrieval: which list names could score for a query, without comparing them all.

Contract: :class:`NameIndex` is built once from the token tuples of every list name form.
:meth:`NameIndex.candidates` returns, for a query's tokens, every form that has at least one
token pair :func:`sanctions_check.features.token_similarity` would credit (similarity >=
``SIM_FLOOR``), with the query positions that found it.  That is exactly the gate the scorer
uses (a name with no credited pair scores 0), so retrieval loses no recall against exhaustive
comparison; the matcher then prunes candidates whose best possible score is below the
minimum before the full alignment.

Keys, per list "unit" (a token, or 2-3 adjacent tokens joined, for split/joined forms):

* the unit itself and its romanisation-canonical form (``rhee`` -> ``ri``): dict lookups;
* its synonym key (``room`` -> ``office``) and its consonant skeleton (``saif`` / ``seif``):
  dict lookups;
* fuzzy: a rapidfuzz OSA (Levenshtein with transpositions) scan with a score cutoff over the canonical units of
  compatible length (a length window outside which the cutoff cannot be reached), which
  covers typos and phonetic variants (phonetic agreement needs edit similarity >= 0.6).
  Joined units are only compared with tokens sharing their first two letters (the scorer's
  rule too), so those scans run over small prefix buckets.

Per query unit the verified matches are cached, so batches of names sharing tokens are cheap.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from sanctions_check.features import (
    SIM_FLOOR,
    gate_cutoff,
    is_particles,
    join_compatible,
    skeleton,
    spans_of,
    token_similarity,
)
from sanctions_check.normalise import canonical_token, synonym_token

Posting = tuple[int, int, int]  # (form id, start, end) of a unit inside a form


class _Vocab:
    """Units keyed by their canonical form and their spelling as written, sorted by key length
    for windowed fuzzy scans (the scorer takes the better of the two edit similarities)."""

    def __init__(self, units: Sequence[str]) -> None:
        by_canon: dict[str, list[str]] = {}
        by_key: dict[str, list[str]] = {}
        for unit in units:
            canon = canonical_token(unit)
            by_canon.setdefault(canon, []).append(unit)
            by_key.setdefault(canon, []).append(unit)
            if unit != canon:
                by_key.setdefault(unit, []).append(unit)
        self.by_canon = by_canon
        self.by_key = by_key
        self.by_skeleton: dict[str, list[str]] = {}
        for canon, raw in by_canon.items():
            self.by_skeleton.setdefault(skeleton(canon), []).extend(raw)
        self.keys = sorted(by_key, key=len)
        self.lengths = [len(c) for c in self.keys]

    def fuzzy(self, text: str, cutoff: float) -> list[str]:
        """Units with a key (canonical or as written) of OSA similarity >= cutoff to ``text``."""
        n = len(text)
        lo = bisect.bisect_left(self.lengths, math.ceil(n * (cutoff - 0.02)))
        hi = bisect.bisect_right(self.lengths, math.floor(n / (cutoff - 0.02)))
        if lo >= hi:
            return []
        found = process.extract(
            text,
            self.keys[lo:hi],
            scorer=OSA.normalized_similarity,
            score_cutoff=cutoff - 0.02,  # margin: rapidfuzz rounds the cutoff to a distance
            limit=None,
        )
        return [u for c, _, _ in found for u in self.by_key[c]]


class NameIndex:
    """Token index over list name forms (see the module docstring)."""

    def __init__(
        self,
        forms: Sequence[Sequence[str]],
        joins: Sequence[bool] | None = None,
        kinds: Sequence[str] | None = None,
        cache_size: int = 200_000,
    ) -> None:
        self.size = len(forms)
        postings: dict[str, list[Posting]] = {}
        for fid, toks in enumerate(forms):
            with_joins = joins[fid] if joins is not None else True
            for start, end, unit in spans_of(tuple(toks), with_joins):
                if is_particles(toks[start:end]):
                    continue  # a match on "al" or "bin" alone never makes a candidate
                postings.setdefault(unit, []).append((fid, start, end))
        self.postings = postings
        # per kind (None: all forms): unit -> [(form id, list positions bitmask, single)]
        self._masks: dict[str | None, dict[str, list[tuple[int, int, bool]]]] = {None: {}}
        for unit, posts in postings.items():
            for fid, st, en in posts:
                entry = (fid, ((1 << (en - st)) - 1) << st, en - st == 1)
                self._masks[None].setdefault(unit, []).append(entry)
                if kinds is not None:
                    by_kind = self._masks.setdefault(kinds[fid], {})
                    by_kind.setdefault(unit, []).append(entry)
        single_units = {t for toks in forms for t in toks if t in postings}
        span_units = [u for u in postings if u not in single_units]
        self._single = _Vocab(sorted(single_units))
        self._single_by_prefix = _by_prefix(single_units)
        self._spans_by_prefix = _by_prefix(span_units)
        self._synonyms: dict[str, list[str]] = {}
        for unit in single_units:
            key = synonym_token(unit)
            if key is not None:
                self._synonyms.setdefault(key, []).append(unit)
        self._span_units = frozenset(span_units)
        # list initials ("KIM J UN"): align() pairs them with any query word of that letter
        self._letters = frozenset(u for u in single_units if len(u) == 1)
        self._cache: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._postings_cache: dict[tuple[str, bool, str | None], dict[int, int]] = {}
        self._cache_size = cache_size

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the lookup caches (the index is shipped to worker processes)."""
        state = dict(self.__dict__)
        state["_cache"] = {}
        state["_postings_cache"] = {}
        return state

    def unit_matches(self, unit: str, multi: bool) -> tuple[str, ...]:
        """Every indexed unit the scorer would credit against a query unit (cached).

        A single query token is looked up among list tokens and joined list spans; a joined
        query span (``multi``) among list tokens only.  Joined pairs must pass
        :func:`sanctions_check.features.join_compatible`, as in the scorer.
        """
        key = (unit, multi)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        canon = canonical_token(unit)
        cutoff = gate_cutoff(unit)
        cands: set[str] = set()
        prefix = canon[:2]
        if multi:
            vocabs = [self._single_by_prefix.get(prefix)]
        else:
            vocabs = [self._single, self._spans_by_prefix.get(prefix)]
            syn = synonym_token(unit)
            if syn is not None:
                cands.update(self._synonyms.get(syn, ()))
        for vocab in vocabs:
            if vocab is None:
                continue
            cands.update(vocab.by_canon.get(canon, ()))
            cands.update(vocab.by_skeleton.get(skeleton(canon), ()))
            cands.update(vocab.fuzzy(canon, cutoff))
            if unit != canon:
                cands.update(vocab.fuzzy(unit, cutoff))
        found = tuple(
            sorted(
                u
                for u in cands
                if token_similarity(unit, u)[0] >= SIM_FLOOR
                and (not (multi or u in self._span_units) or join_compatible(unit, u))
            )
        )
        if not multi and len(unit) > 1 and unit[0] in self._letters:
            found = tuple(sorted({*found, unit[0]}))  # an initial of a list name (is_initial_pair)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[key] = found
        return found

    def candidates(
        self,
        tokens: Sequence[str],
        kind: str | None = None,
        weights: Sequence[float] | None = None,
        need: float = 0.0,
    ) -> dict[int, list[int]]:
        """Form id -> [query positions bitmask, list positions bitmask] that found it.

        With ``kind``, only forms of that kind (when the index was built with kinds).  With
        query token ``weights`` and ``need`` (the weight of query tokens a form must match to
        matter), forms are only collected from the postings of "essential" tokens
        (MaxScore): the tokens left out weigh less than ``need`` together, so a form none of
        the essential tokens found cannot reach it.  Their positions are then added to the
        forms found by dictionary lookups, without scanning their (long) postings.
        """
        toks = tuple(tokens)
        units = [(qs, qe, u) for qs, qe, u in spans_of(toks) if not is_particles(toks[qs:qe])]
        optional: set[int] = set()
        if weights is not None and need > 0:
            acc = 0.0
            for i in sorted(range(len(toks)), key=lambda i: (weights[i], i)):
                if acc + weights[i] >= need:
                    break
                acc += weights[i]
                optional.add(i)
        out: dict[int, list[int]] = {}
        later = []
        for qs, qe, unit in units:
            multi = qe - qs > 1
            qmask = ((1 << (qe - qs)) - 1) << qs
            if optional and all(i in optional for i in range(qs, qe)):
                later.append((unit, multi, qmask))
                continue
            for fid, lmask in self.unit_postings(unit, multi, kind).items():
                found = out.get(fid)
                if found is None:
                    out[fid] = [qmask, lmask]
                else:
                    found[0] |= qmask
                    found[1] |= lmask
        for unit, multi, qmask in later:
            if not out:
                break
            table = self.unit_postings(unit, multi, kind)
            if len(table) < len(out):
                pairs = ((out.get(fid), lmask) for fid, lmask in table.items())
            else:
                pairs = ((found, table.get(fid)) for fid, found in out.items())
            for found, lmask in pairs:
                if found is not None and lmask:
                    found[0] |= qmask
                    found[1] |= lmask
        return out

    def unit_postings(self, unit: str, multi: bool, kind: str | None) -> dict[int, int]:
        """Form id -> list positions bitmask of every indexed unit crediting ``unit`` (cached)."""
        key = (unit, multi, kind)
        hit = self._postings_cache.get(key)
        if hit is not None:
            return hit
        masks = self._masks.get(kind, self._masks[None]) if kind else self._masks[None]
        table: dict[int, int] = {}
        for match in self.unit_matches(unit, multi):
            for fid, lmask, single in masks.get(match, ()):
                if multi and not single:
                    continue
                table[fid] = table.get(fid, 0) | lmask
        if len(self._postings_cache) >= self._cache_size // 4:
            self._postings_cache.clear()
        self._postings_cache[key] = table
        return table


def _by_prefix(units: Iterable[str]) -> dict[str, _Vocab]:
    """Vocabularies per first two letters of the canonical form (see ``join_compatible``)."""
    groups: dict[str, list[str]] = {}
    for unit in units:
        groups.setdefault(canonical_token(unit)[:2], []).append(unit)
    return {prefix: _Vocab(sorted(group)) for prefix, group in groups.items()}
