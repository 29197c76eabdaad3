#!/usr/bin/env python3
"""Generate realistic synthetic input names (and synthetic list entries) for the scale benchmarks.

Person names recombine real given names and family names of many cultures
(``benchmarks/data/name_parts.json``) in each culture's own order (family name
first for Korean and Chinese, patronymics for Russian and Arabic, two family
names for Spanish...), with popular names drawn more often (Zipf-like weights),
so that a large file has realistic duplicates.  Organisation names combine stems,
sectors and legal forms.  A small share of rows (``--listed-share``, default 1 %)
are names of the UN list or variants of them (case, order, a typo, a dropped
middle name, punctuation, diacritics), so that screening finds hits.

The output is deterministic for a given seed.  Columns: ``id,name,kind,origin``
(``origin`` is ``synthetic``, ``listed`` or ``variant``; the screen command ignores
it unless asked).

Usage::

    python3 benchmarks/make_names.py --rows 1000000 -o /tmp/names-1m.csv
    python3 benchmarks/make_names.py --rows 100000 -o /tmp/names-100k.parquet
    python3 benchmarks/make_names.py --mix listlike --rows 200000 -o /tmp/listlike-200k.csv

``--mix listlike`` (:func:`make_listlike_rows`) is the second mix of the scale benchmark:
every name is made of the list's own words (the worst case for the index), 3 % near-matches.

:func:`make_rows` and :func:`make_entries` are imported by ``benchmarks/scale.py``.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import csv
import itertools
import json
import random
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from sanctions_check.lists.entries import ALIAS, ORG, PERSON, Entry, Name  # noqa: E402

PARTS_FILE = HERE / "data" / "name_parts.json"
DEFAULT_LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"
KEYBOARD_NEIGHBOURS = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop",
    "m": "njk", "n": "bhjm", "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz",
    "t": "rfgy", "u": "yhji", "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}  # fmt: skip


class WeightedChoice:
    """Draws from a list with Zipf-like weights (earlier items are more popular)."""

    def __init__(self, items: Sequence[str], exponent: float = 0.9) -> None:
        self.items = list(items)
        weights = [1.0 / (i + 1) ** exponent for i in range(len(self.items))]
        self.cum = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


def load_parts(path: Path = PARTS_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class NameMaker:
    """Makes synthetic person and organisation names from the name-parts file."""

    def __init__(self, parts: dict | None = None) -> None:
        parts = parts or load_parts()
        self.cultures = []
        for name, spec in parts["cultures"].items():
            self.cultures.append(
                (
                    name,
                    spec["weight"],
                    spec["patterns"],
                    WeightedChoice(spec["given"]),
                    WeightedChoice(spec["family"]),
                    spec.get("patronymic_suffix"),
                )
            )
        self.culture_cum = list(itertools.accumulate(c[1] for c in self.cultures))
        orgs = parts["organisations"]
        self.org_weight = orgs["weight"]
        self.org_patterns = orgs["patterns"]
        self.stems = WeightedChoice(orgs["stems"], 0.5)
        self.sectors = WeightedChoice(orgs["sectors"], 0.5)
        self.forms = WeightedChoice(orgs["legal_forms"], 0.7)
        self.all_family = WeightedChoice(
            [f for c in parts["cultures"].values() for f in c["family"]], 0.3
        )
        self.person_weight = self.culture_cum[-1]

    def person(self, rng: random.Random) -> str:
        idx = bisect.bisect(self.culture_cum, rng.random() * self.culture_cum[-1])
        _name, _w, patterns, given, family, patronymic = self.cultures[idx]
        pattern = rng.choice(patterns)
        out: list[str] = []
        for token in pattern.split(" "):
            out.append(self._fill(token, rng, given, family, patronymic))
        return " ".join(out)

    def _fill(self, token, rng, given, family, patronymic) -> str:  # type: ignore[no-untyped-def]
        if "-" in token and token not in ("-",):
            return "-".join(self._fill(t, rng, given, family, patronymic) for t in token.split("-"))
        if token == "GG":
            return given(rng) + given(rng).lower()
        if token == "G":
            return given(rng)
        if token == "M":
            return given(rng)
        if token == "M.":
            return given(rng)[0] + "."
        if token in ("F", "F2"):
            return family(rng)
        if token == "al-F":
            return "al-" + family(rng)
        if token == "P":
            base = given(rng)
            if patronymic:
                stem = base.rstrip("aeiouy") if base[-1] in "aeiouy" else base
                return stem + rng.choice(patronymic)
            return base
        return token  # literal words: bin, binti, van, de, Khan

    def org(self, rng: random.Random) -> str:
        pattern = rng.choice(self.org_patterns)
        out = []
        for token in pattern.split(" "):
            if token == "F" or token == "F2":
                out.append(self.all_family(rng))
            elif token == "A":
                out.append(self.stems(rng))
            elif token == "S":
                out.append(self.sectors(rng))
            elif token == "L":
                out.append(self.forms(rng))
            elif token == "P":
                out.append(self.all_family(rng) + " Brothers")
            else:
                out.append(token)
        return " ".join(out)

    def name(self, rng: random.Random) -> tuple[str, str]:
        if rng.random() * (self.person_weight + self.org_weight) < self.org_weight:
            return self.org(rng), ORG
        return self.person(rng), PERSON


def strip_diacritics(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def variant(name: str, rng: random.Random) -> str:
    """One realistic spelling change of a listed name."""
    words = name.split()
    kind = rng.randrange(7)
    if kind == 0:  # case
        return rng.choice([name.lower(), name.title(), name.upper()])
    if kind == 1 and len(words) >= 2:  # order: last word first, maybe with a comma
        sep = rng.choice([", ", " "])
        return words[-1] + sep + " ".join(words[:-1])
    if kind == 2:  # one keyboard typo in a long word
        long_words = [i for i, w in enumerate(words) if len(w) >= 5]
        if long_words:
            i = rng.choice(long_words)
            w = words[i]
            j = rng.randrange(1, len(w) - 1)
            op = rng.randrange(4)
            if op == 0:
                near = KEYBOARD_NEIGHBOURS.get(w[j].lower(), w[j])
                w = w[:j] + rng.choice(near) + w[j + 1 :]
            elif op == 1:
                w = w[:j] + w[j + 1 :]
            elif op == 2:
                w = w[: j - 1] + w[j] + w[j - 1] + w[j + 1 :]
            else:
                w = w[:j] + w[j] + w[j:]
            words[i] = w
            return " ".join(words)
    if kind == 3 and len(words) >= 3:  # drop a middle name
        del words[rng.randrange(1, len(words) - 1)]
        return " ".join(words)
    if kind == 4:  # punctuation
        return rng.choice([name.replace("-", " "), name.replace(" ", "-", 1), name + "."])
    if kind == 5:
        return strip_diacritics(name)
    return name.title()


def listed_names(list_path: Path) -> list[tuple[str, str]]:
    """(name, kind) for every primary name and good-quality alias of the list."""
    from sanctions_check.lists.unxml import parse_list

    out = []
    for entry in parse_list(list_path).entries:
        for n in entry.names():
            if n.name_type == "original_script" or n.quality == "Low":
                continue
            out.append((n.text, entry.kind))
    return out


def make_rows(
    n: int,
    seed: int = 20240926,
    listed_share: float = 0.01,
    list_path: Path = DEFAULT_LIST,
) -> Iterator[dict[str, str]]:
    """Yield ``n`` rows ``{id, name, kind, origin}``; deterministic for a seed."""
    rng = random.Random(seed)
    maker = NameMaker()
    listed = listed_names(list_path) if listed_share > 0 else []
    for i in range(n):
        if listed and rng.random() < listed_share:
            name, kind = rng.choice(listed)
            if rng.random() < 0.5:
                yield {"id": f"C{i:08d}", "name": name, "kind": kind, "origin": "listed"}
            else:
                yield {
                    "id": f"C{i:08d}",
                    "name": variant(name, rng),
                    "kind": kind,
                    "origin": "variant",
                }
            continue
        name, kind = maker.name(rng)
        yield {"id": f"C{i:08d}", "name": name, "kind": kind, "origin": "synthetic"}


TITLES = ("Mr", "Mrs", "Dr", "Eng.", "Sheikh", "Haji", "Prof.", "Mullah", "General")


def make_listlike_rows(
    n: int,
    seed: int = 20240926,
    near_share: float = 0.03,
    list_path: Path = DEFAULT_LIST,
) -> Iterator[dict[str, str]]:
    """Yield ``n`` rows made of the list's own words: the worst case for an index.

    Every name recombines words of listed names of its kind (two to four, the common ones
    drawn more often: Zipf-like over the words' frequency on the list), sometimes with a
    title, reordered or with a typo, so each name finds candidates and most are not
    listed; ``near_share`` of the rows are listed names or variants of them (near-matches).
    """
    rng = random.Random(seed)
    listed = listed_names(list_path)
    words: dict[str, collections.Counter[str]] = {PERSON: collections.Counter(), ORG: collections.Counter()}
    for name, kind in listed:
        words[kind].update(w for w in name.replace(",", " ").split() if len(w) > 1)
    pick = {k: WeightedChoice([w for w, _c in c.most_common()], 0.8) for k, c in words.items()}
    for i in range(n):
        if rng.random() < near_share:
            name, kind = rng.choice(listed)
            origin = "listed" if rng.random() < 0.3 else "variant"
            if origin == "variant":
                name = variant(name, rng)
            yield {"id": f"W{i:08d}", "name": name, "kind": kind, "origin": origin}
            continue
        kind = ORG if rng.random() < 0.15 else PERSON
        parts = [pick[kind](rng) for _ in range(rng.choice((2, 2, 3, 3, 3, 4)))]
        name = " ".join(parts)
        roll = rng.random()
        if roll < 0.15 and kind == PERSON:
            name = f"{rng.choice(TITLES)} {name}"
        elif roll < 0.35:
            name = variant(name, rng)
        yield {"id": f"W{i:08d}", "name": name, "kind": kind, "origin": "synthetic"}


MIXES = {"names": make_rows, "listlike": make_listlike_rows}


def make_entries(n: int, seed: int = 7, start: int = 1) -> list[Entry]:
    """``n`` synthetic list entries (persons and organisations, some with aliases).

    Reference numbers are ``SYi.000001`` / ``SYe.000001`` so they never collide
    with real ones.  Used to grow a list 100 times for the list-size benchmark.
    """
    rng = random.Random(seed)
    maker = NameMaker()
    entries = []
    for i in range(start, start + n):
        name, kind = maker.name(rng)
        aliases = tuple(
            Name(variant(name, rng) if rng.random() < 0.5 else maker.name(rng)[0], ALIAS, "Good")
            for _ in range(rng.choice((0, 0, 1, 2)))
        )
        letter = "i" if kind == PERSON else "e"
        entries.append(
            Entry(
                reference_number=f"SY{letter}.{i:06d}",
                dataid=str(9_000_000 + i),
                kind=kind,
                primary_name=name.upper() if kind == PERSON else name,
                name_parts=tuple(name.split()),
                regime="Synthetic",
                aliases=tuple(a for a in aliases if a.text.casefold() != name.casefold()),
            )
        )
    return entries


def write_rows(rows: Iterator[dict[str, str]], out: Path, batch: int = 200_000) -> int:
    """Write rows to CSV or Parquet (by suffix); returns the count."""
    count = 0
    if out.suffix.lower() == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = None
        try:
            while True:
                chunk = list(itertools.islice(rows, batch))
                if not chunk:
                    break
                table = pa.Table.from_pylist(chunk)
                if writer is None:
                    writer = pq.ParquetWriter(out, table.schema)
                writer.write_table(table)
                count += len(chunk)
        finally:
            if writer is not None:
                writer.close()
        return count
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer_csv = csv.DictWriter(fh, fieldnames=["id", "name", "kind", "origin"])
        writer_csv.writeheader()
        for row in rows:
            writer_csv.writerow(row)
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20240926)
    ap.add_argument("--listed-share", type=float, default=0.01)
    ap.add_argument("--list", type=Path, default=DEFAULT_LIST, help="UN list XML for listed names")
    ap.add_argument("-o", "--output", type=Path, required=True, help=".csv or .parquet")
    ap.add_argument("--mix", choices=sorted(MIXES), default="names",
                    help="names: many cultures' names (default); listlike: made of list words")
    args = ap.parse_args(argv)
    if args.mix == "listlike":
        rows = make_listlike_rows(args.rows, args.seed, list_path=args.list)
    else:
        rows = make_rows(args.rows, args.seed, args.listed_share, args.list)
    n = write_rows(rows, args.output)
    print(f"wrote {n} rows to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
