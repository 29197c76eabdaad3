"""The name score: a query name against one list name, 0..100, with an explanation.

Contract: pure functions over normalised token sequences (see
:mod:`sanctions_check.names.normalise`), their token weights
(:class:`sanctions_check.scoring.features.TokenWeights`) and the
:class:`~sanctions_check.scoring.weights.ScoringWeights` given (``scoring``, default the
documented ones); the tokens are aligned by :func:`sanctions_check.scoring.alignment.align` and
each pair earns :func:`~sanctions_check.scoring.features.credit` of its weight.

* :func:`name_score` -- 0..100 from the alignment, weighting tokens by how informative they
  are (IDF over the list; particles and legal forms weak).  Unmatched query tokens cost in
  full; unmatched list tokens (dropped middle names, patronymics, legal forms) cost less for
  persons than for organisations; the rules below cap what proves little.
* :func:`score_parts` + :func:`explain` -- the same score in two steps: the matcher scores
  every candidate with the first and explains only the hits it reports with the second.
* The person rules: only common names matched (:func:`only_common`), a later name in
  given-name position (:func:`given_displaced`), the names around "bin" swapped
  (:func:`link_swapped`); organisation qualifiers are :mod:`sanctions_check.names.qualifiers`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.names.kontsevich import shown
from sanctions_check.names.lexicon import (
    canonical_token,
    common_names,
    kunya_words,
    stopwords,
)
from sanctions_check.names.qualifiers import qualifier_limits
from sanctions_check.scoring.alignment import Span, align, first_content, is_particles
from sanctions_check.scoring.extranames import (
    ends_with_match,
    extra_is_another_name,
    holds_full_name,
    in_order,
    later_unmatched,
    names_another_body,
)
from sanctions_check.scoring.features import credit, unmatched_costs
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights


class ScoreParts(NamedTuple):
    """What :func:`score_parts` computes: the score, both coverages, the matched list weight,
    the alignment and the qualifier notes."""

    score: float
    query_coverage: float
    list_coverage: float
    matched_weight: float
    pairs: list[Span]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class AlignedPair:
    query: tuple[str, ...]
    listed: tuple[str, ...]
    sim: float
    method: str

    def describe(self) -> str:
        q, lst = " ".join(map(shown, self.query)), " ".join(map(shown, self.listed))
        if self.method == "exact" and q.replace(" ", "") == lst.replace(" ", ""):
            return q if q == lst else f"{q}~{lst} (joined)"
        return f"{q}~{lst} ({self.method} {self.sim:.2f})"


@dataclass(frozen=True)
class NameScore:
    score: float  # 0..100
    query_coverage: float  # weighted share of the query matched (0..1)
    list_coverage: float  # weighted share of the list name matched (0..1)
    pairs: tuple[AlignedPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_list: tuple[str, ...]
    matched_weight: float = 0.0  # list weight earned by matched tokens (absolute)
    notes: tuple[str, ...] = ()  # qualifiers that lowered the score (qualifiers.py)

    def describe(self) -> str:
        parts = [p.describe() for p in self.pairs]
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_list:
            parts.append("list only: " + " ".join(self.unmatched_list))
        parts.extend(self.notes)
        return "; ".join(parts)


def _content_count(tokens: Sequence[str]) -> int:
    sw = stopwords()
    return sum(1 for t in tokens if t not in sw and len(t) > 1)


def score_parts(
    query: Sequence[str],
    listed: Sequence[str],
    q_weights: Sequence[float],
    l_weights: Sequence[float],
    kind: str,
    joins: bool,
    q_mask: int,
    l_mask: int,
    countries: frozenset[str] = frozenset(),
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> ScoreParts:
    """(score, qc, lc, matched list weight, alignment, notes) -- see :func:`name_score`; the
    matcher scores candidates with this and explains the best ones with :func:`explain`.
    ``countries``: those the list entry is tied to (organisation qualifiers)."""
    pairs = align(query, listed, joins, q_mask, l_mask, scoring)
    if not pairs:
        return ScoreParts(0.0, 0.0, 0.0, 0.0, pairs, ())
    mq = ml = 0.0
    real = initials = False
    said = 0.0  # list weight of given names a query initial stands for, beyond its credit
    weakest = 1.0  # the least similar pair other than initials
    used_q = used_l = 0
    short_token, not_strong = scoring.short_token, scoring.not_strong
    for qs, qe, ls, le, sim, method in pairs:
        single = qe - qs == 1 and le - ls == 1
        short = single and min(len(query[qs]), len(listed[ls])) <= short_token
        c = credit(sim, short, scoring)
        if method == "initial" and len(query[qs]) == 1 and ls == first_content(listed):
            # "D. Umarov": a query's initial of the list name's given name said all it had
            # (the list's "Dokka" is matched only as far as an initial goes); an initial is
            # never "strong" evidence
            mq += scoring.query_initial_credit * q_weights[qs]
            initials = True
            said += (1.0 - c) * l_weights[ls]
        else:
            mq += c * sum(q_weights[qs:qe])
            if method != "initial":
                weakest = min(weakest, sim)
        ml += c * sum(l_weights[ls:le])
        used_q |= ((1 << (qe - qs)) - 1) << qs
        used_l |= ((1 << (le - ls)) - 1) << ls
        if not real and method != "initial":
            real = not is_particles(query[qs:qe]) and not is_particles(listed[ls:le])
    if not real:
        return ScoreParts(0.0, 0.0, 0.0, 0.0, [], ())
    costs = unmatched_costs(query, q_weights, kind, scoring)
    uq = sum(w for i, w in enumerate(costs) if not used_q >> i & 1)
    wq = sum(w for i, w in enumerate(q_weights) if used_q >> i & 1) + uq or 1e-9
    ul = sum(w for j, w in enumerate(l_weights) if not used_l >> j & 1)
    wl = sum(l_weights) or 1e-9
    middle = scoring.middle_name_cost(kind)
    if middle < 1.0 and ul:
        # unmatched list words between the first and last matched ones are middle names,
        # patronymics, nasab chains: the ones people drop ("Aisha Gaddafi")
        first = (used_l & -used_l).bit_length() - 1
        last = used_l.bit_length() - 1
        inner = sum(w for j, w in enumerate(l_weights[first:last], first) if not used_l >> j & 1)
        wl -= inner * (1.0 - middle)
    # unmatched query weight costs more when the list name has unmatched weight too
    extra = scoring.extra_query_cost(kind)
    notes: tuple[str, ...] = ()
    if kind == ORG:
        cap, penalty, notes = qualifier_limits(
            query, listed, used_q, used_l, countries, not_strong=not_strong,
            legal_form_penalty=scoring.legal_form_penalty,
            place_conflict_cap=scoring.place_conflict_cap,
        )
    # (a qualifier among the extra words, "Foreign Trade Bank" + "of Vietnam", is no
    # containment: another entity; nor a name of its own after a list name that says what
    # kind of body it is, "KOREA DAESONG BANK Trading Services": another body, 1.16)
    contained = (kind == ORG and uq and not ul and ml >= scoring.contained_evidence
                 and not notes and not names_another_body(query, listed, used_q))
    if kind == ORG and not contained:
        extra = 1.0
    elif kind == PERSON and uq and extra < 1.0 and extra_is_another_name(query, listed, used_q):
        # a Korean syllable more, another kunya: another name, charged in full (1.10)
        extra = 1.0
    factor = extra + (1 - extra) * min(1.0, ul / uq) if uq else 1.0
    charged = uq * factor
    if contained and ends_with_match(query, used_q):
        # the query ends with the list name: its extra words, before or among the list
        # name's, name the listed entity by its parent or more fully ("Tehrik-e Taliban
        # Pakistan Jamaat ul Ahrar" ~ JAMAAT-UL-AHRAR), charged at `contained_lead_cost`;
        # words after it name something of it ("Ministry of Defense Logistics Export" ~
        # MINISTRY OF DEFENSE), charged as before (1.14)
        charged = uq * min(extra, scoring.contained_lead_cost)
    full_qc = min(1.0, mq / ((wq - uq) + charged))
    holds = (bool(uq) and kind == PERSON and not ul and holds_full_name(listed)
             and in_order(pairs))
    if holds:
        # the query holds the whole list name (full enough: extranames), in its order, and
        # more after its first matched word: middle or later names the list does not
        # record ("Ahmad Ali Ahsan al-Hamzi" for AHMAD ALI AL-HAMZI, "Bakht Gul Bahar" for
        # BAKHT GUL), charged at `query_middle_cost` of the usual share; at most "possible"
        # (1.9).  A word before it is another given name: a brother ("Yassir Sabawi ..." is
        # not UMAR SABAWI ...), charged as before
        charged -= later_unmatched(costs, used_q) * factor * (1.0 - scoring.query_middle_cost)
    qc = min(1.0, mq / ((wq - uq) + charged))
    lc = min(1.0, ml / wl)
    exponent, single_word = scoring.list_exponent(kind), scoring.single_word_exponent
    if (exponent < single_word and not (initials and weakest >= scoring.initial_agree)
            and _content_count(query) == 1 < _content_count(listed)):
        # one word of a longer name ("Agus" for AGUS DWIKARNA) is not a dropped middle name;
        # with the initial of the given name and a family name that agrees it is a name
        # ("V. Putin" for VLADIMIR VLADIMIROVICH PUTIN: the patronymic dropped)
        exponent = single_word
    q_exponent = scoring.query_exponent
    score = 100.0 * qc**q_exponent * lc**exponent
    if holds:
        # more than the list name is never strong on its own (charged as before, the query
        # scores `full`; the rule lifts it to "possible" at most)
        full = 100.0 * full_qc**q_exponent * lc**exponent
        score = max(full, min(score, not_strong))
    if contained:
        # charged in full, the query would score `full`; containment lifts it to "possible"
        full = 100.0 * min(1.0, mq / wq) ** q_exponent * lc**exponent
        score = max(full, min(score, not_strong))
        contained = score > full
    evidence = ml
    if initials and weakest >= scoring.initial_agree:
        # "M. Gaddafi": the initial stands for the given name (MOHAMMED), as evidence, when
        # the other words agree (credit 1 at most per list word: the bounds' assumption)
        evidence += said
    if evidence < scoring.min_evidence:
        # too little agreeing information: "Omar" alone, "Abu Ahmad" prove little
        score *= math.sqrt(evidence / scoring.min_evidence)
    if kind == ORG:
        if contained:
            notes = ("the query holds the whole list name and more: at most possible", *notes)
        score = max(0.0, min(cap, score - penalty))
    elif kind == PERSON and score > not_strong and only_common(query, listed, used_q, used_l):
        score = not_strong
        notes = ("only common names matched; the list name's distinctive words did not",)
    if initials and score > not_strong:
        score = not_strong
        notes = (*notes, "an initial of the query stands for a name: at most possible")
    if kind != ORG and given_displaced(query, listed, pairs):
        score *= scoring.given_position_factor
        notes = (*notes, "the query's given name is a later name of the list name, whose own "
                         "given name is missing (a father's name?)")
    if kind != ORG:
        cap, note = link_cap(query, listed, pairs, used_l, scoring)
        if score > cap:
            score = cap
            notes = (*notes, note)
    return ScoreParts(round(score, 2), qc, lc, ml, pairs, notes)


def link_cap(
    query: Sequence[str],
    listed: Sequence[str],
    pairs: list[Span],
    used_l: int,
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> tuple[float, str]:
    """The most a person's name may score when the query links a son to his father ("X bin
    Y") and the alignment says otherwise (:func:`link_swapped`: ``link_swap_cap``;
    :func:`father_differs`: ``link_father_cap``), with why; 100 and "" when it does not.
    The matcher caps a pooled form's score by it too (the pool score is made otherwise)."""
    if not any(t in LINKS for t in query):
        return 100.0, ""
    if link_swapped(query, listed, pairs):
        return (scoring.link_swap_cap,
                "the names around bin / ibn are the other way round (father and son)")
    if father_differs(query, listed, pairs, used_l):
        return (scoring.link_father_cap, "the query's father's name (after bin / ibn) is a "
                "later name of the list name, which gives another father's name")
    return 100.0, ""


