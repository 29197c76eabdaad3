"""Score bounds: which candidate forms can still reach a floor, for all candidates at once.

Contract: :class:`FormBounds` is built once per matcher from its name forms.
:meth:`FormBounds.bounds` takes what the index gathered for a query
(:class:`sanctions_check.search.index.Gathered`: per candidate form and query token the most credit
the token can earn there, and the list positions the query can align with) and returns, per
candidate, a number the form's score (:func:`sanctions_check.scoring.namescore.name_score`, or the pool
score of the matcher) cannot exceed by more than the rounding of scores.  The matcher only
scores candidates whose bound reaches its floor, best bound first.

Why each factor is an upper bound (see ``scoring.score_parts`` for the score itself):

* query coverage ``qc = mq / (matched + factor * uq)``: each query token earns at most its
  best credit ``c`` times its heaviest weight, so ``mq <= A``; an unmatched token costs its
  lightest weight; ``factor * uq >= extra * uq + (1 - extra) * min(uq, ul)`` where ``ul``,
  the unmatched list weight, is at least the weight of the list tokens nothing can align
  with.  Hence ``qc <= A / (A + extra * U + (1 - extra) * min(U, UL))`` with ``U`` the
  lightest weight of the tokens with no creditable pair and ``UL`` that list weight; on
  the candidates left, the query side is bounded word by word
  (:func:`sanctions_check.search.coverage.subset_bound`: every set of matched words, at most one
  per alignable list word when no joined query span is in play);
* list coverage: only the list tokens in ``can`` (found by the index, list initials
  included; list particles when the query has particles, whose tables leave them out;
  words of a query initial's letter) can be aligned, each at most once with credit
  at most 1, so ``ml <= hit`` (their weight) and ``lc <= hit / (hit + rest)``, where the
  unalignable weight ``rest`` counts in full before the first and after the last alignable
  word and at the middle-name share between them;
* the evidence factors grow with ``ml``; the pool factor is constant.  The first stage
  (query side alone) takes each form's ``cap``: its evidence factor when all is matched;
  before the list side word by word, a cut takes ``hit`` at most the number of alignable
  words times the form's heaviest word (one number per candidate).

Short tables are bounded form by form in plain Python (:mod:`sanctions_check.search.smallbounds`:
up to :data:`SMALL` postings, or :data:`SMALL_COMPILED` when the compiled loops are on, whose
calls cost less than numpy's); the others with numpy, or with the compiled loops turned on
(:mod:`sanctions_check.search.compiled`, numba) by a compiled loop.

Words past the first :data:`TRACKED` of a form are assumed alignable, and align() compares
them all.  A query initial earns nothing in a form without a word (or initial) of its
letter: ``starts`` holds the first letters of all of a form's words, tracked or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_module
from sanctions_check.files.packedarrays import PackedArray, PackedArrays
from sanctions_check.names.lexicon import stopwords
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights
from sanctions_check.search.coverage import (
    MAX_SUBSET_WORDS,
    query_bound,
    ratio,
    subset_bound,
    top_sums,
)
from sanctions_check.search.formarrays import OTHER_LETTERS, POOL, form_arrays
from sanctions_check.search.fused import fits, fused_candidates, pack_forms
from sanctions_check.search.index import Gathered, NameIndex, compiled_loops
from sanctions_check.search.poolbound import pool_cut
from sanctions_check.search.postings import MASK_BITS, Candidate
from sanctions_check.search.smallbounds import FormFacts, form_facts, small_candidates

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")  # imported by the array paths only

SMALL = 512  # at most this many postings in a query's tables: plain Python beats numpy calls
# the same when the compiled loops bound the query: they cost less per call than numpy's, and
# take queries of more postings than this (full-length news articles: -16 % instructions)
SMALL_COMPILED = 16
# any query in plain Python while the arrays are packed (an index just loaded), for this many
# queries: a one-off query imports no numpy; a run of many then builds the arrays once
PACKED_QUERIES = 16
TRACKED = 8  # list words tracked per form; the rest of a (rare) longer form is assumed alignable


class FormBounds(PackedArrays):
    """Per-form arrays the bound needs (list token weights, exempt positions, pool flags);
    loaded from an index file, they stay packed until the array path reads them
    (:class:`~sanctions_check.files.packedarrays.PackedArrays`: the plain-Python path reads
    the few rows it needs without numpy)."""

    def __init__(
        self,
        tokens: Sequence[Sequence[str]],
        weights: Sequence[Sequence[float]],
        sources: Sequence[str],
        pool_factor: float,
        pool_min_evidence: float,
        scoring: ScoringWeights = DEFAULT_SCORING,
    ) -> None:
        self.scoring = scoring  # the scorer's weights: what each bound must not fall below
        n = len(tokens)
        width = min(TRACKED, max((len(t) for t in tokens), default=1)) or 1
        self.width = width
        # the forms as given, for the plain-Python path (smallbounds): read by position (a
        # loaded matcher's are packed rows, each unpacked when first read)
        self.tokens = tokens
        self.form_weights = weights
        self.pools = frozenset(i for i, s in enumerate(sources) if s == POOL)
        self.small = SMALL
        self._facts: dict[int, FormFacts] = {}  # per form, what the plain-Python bound reads
        # per pooled form, its word weights and the list positions align() compares whatever
        # the masks say (search.poolbound.pool_cut)
        self._pool_facts: dict[int, tuple[Sequence[float], int]] = {}
        # the compiled loop (sanctions_check.search.compiled) when numba is installed and the caller
        # asks for it (Matcher.use_compiled_loops)
        self.compiled = False
        self.pool_factor = pool_factor
        self.pool_min_evidence = pool_min_evidence
        if not n:  # an empty index (compare's pair matcher): no numpy to build it
            self._no_forms(width)
            return
        arrays, self._letter_bits = form_arrays(
            tokens, weights, sources, width, pool_factor, pool_min_evidence, scoring.min_evidence)
        for name, value in arrays.items():
            setattr(self, name, value)
        self._mask = np.int64((1 << width) - 1)

    def _no_forms(self, width: int) -> None:
        """The arrays of no forms (each of its rows, none; the bits of ``width`` positions),
        held packed."""
        self._letter_bits = {}
        self._mask = (1 << width) - 1
        self.set_packed({
            **{n: PackedArray.of("float64", (0,)) for n in ("totals", "tail", "cap", "maxw")},
            **{n: PackedArray.of("int64", (0,)) for n in ("exempt", "starts")},
            **{n: PackedArray.of("bool", (0,)) for n in ("long", "pool")},
            **{n: PackedArray.of("uint32", (0, width)) for n in ("first", "initial")},
            "weights": PackedArray.of("float64", (0, width)),
            "_bits": PackedArray.of("int64", (width,), [1 << j for j in range(width)]),
        })  # fmt: skip

    def unpack_arrays(self) -> None:
        """Build every packed array now, and unpack the words and weights of every form when
        they were loaded packed (an index file's
        :class:`~sanctions_check.files.packfile.PackedRows`: a row unpacked when first read)."""
        super().unpack_arrays()
        if self.compiled and len(self.tokens):  # the compiled call's tables, before a fork
            pack_forms(self)
        for rows in (self.tokens, self.form_weights):
            unpack = getattr(rows, "unpack", None)
            if unpack is not None:
                unpack()

    def letter_bit(self, letter: str) -> int:
        """The bit of ``starts`` that stands for words beginning with ``letter``."""
        return self._letter_bits.get(letter, OTHER_LETTERS)

    def form_facts(self, fid: int) -> FormFacts:
        """What the plain-Python bound reads of form ``fid``, worked out on first use (a
        function of the list alone, like the arrays: kept for the matcher's life)."""
        facts = self._facts.get(fid)
        if facts is None:
            facts = self._facts[fid] = form_facts(self, fid)
        return facts

    def with_letters(self, fids: np.ndarray, initials: dict[int, str]) -> dict[int, np.ndarray]:
        """Per query initial, which of the forms ``fids`` hold a word of its letter."""
        if not initials:
            return {}
        starts = self.starts[fids]
        return {i: (starts >> self.letter_bit(t)) & 1 > 0 for i, t in initials.items()}

    def candidates(
        self,
        index: NameIndex,
        tokens: tuple[str, ...],
        kind: str,
        hi_weights: Sequence[float],
        lo_weights: Sequence[float],
        places: bool,
        floor: float,
    ) -> list[Candidate]:
        """(bound, form id, query positions, list positions) of every form of ``kind`` that
        can score ``floor`` or more, for the matcher to score (positions as align() masks)."""
        initials = {i: t for i, t in enumerate(tokens) if len(t) == 1}
        sw = stopwords()
        particles = [i for i, t in enumerate(tokens) if t in sw]
        # MaxScore: the score is at most 100 * qc, and qc at most hit / (hit + miss * extra)
        # (unmatched query weight costs at least the share `extra`, see score_parts), so a
        # form must match `need` of the query's weight; initials are left to the bound
        extra = self.scoring.least_query_cost(kind, len(tokens))
        total = sum(lo_weights) or 1e-9
        f = min(1.0, max(0.0, floor / 100.0))
        need_w = f * extra * total / (1.0 - f + f * extra) if f < 1.0 else total
        # a one-letter particle ("e" in "Lashkar-e-Taiba") is both: counted once
        left = {*initials, *particles}
        assumed = sum(1 << i for i in left)
        need = need_w - sum(lo_weights[i] for i in left) - 1e-9
        if places:
            # a country word weighs the country weight or in full depending on the entry:
            # no single weight bounds it, so every query word's postings are read
            need = 0.0
        weights = [0.0 if i in left else w for i, w in enumerate(lo_weights)]
        plan = index.plan(tokens, kind, weights, need)
        small = self.small
        if self.compiled and len(tokens) <= MAX_SUBSET_WORDS:
            small = min(small, SMALL_COMPILED)  # (the compiled loops bound such queries)
        if sum(t.size for _qs, _qe, t, _ess in plan) <= small or self.plain_reads(
            "cap", PACKED_QUERIES
        ):  # (the same candidates either way)
            found = small_candidates(
                self, plan, len(tokens), kind, hi_weights, lo_weights, initials, particles, floor
            )
            return pool_cut(self, found, plan, assumed, hi_weights, lo_weights, extra, floor)
        if fits(self, index, len(tokens), weights, need):  # one compiled call for both
            found = fused_candidates(self, index, plan, tokens, kind, hi_weights, lo_weights,
                                     weights, need, initials, particles, floor)  # fmt: skip
            if not found:
                return []
            return pool_cut(self, found, plan, assumed, hi_weights, lo_weights, extra, floor)
        got = index.merge(plan, len(tokens), weights, need)
        if not len(got.fids):
            return []
        keep, bound, can = self.bounds(
            got, kind, hi_weights, lo_weights, initials, particles, floor
        )
        if not len(keep):  # (most queries: no form reaches the floor)
            return []
        credited = got.credits[keep] > 0
        if len(tokens) < MASK_BITS:  # query positions matched, as align() masks
            found = (credited @ (1 << np.arange(len(tokens), dtype=np.int64))).tolist()
        else:  # too many words for int64 masks
            found = [sum(1 << i for i, c in enumerate(row) if c) for row in credited.tolist()]
        fids = got.fids[keep]
        lmasks = np.where(self.long[fids], -1, can).tolist()
        return pool_cut(
            self,
            [
                Candidate(b, fid, q | assumed, lm)
                for b, fid, q, lm in zip(bound.tolist(), fids.tolist(), found, lmasks, strict=True)
            ],
            plan, assumed, hi_weights, lo_weights, extra, floor,
        )  # fmt: skip

    def bounds(
        self,
        got: Gathered,
        kind: str,
        hi_weights: Sequence[float],
        lo_weights: Sequence[float],
        initials: dict[int, str],
        particles: Sequence[int],
        floor: float,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(candidate rows whose bound reaches ``floor``, their bounds, the list positions each
        can align) -- see the module docstring.

        ``hi_weights`` / ``lo_weights``: each query token's heaviest and lightest weight;
        ``initials``: the query's initials by position; ``particles``: query positions of
        particles (they never make a candidate on their own: assumed to match in full).
        The compiled loop computes the same when numba is installed (queries of up to
        :data:`MAX_SUBSET_WORDS` words), these array operations otherwise.
        """
        credits, scoring = got.credits, self.scoring
        loops = compiled_loops() if self.compiled else None
        if loops is not None and credits.shape[1] <= MAX_SUBSET_WORDS:
            return loops.bounds_kernel(
                credits, got.fids, got.lmasks, got.joined,
                self.cap, self.pool, self.exempt, self.first, self.initial, self.long,
                self.totals, self.tail, self.maxw, self.weights, self.starts, self.width,
                np.asarray(hi_weights, dtype=float), np.asarray(lo_weights, dtype=float),
                scoring.least_query_cost(kind, credits.shape[1]), scoring.middle_name_cost(kind),
                scoring.list_exponent(kind), self.pool_factor, scoring.min_evidence,
                self.pool_min_evidence, scoring.query_initial_credit,
                np.array(list(initials), dtype=np.int64),
                np.array([ord(t) for t in initials.values()], dtype=np.uint32),
                np.array([self.letter_bit(t) for t in initials.values()], dtype=np.int64),
                np.array(particles, dtype=np.int64), float(floor),
            )  # fmt: skip
        lettered = self.with_letters(got.fids, initials)
        if initials or particles:
            credits = credits.copy()
            credits[:, particles] = 1.0
            for i, has in lettered.items():  # full credit at most, if any word of its letter
                credits[:, i] = np.where(has | (got.credits[:, i] > 0), 1.0, 0.0)
        hi = np.asarray(hi_weights, dtype=float)
        lo = np.asarray(lo_weights, dtype=float)
        extra = scoring.least_query_cost(kind, credits.shape[1])
        # 1. the query side alone, on every candidate: qc <= A / (A + extra * U)
        a = credits @ hi
        u = (credits <= 0.0) @ lo
        qc = ratio(a, a + extra * u)
        rows = (100.0 * qc * self.cap[got.fids] >= floor).nonzero()[0]
        if not len(rows):
            return rows, np.zeros(0), np.zeros(0, dtype=np.int64)
        fids, credits = got.fids[rows], credits[rows]
        pool = self.pool[fids]
        # 2. what the list side allows
        can = got.lmasks[rows] | self.exempt[fids] if particles else got.lmasks[rows]
        if initials:
            first, exact = self.first[fids], self.initial[fids]
            for i, letter in initials.items():
                code = ord(letter)
                words = first == code
                can |= np.add.reduce(words * self._bits, axis=1)
                # a query initial earns in full against the same initial or a word of its letter
                # (or what a joined query span holding it earns, found by the index)
                credits[:, i] = np.maximum(
                    got.credits[rows, i],
                    np.where(
                        (exact == code).any(axis=1), 1.0,
                        np.where(words.any(axis=1), scoring.query_initial_credit, 0.0),
                    ),
                )  # fmt: skip
        long = self.long[fids]
        if initials and long.any():  # a word of the letter may be past the tracked ones
            for i, has in lettered.items():
                credits[long & has[rows], i] = 1.0
        middle = scoring.middle_name_cost(kind)
        # 2a. a first cut on whole rows: at most `cnt` tracked words alignable, each at most
        # the form's heaviest; then the same bound as below with that list weight
        totals = self.totals[fids]
        hit_u = np.bitwise_count(can & self._mask) * self.maxw[fids] + self.tail[fids]
        hit_u = np.minimum(hit_u, totals)
        un_lo = totals - hit_u
        a = credits @ hi
        u = (credits <= 0.0) @ lo
        bound = _qc(a, u, extra, un_lo) * self._factor(hit_u, un_lo * middle, pool, kind)
        keep = (bound >= floor).nonzero()[0]
        if len(keep) < len(rows):
            rows, fids, credits, can = rows[keep], fids[keep], credits[keep], can[keep]
            pool, long, totals, a, u = pool[keep], long[keep], totals[keep], a[keep], u[keep]
        alignable = (can[:, None] & self._bits) != 0
        weights = self.weights[fids]
        hit_l = np.add.reduce(weights * alignable, axis=1) + self.tail[fids]
        unalignable = np.maximum(totals - hit_l, 0.0)
        # unalignable words before the first or after the last alignable one are never
        # between matched words: not middle names, they cost in full (forms of up to `width`
        # words, whose positions are all tracked)
        inside = np.where(long, 0, can)
        # a position's bit is below the lowest bit of the mask, or above the whole mask
        before = self._bits < (inside & -inside)[:, None]
        outer = np.add.reduce(weights * (before | (self._bits > inside[:, None])), axis=1)
        outer = np.where(inside > 0, outer, 0.0)
        rest = np.maximum(unalignable - outer, 0.0) * middle + outer
        factor = self._factor(hit_l, rest, pool, kind)
        keep = (_qc(a, u, extra, unalignable) * factor >= floor).nonzero()[0]
        rows, fids, credits, can = rows[keep], fids[keep], credits[keep], can[keep]
        factor, unalignable, alignable = factor[keep], unalignable[keep], alignable[keep]
        a, u = a[keep], u[keep]
        # 3. the query side word by word, on what is left; each aligned pair takes a list
        # word of its own: with no joined query span in play, at most `slots` query words
        # are matched
        slots = np.add.reduce(alignable, axis=1, dtype=np.int64)
        single = ~got.joined[rows] & ~self.long[fids]
        n = credits.shape[1]
        if n <= MAX_SUBSET_WORDS:
            qc = subset_bound(credits, hi, lo, extra, unalignable, np.where(single, slots, n))
        else:
            qc = query_bound(credits, hi, lo, extra, unalignable)
            if n and single.any():
                a = np.minimum(a, top_sums(credits * hi, slots))
                qc = np.where(single, np.minimum(qc, _qc(a, u, extra, unalignable)), qc)
        bound = qc * factor
        keep = bound >= floor
        return rows[keep], bound[keep], can[keep]

    def _factor(self, hit: np.ndarray, rest: np.ndarray, pool: np.ndarray, kind: str) -> np.ndarray:
        """100 times the most the list side lets a form score when list weight ``hit`` can be
        aligned and ``rest`` is charged for the words that cannot (pool forms: the pool
        factor with its own evidence)."""
        name = ratio(hit, hit + rest) ** self.scoring.list_exponent(kind)
        name *= np.sqrt(np.minimum(hit / self.scoring.min_evidence, 1.0))
        if pool.any():
            pooled = self.pool_factor * np.sqrt(np.minimum(hit / self.pool_min_evidence, 1.0))
            name = np.where(pool, pooled, name)
        return 100.0 * name


def _qc(a: np.ndarray, u: np.ndarray, extra: float, unalignable: np.ndarray) -> np.ndarray:
    """The query side's bound from credited weight ``a`` and unmatched weight ``u``: unmatched
    weight costs ``extra``, in full as far as the list has ``unalignable`` weight too."""
    return ratio(a, a + extra * u + (1.0 - extra) * np.minimum(u, unalignable))
