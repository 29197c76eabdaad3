"""Qualifiers that tell organisations apart: legal forms, places and series numbers.

Contract: :func:`qualifier_limits` takes an organisation query and list name (normalised
tokens, see :mod:`sanctions_check.names.normalise`, where legal forms are already read as their
generic form) and which of their tokens the alignment matched, and returns the most the name
score may be, a penalty, and a note per rule that applied (shown in the explanation).  It
only ever lowers a score, so the candidate index and its bounds stay exact.  The caps and
the penalty are the caller's (the scorer passes those of its
:class:`~sanctions_check.scoring.weights.ScoringWeights`: ``not_strong`` 89,
``legal_form_penalty`` 10, ``place_conflict_cap`` 70 by default).

Rules (the words in question left unmatched by the alignment):

* **different legal forms** -- a generic legal form on each side, of different families
  (``jsc`` / ``llc``: "Deutsche Bank AG" / "Deutsche Bank GmbH"): ``legal_form_penalty``
  points off, and at most ``not_strong`` (never "strong" on its own; together with any
  other difference below the alert threshold);
* **different places** -- a country on each side, different countries ("Bank of China (Hong
  Kong)" / "Bank of China (Singapore)"): different legal entities, at most
  ``place_conflict_cap`` (below the alert threshold);
* **a national legal form** -- a legal form of one country's law (``gmbh``, ``sarl``...:
  ``data/national_legal_forms.csv``) on one side only, or another one on the other side
  ("Rahat GmbH" / RAHAT LTD., "Koryo Bank GmbH" / KORYO BANK): registered under different
  laws, at most ``not_strong`` (two different national forms also take
  ``legal_form_penalty`` off, as different legal forms).  Such a form counts as its family
  (``gmbh`` is ``llc``) for the rule above; a form of a country the entry is tied to is no
  qualifier;
* **place on one side only** -- a national subsidiary and its parent ("Banco Santander
  México S.A." / "Banco Santander S.A."): at most ``not_strong``.  A country the entry
  is tied to (``countries``, given by the matcher: "Korea" in KOREA RYONBONG GENERAL
  CORPORATION, a North Korean entity) is not one;
* **series numbers** -- a number (digits, or a Roman numeral of two or more letters) on
  either side that the other does not share ("Fund III" / "Fund IV", "JI SONG 6" /
  "JI SONG 8", a numbered vessel against its sister ship): related entities, at most
  ``not_strong``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from sanctions_check.names.countries import COUNTRY_KEY_DROPS, country_code, is_country_word
from sanctions_check.names.lexicon import national_legal_forms

LEGAL_FAMILIES = frozenset({"jsc", "llc", "lp", "llp"})
_ROMAN = re.compile(r"^(?=[ivxl]{2,}$)(x{0,3})(ix|iv|v?i{0,3})$")


def is_series(token: str) -> bool:
    """A series number: digits ("2", "2004") or a Roman numeral of 2+ letters ("iii")."""
    return token.isdigit() or bool(_ROMAN.match(token))


def _places(tokens: Sequence[str], free: Collection[int]) -> dict[str, list[int]]:
    """Country code -> positions, for unmatched country words and two-word country names.

    A pair is a two-word name only without the words the country table's keys drop ("the",
    "of"; 1.11): "in the" is not India, read as the code IN, nor "and the" Andorra (AND:
    ISLAMIC STATE IN IRAQ AND THE LEVANT - YEMEN had a place "AD" on one side)."""
    out: dict[str, list[int]] = {}
    for i in sorted(free):
        code = country_code(tokens[i]) if is_country_word(tokens[i]) else None
        if (code is None and i + 1 in free and tokens[i] not in COUNTRY_KEY_DROPS
                and tokens[i + 1] not in COUNTRY_KEY_DROPS):
            pair = f"{tokens[i]} {tokens[i + 1]}"
            code = country_code(pair) if len(pair) > 5 else None
            if code is not None:
                out.setdefault(code, []).extend((i, i + 1))
                continue
        if code is not None:
            out.setdefault(code, []).append(i)
    return out


def qualifier_limits(
    query: Sequence[str],
    listed: Sequence[str],
    used_q: int,
    used_l: int,
    countries: Collection[str] = (),
    *,
    not_strong: float,
    legal_form_penalty: float,
    place_conflict_cap: float,
) -> tuple[float, float, tuple[str, ...]]:
    """(most the score may be, points off, notes) for an organisation pair; ``used_q`` /
    ``used_l`` are bitmasks of the matched tokens, ``countries`` the ISO codes of the
    countries the list entry is tied to; the caps and penalty as the module docstring says."""
    free_q = [i for i in range(len(query)) if not used_q >> i & 1]
    free_l = [j for j in range(len(listed)) if not used_l >> j & 1]
    cap, penalty, notes = 100.0, 0.0, []
    national = national_legal_forms()
    if free_q and free_l:
        lq = {national.get(query[i], (query[i],))[0] for i in free_q} & LEGAL_FAMILIES
        ll = {national.get(listed[j], (listed[j],))[0] for j in free_l} & LEGAL_FAMILIES
        if lq and ll and not lq & ll:
            cap, penalty = not_strong, legal_form_penalty
            notes.append(f"different legal forms: {'/'.join(sorted(lq))} vs {'/'.join(sorted(ll))}")
    nq = {query[i] for i in free_q if query[i] in national}
    nl = {listed[j] for j in free_l if listed[j] in national}
    if {t for t in nq ^ nl if not national[t][1] & set(countries)}:
        cap = min(cap, not_strong)
        if nq and nl and not penalty:
            penalty = legal_form_penalty
        notes.append(f"legal form of another country's law: {'/'.join(sorted(nq)) or '-'} vs "
                     f"{'/'.join(sorted(nl)) or '-'}")
    pq, pl = _places(query, free_q).keys(), _places(listed, free_l).keys()
    one_side = (pq ^ pl) - set(countries)
    if pq and pl and not pq & pl:
        cap = min(cap, place_conflict_cap)
        notes.append(f"different places: {'/'.join(sorted(pq))} vs {'/'.join(sorted(pl))}")
    elif one_side:
        cap = min(cap, not_strong)
        notes.append(f"place on one side only: {'/'.join(sorted(one_side))}")
    sq = {query[i] for i in free_q if is_series(query[i])}
    sl = {listed[j] for j in free_l if is_series(listed[j])}
    if sq or sl:
        cap = min(cap, not_strong)
        notes.append(f"series numbers differ: {' '.join(sorted(sq)) or '-'} vs "
                     f"{' '.join(sorted(sl)) or '-'}")
    return cap, penalty, tuple(notes)
