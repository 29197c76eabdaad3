"""List-driven pass: find every listed name in a news text, independently of the extractor.

Contract: :class:`ListScanner` is built once from the list entries and the curated "known as"
names (``ListScanner.from_list``, :func:`scanner_for`) over the forms of
:func:`sanctions_check.news.listforms.scan_forms` (listed names and aliases, curated names, a
person's given + family name and shorter names, an organisation's name without legal form,
its acronym).  :meth:`ListScanner.scan` returns :class:`ListFind` s: text spans whose words
are such a form, in the shared normaliser's word keys (case, diacritics, apostrophes,
romanisation variants), in any word order, found by one of :class:`FindMethod`:

* ``exact``: the same keys, in any case ("saleh musfer al-shaer", "SIRAJUDDIN HAQQANI");
* ``joined``: the same letters with other hyphenation or spacing ("Jamaatud Dawa" for
  Jamaat-ud-Dawa), in any case;
* ``phonetic``: the same Metaphone keys (words of 4+ letters), capitalised words only;
* ``typo``: one word one edit away from the list word (words of 5+ letters), capitalised;
* ``gapped``: one extra word inside ("Seka Musa Baluku" for SEKA BALUKU), capitalised, with a
  word rare in the list.

One-word forms are looked for only as capitalised words of 4+ letters (or words in capitals)
that are not common words, places, titles or common list name parts (an organisation's
whole listed name of 5+ letters always counts: "Shabaab"); an acronym form only where
written in capitals.  A possessive ends a name ("Gaddafi's Daughter Aisha" is none).  A find is only a *candidate*:
:func:`sanctions_check.news.merge.merge` adds it to the extractor's entities and the matcher
scores it like every other name, so its hits carry the same evidence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

import jellyfish

from sanctions_check.lists.entries import ORG, Entry, Name, SanctionsList
from sanctions_check.news.listforms import (
    WORD_RE,
    FormSource,
    ScanForm,
    plain,
    scan_forms,
    weak_words,
    word_key,
)
from sanctions_check.news.scanwords import ScanWord, phonetic_key, scan_words
from sanctions_check.news.text import ADJ_SUFFIX, furniture_spans, place_tokens, word_list

MIN_SINGLE_LEN = 4
MAX_SINGLE_DF = 2  # a one-word name shared by more entries' names is a common name part
MAX_GAP_DF = 2  # a name found with a word skipped needs a word this rare in the list
MIN_TYPO_LEN = 5
MAX_JOINED_WORDS = 4
JOINED_PREFIX = 12  # letters of a joined form's beginning indexed, to stop looking early
MAX_CACHED_WORDS = 100_000  # a scanner's per-word cache is emptied when it holds this many


class FindMethod(StrEnum):
    EXACT = "exact"
    JOINED = "joined"
    GAPPED = "gapped"
    PHONETIC = "phonetic"
    TYPO = "typo"


PRIORITY = {FindMethod.EXACT: 0, FindMethod.JOINED: 1, FindMethod.PHONETIC: 2,
            FindMethod.GAPPED: 3, FindMethod.TYPO: 4}  # fmt: skip


@functools.cache
def _single_blocklist() -> frozenset[str]:
    """Words never taken as a one-word listed name in text (common words, places, titles)."""
    return (
        word_list("news_not_names.txt")
        | word_list("news_titles.txt")
        | word_list("news_org_cues.txt")
        | place_tokens()
    )


_HYPHEN_AFTER = re.compile(r"[-‐‑](\w+)")  # (compiled once: see news.text)
_HYPHEN_BEFORE = re.compile(r"(\w+)[-‐‑]$")


def _cuts_word(text: str, start: int, end: int) -> bool:
    """True when ``start:end`` begins or ends inside a hyphenated word ("Kim Jong" in "Kim
    Jong-un"); a particle before ("al-Shabaab") or an "-linked"-style suffix after ("al
    Qaeda-linked") does not count."""
    after = _HYPHEN_AFTER.match(text[end : end + 40])
    if after and not ADJ_SUFFIX.match("x-" + after.group(1)):
        return True
    before = _HYPHEN_BEFORE.search(text[max(0, start - 12) : start])
    return bool(before) and plain(before.group(1)) not in weak_words()


def _deletes(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))} | {key}


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
    method: str  # a FindMethod


