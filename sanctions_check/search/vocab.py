"""Fuzzy word lookup for the index: which list words are within an edit similarity of a word.

Contract: :class:`Vocab` holds list units keyed by their romanisation-canonical form and
their spelling as written, with their consonant skeletons; :meth:`Vocab.fuzzy` returns every
unit with a key of OSA similarity at least the cutoff (rapidfuzz, over the keys of
compatible length only).  :func:`by_prefix` groups units by their first two canonical
letters (joined forms are only compared within such a group) as :class:`PrefixVocabs`, which
builds each group's vocabulary when a query first needs it.  :func:`creditable` is the
scorer's rule for whether a unit pair earns credit; :func:`query_units` the units (words and
joined spans) a query is looked up by.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from sanctions_check.files.lazy import lazy_module
from sanctions_check.names.kontsevich import final_readings
from sanctions_check.names.lexicon import canonical_token
from sanctions_check.scoring.abjad import abjad_form, abjad_keys, is_vowelless, might_be_vowelless
from sanctions_check.scoring.alignment import (
    LOOSE_METHODS,
    is_particles,
    join_compatible,
    spans_of,
)
from sanctions_check.scoring.features import similarity_for, skeleton
from sanctions_check.scoring.typos import typo_deletes, typo_key
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")  # imported by fuzzy_many only

_VOWELS = frozenset("aeiou")
FUZZY_BATCH = 256  # texts per cdist call of fuzzy_many (a float32 score per text and key)


class Vocab:
    """Units keyed by their canonical form and their spelling as written, sorted by key length
    for windowed fuzzy scans (the scorer takes the better of the two edit similarities);
    words of up to ``short_token + 1`` letters (the scoring weights') also by typo key.
    With ``lookups`` False (the vocabularies per prefix: the index only scans them), no
    table but the keys and the canonical forms: no skeletons, typo keys or abjad tables."""

    def __init__(
        self,
        units: Sequence[str],
        short_token: int = DEFAULT_SCORING.short_token,
        lookups: bool = True,
    ) -> None:
        by_canon: dict[str, list[str]] = {}
        by_key: dict[str, list[str]] = {}
        for unit in units:
            for read in final_readings(unit):  # (a final н read from Cyrillic: both readings)
                canon = canonical_token(read)
                by_canon.setdefault(canon, []).append(unit)
                by_key.setdefault(canon, []).append(unit)
            if unit != canon:
                by_key.setdefault(unit, []).append(unit)
        self.by_canon = by_canon
        self.by_key = by_key
        self.by_skeleton: dict[str, list[str]] = {}
        self.by_typo: dict[str, list[str]] = {}  # short words by typo_key (features.is_typo)
        self.by_delete: dict[str, list[str]] = {}  # ... and by typo_deletes (one letter apart)
        self.short_token = short_token
        for canon, raw in by_canon.items() if lookups else ():
            self.by_skeleton.setdefault(skeleton(canon), []).extend(raw)
            for unit in raw:  # keyed as written and by canonical form (both are compared)
                if len(unit) <= short_token + 1:
                    for key in {typo_key(canon), typo_key(unit)}:
                        self.by_typo.setdefault(key, []).append(unit)
                    for key in typo_deletes(unit) | typo_deletes(canon):
                        self.by_delete.setdefault(key, []).append(unit)
        self.keys = sorted(by_key, key=len)
        self.lengths = [len(c) for c in self.keys]
        # abjad_matches' tables: abjad key -> vowel-less units / form -> units with vowels
        self._vowelless: dict[str, list[str]] | None = None
        self._voweled: dict[str, list[str]] | None = None

    def typo_matches(self, unit: str) -> list[str]:
        """Short units a short word may be a typo of (``features``' typo rules: "sko" / "sok",
        by typo key; one letter replaced, dropped or added: "aim" / "kim", by the words less
        one letter, as written and by canonical form or reading)."""
        if len(unit) > self.short_token + 1:
            return []
        canon = canonical_token(unit)
        out = [u for key in {typo_key(canon), typo_key(unit)} for u in self.by_typo.get(key, ())]
        keys = typo_deletes(unit) | typo_deletes(canon)
        out.extend(u for key in keys for u in self.by_delete.get(key, ()))
        return out

    def abjad_matches(self, unit: str) -> list[str]:
        """Units a word may meet on its consonants alone (``scoring.abjad``): for a word
        written without vowels ("mnyr"), the units with vowels of one of its ``abjad_keys``;
        for a word with vowels, the vowel-less units keyed so.  Each of the two tables is
        built when first needed (the whole-vocabulary one only): a query of Latin words needs
        only the small one, of the few vowel-less units."""
        if is_vowelless(unit):
            if self._voweled is None:
                self._voweled = {}
                for units in self.by_canon.values():
                    for u in units:
                        if u.isalpha() and len(u) >= 3 and not is_vowelless(u):
                            self._voweled.setdefault(abjad_form(u), []).append(u)
            return [u for key in abjad_keys(unit) for u in self._voweled.get(key, ())]
        return self.vowelless_units().get(abjad_form(unit), []) if unit.isalpha() else []

    def vowelless_units(self) -> Mapping[str, Sequence[str]]:
        """The table :meth:`abjad_matches` reads for words with vowels: abjad key -> the
        vowel-less units, built when first needed (an index file stores it built: every query
        of Latin words reads it)."""
        if self._vowelless is None:
            self._vowelless = {}
            # the units without a vowel letter (a vowel-less unit is one of those:
            # is_vowelless decides), in the order of by_canon
            units = itertools.chain.from_iterable(self.by_canon.values())
            for u in filter(might_be_vowelless, units):
                if is_vowelless(u):
                    for key in abjad_keys(u):
                        self._vowelless.setdefault(key, []).append(u)
        return self._vowelless

    def window(self, n: int, cutoff: float) -> tuple[int, int]:
        """The range of :attr:`keys` long enough and short enough for a text of length ``n``
        to reach ``cutoff``."""
        lo = bisect.bisect_left(self.lengths, math.ceil(n * (cutoff - 0.02)))
        return lo, bisect.bisect_right(self.lengths, math.floor(n / (cutoff - 0.02)))

    def fuzzy(self, text: str, cutoff: float) -> list[str]:
        """Units with a key (canonical or as written) of OSA similarity >= cutoff to ``text``."""
        lo, hi = self.window(len(text), cutoff)
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

    def fuzzy_many(
        self, queries: Iterable[tuple[str, float]]
    ) -> dict[tuple[str, float], list[str]]:
        """:meth:`fuzzy` of many ``(text, cutoff)`` at once (the same units, in key order):
        one rapidfuzz ``cdist`` per cutoff and :data:`FUZZY_BATCH` texts over the union of
        their length windows, instead of a scan per text."""
        groups: dict[float, list[str]] = {}
        for text, cutoff in dict.fromkeys(queries):
            groups.setdefault(cutoff, []).append(text)
        out: dict[tuple[str, float], list[str]] = {}
        for cutoff, texts in groups.items():
            for start in range(0, len(texts), FUZZY_BATCH):
                part = texts[start : start + FUZZY_BATCH]
                windows = [self.window(len(t), cutoff) for t in part]
                lo = min(a for a, _b in windows)
                hi = max(b for _a, b in windows)
                scores = None
                if lo < hi:  # the same scorer and cutoff as fuzzy(): 0 below the cutoff
                    scores = process.cdist(
                        part, self.keys[lo:hi], scorer=OSA.normalized_similarity,
                        score_cutoff=cutoff - 0.02, dtype=np.float32, workers=1,
                    )  # fmt: skip
                for row, (text, (a, b)) in enumerate(zip(part, windows, strict=True)):
                    if scores is None or a >= b:
                        out[(text, cutoff)] = []
                        continue
                    hits = np.flatnonzero(scores[row, a - lo : b - lo]) + a
                    keys = self.keys
                    out[(text, cutoff)] = [u for j in hits.tolist() for u in self.by_key[keys[j]]]
        return out


class PrefixVocabs(Mapping[str, Vocab]):
    """Vocabularies per first two letters of the canonical form, each built when first
    looked up: a query needs a few of hundreds, and building them all is most of the cost
    of building an index.  ``groups``: prefix -> its units, sorted; ``short_token`` as
    :class:`Vocab` takes it.  Each is built without lookup tables (``lookups`` False): the
    index only scans these and looks their units up by canonical form."""

    def __init__(self, groups: dict[str, tuple[str, ...]], short_token: int = DEFAULT_SCORING.short_token) -> None:
        self.groups = groups
        self.short_token = short_token
        self._built: dict[str, Vocab] = {}

    def __getitem__(self, prefix: str) -> Vocab:
        vocab = self._built.get(prefix)
        if vocab is None:
            vocab = self._built[prefix] = Vocab(self.groups[prefix], self.short_token, False)
        return vocab

    def build_all(self) -> None:
        """Build every vocabulary now (before worker processes fork: then they share them)."""
        for prefix in self.groups:
            self[prefix]

    def __iter__(self) -> Iterator[str]:
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)

    def __getstate__(self) -> dict[str, object]:
        """Pickled (shipped to worker processes) without the vocabularies built so far."""
        return {"groups": self.groups, "short_token": self.short_token, "_built": {}}


def by_prefix(units: Iterable[str], short_token: int = DEFAULT_SCORING.short_token) -> PrefixVocabs:
    """Vocabularies per first two letters of the canonical form (see ``join_compatible``)."""
    groups: dict[str, list[str]] = {}
    for unit in units:
        groups.setdefault(canonical_token(unit)[:2], []).append(unit)
    return PrefixVocabs(
        {prefix: tuple(sorted(group)) for prefix, group in groups.items()}, short_token
    )


def creditable(
    unit: str, match: str, joined: bool, scoring: ScoringWeights = DEFAULT_SCORING
) -> bool:
    """Whether align() credits the pair under ``scoring``: similar enough, and a joined pair
    (a span on either side) must pass ``join_compatible`` and be spelled alike, not just
    sound alike."""
    return bool(creditable_units(unit, (match,), joined, (), scoring))


def creditable_units(
    unit: str,
    matches: Iterable[str],
    multi: bool,
    spans: Container[str],
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> list[str]:
    """The ``matches`` :func:`creditable` against ``unit`` (in their order), each a joined
    pair when ``multi`` (``unit`` is a joined span) or when in ``spans`` (a joined list span):
    one loop, the similarity function bound once (the index's look-up of a new word)."""
    similarity, floor = similarity_for(scoring), scoring.sim_floor
    out = []
    for match in matches:
        sim, method = similarity(unit, match)
        if sim >= floor and (
            not (multi or match in spans)
            or (method not in LOOSE_METHODS and join_compatible(unit, match, scoring))
        ):
            out.append(match)
    return out


@functools.lru_cache(maxsize=4096)  # keyed by whole names: see scoring.spans_of
def query_units(tokens: tuple[str, ...]) -> tuple[tuple[int, int, str, bool], ...]:
    """(start, end, unit, anchor) of a query's units; query particles ("al", "bin") are no
    anchors: they only add to forms found otherwise (the caller counts them as matched and
    leaves their weight out of ``need``)."""
    return tuple((qs, qe, u, not is_particles(tokens[qs:qe])) for qs, qe, u in spans_of(tokens))
