"""Builds ``benchmarks/data/round7_orgs.csv``: the organisation classes of the held-out aliases'
misses that round 7 of issue 18 (algorithm 1.11) works on -- a listed organisation's name with
its legal form written with letters apart, a generic word dropped or added, "No." before its
series number, a glued Korean place name written syllable by syllable -- with look-alike
negatives that must stay out of "strong" or below the threshold, all made by rule from real
organisation entries of the 2024-09-26 UN list (primary names and aliases in Latin letters).

Same columns as ``matching_round2.csv`` (``query,kind,expected_refs,category,dob,nationality,
expect``; see :mod:`make_round2`).  Classes:

* ``c3_form_spaced``: a name ending in a legal form with that form's letters written apart
  ("AL-BASHAIR TRADING COMPANY, L TD"; "Ltd" -> "L TD" / "L.T.D.", "LLC" -> "L.L.C.", "JSC"
  -> "J.S.C.", "PLC" -> "P.L.C.") (hit);
* ``neg_c4_form_spaced``: the same name with another family's form written apart ("X L.T.D."
  for a listed "X JSC", "X J.S.C." for "X Ltd"): different legal forms, never "strong"
  (not_strong);
* ``c3_generic_dropped``: a name of two other words or more with one generic word
  (``legal_forms.txt``'s generic part: trading, general, commercial, international,
  organization, province, marketing, investment, currency, money...) left out
  ("Tanchon Bank" for TANCHON COMMERCIAL BANK) (hit);
* ``c3_generic_added``: a name of two other words or more with a generic word added at its
  end ("Al Wafa Organization" for "Al Wafa") (hit);
* ``neg_c4_generic_place``: a name with a generic word left out and a country the entry is
  not tied to added in brackets ("Tanchon Bank (Singapore)"): a branch or another entity
  abroad, never "strong" (not_strong);
* ``c3_series_marker``: a name ending in a number written with "No." before it ("Office No.
  39" for OFFICE 39) (hit);
* ``neg_c4_series_marker``: the same with another number ("Office No. 38"): a sister entity
  at most "possible" (not_strong);
* ``c3_korean_split``: a North Korean organisation's name with a word of three Korean syllables
  written syllable by syllable ("NAM CHON GANG CORPORATION" for NAMCHONGANG TRADING
  CORPORATION's first word) (hit);
* ``neg_c3_korean_split``: the same with one of those syllables replaced by another
  syllable of the list: another place name (none).

One row per entry and class.  A negative is kept when it hits no *other* entry (it measures whether the rules let the entry
it was made from through, not whether the list holds somebody else of that name).  The rows
were written during round 7, with the rules they measure: they are tuned on;
``benchmarks/alias_holdout.py``'s report half is the untuned check.  A fixed seed makes reruns
give the same file.

    PYTHONPATH=. python3 benchmarks/make_round7_orgs.py
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from make_round4 import LIST, LabelledRows, write  # noqa: E402

from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.forms import entry_countries  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402
from sanctions_check.names.countries import country_code  # noqa: E402
from sanctions_check.names.lexicon import is_korean_syllable, stopwords  # noqa: E402
from sanctions_check.names.normalise import normalise_name  # noqa: E402

OUT = REPO / "benchmarks" / "data" / "round7_orgs.csv"
# written legal forms at a name's end -> (their family, the form written apart)
SPACED = {"ltd": ("llc", "L TD"), "limited": ("llc", "L.T.D."), "llc": ("llc", "L.L.C."),
          "jsc": ("jsc", "J.S.C."), "plc": ("jsc", "P.L.C.")}
OTHER_FAMILY = {"llc": "J.S.C.", "jsc": "L.T.D."}
GENERIC = ("trading", "general", "commercial", "international", "organization", "organisation",
           "province", "marketing", "investment", "currency", "money")
ADDED = ("Organization", "Trading", "International", "Investment")
ABROAD = ("Singapore", "Switzerland", "Brazil", "Canada", "Japan")
WORD = re.compile(r"[A-Za-z]+")


def _split3(word: str) -> list[str] | None:
    """A word of letters as three Korean syllables, the longest first syllable first."""
    w = word.lower()
    for i in range(min(6, len(w) - 2), 0, -1):
        for j in range(min(len(w) - 1, i + 6), i, -1):
            parts = [w[:i], w[i:j], w[j:]]
            if all(is_korean_syllable(p) for p in parts):
                return parts
    return None


def _rows(lst, rng: random.Random) -> list[dict[str, str]]:
    out = LabelledRows(Matcher.from_list(lst), "org")
    add = out.add
    sw = stopwords()
    orgs = [e for e in lst.entries if e.kind == "org"]
    rng.shuffle(orgs)
    syllables = sorted({t for e in orgs for n in e.names()
                        for t in normalise_name(n.text, "org").tokens
                        if is_korean_syllable(t) and len(t) >= 3})
    for e in orgs:
        ref = e.reference_number
        names = [n.text for n in e.names() if n.text.isascii()]
        rng.shuffle(names)
        tied = entry_countries(e)
        for text in names:
            words = WORD.findall(text)
            toks = normalise_name(text, "org").tokens
            content = [t for t in toks if t not in sw and t not in GENERIC and len(t) > 1]
            last = words[-1].lower() if words else ""
            if last in SPACED and len(words) > 1:
                family, spaced = SPACED[last]
                head = text[: text.lower().rfind(last)].rstrip(" ,.")
                add(f"{head} {spaced}", ref, "c3_form_spaced")
                add(f"{head} {OTHER_FAMILY[family]}", ref, "neg_c4_form_spaced", "not_strong")
            generic = [w for w in words if w.lower() in GENERIC]
            if generic and len(content) >= 2:
                dropped = re.sub(rf"\s*\b{re.escape(generic[0])}\b", "", text, count=1).strip()
                add(dropped, ref, "c3_generic_dropped")
                abroad = next(c for c in rng.sample(ABROAD, len(ABROAD))
                              if country_code(c) not in tied)
                add(f"{dropped} ({abroad})", ref, "neg_c4_generic_place", "not_strong")
            elif len(content) >= 2 and not any(w.lower() in GENERIC for w in words):
                add(f"{text} {rng.choice(ADDED)}", ref, "c3_generic_added")
            if words and text.split()[-1].isdigit():
                n = text.split()[-1]
                add(text.replace(n, f"No. {n}"), ref, "c3_series_marker")
                other = str(int(n) - 1) if n.isdigit() else "II"
                add(text.replace(n, f"No. {other}"), ref, "neg_c4_series_marker", "not_strong")
            for w in words if "KP" in tied else ():
                parts = _split3(w) if len(w) >= 8 else None
                if parts is None:
                    continue
                add(text.replace(w, " ".join(parts).upper()), ref, "c3_korean_split")
                k = rng.randrange(3)
                swap = rng.choice([s for s in syllables if s[0] != parts[k][0]])
                changed = [*parts[:k], swap, *parts[k + 1:]]
                add(text.replace(w, " ".join(changed).upper()), ref, "neg_c3_korean_split",
                    "none")
                break
    return out.rows


def main() -> int:
    write(OUT, _rows(parse_list(LIST), random.Random(18_7)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