class _Runs(NamedTuple):
    """Per word of a text: how many capitalised words run from it (``caps``) and the index
    of the next word after it with a break before it (``next_break``; the word count if
    none)."""

    caps: list[int]
    next_break: list[int]


class ListScanner:
    """Every form of every listed name, indexed by word keys, phonetic keys and letters."""

    def __init__(
        self, entries: Sequence[Entry], known: Mapping[str, Sequence[Name]] | None = None
    ) -> None:
        self.entries = tuple(entries)
        self.by_reference = {e.reference_number: e for e in self.entries}  # for every item's merge
        self._multi: dict[int, dict[tuple[str, ...], list[ScanForm]]] = {}
        self._single: dict[str, list[ScanForm]] = {}
        self._joined: dict[str, list[ScanForm]] = {}
        self._multi_keys: set[str] = set()  # every phonetic key of a multi-word form
        # per phonetic-key tuple of _multi: the forms' own word keys, sorted
        self._exact: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        self._exact_words: set[str] = set()  # every word key of a multi-word form
        self._joined_starts: set[str] = set()  # the first 1..JOINED_PREFIX letters of _joined's
        self._alts: dict[str, list[str]] = {}  # cache of _alternatives, per word key
        self._typo: dict[str, set[str]] = {}  # deletion variant -> list word keys (5+ letters)
        df: dict[str, set[int]] = {}
        for ei, entry in enumerate(self.entries):
            for name in entry.names():
                for w in WORD_RE.findall(name.text):
                    df.setdefault(word_key(w), set()).add(ei)
        self._df = {k: len(v) for k, v in df.items()}
        self._common = frozenset(k for k, found in df.items() if len(found) > MAX_SINGLE_DF)
        for form in scan_forms(self.entries, known):
            self._add(form)

    @classmethod
    def from_list(
        cls,
        sanctions_list: SanctionsList | Iterable[Entry],
        known: Mapping[str, Sequence[Name]] | None = None,
    ) -> ListScanner:
        entries = (
            sanctions_list.entries
            if isinstance(sanctions_list, SanctionsList)
            else tuple(sanctions_list)
        )
        return cls(entries, known)

    def _add(self, form: ScanForm) -> None:
        plainwords = [plain(w) for w in WORD_RE.findall(form.text)]
        if all(p in _single_blocklist() or p in weak_words() for p in plainwords):
            return  # "MINISTRY OF DEFENCE": only generic words, too ambiguous in news text
        keys = form.keys
        if len(keys) == 1:
            key = keys[0]
            if form.source == FormSource.ACRONYM or (
                len(key) >= MIN_SINGLE_LEN or (form.text.strip().isupper() and len(key) >= 3)
            ):
                # a word shared by many entries' names is a common name part ("Mohammed"),
                # unless it is an organisation's whole listed name ("SHABAAB")
                whole_org = self.entries[form.entry].kind == ORG and form.source in (
                    FormSource.NAME, FormSource.KNOWN_AS) and len(key) > MIN_SINGLE_LEN
                if key not in self._common or whole_org:
                    self._single.setdefault(key, []).append(form)
            return
        for letters in form.squashed:
            if len(letters) >= 8:
                self._joined.setdefault(letters, []).append(form)
                self._joined_starts.update(letters[:k] for k in range(1, JOINED_PREFIX + 1))
        phon = tuple(sorted(phonetic_key(k) for k in keys))
        self._multi.setdefault(len(keys), {}).setdefault(phon, []).append(form)
        self._exact.setdefault(phon, set()).add(tuple(sorted(keys)))
        self._exact_words.update(keys)
        self._multi_keys.update(phon)
        for k in keys:
            if len(k) >= MIN_TYPO_LEN and k.isalpha():
                for d in _deletes(k):
                    self._typo.setdefault(d, set()).add(k)

    # ------------------------------------------------------------------ scanning
    def _alternatives(self, key: str) -> list[str]:
        """Phonetic keys of list words one edit away from ``key`` (a typo), not ``key``'s
        (cached per key: it depends on the key and the list only)."""
        got = self._alts.get(key)
        if got is None:
            if len(self._alts) >= MAX_CACHED_WORDS:
                self._alts.clear()
            got = self._alts[key] = self._alternatives_of(key)
        return got

    def _alternatives_of(self, key: str) -> list[str]:
        if len(key) < MIN_TYPO_LEN or not key.isalpha():
            return []
        found: set[str] = set()
        for d in _deletes(key):
            found |= self._typo.get(d, set())
        return sorted(
            {phonetic_key(k) for k in found if k != key and jellyfish.levenshtein_distance(k, key) == 1}
            - {phonetic_key(key)}
        )

    def scan(self, text: str) -> list[ListFind]:
        """Every listed name found in ``text``, longest first where they overlap."""
        words = scan_words(text)
        nw = len(words)
        found: list[tuple[int, int, ListFind]] = []  # (priority, length, find)
        multi_keys = self._multi_keys
        phon = [w.phon for w in words]
        alts = [self._alternatives(w.key) if w.cap and p not in multi_keys else []
                for w, p in zip(words, phon, strict=True)]
        known = [p in multi_keys or bool(a) for p, a in zip(phon, alts, strict=True)]
        # per word: how many capitalised words run from it, and where the next break is
        runs = _Runs([0] * (nw + 1), [nw] * (nw + 1))
        # per word: how many words from it are words of multi-word forms, with no break
        # inside: a window from a word not capitalised can only be such words exactly
        exact_run = [0] * (nw + 1)
        exact_words = self._exact_words
        for i in range(nw - 1, -1, -1):
            runs.caps[i] = runs.caps[i + 1] + 1 if words[i].cap else 0
            runs.next_break[i] = i + 1 if i + 1 < nw and words[i + 1].brk else runs.next_break[i + 1]
            if words[i].key in exact_words:
                exact_run[i] = 1 + (exact_run[i + 1] if runs.next_break[i] > i + 1 else 0)
        lengths = sorted(self._multi, reverse=True)
        longest = lengths[0] if lengths else 0
        blocked = _single_blocklist()
        starts = self._joined_starts
        for i in range(nw):
            if words[i].squashed[:JOINED_PREFIX] in starts:
                self._joined_at(text, words, i, found)
            if known[i]:  # how far the words stay inside one phrase and known to some form
                run = 1
                while (
                    run <= longest
                    and i + run < nw
                    and not words[i + run].brk
                    and (known[i + run] or (i + run + 1 < nw and known[i + run + 1]))
                ):
                    run += 1
                if not words[i].cap:  # (then only the same words, exactly: see _window_at)
                    run = min(run, exact_run[i])
                for n in lengths:
                    if n <= run:
                        self._window_at(text, words, phon, alts, runs, i, n, found)
            w = words[i]
            forms1 = self._single.get(w.key)
            if forms1 and (w.cap or w.acronym):
                forms1 = [f for f in forms1 if f.source != FormSource.ACRONYM or w.acronym]
                # (the word as written is text[w.start : w.end], whose plain letters are
                # w.squashed)
                if forms1 and (w.acronym or w.squashed not in blocked):
                    found.append(self._find(text, words, [i], forms1, FindMethod.EXACT, None))
        # a find ends and starts at whole words: "Kim Jong" is not in "Kim Jong-un"
        found = [f for f in found if not _cuts_word(text, f[2].start, f[2].end)]
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

    def _joined_at(self, text: str, words: list[ScanWord], i: int, found: list) -> None:  # type: ignore[type-arg]
        """Forms whose letters run together equal the next 1-4 words' ("Jamaatud Dawa")."""
        letters = ""
        for n in range(1, MAX_JOINED_WORDS + 1):
            j = i + n - 1
            if j >= len(words) or (n > 1 and words[j].brk):
                return
            letters += words[j].squashed
            if letters[:JOINED_PREFIX] not in self._joined_starts:
                return  # no form's letters begin so: nor will they with more words
            forms = self._joined.get(letters)
            if forms:
                found.append(self._find(text, words, list(range(i, j + 1)), forms,
                                        FindMethod.JOINED, None))

    def _window_at(self, text, words, phon, alts, runs, i, n, found) -> None:  # type: ignore[no-untyped-def]
        """Forms of ``n`` words found at word ``i``: contiguous, with a typo, or with one
        extra word inside (``runs``: the capitalised runs and breaks of :meth:`scan`)."""
        index = self._multi[n]
        end = i + n
        all_caps = runs.caps[i] >= n
        if end <= len(words) and runs.next_break[i] >= end:  # no break inside
            keys = tuple(sorted(phon[i:end]))
            forms = index.get(keys)
            if forms:
                exact = tuple(sorted(w.key for w in words[i:end])) in self._exact[keys]
                if exact or all_caps:
                    method = FindMethod.EXACT if exact else FindMethod.PHONETIC
                    found.append(self._find(text, words, list(range(i, end)), forms, method, None))
                    return
            if all_caps:
                for j in range(i, end):  # one word with a typo
                    for alt in alts[j]:
                        keys = sorted(alt if k == j else phon[k] for k in range(i, end))
                        forms = index.get(tuple(keys))
                        if forms:
                            found.append(self._find(text, words, list(range(i, end)), forms,
                                                    FindMethod.TYPO, None))
                            return
        # one extra word inside: n + 1 words, an inner one skipped, every one capitalised
        if end + 1 <= len(words) and runs.next_break[i] >= end + 1 and runs.caps[i] >= n + 1:
            for skip in range(i + 1, end):
                idx = [j for j in range(i, end + 1) if j != skip]
                forms = index.get(tuple(sorted(phon[j] for j in idx)))
                if forms and any(self._df.get(words[j].key, 0) <= MAX_GAP_DF for j in idx):
                    found.append(self._find(text, words, idx, forms, FindMethod.GAPPED, skip))
                    return

    def _find(
        self,
        text: str,
        words: list[ScanWord],
        idx: list[int],
        forms: list[ScanForm],
        method: FindMethod,
        skip: int | None,
    ) -> tuple[int, int, ListFind]:
        start, end = words[idx[0]].start, words[idx[-1]].end
        surface = text[start:end]
        screen_as = surface
        if skip is not None:
            before, after = words[skip - 1], words[skip]
            screen_as = text[start : before.end] + text[after.end : end]
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
            method=str(method),
        )
        return PRIORITY[method], end - start, find


_SCANNERS: list[tuple[Any, Any, ListScanner]] = []  # (entries, known_as, scanner), most recent last


def scanner_for(entries: SanctionsList | Sequence[Entry], known_as: Any = None) -> ListScanner:
    """The scanner for a list and its curated "known as" names (a
    :class:`~sanctions_check.matching.knownas.KnownNames`, e.g. the matcher's ``known_as``), built once
    per list object (the last few are kept)."""
    for owner, names, scanner in _SCANNERS:
        if owner is entries and names is known_as:
            return scanner
    known = None
    if known_as is not None:
        from sanctions_check.matching.knownas import checked_known_names

        listed = entries.entries if isinstance(entries, SanctionsList) else entries
        known = checked_known_names(known_as, listed)
    scanner = ListScanner.from_list(entries, known)
    _SCANNERS.append((entries, known_as, scanner))
    del _SCANNERS[:-3]
    return scanner


__all__ = [
    "WORD_RE",
    "FindMethod",
    "ListFind",
    "ListScanner",
    "scanner_for",
    "weak_words",
    "word_key",
]
