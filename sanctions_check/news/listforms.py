"""The forms the list-driven news pass looks for: every listed name and its salient sub-forms.

Contract: :func:`scan_forms` turns a list's entries (and the curated "known as" names of
:mod:`sanctions_check.matching.knownas`, per reference number) into :class:`ScanForm` s, each a
sequence of word keys (:func:`word_key`: ASCII, case-folded, apostrophes dropped, the shared
romanisation-canonical spelling of :func:`sanctions_check.names.lexicon.canonical_token`; particles
such as al / bin / the dropped, :func:`weak_words`) with its origin (:class:`FormSource`):

* ``name``: every Latin-script listed name and alias, and the bracketed parts ("(KOMID)");
* ``known_as``: the curated names;
* ``given_family``: a person's first and last word ("Muammar Qadhafi" for MUAMMAR MOHAMMED
  ABU MINYAR QADHAFI), from names of 3+ words not all of 4 letters or fewer (in KIM JUNG
  JONG, syllables, the given name is two words);
* ``shorter``: a person's name of 4+ words without one inner word ("Saleh Musfer al Shaer"
  for Saleh Musfer Saleh al Shaer), or its first two words and last word ("Abd al-Rahman
  al-Milad" for Abd Al-Rahman SALIM IBRAHIM AL-MILAD);
* ``no_legal_form``: an organisation's name without its legal-form and generic words
  ("Ocean Maritime Management" for OCEAN MARITIME MANAGEMENT COMPANY, LIMITED), 2+ words left;
* ``acronym``: the initials of an organisation name of 3+ content words, found only where the
  text writes them in capitals.

Nothing is scored here: a form is only where to look; the matcher scores what is found.
:mod:`sanctions_check.news.listscan` indexes the forms and scans texts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from anyascii import anyascii

from sanctions_check.lists.entries import ORG, PERSON, Entry, Name
from sanctions_check.names.acronyms import acronym_of
from sanctions_check.names.lexicon import canonical_token, legal_forms, stopwords

WORD_RE = re.compile(r"[^\W_]+(?:['’‘ʼ`][^\W_]+)*")
MAX_FORM_WORDS = 8
NON_LATIN_RE = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\s\W]")


class FormSource(StrEnum):
    """Where a scan form comes from (closed vocabulary)."""

    NAME = "name"
    KNOWN_AS = "known_as"
    GIVEN_FAMILY = "given_family"
    SHORTER = "shorter"
    NO_LEGAL_FORM = "no_legal_form"
    ACRONYM = "acronym"


@dataclass(frozen=True)
class ScanForm:
    """One form a listed entry is looked for by in news text."""

    entry: int  # index into the entries
    text: str  # the list name it comes from, as written
    keys: tuple[str, ...]  # word keys, weak words dropped, in order
    source: FormSource
    squashed: tuple[str, ...]  # its letters run together, with and without particles
    # ("jamaatuddawa", "jamaatdawa"): hyphenation and spacing ignored


_APOSTROPHES = re.compile(r"['’‘ʼ`]")  # (compiled once: see news.text)


@functools.lru_cache(maxsize=100_000)
def plain(word: str) -> str:
    """A word in ASCII, case-folded, without apostrophes (cached: every word of every item)."""
    return _APOSTROPHES.sub("", anyascii(word)).casefold()


@functools.lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    """A word's key: ASCII, without apostrophes, case-folded, its canonical spelling."""
    return canonical_token(plain(word))


@functools.cache
def weak_words() -> frozenset[str]:
    """Words a name is looked for without (particles such as al / bin, and "the")."""
    return frozenset(stopwords()) | {"the"}


def squash(words: Iterable[str]) -> str:
    """Letters of ``words`` run together, case-folded: "Jamaat-ud-Dawa" ~ "Jamaatud Dawa"."""
    return "".join(plain(w) for w in words)


def _keys(text: str) -> tuple[str, ...]:
    return tuple(k for w in WORD_RE.findall(text) if (k := word_key(w)) and k not in weak_words())


def scan_forms(
    entries: Sequence[Entry], known: Mapping[str, Sequence[Name]] | None = None
) -> list[ScanForm]:
    """Every form of every entry (see the module docstring), duplicates per entry dropped."""
    known = known or {}
    out: list[ScanForm] = []
    for ei, entry in enumerate(entries):
        seen: set[tuple[str, ...]] = set()

        def add(
            text: str, keys: tuple[str, ...], source: FormSource, ei: int = ei, seen: set = seen  # type: ignore[type-arg]
        ) -> None:
            if keys and len(keys) <= MAX_FORM_WORDS and keys not in seen:
                seen.add(keys)
                words = WORD_RE.findall(text)
                strong = [w for w in words if plain(w) not in weak_words()]
                squashed = tuple(dict.fromkeys((squash(words), squash(strong))))
                out.append(ScanForm(ei, " ".join(text.split()), keys, source, squashed))

        names = [(n.text, FormSource.NAME) for n in entry.names()]
        names += [(n.text, FormSource.KNOWN_AS) for n in known.get(entry.reference_number, ())]
        for text, source in names:
            if NON_LATIN_RE.search(text):
                continue  # original-script names: news here is in Latin script
            main = re.sub(r"\([^()]*\)", " ", text)
            add(main, _keys(main), source)
            for part in re.findall(r"\(([^()]{2,40})\)", text):  # "(KOMID)"
                add(part, _keys(part), source)
            keys = _keys(main)
            if entry.kind == PERSON:
                _person_parts(main, keys, add)
            elif entry.kind == ORG:
                _org_parts(main, keys, add)
    return out


def _person_parts(text: str, keys: tuple[str, ...], add) -> None:  # type: ignore[no-untyped-def]
    words = [w for w in WORD_RE.findall(text) if word_key(w) and word_key(w) not in weak_words()]
    syllables = all(len(k) <= 4 for k in keys)  # KIM JUNG JONG: a two-syllable given name
    if len(keys) >= 3 and len(words) == len(keys) and not syllables:
        add(f"{words[0]} {words[-1]}", (keys[0], keys[-1]), FormSource.GIVEN_FAMILY)
    if len(keys) >= 4 and len(words) == len(keys):
        # a compound given name and the family name: "Abd al-Rahman al-Milad"
        add(" ".join([*words[:2], words[-1]]), (*keys[:2], keys[-1]), FormSource.SHORTER)
        for k in range(1, len(keys) - 1):
            add(
                " ".join(words[:k] + words[k + 1 :]),
                keys[:k] + keys[k + 1 :],
                FormSource.SHORTER,
            )


def _org_parts(text: str, keys: tuple[str, ...], add) -> None:  # type: ignore[no-untyped-def]
    generic = legal_forms()
    words = [w for w in WORD_RE.findall(text) if word_key(w) and word_key(w) not in weak_words()]
    kept = [w for w in words if plain(w) not in generic]
    if 2 <= len(kept) < len(words):
        add(" ".join(kept), _keys(" ".join(kept)), FormSource.NO_LEGAL_FORM)
    acr = acronym_of(tuple(plain(w) for w in words))
    if acr and len(acr) >= 3:
        add(acr.upper(), (word_key(acr),), FormSource.ACRONYM)


__all__ = [
    "WORD_RE",
    "FormSource",
    "ScanForm",
    "plain",
    "scan_forms",
    "squash",
    "weak_words",
    "word_key",
]
