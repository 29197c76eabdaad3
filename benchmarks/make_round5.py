"""Builds ``benchmarks/data/round5.csv``: the classes of the held-out aliases' misses that
round 5 of issue 18 (algorithm 1.7) works on, as queries made by rule from real entries of the
2024-09-26 UN list.

Same columns as ``matching_round2.csv`` (``query,kind,expected_refs,category,dob,nationality,
expect``; see :mod:`make_round2`).  Classes:

* ``c9_voicing``: a listed Korean name (every word a Korean syllable) with one
  given-name syllable's first consonant voiced or unvoiced (p / b, t / d, k / g, ch / j: "Paek Se Pong"
  for PAEK SE BONG), where that is not already a spelling of the romanisation table (hit);
  ``neg_c9_voicing``: the same, with another syllable of the name replaced by another
  syllable (another name), kept when that name in the list's own spelling hits nothing (none);
* ``c9_somali``: a listed person's name (the Somali entries first, then others at random)
  with its common names in Somali spelling (Maxamed,
  Cabdullahi, Cusman, Xasan: the rows of ``romanisation.csv`` noted "Somali") (hit);
  ``neg_c9_somali``: the same with one of those names replaced by the Somali spelling of
  another (Xasan for Xuseen), kept when that name in its Latin spelling hits nothing (none).

The rows were written during round 5, with the rules they measure: they are tuned on;
``benchmarks/alias_holdout.py`` (aliases held out of the list) is the untuned check.  A fixed
seed makes reruns give the same file.

    PYTHONPATH=. python3 benchmarks/make_round5.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from make_round4 import LIST, write  # noqa: E402

from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402
from sanctions_check.names.lexicon import (  # noqa: E402
    canonical_token,
    data_csv,
    is_korean_name,
    is_korean_syllable,
    voicing_forms,
)
from sanctions_check.names.normalise import normalise_name  # noqa: E402
from sanctions_check.scoring.features import token_similarity  # noqa: E402

OUT = REPO / "benchmarks" / "data" / "round5.csv"
PER_CLASS = 20


def _somali() -> dict[str, str]:
    """Canonical name -> its first Somali spelling (the rows noted "Somali")."""
    out = {}
    for row in data_csv("romanisation.csv"):
        if row["type"] == "word" and row["note"].startswith("Somali"):
            forms = row["forms"].split(";")
            out[forms[0]] = forms[1]
    return out


def _rows(lst, rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    matcher = Matcher.from_list(lst)

    def add(query, ref, category, expect="hit"):
        rows.append({"query": query, "kind": "person", "expected_refs": ref if expect == "hit"
                     else "", "category": category, "dob": "", "nationality": "",
                     "expect": expect})

    def hits_nothing(name: str) -> bool:
        return not matcher.match(name, kind="person")

    persons = [e for e in lst.entries if e.kind == "person"]
    syllables = sorted({t for e in persons if e.reference_number.startswith("KPi")
                        for n in e.names() for t in normalise_name(n.text).tokens
                        if is_korean_syllable(t)})
    # c9 Korean: one syllable voiced / unvoiced; the negative also changes another syllable
    done = 0
    for e in persons:
        if not e.reference_number.startswith("KPi") or done >= PER_CLASS:
            continue
        tokens = list(normalise_name(e.primary_name).tokens)
        if not is_korean_name(tuple(tokens)):
            continue
        # a given-name syllable (where McCune-Reischauer voices it after a voiced sound)
        at = [i for i, t in enumerate(tokens) if i and voicing_forms(t)]
        at = [i for i in at if canonical_token(_flip(tokens[i])) != canonical_token(tokens[i])]
        if not at:
            continue
        i = rng.choice(at)
        query = tokens.copy()
        query[i] = _flip(tokens[i])
        add(" ".join(t.title() for t in query), e.reference_number, "c9_voicing")
        others = [j for j in range(1, len(tokens)) if j != i]
        if others:
            j = rng.choice(others)
            alt = [s for s in syllables if token_similarity(s, tokens[j])[0] < 0.7]
            query[j] = listed = rng.choice(alt)
            plain = tokens.copy()
            plain[j] = listed
            if hits_nothing(" ".join(plain)):
                add(" ".join(t.title() for t in query), e.reference_number,
                    "neg_c9_voicing", "none")
        done += 1
    # c9 Somali: common names in Somali spelling; the negative swaps one for another name
    somali = _somali()
    done = 0
    pool = persons.copy()
    rng.shuffle(pool)  # the Somali entries first, then others in random order
    pool.sort(key=lambda e: not e.reference_number.startswith("SO"))
    for e in pool:
        if done >= PER_CLASS:
            break
        tokens = list(normalise_name(e.primary_name, "person").tokens)
        at = [i for i, t in enumerate(tokens) if canonical_token(t) in somali]
        if len(tokens) < 2 or not at or any(canonical_token(t) == t and t in somali.values()
                                             for t in tokens):
            continue
        query = [somali[canonical_token(t)] if i in at else t for i, t in enumerate(tokens)]
        add(" ".join(t.title() for t in query), e.reference_number, "c9_somali")
        i = rng.choice(at)
        other = rng.choice(sorted(k for k in somali if k != canonical_token(tokens[i])))
        plain = tokens.copy()
        plain[i] = other
        query[i] = somali[other]
        if hits_nothing(" ".join(plain)):
            add(" ".join(t.title() for t in query), e.reference_number, "neg_c9_somali", "none")
        done += 1
    return rows


def _flip(token: str) -> str:
    """The syllable with its first consonant voiced if unvoiced, else unvoiced."""
    unvoiced, voiced = voicing_forms(token)
    return voiced if token == unvoiced else unvoiced


def main() -> int:
    write(OUT, _rows(parse_list(LIST), random.Random(18_5)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
