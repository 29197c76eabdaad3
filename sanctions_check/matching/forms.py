"""Name forms: every name of a list's entries as the matcher indexes and scores it.

Contract: :func:`name_forms` turns a list's entries into :class:`NameForm` s, in entry order:
each distinct normalised name of an entry once (primary name, aliases, original script; other
names of the entry normalising to the same tokens are kept in ``same_as``), the bracketed parts
of names (acronyms such as ``(KOMID)``; a field holding several names separated by ``;`` in
brackets gives each its own form, shown by that name, the field in the name's ``note``), and for a person with three or more words over all
Latin-script names a ``pool`` of them; with the token weights
(:class:`~sanctions_check.scoring.features.TokenWeights`) learnt from the entries.
:func:`acronym_table` gives the acronyms by which organisation forms can be found (an
:class:`AcronymTable`, read like a dict),
:func:`entry_countries` the countries an entry is tied to (a country word in an organisation
query weighs little against them).  Used by :class:`sanctions_check.matching.matcher.Matcher`.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from sanctions_check.lists.entries import ORG, PERSON, PRIMARY, Entry, Name
from sanctions_check.names.acronyms import acronym_of, prefix_acronyms
from sanctions_check.names.countries import country_code, country_name_codes, is_country_word
from sanctions_check.names.normalise import normalise_name
from sanctions_check.scoring.tokenweights import TokenWeights
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights


@dataclass(frozen=True)
class NameForm:
    """One indexed form of a list name."""

    entry_index: int
    name: Name
    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    kind: str
    source: str = "name"  # "name" | "bracketed" | "pool" (all words of the entry's names)
    same_as: tuple[Name, ...] = ()  # other names of the entry that normalise to these tokens


def name_forms(
    entries: Sequence[Entry],
    known: Mapping[str, Sequence[Name]] | None = None,
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> tuple[tuple[NameForm, ...], TokenWeights]:
    """The name forms of ``entries`` and the token weights learnt from the entries' names
    (under ``scoring``);
    ``known``: curated "known as" names per reference number (:mod:`sanctions_check.matching.knownas`),
    formed like aliases, except those that lose a title to normalisation ("Mullah Omar"),
    which the matcher only takes as written (:func:`titled_known_names`)."""
    known = known or {}
    raw: list[tuple[int, Name, tuple[str, ...], str, str, list[Name]]] = []
    docs: list[list[str]] = []
    for ei, entry in enumerate(entries):
        seen: dict[tuple[str, ...], list[Name]] = {}
        doc: list[str] = []
        pool: dict[str, None] = {}
        extra = [n for n in known.get(entry.reference_number, ())
                 if not normalise_name(n.text, entry.kind).titles]
        for name in (*entry.names(), *extra):
            norm = normalise_name(name.text, entry.kind)
            variants = [(norm.tokens, "name", name)]
            variants += [
                (b, "bracketed", _part(name, text) if ";" in name.text else name)
                for b, text in zip(norm.bracketed, norm.bracketed_text, strict=True)
            ]
            if ";" in name.text and norm.main_text:
                variants[0] = (norm.tokens, "name", _part(name, norm.main_text))
            for toks, source, shown in variants:
                if toks and toks in seen:
                    if source == "name":
                        seen[toks].append(shown)
                elif toks:
                    seen[toks] = []
                    doc.extend(toks)
                    raw.append((ei, shown, toks, entry.kind, source, seen[toks]))
                    if norm.script in ("latin", "none") or source == "bracketed":
                        pool.update(dict.fromkeys(toks))
        docs.append(doc)
        pooled = tuple(pool)
        if entry.kind == PERSON and len(pooled) >= 3 and pooled not in seen:
            raw.append((ei, Name(entry.primary_name, PRIMARY), pooled, entry.kind, "pool", []))
    weights = TokenWeights.from_documents(docs, scoring)
    countries = [entry_countries(e) if e.kind == ORG else frozenset() for e in entries]
    forms = tuple(
        NameForm(
            ei,
            name,
            toks,
            _weights(weights, toks, kind, countries[ei]),
            kind,
            src,
            tuple(same),
        )
        for ei, name, toks, kind, src, same in raw
    )
    return forms, weights


def titled_known_names(
    entries: Sequence[Entry], known: Mapping[str, Sequence[Name]]
) -> dict[tuple[str, tuple[str, ...]], list[tuple[int, Name]]]:
    """(kind, title and name tokens) -> [(entry index, name)] of the curated names that lose a
    title to normalisation: "Mullah Omar" is only "Omar" once the title is removed, so it is
    matched as written, title included, and nowhere else."""
    out: dict[tuple[str, tuple[str, ...]], list[tuple[int, Name]]] = {}
    for ei, entry in enumerate(entries):
        for name in known.get(entry.reference_number, ()):
            norm = normalise_name(name.text, entry.kind)
            if norm.titles:
                out.setdefault((entry.kind, norm.titles + norm.tokens), []).append((ei, name))
    return out


def _part(name: Name, text: str) -> Name:
    """One name of a list field holding several ("X (Y; Z; ...)", QDe.137's alias field): shown
    as that name, the whole field kept in ``note`` (the entry keeps the field as listed)."""
    return Name(text, name.name_type, name.quality, f"one of the names of {name.text!r}")


def _weights(
    weights: TokenWeights, tokens: tuple[str, ...], kind: str, countries: frozenset[str]
) -> tuple[float, ...]:
    """A list name's token weights (:meth:`TokenWeights.name_weights`, country words as
    :func:`_weight` says)."""
    ws = weights.name_weights(tokens, kind)
    cap = weights.scoring.country_weight
    return tuple(_weight(w, t, countries, cap) for t, w in zip(tokens, ws, strict=True))


def _weight(w: float, token: str, countries: frozenset[str], cap: float) -> float:
    """A list token's weight ``w``; in an organisation's name, a country word of a country the
    entry is tied to ("Korea" in KOREA RYONBONG GENERAL CORPORATION) weighs at most ``cap``
    (the scoring weights' ``country_weight``): the short form drops it.  So does a word
    of such a country's name that names few countries ("Korea", KP and KR, for a North Korean
    entity; :func:`~sanctions_check.names.normalise.country_name_codes`)."""
    if countries and (
        (is_country_word(token) and country_code(token) in countries)
        or country_name_codes(token) & countries
    ):
        return min(w, cap)
    return w


def name_acronyms(
    tokens: Sequence[str], scoring: ScoringWeights = DEFAULT_SCORING
) -> list[tuple[str, float, bool]]:
    """(acronym, score, syllable) of an organisation name: its initials
    (``scoring.acronym_score``) and its syllable acronyms ("KOMID",
    ``scoring.prefix_acronym_score``; ``syllable`` True: only for queries written in capitals)."""
    out = []
    acr = acronym_of(tokens)
    if acr:
        out.append((acr, scoring.acronym_score, False))
    out += [(a, scoring.prefix_acronym_score, True) for a in prefix_acronyms(tokens)]
    return out


class AcronymTable(Mapping[str, list[tuple[int, float, bool]]]):
    """acronym -> [(form id, score, syllable)], read like a dict, held as a few flat columns:
    the acronyms sorted and joined into one text (``text``, each one's start in ``at``;
    looked up by bisection), where each one's entries start (``starts``), and the entries'
    form ids, scores and syllable flags.  Tens of thousands of syllable acronyms then load
    from the index cache as one string and five arrays, not a dict of lists of triples (most
    of what loading it took)."""

    def __init__(self, table: Mapping[str, Sequence[tuple[int, float, bool]]]) -> None:
        keys = sorted(table)
        rows = [row for k in keys for row in table[k]]
        self.text = "".join(keys)
        self.at = array("q", itertools.accumulate(map(len, keys), initial=0))
        self.starts = array("q", itertools.accumulate((len(table[k]) for k in keys), initial=0))
        self.fids = array("q", (fid for fid, _score, _syllable in rows))
        self.scores = array("d", (score for _fid, score, _syllable in rows))
        self.syllables = array("q", (int(syllable) for _fid, _score, syllable in rows))

    def _key(self, i: int) -> str:
        return self.text[self.at[i] : self.at[i + 1]]

    def __getitem__(self, acronym: str) -> list[tuple[int, float, bool]]:
        lo, hi = 0, len(self)
        while lo < hi:  # bisect_left over the sorted acronyms
            mid = (lo + hi) // 2
            if self._key(mid) < acronym:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(self) or self._key(lo) != acronym:
            raise KeyError(acronym)
        start, end = self.starts[lo], self.starts[lo + 1]
        return [(fid, score, bool(syllable)) for fid, score, syllable in
                zip(self.fids[start:end], self.scores[start:end], self.syllables[start:end],
                    strict=True)]  # fmt: skip

    def __iter__(self) -> Iterator[str]:
        return (self._key(i) for i in range(len(self)))

    def __len__(self) -> int:
        return len(self.at) - 1


def acronym_table(
    forms: Sequence[NameForm], scoring: ScoringWeights = DEFAULT_SCORING
) -> AcronymTable:
    """acronym -> [(form id, score, syllable)] of the organisation names
    (:func:`name_acronyms`), as an :class:`AcronymTable`."""
    acronyms: dict[str, list[tuple[int, float, bool]]] = {}
    for i, f in enumerate(forms):
        if f.kind == ORG and f.source == "name":
            for acr, score, syllable in name_acronyms(f.tokens, scoring):
                acronyms.setdefault(acr, []).append((i, score, syllable))
    return AcronymTable(acronyms)


def entry_countries(entry: Entry) -> frozenset[str]:
    """ISO codes of the countries an entry is tied to (nationality, addresses, birth, regime)."""
    texts = list(entry.nationalities)
    texts += [p.country for p in (*entry.addresses, *entry.places_of_birth) if p.country]
    if len(entry.regime) > 2:
        texts.append(entry.regime)
    return frozenset(c for c in (country_code(t) for t in texts) if c)


__all__ = ["AcronymTable", "NameForm", "acronym_table", "entry_countries", "name_acronyms",
           "name_forms", "titled_known_names"]
