"""Score bounds form by form, in plain Python: for a query whose word tables are short.

Contract: :func:`small_candidates` gives what :meth:`sanctions_check.search.bounds.FormBounds.candidates`
gives (bound, form id, query positions, list positions of every form of the kind that can
score the floor), with the same bounds computed form by form from the tables' rows instead
of arrays; :mod:`sanctions_check.search.bounds` uses it when the query's tables hold at most
``FormBounds.small`` postings (numpy calls cost more than they save there; with the compiled
loops on, at most ``SMALL_COMPILED``), and the tests check that both ways give the same
candidates.  What the bound reads of a form alone (its
weight sums, word masks, cap) is worked out once per form (:func:`form_facts`, kept by
``FormBounds.form_facts``), each number by the same sum as per query before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol

from sanctions_check.scoring.weights import ScoringWeights
from sanctions_check.search.coverage import (
    MAX_SUBSET_WORDS,
    query_bound1,
    ratio1,
    subset_bound1,
)
from sanctions_check.search.postings import Candidate, UnitTable


class FormArrays(Protocol):
    """What :func:`small_candidates` reads of :class:`sanctions_check.search.bounds.FormBounds`
    (which calls it, so this module does not import that one)."""

    width: int  # per form (arrays, read by item_of): cap, the score cap; exempt, bit mask
    # of list particle positions; starts, bit mask of the first letters of its words
    pools: frozenset[int]  # forms from the pooled names
    tokens: Sequence[Sequence[str]]
    form_weights: Sequence[Sequence[float]]
    pool_factor: float
    pool_min_evidence: float
    scoring: ScoringWeights  # the scorer's weights (the bound uses the same)

    def letter_bit(self, letter: str) -> int: ...

    def item_of(self, name: str) -> Callable[[int], Any]: ...

    def form_facts(self, fid: int) -> FormFacts: ...

    # what form_facts has worked out so far (read directly in the per-form loop: a dict
    # lookup instead of a method call per candidate form)
    _facts: dict[int, FormFacts]


def small_candidates(
    fb: FormArrays,
    plan: list[tuple[int, int, UnitTable, bool]],
    n: int,
    kind: str,
    hi: Sequence[float],
    lo: Sequence[float],
    initials: dict[int, str],
    particles: Sequence[int],
    floor: float,
) -> list[Candidate]:
    """:meth:`candidates` for a query whose tables are short: the same bound, form by
    form (see :meth:`bounds` for the stages)."""
    scoring = fb.scoring
    extra = scoring.least_query_cost(kind, n)
    assumed = sum(1 << i for i in {*initials, *particles})
    # 0. which query words found each form, and the query side with full credit: most
    # forms stop here, before their credits are looked at
    masks: dict[int, int] = {}
    for qs, qe, t, ess in plan:
        if ess:
            bits = (1 << qe) - (1 << qs)
            if not masks:  # (the first table: every form it finds, with its bits)
                masks = dict.fromkeys(t.rows, bits)
                continue
            for fid in t.rows:
                masks[fid] = masks.get(fid, 0) | bits
    for qs, qe, t, ess in plan:
        if not ess and t.rows:
            bits = (1 << qe) - (1 << qs)
            rows = t.rows
            for fid in rows if len(rows) <= len(masks) else list(masks):
                if fid in masks and fid in rows:
                    masks[fid] |= bits
    reach: dict[int, float] = {}
    found: dict[int, list] = {}  # fid -> [credits, list mask, joined]
    cap = fb.item_of("cap")  # Python floats: the same values, cheaper arithmetic than numpy's
    for fid, mask in masks.items():
        qc = reach.get(mask)
        if qc is None:
            m = mask | assumed
            a = sum(h for i, h in enumerate(hi) if m >> i & 1)
            u = sum(w for i, w in enumerate(lo) if not m >> i & 1)
            qc = reach[mask] = 100.0 * ratio1(a, a + extra * u)
        if qc * cap(fid) >= floor:
            found[fid] = [[0.0] * n, 0, False]
    for qs, qe, t, _ess in plan:
        rows = t.rows
        if not rows or not found:
            continue
        if len(rows) <= len(found):
            pairs = [(found[fid], hit) for fid, hit in rows.items() if fid in found]
        else:
            pairs = [(row, rows[fid]) for fid, row in found.items() if fid in rows]
        for row, hit in pairs:
            row[1] |= hit[0]
            creds, credit = row[0], hit[1]
            if qe - qs > 1:
                row[2] = True
                for i in range(qs, qe):
                    if credit > creds[i]:
                        creds[i] = credit
            elif credit > creds[qs]:
                creds[qs] = credit
    middle = scoring.middle_name_cost(kind)
    exponent, evidence = scoring.list_exponent(kind), scoring.min_evidence
    initial_credit = scoring.query_initial_credit
    out = []
    stage1: dict[tuple[object, ...], float] = {}  # the query side alone, per credits row
    bits = {i: fb.letter_bit(t) for i, t in initials.items()}
    full = (*initials, *particles)  # query positions assumed matched in full
    facts, facts_of = fb._facts, fb.form_facts
    # (sums below add the same numbers in the same order as sum() over generators did)
    for fid, (raw, lmask, joined) in sorted(found.items()):
        f = facts.get(fid) or facts_of(fid)
        lettered: dict[int, bool] = {}
        if bits:
            letters = f.starts
            lettered = {i: letters >> b & 1 > 0 for i, b in bits.items()}
            key = (*raw, *lettered.values())
        else:
            key = tuple(raw)
        qc = stage1.get(key)
        if qc is None:
            creds = list(raw)
            for i in particles:
                creds[i] = 1.0
            for i, has in lettered.items():  # full credit at most, if any word of its letter
                creds[i] = 1.0 if has or raw[i] > 0 else 0.0
            a = sum(c * h for c, h in zip(creds, hi, strict=True))
            u = sum(w for c, w in zip(creds, lo, strict=True) if c <= 0.0)
            qc = stage1[key] = ratio1(a, a + extra * u)
        if 100.0 * qc * f.cap < floor:
            continue
        creds = list(raw)
        for i in full:
            creds[i] = 1.0
        long = f.long
        can = lmask | f.exempt if particles else lmask
        for i, letter in initials.items():
            words = f.lettered.get(letter, 0)
            can |= words
            if letter in f.initials or (long and lettered[i]):  # (past the tracked words)
                creds[i] = 1.0
            else:
                creds[i] = max(raw[i], initial_credit if words else 0.0)
        hit_l = 0
        for j, w in enumerate(f.tracked):
            if can >> j & 1:
                hit_l += w
        hit_l += f.tail
        unalignable = max(f.total - hit_l, 0.0)
        if f.pool:
            factor = fb.pool_factor * min(hit_l / fb.pool_min_evidence, 1.0) ** 0.5
        else:
            rest = unalignable * middle
            if can and not long:
                # unalignable words before the first or after the last alignable one are
                # never between matched words: not middle names, they cost in full
                low, high = (can & -can).bit_length() - 1, can.bit_length() - 1
                outer = f.before[low] + f.after[high + 1]
                rest = max(unalignable - outer, 0.0) * middle + outer
            lc = ratio1(hit_l, hit_l + rest)
            factor = lc**exponent * min(hit_l / evidence, 1.0) ** 0.5
        factor *= 100.0
        a = u = 0
        for c, h, w in zip(creds, hi, lo, strict=True):
            a += c * h
            if c <= 0.0:
                u += w
        qc = _qc1(a, u, extra, unalignable)
        if qc * factor < floor:
            continue
        slots = n
        if not joined and not long:
            slots = bin(can & f.words).count("1")
        if n <= MAX_SUBSET_WORDS:
            qc = subset_bound1(creds, hi, lo, extra, unalignable, slots)
        else:
            qc = query_bound1(creds, hi, lo, extra, unalignable)
            values = sorted((c * h for c, h in zip(creds, hi, strict=True)), reverse=True)
            a = min(a, sum(values[:slots]))
            qc = min(qc, _qc1(a, u, extra, unalignable))
        bound = qc * factor
        if bound >= floor:
            q_mask = sum(1 << i for i, c in enumerate(raw) if c > 0) | assumed
            out.append(Candidate(bound, fid, q_mask, -1 if long else can))
    return out


class FormFacts(NamedTuple):
    """What the bound reads of one form, worked out once per form (:func:`form_facts`)."""

    cap: float  # the form's score cap (FormBounds.cap)
    exempt: int  # bit mask of its list particle positions
    starts: int  # bit mask of the first letters of its words
    pool: bool  # a form from the pooled names
    long: bool  # more words than are tracked
    tracked: tuple[float, ...]  # the weights of the tracked words
    tail: float  # sum() of the weights past the tracked words
    total: float  # sum() of all its weights
    before: tuple[float, ...]  # [k]: sum() of the first k weights
    after: tuple[float, ...]  # [k]: sum() of the weights from the k-th on
    words: int  # bit mask of its tracked words
    lettered: dict[str, int]  # per first letter, the tracked words of more than one letter
    initials: frozenset[str]  # its tracked one-letter words


def form_facts(fb: FormArrays, fid: int) -> FormFacts:
    """The :class:`FormFacts` of form ``fid``: each number computed as the bound computed it
    per query before (the same sums of the same weights in the same order)."""
    toks, ws = fb.tokens[fid], fb.form_weights[fid]
    width = fb.width
    head = toks[:width]
    lettered: dict[str, int] = {}
    for j, t in enumerate(head):
        if len(t) > 1:
            lettered[t[0]] = lettered.get(t[0], 0) | 1 << j
    return FormFacts(
        fb.item_of("cap")(fid), fb.item_of("exempt")(fid), fb.item_of("starts")(fid),
        fid in fb.pools,
        len(toks) > width, tuple(ws[:width]), sum(ws[width:]), sum(ws),
        tuple(sum(ws[:k]) for k in range(len(ws) + 1)),
        tuple(sum(ws[k:]) for k in range(len(ws) + 1)),
        (1 << min(len(toks), width)) - 1, lettered, frozenset(t for t in head if len(t) == 1),
    )  # fmt: skip


def _qc1(a: float, u: float, extra: float, unalignable: float) -> float:
    """``bounds._qc`` of one form: the query side's bound from credited weight ``a`` and
    unmatched weight ``u``."""
    return ratio1(a, a + extra * u + (1.0 - extra) * min(u, unalignable))