LINKS = frozenset({"bin", "ibn", "ben", "bint", "ould", "binti"})


def link_swapped(
    query: Sequence[str], listed: Sequence[str], pairs: list[Span]
) -> bool:
    """Whether the words on the two sides of a patronymic link ("X bin Y": X the son of Y)
    are aligned the other way round: the query's X with a word after a link of the list
    name, and its Y with a word before that link ("Salman bin Muhammad" is not "Muhammad
    bin Salman": capped at ``scoring.link_swap_cap``, below the threshold)."""
    where = {qs: ls for qs, qe, ls, le, _sim, _m in pairs if qe - qs == 1 and le - ls == 1}
    links = [j for j, t in enumerate(listed) if t in LINKS]
    if not links:
        return False
    for p, t in enumerate(query):
        if t in LINKS and p - 1 in where and p + 1 in where:
            before, after = where[p - 1], where[p + 1]
            if any(after < j < before for j in links):
                return True
    return False


def father_differs(
    query: Sequence[str], listed: Sequence[str], pairs: list[Span], used_l: int
) -> bool:
    """Whether a query's "X bin Y" (X the son of Y) meets a list name with X, then an
    unmatched name that is no particle (the father's name in a nasab), then Y, and no link
    between X and Y: the list gives X another father ("Mohammed bin Salman" is not
    MUHAMMAD DA'UD SALMAN; "Usama bin Laden" is USAMA MUHAMMED AWAD BIN LADEN, the list's
    "bin" before LADEN).  Capped at ``scoring.link_father_cap``, below the threshold."""
    if not any(t in LINKS for t in query):
        return False
    where = {qs: ls for qs, qe, ls, le, _sim, _m in pairs if qe - qs == 1 and le - ls == 1}
    sw = stopwords()
    for p, t in enumerate(query):
        if t in LINKS and p - 1 in where and p + 1 in where:
            son, father = where[p - 1], where[p + 1]
            between = range(son + 1, father)
            if any(listed[j] in LINKS for j in between):
                continue
            if any(not used_l >> j & 1 and listed[j] not in sw and len(listed[j]) > 1
                   for j in between):
                return True
    return False


