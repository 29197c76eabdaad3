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
* its synonym key (``room`` -> ``office``): dict lookup;
* fuzzy: a rapidfuzz Levenshtein scan with a score cutoff over the canonical units of
  compatible length (a length window outside which the cutoff cannot be reached), which
  covers typos and phonetic variants (phonetic agreement needs edit similarity >= 0.6).

Per query unit the verified matches are cached, so batches of names sharing tokens are cheap.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from sanctions_check.features import (
    MAX_SPAN,
    SIM_FLOOR,
    gate_cutoff,
    span_allowed,
    token_similarity,
)
from sanctions_check.normalise import canonical_token, synonym_token

Posting = tuple[int, int, int]  # (form id, start, end) of a unit inside a form


class _Vocab:
    """Units sorted by the length of their canonical form, for windowed fuzzy scans."""

    def __init__(self, units: Sequence[str]) -> None:
        by_canon: dict[str, list[str]] = {}
        for unit in units:
            by_canon.setdefault(canonical_token(unit), []).append(unit)
        self.by_canon = by_canon
        self.canon = sorted(by_canon, key=len)
        self.lengths = [len(c) for c in self.canon]

    def fuzzy(self, canon: str, cutoff: float) -> list[str]:
        """Raw units whose canonical form has Levenshtein similarity >= cutoff to ``canon``."""
        n = len(canon)
        lo = bisect.bisect_left(self.lengths, math.ceil(n * cutoff - 1e-9))
        hi = bisect.bisect_right(self.lengths, math.floor(n / cutoff + 1e-9))
        if lo >= hi:
            return []
        found = process.extract(
            canon,
            self.canon[lo:hi],
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=cutoff,
            limit=None,
        )
        return [u for c, _, _ in found for u in self.by_canon[c]]


class NameIndex:
    """Token index over list name forms (see the module docstring)."""

    def __init__(self, forms: Sequence[Sequence[str]], cache_size: int = 200_000) -> None:
        self.size = len(forms)
        self.postings: dict[str, list[Posting]] = {}
        for fid, toks in enumerate(forms):
            n = len(toks)
            for i in range(n):
                for size in range(1, MAX_SPAN + 1):
                    if not span_allowed(toks, i, size):
                        continue
                    unit = "".join(toks[i : i + size])
                    self.postings.setdefault(unit, []).append((fid, i, i + size))
        self.singles = {t for toks in forms for t in toks}
        self._all = _Vocab(list(self.postings))
        self._single = _Vocab(sorted(self.singles))
        self._synonyms: dict[str, list[str]] = {}
        for unit in self.singles:
            key = synonym_token(unit)
            if key is not None:
                self._synonyms.setdefault(key, []).append(unit)
        self._cache: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._cache_size = cache_size

    def unit_matches(self, unit: str, singles_only: bool) -> tuple[str, ...]:
        """Every indexed unit the scorer would credit against ``unit`` (cached)."""
        key = (unit, singles_only)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        vocab = self._single if singles_only else self._all
        canon = canonical_token(unit)
        cands = set(vocab.by_canon.get(canon, ()))
        syn = synonym_token(unit)
        if syn is not None:
            cands.update(self._synonyms.get(syn, ()))
        cands.update(vocab.fuzzy(canon, gate_cutoff(unit)))
        found = tuple(sorted(u for u in cands if token_similarity(unit, u)[0] >= SIM_FLOOR))
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[key] = found
        return found

    def candidates(self, tokens: Sequence[str]) -> dict[int, set[int]]:
        """Form id -> query token positions that found it."""
        out: dict[int, set[int]] = {}
        n = len(tokens)
        for i in range(n):
            for size in range(1, MAX_SPAN + 1):
                if not span_allowed(tokens, i, size):
                    continue
                unit = "".join(tokens[i : i + size])
                positions = range(i, i + size)
                for match in self.unit_matches(unit, singles_only=size > 1):
                    for fid, ls, le in self.postings[match]:
                        if size > 1 and le - ls > 1:
                            continue
                        out.setdefault(fid, set()).update(positions)
        return out
