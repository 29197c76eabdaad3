"""A query with more words than the list name: persons (algorithm 1.9, issue 18 round 6),
organisations (1.14).

Contract: pure functions over normalised tokens, used by
:func:`sanctions_check.scoring.namescore.score_parts`.  When a person's query holds the whole
list name and more, the words after its first matched word are middle or later names the
list does not record ("Ahmad 'Ali Ahsan al-Hamzi" for AHMAD 'ALI AL-HAMZI): they are charged
at ``query_middle_cost`` of the usual share, and the hit is at most "possible".
:func:`holds_full_name` says whether a list name is full enough for that, :func:`in_order`
whether the query holds it in its order, :func:`later_unmatched` weighs the words concerned.

The other way round (algorithm 1.10, round 7): where a name's structure leaves no room for a
word more, a query word the list name lacks is another name, not a dropped one, and is
charged in full (:func:`extra_is_another_name`): a Korean name is a family name and one or
two given-name syllables, so a syllable more than such a name in full is another given name ("Pak Bom Yong Sik" is
not PAK YONG SIK); a kunya ("Abu X", father of X) names one child, so a query whose word
after "Abu" is not matched names another ("Abu Mansour Mohamed al-Adnani" is not ABU
MOHAMED AL-ADNANI).

An organisation's query holding the whole list name and more (containment) that ends with
the list name is charged a smaller share for its extra words (1.14, ``contained_lead_cost``):
:func:`ends_with_match` says whether it does.  One that goes on after the list name with a
name of its own names another body (1.16: no containment): :func:`names_another_body`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sanctions_check.names.countries import is_country_word
from sanctions_check.names.lexicon import (
    canonical_token,
    common_names,
    honorific_names,
    is_korean_name,
    is_korean_syllable,
    kunya_words,
    legal_forms,
    link_words,
    org_heads,
    stopwords,
)


def holds_full_name(listed: Sequence[str]) -> bool:
    """Whether a person's list name is full enough for a query holding it and more to be
    that person with names the list does not record (:func:`~sanctions_check.scoring.namescore.score_parts`, 1.9): three names
    or two distinctive ones (not in ``common_names.txt``: "Mohamed Mire" with a word more is as
    likely another man of that given name), a name being a word that is no particle, initial
    or honorific; not a name opening with a kunya ("Abu Asim" with a word more is the father
    of someone else) nor a Korean name (its given name is its syllables: "Cho Yong Chol" is
    not CHO CHOL with a middle name)."""
    sw, kunya = stopwords(), kunya_words()
    names = [t for t in listed if t not in sw and len(t) > 1]
    if not names or names[0] in kunya or all(is_korean_syllable(t) for t in names):
        return False
    honorific, common = honorific_names(), common_names()
    names = [t for t in names if t not in honorific]
    return len(names) >= 3 or sum(canonical_token(t) not in common for t in names) >= 2


def in_order(pairs: Sequence[tuple[int, int, int, int, float, str]]) -> bool:
    """Whether aligned spans (query start, end, list start, end, ...) keep the list name's
    order: the query holds it as written, not its words shuffled ("Ali Akbar Ahmadian" does
    not hold AHMAD IMAN ALI)."""
    ends = [ls for _qs, _qe, ls, _le, _sim, _m in sorted(pairs)]
    return all(a < b for a, b in zip(ends, ends[1:], strict=False))


def later_unmatched(costs: Sequence[float], used: int) -> float:
    """The weight of the words left unmatched after the first matched word (``used``: a bit
    mask of the matched positions): middle and later names, not a given name of its own."""
    if not used:
        return 0.0
    first = (used & -used).bit_length() - 1
    return sum(w for i, w in enumerate(costs[first:], first) if not used >> i & 1)


def ends_with_match(tokens: Sequence[str], used: int) -> bool:
    """Whether a name ends with a matched word (``used``: a bit mask of the matched
    positions), particles and legal forms after it aside: an organisation query that ends
    with the list name it holds names that organisation ("Tehrik-e Taliban Pakistan Jamaat ul
    Ahrar" is JAMAAT-UL-AHRAR); words after it name something of it ("Ministry of Defense
    Logistics Export" is not MINISTRY OF DEFENSE)."""
    if not used:
        return False
    weak = stopwords() | legal_forms()
    return all(t in weak for t in tokens[used.bit_length():])


def names_another_body(query: Sequence[str], listed: Sequence[str], used: int) -> bool:
    """Whether an organisation query holding the whole list name (``used``: a bit mask of the
    matched query positions) names another body after it: the list name already says what
    kind of body it is (a word of ``org_heads.txt``: bank, army, movement, jamaat...), and the
    query goes on with two words or more of a name of its own before any link word
    (``link_words.txt``: of, in, fi...), not counting particles, country words and trailing
    legal forms or generic words.  The head of an English name comes last, so "KOREA DAESONG
    BANK Employees Union" is a union and "SHEN ZHONG INTERNATIONAL SHIPPING Pension Fund" a
    fund named after the listed body (1.16: no containment, the extra words charged in
    full).  The list's own longer names go on with a qualifying phrase ("Islamic Jihad Group
    of Uzbekistan", "Jund al-Khalifa fi Ard al-Jazayer"), a place ("Ansar al-Sharia
    Benghazi") or a legal form or generic word ("Al Wafa Organization", "ISIL-Tunisia
    Province"), or say what a name without a head is ("Al Haramain Al Masjed Al Aqsa" /
    "... Charity Foundation"): they still name the listed body."""
    heads = org_heads()
    if not used or not any(t in heads for t in listed):
        return False
    links = link_words()
    after: list[str] = []  # the words after the list name, up to a link word
    for t in query[used.bit_length():]:
        if t in links:
            break
        after.append(t)
    weak = legal_forms()
    while after and after[-1] in weak:
        after.pop()
    sw = stopwords()
    return sum(t not in sw and len(t) > 1 and not is_country_word(t) for t in after) >= 2


def extra_is_another_name(query: Sequence[str], listed: Sequence[str], used_q: int) -> str:
    """Why a query word the list name lacks (``used_q``: a bit mask of the matched query
    positions) is another name rather than one the list does not record, or "" when it may be
    the latter.  Korean names have no middle names: a family name and one or two given-name
    syllables, so when a query made of Korean syllables has three of them matched by the
    list name, a Korean name in full, an unmatched syllable is another given name ("Pak Bom
    Yong Sik" / PAK YONG SIK, "Jo Yong Won Jang" / CHO YONGWON; with two matched, it may be
    the family name an alias leaves out: "Kim Jong Un" / JONG UN).  A kunya names one
    child: when both names open with a kunya word ("Abu", ``kunya_words.txt``) and the
    query's next name, the kunya's own, is unmatched, the query is another kunya ("Abu
    Mansour Mohamed al-Adnani" / ABU MOHAMED AL-ADNANI).  The score charges such a word in
    full (:func:`~sanctions_check.scoring.namescore.score_parts`), as a substitution."""
    unmatched = [i for i, t in enumerate(query) if not used_q >> i & 1]
    if not unmatched:
        return ""
    if len(query) - len(unmatched) >= 3 and is_korean_name(tuple(query)):
        # the whole list name met three of the query's syllables (a syllable of one letter is
        # one: "u", CHO IL U; a list word may hold two: CHO YONGWON)
        return "a Korean name has no middle names: a syllable more is another given name"
    sw, kunya = stopwords(), kunya_words()
    q_names = [i for i, t in enumerate(query) if t not in sw and len(t) > 1]
    l_names = [t for t in listed if t not in sw and len(t) > 1]
    if (len(q_names) >= 2 and query[q_names[0]] in kunya and l_names and l_names[0] in kunya
            and q_names[1] in unmatched):
        return "the query's kunya (the name after Abu / Umm) is not the list name's"
    return ""


__all__ = ["ends_with_match", "extra_is_another_name", "holds_full_name", "in_order",
           "later_unmatched", "names_another_body"]
