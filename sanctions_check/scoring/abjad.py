"""Words written without vowels (Arabic, Persian or Hebrew script) against Latin spellings.

Contract: anyascii transliterates such a script letter for letter and leaves out what it
does not write (short vowels, alef, ain): منير -> ``mnyr``, ابراهيم -> ``brhym``.  Such a word
shares no spelling with "Mounir" or "Ibrahim", so it is compared on its letters:
:func:`abjad_similarity` (0..1) says whether a Latin word spells them (its consonants in
order, each w / y as a long vowel or the letter, at most a short vowel between; since 1.12
a final a, the alif maqsura ى, as a long a or i, and dh, ض ظ ذ, as z, th or d);
:func:`abjad_form` / :func:`abjad_keys` are the consonant keys the index looks such pairs up by
(every pair :func:`abjad_similarity` credits shares one).  Used by
:func:`sanctions_check.scoring.features.token_similarity` (method ``abjad``).
"""

from __future__ import annotations

import functools

from sanctions_check.names.lexicon import (
    common_names,
    consonant_fold,
    is_korean_syllable,
    kunya_words,
    legal_forms,
    stopwords,
)
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights

_VOWELS = frozenset("aeiou")
_ABJAD_DROP = str.maketrans("", "", "aeiouwy")


def is_vowelless(token: str) -> bool:
    """A word of two or more letters without a vowel letter: a transliterated word of a script
    that does not write short vowels (anyascii gives "mnyr" for منير, "brhym" for ابراهيم);
    since 1.12 also one of three letters or more whose only vowel letter is a final a, the
    alif maqsura ى ("mstfa" مصطفى, "nmna" نعمانى), unless it can be a Korean syllable ("hwa")."""
    if len(token) < 2 or not token.isalpha():
        return False
    if token[-1] == "a" and len(token) >= 3:
        return _VOWELS.isdisjoint(token[:-1]) and not is_korean_syllable(token)
    return _VOWELS.isdisjoint(token)


def might_be_vowelless(token: str) -> bool:
    """A quick test every :func:`is_vowelless` word passes (no vowel letter before its last)."""
    return _VOWELS.isdisjoint(token[:-1])


@functools.lru_cache(maxsize=200_000)
def abjad_form(token: str) -> str:
    """A word's consonants as an abjad writes them: no vowels, no w / y (long vowels there),
    each consonant read as its group's letter, doubled letters once, a final h (ta marbuta)
    left out: "mounir" / "mnyr" -> "mnr", "ibrahim" / "brhym" -> "brhm"."""
    rest = token.translate(_ABJAD_DROP).translate(consonant_fold())
    out: list[str] = []
    for ch in rest:
        if not out or ch != out[-1]:
            out.append(ch)
    if len(out) > 2 and out[-1] == "h":
        out.pop()
    return "".join(out)


@functools.lru_cache(maxsize=200_000)
def abjad_keys(token: str) -> tuple[str, ...]:
    """The consonant forms a vowel-less word may be compared by: :func:`abjad_form`, and
    without a leading article "l" (ال: "lmtsdq" ~ "motassadeq"), and with its dh read as the
    other letters :func:`_abjad_patterns` allows there ("fdhl" ~ "fazal" by "fsl").  Since
    1.12 a key may be one consonant: short names are written with one besides long vowels and
    the unwritten ain ("ly" علي ~ "ali", "wly" ولی ~ "wali", "lwny" العوني ~ "ouni"); the
    spelling steps, not the key, decide (a kunya word is no such word: ``_weak_words``)."""
    forms = [token, token[1:]] if token.startswith("l") and len(token) > 3 else [token]
    keys = [abjad_form(f) for f in forms]
    if "dh" in token:  # dh (ض ظ ذ) read z, th or d: _abjad_patterns
        for f in forms:
            keys.extend(abjad_form(f.replace("dh", v)) for v in ("z", "th", "d"))
    return tuple(k for k in dict.fromkeys(keys) if k)


def abjad_similarity(a: str, b: str, scoring: ScoringWeights = DEFAULT_SCORING) -> float:
    """``scoring.abjad_sim`` for a vowel-less word (:func:`is_vowelless`) and a Latin word with
    vowels that spells its letters (:func:`_abjad_patterns`: its consonants in order, its w / y
    as a long vowel or w / y, at most a short vowel between), ``scoring.abjad_short_sim`` when
    the Latin word has ``scoring.short_token`` letters or fewer; else 0.  Particles and legal
    forms ("bn", "llc") are no such words, nor is a Latin word that can be one Korean syllable
    (a Korean name written without its vowel is a typo: ``features``' rule).  The pair always
    shares an :func:`abjad_form` (the index's key)."""
    if not (might_be_vowelless(a) or might_be_vowelless(b)):
        return 0.0  # both have vowels (most pairs scored): at once
    if is_vowelless(b):
        a, b = b, a
    if not is_vowelless(a) or is_vowelless(b) or not b.isalpha() or len(b) < 3:
        return 0.0
    weak = _weak_words()
    if a in weak or b in weak or abjad_form(b) not in abjad_keys(a):
        return 0.0
    short = len(b) <= scoring.short_token
    if len(a) >= 3 and short and is_korean_syllable(b):
        return 0.0  # "chl" is a Korean syllable mistyped ("chol", "chul": the vowel decides)
    latin = b.translate(_abjad_fold())
    if not any(_spells(steps, latin) for steps in _abjad_patterns(a)):
        return 0.0
    return scoring.abjad_short_sim if short else scoring.abjad_sim


_ABJAD_LONG = {"w": ("w", "u", "o", "ou", "oo", "uu", "aw", "ow", "au", "ww"),
               "y": ("y", "i", "e", "ee", "ii", "ai", "ay", "ei", "ey", "ie", "yy")}
