"""List-driven pass: find every listed name and alias in a news text, independently of the extractor.

Contract: :class:`ListScanner` is built once from the list entries (``ListScanner.from_list``)
and :meth:`ListScanner.scan` returns :class:`ListFind` s: text spans whose words are a
listed name or alias in the shared normaliser's form (:mod:`sanctions_check.normalise`:
case, diacritics, apostrophes, hyphens, romanisation variants via ``canonical_token``;
particles such as ``al``/``bin``/``the`` ignored), in any word order, with one extra word
inside allowed ("Seka Musa Baluku" for "SEKA BALUKU"), or with the same phonetic key
(Metaphone, for words of 4+ letters).  So a listed name is found in lower case, in another
spelling or inside a long comma list even when the extractor misses it.

A find is only a *candidate*: :func:`sanctions_check.listmerge.merge` adds it to the
extractor's entities (as a new entity, or as an extra form of the entity whose mention it
overlaps) and the matcher then scores it like every other name.  One-word listed names are looked for only as capitalised
words of 4+ letters (or acronyms) that are not common words, places or titles, and only
where they stand alone, not inside a longer name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import jellyfish
from anyascii import anyascii

from sanctions_check.entries import Entry, SanctionsList
from sanctions_check.lexicon import canonical_token, stopwords
from sanctions_check.newstext import furniture_spans, place_tokens, word_list

WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
BREAK_RE = re.compile(r"[.,;:!?()\[\]\"“”|/•·–—]")
MAX_FORM_WORDS = 8
MIN_SINGLE_LEN = 4
MAX_SINGLE_DF = 2  # a one-word name shared by more entries' names is a common name part
MAX_GAP_DF = 2  # a name found with a word skipped needs a word this rare in the list


@functools.lru_cache(maxsize=100_000)
def _plain(word: str) -> str:
    return re.sub(r"['’ʼ]", "", anyascii(word)).casefold()


@functools.lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    """A word's key: ASCII, without apostrophes, case-folded, its canonical spelling."""
    return canonical_token(_plain(word))


@functools.lru_cache(maxsize=100_000)
def _phon(key: str) -> str:
    if len(key) < 4 or not key.isalpha():
        return key
    return "~" + jellyfish.metaphone(key)


@functools.cache
def weak_words() -> frozenset[str]:
    """Words a name is looked for without (particles such as al / bin, and "the")."""
    return frozenset(stopwords()) | {"the"}


@functools.cache
def _single_blocklist() -> frozenset[str]:
    """Words never taken as a one-word listed name in text (common words, places, titles)."""
    return (
        word_list("news_not_names.txt")
        | word_list("news_titles.txt")
        | word_list("news_org_cues.txt")
        | place_tokens()
    )


@dataclass(frozen=True)
class _Form:
    entry: int  # index into ListScanner.entries
    text: str  # the list name as written
    keys: tuple[str, ...]  # canonical tokens, weak ones dropped, in order


@dataclass(frozen=True)
class ListFind:
    """A listed name found in the text (a candidate for the matcher)."""

    start: int
    end: int
    text: str  # the text span as written
    screen_as: str  # what to screen: the span, or the span without an inserted word
    kind: str
    references: tuple[str, ...]  # entries whose names were found here
    list_names: tuple[str, ...]  # those list names as written
    method: str  # "exact" | "phonetic" | "gapped"


@dataclass(frozen=True)
class _Word:
    key: str
    start: int
    end: int
    cap: bool
    acronym: bool
    brk: bool  # a break (punctuation) before this word


