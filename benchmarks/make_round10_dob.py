"""Builds ``benchmarks/data/round10_dob.csv``: listed persons' own names, as listed and with one
typo, screened with the date of birth and nationality the list records (the issue 18 held-out
class "listed names with DOB + nationality: recall / with one typo").

For every listed individual of the 2024-09-26 UN list with a full or year date of birth and a
nationality, its primary name and each "Good" alias written in Latin letters are queried with
the entry's first such date (``1961-01-31`` or ``1961``, as a customer file carries it) and its
first nationality (as the list writes it: ``Democratic People's Republic of Korea``).  Same
columns as ``matching_round2.csv`` (see :mod:`make_round2`) plus ``half``.  Classes:

* ``exact``: the name as listed (hit: the name itself with its own date and nationality must
  always be found);
* ``typo_sub`` / ``typo_del`` / ``typo_ins`` / ``typo_transpose`` / ``typo_double``: one letter
  of a word of three letters or more replaced by a letter of a neighbouring key (QWERTY),
  dropped, a neighbouring key's letter inserted after it, swapped with the next letter, or
  doubled (hit);
* ``typo_space_in`` / ``typo_space_out``: a space inserted inside a word of four letters or
  more, or the space between two words removed (hit);
* ``neg_lookalike``: the entry's primary name with its given name (the first word; for a
  Korean name, the family name kept, the next word) replaced by a word another listed person
  has there, with the entry's own nationality and a date of birth 15 years off (none; kept
  only when the name alone hits no other listed entry: somebody listed under that name
  would be no look-alike).

One typo per row, from a seeded RNG.  Rows are split by entry into the tuning half and the
report half with :func:`alias_holdout.half_of` (CRC-32 of the reference number: the same
halves as the held-out aliases), so no entry is in both.  Rules of round 10 are designed on
the tuning half's misses only; the report half is the untuned check.

    PYTHONPATH=. python3 benchmarks/make_round10_dob.py
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from alias_holdout import _latin, half_of  # noqa: E402
from make_round4 import FIELDS  # noqa: E402

from sanctions_check import load_list  # noqa: E402
from sanctions_check.errors import UnusableNameError  # noqa: E402
from sanctions_check.lists.entries import ALIAS, PERSON  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402

LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"
OUT = REPO / "benchmarks" / "data" / "round10_dob.csv"
COLUMNS = [*FIELDS, "half"]
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NEAR = {
    ch: "".join(_ROWS[r + dr][c + dc] for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                if (dr or dc) and 0 <= r + dr < 3 and 0 <= c + dc < len(_ROWS[r + dr]))
    for r, row in enumerate(_ROWS) for c, ch in enumerate(row)
}
_WORD = re.compile(r"[A-Za-z]+")
LOOKALIKE_YEARS = 15


def _keep_case(new: str, old: str) -> str:
    return new.upper() if old.isupper() else new


def _letter_typo(kind: str, word: str, i: int, rng: random.Random) -> str | None:
    """``word`` with one typo of ``kind`` at letter ``i`` (None when it changes nothing)."""
    ch = word[i].lower()
    if kind == "typo_sub":
        near = NEAR.get(ch)
        return word[:i] + _keep_case(rng.choice(near), word[i]) + word[i + 1:] if near else None
    if kind == "typo_del":
        return word[:i] + word[i + 1:]
    if kind == "typo_ins":
        near = NEAR.get(ch)
        return word[:i + 1] + _keep_case(rng.choice(near), word[i]) + word[i + 1:] if near else None
    if kind == "typo_transpose":
        if i + 1 >= len(word) or word[i].lower() == word[i + 1].lower():
            return None
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "typo_double":
        return word[:i + 1] + word[i] + word[i + 1:]
    if kind == "typo_space_in":
        return word[:i] + " " + word[i:] if 2 <= i <= len(word) - 2 else None
    raise ValueError(kind)


LETTER_KINDS = ("typo_sub", "typo_del", "typo_ins", "typo_transpose", "typo_double",
                "typo_space_in")


def typo(kind: str, name: str, rng: random.Random) -> str | None:
    """``name`` with one typo of ``kind`` in a random word, or None if it has no such place."""
    if kind == "typo_space_out":
        gaps = [m.start() for m in re.finditer(r"(?<=[A-Za-z]) (?=[A-Za-z])", name)]
        if not gaps:
            return None
        at = rng.choice(gaps)
        return name[:at] + name[at + 1:]
    least = 4 if kind == "typo_space_in" else 3
    words = [m for m in _WORD.finditer(name) if len(m.group()) >= least]
    rng.shuffle(words)
    for m in words:
        spots = list(range(len(m.group())))
        rng.shuffle(spots)
        for i in spots:
            new = _letter_typo(kind, m.group(), i, rng)
            if new is not None and new.lower() != m.group().lower():
                return name[:m.start()] + new + name[m.end():]
    return None


def _dob(entry) -> str | None:
    for d in entry.dates_of_birth:
        if d.date is not None:
            return d.date.isoformat()
        if d.year is not None:
            return str(d.year)
    return None


def _off(dob: str) -> str:
    """A date of birth ``LOOKALIKE_YEARS`` years before ``dob`` (beyond any tolerance)."""
    year = int(dob[:4]) - LOOKALIKE_YEARS
    return f"{year}{dob[4:]}".replace("-02-29", "-02-28")


def _given_at(entry) -> int:
    """Where the given name is in the primary name: a Korean name opens with the family name."""
    return 1 if entry.reference_number.startswith("KPi") else 0


def _rows(lst, rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    matcher = Matcher.from_list(lst)

    def add(query, entry, category, dob, expect="hit"):
        rows.append({"query": query, "kind": "person",
                     "expected_refs": entry.reference_number if expect == "hit" else "",
                     "category": category, "dob": dob, "nationality": entry.nationalities[0],
                     "expect": expect, "half": half_of(entry.reference_number)})

    persons = [e for e in lst.entries if e.kind == PERSON and e.nationalities and _dob(e)]
    given_pool = sorted({e.primary_name.split()[_given_at(e)] for e in persons
                         if len(e.primary_name.split()) > 2 and _latin(e.primary_name)})
    for e in persons:
        dob = _dob(e)
        names = [e.primary_name] + [a.text for a in e.aliases
                                    if a.name_type == ALIAS and a.quality == "Good"]
        seen: set[str] = set()
        for name in names:
            if not _latin(name) or name.casefold() in seen:
                continue
            seen.add(name.casefold())
            add(name, e, "exact", dob)
            for kind in (*LETTER_KINDS, "typo_space_out"):
                query = typo(kind, name, rng)
                if query is not None:
                    add(query, e, kind, dob)
        words = e.primary_name.split()
        at = _given_at(e)
        if len(words) < 2 + at or not _latin(e.primary_name):
            continue
        mine = {w.casefold() for n in names for w in n.split()}
        other = rng.choice([w for w in given_pool if w.casefold() not in mine])
        query = " ".join(words[:at] + [other] + words[at + 1:])
        try:
            alone = matcher.match(query, kind="person")
        except UnusableNameError:
            continue
        if all(h.reference_number == e.reference_number for h in alone):
            add(query, e, "neg_lookalike", _off(dob), "none")
    return rows


def main() -> int:
    rows = _rows(load_list(LIST), random.Random(18_10))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        out.writeheader()
        out.writerows(rows)
    print(f"{OUT.relative_to(REPO)}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