# a final a is the alif maqsura ى (anyascii's a): a long a in Arabic ("mstfa" ~ "mustafa"),
# the final ی (i) of Persian, Pashto and Urdu names as typed in Afghanistan ("nmna" ~
# "nomani", "hja" ~ "haji"; since 1.12)
_ABJAD_FINAL_A = ("a", "aa", *_ABJAD_LONG["y"])
# dh, the emphatic and interdental letters ض ظ ذ (the normaliser reads ض as ذ), is z in
# Persian, Pashto and Urdu names and th / d in Arabic ones ("fdhl" ~ "fazal", "mdhhry" ~
# "mazhari", "kdhm" ~ "kathim"; since 1.12); the Latin side is folded (z -> s)
_ABJAD_DH = ("dh", "s", "ss", "th", "d", "dd")
# what may stand between two letters of the abjad: nothing, a short vowel, or two vowels that
# are no long u or i (those are w / y: "mahmoud" is not "mhmd"); alef and ain are not written
# by anyascii ("shaer" ~ "lshr", الشاعر)
_ABJAD_GAP = ("aa", "ae", "ao", "ea", "ia", "io", "iu", "oa", "oe", "ua", "ue", "uo",
              "a", "e", "i", "o", "u")

# what may follow a final consonant: an alif ("gh" ~ "agha", آغا) or a mute e
_ABJAD_END = ("a", "e")

# One step of a spelling pattern: (choices, optional) where each choice is a string the Latin
# word may hold there; a consonant is (letter, None): the letter once or doubled, any times.
_Step = tuple[tuple[str, ...], bool] | tuple[str, None]


@functools.cache
def _weak_words() -> frozenset[str]:
    """Words no abjad pair is made of: particles and legal forms ("bn", "llc"), and the kunya
    words ("bw" is Abu, ابو: alone it names nobody, and one consonant key finds many)."""
    return stopwords() | legal_forms() | kunya_words()


@functools.cache
def _abjad_fold() -> dict[int, str]:
    """:func:`consonant_fold` without w (a long vowel in an abjad, not German v)."""
    return {k: v for k, v in consonant_fold().items() if k not in (ord("w"), ord("y"))}


@functools.lru_cache(maxsize=50_000)
def _abjad_patterns(token: str) -> tuple[tuple[_Step, ...], ...]:
    """How Latin spellings of a vowel-less word look: each consonant (doubled or not), each w /
    y a long vowel or the letter itself, at most a short vowel (:data:`_ABJAD_GAP`) before
    or after each (after a final consonant an a or e only), a final h optional (ta marbuta:
    "hmzh" ~ "hamza"); also without a leading
    article "l".  "mhmd" (محمد) fits "mohammed", not "mahmoud" ("mhmwd", محمود).  The steps
    are matched by :func:`_spells` (a regular language; plain steps, not a compiled regular
    expression: compiling one per new word cost more than all its matching)."""
    forms = [token[1:]] if token.startswith("l") and len(token) > 3 else []
    out = []
    for form in [token, *forms]:
        steps: list[_Step] = [(_ABJAD_GAP, True)]
        folded = form.translate(_abjad_fold())
        last = len(folded) - 1
        for i, ch in enumerate(folded):
            if ch == "h" and i and folded[i - 1] == "d":
                continue  # read with its d
            if ch == "a":  # (the final one: is_vowelless)
                steps.append((_ABJAD_FINAL_A, False))
            elif ch in _ABJAD_LONG:
                steps.append((_ABJAD_LONG[ch], False))
            elif ch == "h" and i == last and i >= 2:
                steps.append((("h",), True))
            elif ch == "d" and folded.startswith("h", i + 1):
                steps.append((_ABJAD_DH, False))
            else:
                steps.append((ch, None))
            steps.append((_ABJAD_GAP, True))
        if steps[-2][1] is None or steps[-2][0] is _ABJAD_DH:
            # after a final consonant only an alif (unwritten) or a mute e: a Latin i, o or u
            # there is a letter the word lacks ("majidi" is not "mjyd", المجيد; since 1.12)
            steps[-1] = (_ABJAD_END, True)
        out.append(tuple(steps))
    return tuple(out)


def _spells(steps: tuple[_Step, ...], word: str) -> bool:
    """Whether the whole of ``word`` follows ``steps`` (every way of reading it is tried,
    each (step, position) once; plain loops: this runs for every pair the index finds by
    consonants)."""
    n, last = len(word), len(steps)
    seen: set[int] = set()

    def go(i: int, p: int) -> bool:
        if i == last:
            return p == n
        at = i * (n + 1) + p
        if at in seen:
            return False
        seen.add(at)
        choices, optional = steps[i]
        if optional is None:  # a consonant: once or more
            q = p
            while q < n and word[q] == choices:
                q += 1
            for k in range(q, p, -1):
                if go(i + 1, k):
                    return True
            return False
        if optional and go(i + 1, p):
            return True
        if p < n:  # (no choice is empty)
            for c in choices:
                if word.startswith(c, p) and go(i + 1, p + len(c)):
                    return True
        return False

    return go(0, 0)


@functools.cache
def _common_forms() -> frozenset[str]:
    return frozenset(abjad_form(name) for name in common_names() if len(abjad_form(name)) >= 3)


def is_common_abjad(token: str) -> bool:
    """Whether a vowel-less word is written like a name common in the world ("bdllh" is
    Abdullah, "mhmd" Muhammad: ``common_names.txt``), so it weighs as one
    (``features.TokenWeights``): in the list it is rare, a word of one original-script name."""
    return is_vowelless(token) and any(k in _common_forms() for k in abjad_keys(token))