def given_displaced(
    query: Sequence[str], listed: Sequence[str], pairs: list[tuple[int, int, int, int, float, str]]
) -> bool:
    """Whether a person's query puts a later name of the list name (a father's or
    grandfather's name) in given-name position while the list name's first word, its given
    name, is left unmatched ("Muammar Gaddafi" is MUAMMAR MOHAMMED ABU MINYAR QADHAFI rather
    than his son MOHAMMED MUAMMAR QADHAFI, whose second name is his father's: the score is
    multiplied by ``scoring.given_position_factor``).  List names that open with a kunya
    ("Abu ...", ``kunya_words.txt``) are left alone."""
    qf, lf = first_content(query), first_content(listed)
    if qf < 0 or lf < 0 or listed[lf] in kunya_words():
        return False
    at = None
    for qs, qe, ls, le, _sim, method in pairs:
        if ls <= lf < le:
            return False  # the list's given name is matched
        if qs <= qf < qe and method != "initial":
            at = ls
    return at is not None and at > lf


def only_common(query: Sequence[str], listed: Sequence[str], used_q: int, used_l: int) -> bool:
    """Whether every matched query word is a common name (``common_names.txt``) while a
    list word (not a particle or initial) is left unmatched: "Malik Iqbal" against "Malik
    Zafar Iqbal" is at most "possible" (strong means strong), and so is "Ibrahim Hassan"
    against "IBRAHIM, Mohammed Hassan" (since 1.6: the list word left over need not be
    distinctive; common names alone never make the whole of a longer name)."""
    common, sw = common_names(), stopwords()
    for i, t in enumerate(query):
        if used_q >> i & 1 and t not in sw and len(t) > 1 and canonical_token(t) not in common:
            return False
    return any(
        not used_l >> j & 1 and t not in sw and len(t) > 1
        for j, t in enumerate(listed)
    )