class ListScanner:
    """Every listed name and alias, indexed by its normalised and phonetic word keys."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)
        self._multi: dict[int, dict[tuple[str, ...], list[_Form]]] = {}
        self._single: dict[str, list[_Form]] = {}
        self._multi_keys: set[str] = set()  # every word key of a multi-word list name
        df: dict[str, set[int]] = {}
        for ei, entry in enumerate(self.entries):
            for name in entry.names():
                for w in WORD_RE.findall(name.text):
                    df.setdefault(word_key(w), set()).add(ei)
        self._df = {k: len(v) for k, v in df.items()}
        self._common = frozenset(k for k, found in df.items() if len(found) > MAX_SINGLE_DF)
        for ei, entry in enumerate(self.entries):
            for name in entry.names():
                texts = [name.text]
                texts += re.findall(r"\(([^()]{2,40})\)", name.text)  # "(KOMID)"
                for text in texts:
                    self._add(ei, re.sub(r"\([^()]*\)", " ", text) if text == name.text else text)

    @classmethod
    def from_list(cls, sanctions_list: SanctionsList | Iterable[Entry]) -> ListScanner:
        entries = (
            sanctions_list.entries
            if isinstance(sanctions_list, SanctionsList)
            else tuple(sanctions_list)
        )
        return cls(entries)

    def _add(self, ei: int, text: str) -> None:
        if re.search(r"[^\x00-\u024f\u1e00-\u1eff\s\W]", text):
            return  # original-script names: news here is in Latin script
        keys = tuple(
            k for w in WORD_RE.findall(text) if (k := word_key(w)) and k not in weak_words()
        )
        if not keys or len(keys) > MAX_FORM_WORDS:
            return
        form = _Form(ei, " ".join(text.split()), keys)
        plain = [p for w in WORD_RE.findall(text) if (p := _plain(w)) and p not in weak_words()]
        if all(p in _single_blocklist() for p in plain):
            return  # "MINISTRY OF DEFENCE": only generic words, too ambiguous in news text
        if len(keys) == 1:
            key = keys[0]
            if len(key) >= MIN_SINGLE_LEN or (text.strip().isupper() and len(key) >= 3):
                if key not in self._common:
                    self._single.setdefault(key, []).append(form)
            return
        phon = tuple(sorted(_phon(k) for k in keys))
        self._multi.setdefault(len(keys), {}).setdefault(phon, []).append(form)
        self._multi_keys.update(phon)

    # ------------------------------------------------------------------ scanning
    def _words(self, text: str) -> list[_Word]:
        out: list[_Word] = []
        last_end = 0
        pending_break = False
        for m in WORD_RE.finditer(text):
            word = m.group()
            end = m.end()
            if len(word) > 3 and word[-2] in "'’ʼ" and word[-1] in "sS":
                word, end = word[:-2], end - 2  # possessive: "Kashlaf's" -> Kashlaf
            gap = text[last_end : m.start()]
            key = word_key(word)
            if not key:
                continue
            if key in weak_words():
                pending_break = pending_break or bool(BREAK_RE.search(gap))
                last_end = end
                continue
            brk = pending_break or bool(BREAK_RE.search(gap)) or "\n\n" in gap
            pending_break = False
            out.append(
                _Word(
                    key,
                    m.start(),
                    end,
                    word[:1].isupper(),
                    len(word) >= 2 and word.isupper(),
                    brk,
                )
            )
            last_end = end
        return out

    def scan(self, text: str) -> list[ListFind]:
        """Every listed name found in ``text``, longest first where they overlap."""
        words = self._words(text)
        found: list[tuple[int, int, ListFind]] = []  # (priority, length, find)
        phon = [_phon(w.key) for w in words]
        known = [p in self._multi_keys for p in phon]
        lengths = sorted(self._multi, reverse=True)
        longest = lengths[0] if lengths else 0
        for i in range(len(words)):
            if not known[i]:
                lengths_here: list[int] = []
            else:  # how far the words stay inside one phrase and known to some list name
                run = 1
                while (
                    run <= longest
                    and i + run < len(words)
                    and not words[i + run].brk
                    and (known[i + run] or (i + run + 1 < len(words) and known[i + run + 1]))
                ):
                    run += 1
                lengths_here = [n for n in lengths if n <= run]
            for n in lengths_here:
                # contiguous window of n words (no punctuation inside)
                window = range(i, i + n)
                if i + n <= len(words) and not any(words[j].brk for j in window if j > i):
                    forms = self._multi[n].get(tuple(sorted(phon[j] for j in window)))
                    if forms:
                        exact = any(
                            sorted(f.keys) == sorted(words[j].key for j in window) for f in forms
                        )
                        if exact or all(words[j].cap for j in window):
                            found.append(self._find(text, words, list(window), forms, exact, None))
                # one extra word inside: n + 1 words, an inner one skipped
                if i + n + 1 <= len(words) and not any(
                    words[j].brk for j in range(i + 1, i + n + 1)
                ):
                    for skip in range(i + 1, i + n):
                        idx = [j for j in range(i, i + n + 1) if j != skip]
                        forms = self._multi[n].get(tuple(sorted(phon[j] for j in idx)))
                        if (
                            forms
                            and all(words[j].cap for j in range(i, i + n + 1))
                            and any(self._df.get(words[j].key, 0) <= MAX_GAP_DF for j in idx)
                        ):
                            found.append(self._find(text, words, idx, forms, False, skip))
                            break
            w = words[i]
            forms1 = self._single.get(w.key)
            if forms1 and (w.cap or w.acronym):
                if w.acronym or _plain(text[w.start : w.end]) not in _single_blocklist():
                    found.append(self._find(text, words, [i], forms1, True, None))
        furniture = furniture_spans(text)
        found = [
            f for f in found if not any(a <= f[2].start < b for a, b in furniture)
        ]  # datelines and bylines: "VOSTOCHNY, Sept 13 -" is a place
        # keep the longest, exact first, where finds overlap
        found.sort(key=lambda f: (-(f[2].end - f[2].start), f[0], f[2].start))
        kept: list[ListFind] = []
        covered = bytearray(len(text) + 1)
        for _p, _l, find in found:
            if any(covered[find.start : find.end]):
                continue
            covered[find.start : find.end] = b"\x01" * (find.end - find.start)
            kept.append(find)
        kept.sort(key=lambda f: f.start)
        return kept

    def _find(
        self,
        text: str,
        words: list[_Word],
        idx: list[int],
        forms: list[_Form],
        exact: bool,
        skip: int | None,
    ) -> tuple[int, int, ListFind]:
        start, end = words[idx[0]].start, words[idx[-1]].end
        surface = text[start:end]
        screen_as = surface
        if skip is not None:
            before, after = words[skip - 1], words[skip]
            screen_as = text[start : before.end] + text[after.end : end]
        method = "gapped" if skip is not None else ("exact" if exact else "phonetic")
        entries = [self.entries[f.entry] for f in forms]
        kinds = {e.kind for e in entries}
        refs = tuple(dict.fromkeys(e.reference_number for e in entries))
        find = ListFind(
            start=start,
            end=end,
            text=surface,
            screen_as=" ".join(screen_as.split()),
            kind=entries[0].kind if len(kinds) == 1 else "",
            references=refs,
            list_names=tuple(dict.fromkeys(f.text for f in forms)),
            method=method,
        )
        priority = {"exact": 0, "gapped": 1, "phonetic": 2}[method]
        return priority, end - start, find


_SCANNERS: list[tuple[Any, ListScanner]] = []  # (entries object, scanner), most recent last


def scanner_for(entries: SanctionsList | Sequence[Entry]) -> ListScanner:
    """The scanner for a list, built once per list object (the last few are kept)."""
    for owner, scanner in _SCANNERS:
        if owner is entries:
            return scanner
    scanner = ListScanner.from_list(entries)
    _SCANNERS.append((entries, scanner))
    del _SCANNERS[:-3]
    return scanner


__all__ = ["WORD_RE", "ListFind", "ListScanner", "scanner_for", "weak_words", "word_key"]