def name_score(
    query: Sequence[str],
    listed: Sequence[str],
    q_weights: Sequence[float],
    l_weights: Sequence[float],
    kind: str = PERSON,
    joins: bool = True,
    q_mask: int = -1,
    l_mask: int = -1,
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> NameScore:
    """Score a query name against one list name (both as token sequences), 0..100.

    ``score = 100 * qc ** query_exponent * lc ** list_exponent(kind)`` where ``qc`` / ``lc``
    are the weighted shares of query / list tokens matched, each token earning :func:`credit`
    of its similarity, times ``sqrt(matched / min_evidence)`` when the matched list weight is
    below ``min_evidence`` (one common word proves little); all of ``scoring``.  Unmatched
    query weight is charged in full when the list name has unmatched weight too (a
    substitution), at ``extra_query_cost(kind)`` when not ("Thomas Lubanga Dyilo" ~ "THOMAS
    LUBANGA").  A name whose only agreement is initials or particles ("al", "bin") scores 0.
    """
    parts = score_parts(
        query, listed, q_weights, l_weights, kind, joins, q_mask, l_mask, scoring=scoring
    )
    return explain(query, listed, parts)


def explain(query: Sequence[str], listed: Sequence[str], parts: ScoreParts) -> NameScore:
    """The :class:`NameScore` of a :func:`score_parts` result."""
    score, qc, lc, ml, pairs, notes = parts
    used_q = {i for qs, qe, *_ in pairs for i in range(qs, qe)}
    used_l = {j for _, _, ls, le, *_ in pairs for j in range(ls, le)}
    return NameScore(
        score=score,
        query_coverage=qc,
        list_coverage=lc,
        pairs=tuple(  # in query order, for reading
            AlignedPair(tuple(query[qs:qe]), tuple(listed[ls:le]), sim, method)
            for qs, qe, ls, le, sim, method in sorted(pairs)
        ),
        unmatched_query=tuple(t for i, t in enumerate(query) if i not in used_q),
        unmatched_list=tuple(t for j, t in enumerate(listed) if j not in used_l),
        matched_weight=ml,
        notes=notes,
    )
