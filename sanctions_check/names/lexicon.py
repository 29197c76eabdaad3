"""Reference data of the normaliser and the scorer: word lists and spelling equivalences.

Contract: every table is read once from the reviewable files in ``sanctions_check/data/``
and cached; lookups take tokens in normalised form (lower-case ASCII words, see
:mod:`sanctions_check.names.normalise`).

* :func:`titles` (``titles.txt``: removed from the start of persons' names),
  :func:`stopwords` (``stopwords.txt``: particles such as al, bin, de),
  :func:`legal_forms` (``legal_forms.txt``: co, ltd, corporation...),
  :func:`series_markers` (``series_markers.txt``: no, nr, number before a series number),
  :func:`link_words` (``link_words.txt``: of, in, fi opening a phrase after a name),
  :func:`org_heads` (``org_heads.txt``: bank, army, movement: what kind of body) and
  :func:`common_names` (``common_names.txt``, canonical forms): word sets;
* :func:`legal_form_phrases` (``legal_form_groups.csv``: written legal forms of
  organisations and the generic form each is read as: "Joint Stock Company" -> ``jsc``);
  :func:`national_legal_forms` (``national_legal_forms.csv``: the generic forms of one
  country's law, their family and countries: ``gmbh`` -> ``llc``, DE / AT / CH / LI);
* :func:`canonical_token` -- the romanisation-canonical form of a token
  (``romanisation.csv``: equivalent spellings, plus general spelling rules);
  :func:`is_known_name` -- whether a token is a spelling of that table;
* :func:`voicing_forms` / :func:`voicing_alike` / :func:`is_korean_name` -- a Korean
  syllable's first consonant voiced or not ("pong" / "bong"), and the names where that holds;
* :func:`reading` / :func:`written` -- a Han or kana token's reading and its character;
* :func:`bound_rest` -- the two parts of an Arabic compound written as one word;
* :func:`synonym_token` -- the synonym-group key of a token (``synonyms.csv``: translations
  of organisation words);
* :data:`WORD_RE` / :data:`APOS_RE` (what a word is, which apostrophes are dropped inside
  words) and :func:`data_csv` (a data file's rows, from :mod:`.datafiles`), shared with the
  normaliser.

The costliest tables (romanisation groups, common names, legal-form phrases) may also be
taken built from the index cache instead (:mod:`.lexicontables`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from sanctions_check.names.datafiles import data_csv, data_lines
from sanctions_check.names.lexicontables import BUILDERS, built_table, union_groups
from sanctions_check.names.lexicontables import TABLES as _TABLES

_APOSTROPHES = "'’‘ʼʻ`´′ʹ‛"
APOS_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
WORD_RE = re.compile(r"[^\W_]+")


def to_ascii(text: str) -> str:
    """``anyascii(text)``: a text transliterated to ASCII; the library is imported when a text
    first needs it (its import brings importlib.resources, with tempfile, shutil and zipfile: a
    tenth of the imports of a one-off `match` of a Latin name, which never needs it)."""
    if text.isascii():
        return text  # (what anyascii gives an ASCII text)
    return _anyascii()(text)


@functools.cache
def _anyascii() -> Callable[[str], str]:
    from anyascii import anyascii

    return anyascii


@functools.cache
def titles() -> frozenset[str]:
    return frozenset(data_lines("titles.txt"))


@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(data_lines("stopwords.txt"))


def common_names() -> frozenset[str]:
    """Canonical forms of very common given and family names (``data/common_names.txt``)."""
    return built_table(_TABLES, "common_names", _build_common_names)


def _build_common_names() -> frozenset[str]:
    return frozenset(canonical_token(t) for t in data_lines("common_names.txt"))


@functools.cache
def honorific_names() -> frozenset[str]:
    """Honorifics that are also given names ("hafiz"; ``data/honorific_names.txt``)."""
    return frozenset(data_lines("honorific_names.txt"))


@functools.cache
def kunya_words() -> frozenset[str]:
    """Words that open a kunya ("abu", "umm"; ``data/kunya_words.txt``)."""
    return frozenset(data_lines("kunya_words.txt"))


@functools.cache
def bound_head_typos() -> frozenset[str]:
    """Heads of Arabic compounds with one letter dropped, no names of their own ("adul" for
    "abdul"; ``data/bound_head_typos.txt``)."""
    return frozenset(data_lines("bound_head_typos.txt"))


@functools.cache
def _korean_syllable() -> re.Pattern[str]:
    parts = {row["part"]: row["spellings"].split(";") for row in data_csv("korean_syllables.csv")}

    def alt(xs: list[str]) -> str:
        return "(?:" + "|".join(sorted(xs, key=len, reverse=True)) + ")"

    return re.compile(f"^{alt(parts['initial'])}?{alt(parts['vowel'])}{alt(parts['final'])}?$")


@functools.lru_cache(maxsize=200_000)
def is_korean_syllable(token: str) -> bool:
    """Whether a token can be read as one romanised Korean syllable ("hyok", "song", "chol";
    not "hzok", "chl": ``data/korean_syllables.csv``); cached (the scorer asks it of the same
    query word against every candidate word)."""
    return _korean_syllable().match(token) is not None


@functools.cache
def _voicings() -> tuple[tuple[str, str], ...]:
    """(unvoiced, voiced) first consonants of the ``voicing`` rows of ``romanisation.csv``."""
    return tuple((forms[0], f) for row in data_csv("romanisation.csv") if row["type"] == "voicing"
                 for forms in [[_plain(f) for f in row["forms"].split(";") if _plain(f)]]
                 for f in forms[1:])


_ONSET_NEXT = frozenset("aeiouwy")  # what follows a plain first consonant ("pyong", "kwang")


@functools.lru_cache(maxsize=200_000)
def voicing_forms(token: str) -> tuple[str, ...]:
    """A Korean syllable with its first consonant unvoiced and voiced (``voicing`` rows of
    ``romanisation.csv``: ``bong`` -> ``("pong", "bong")``, ``chol`` -> ``("chol", "jol")``);
    ``()`` for a token that is not a Korean syllable or starts otherwise ("ho", "thae", "tchol")."""
    if not is_korean_syllable(token):
        return ()
    for unvoiced, voiced in _voicings():
        for have in (unvoiced, voiced):
            rest = token[len(have):]
            if token.startswith(have) and rest[:1] in _ONSET_NEXT:
                return unvoiced + rest, voiced + rest
    return ()


def voicing_alike(a: str, b: str) -> bool:
    """Whether two different Korean syllables differ only in their first consonant being
    voiced or not ("pong" / "bong", "chol" / "jol"; not "pak" / "paek")."""
    fa = voicing_forms(a)
    return bool(fa) and a != b and fa == voicing_forms(b)


@functools.lru_cache(maxsize=4096)
def is_korean_name(tokens: tuple[str, ...]) -> bool:
    """Whether a name of two words or more is made of Korean syllables only ("paek se bong",
    "kim jong un"; not "osama bin laden", "ben ali"): where :func:`voicing_alike` words are
    one name."""
    return len(tokens) >= 2 and all(is_korean_syllable(t.removesuffix(FINAL_N)) for t in tokens)


@functools.cache
def legal_forms() -> frozenset[str]:
    return frozenset(data_lines("legal_forms.txt"))


@functools.cache
def link_words() -> frozenset[str]:
    """Prepositions and conjunctions that open a phrase qualifying an organisation's name
    ("of", "in", "fi": ``link_words.txt``)."""
    return frozenset(data_lines("link_words.txt"))


@functools.cache
def org_heads() -> frozenset[str]:
    """Words that say what kind of body an organisation is ("bank", "army", "movement",
    "jamaat": ``org_heads.txt``)."""
    return frozenset(data_lines("org_heads.txt"))


@functools.cache
def series_markers() -> frozenset[str]:
    """Words for "number" before an organisation's series number (``series_markers.txt``:
    "no", "nr", "number": "Office No. 39")."""
    return frozenset(data_lines("series_markers.txt"))


LegalFormTable = dict[tuple[str, ...], tuple[str, bool]]


def legal_form_phrases() -> tuple[LegalFormTable, int]:
    """Written legal forms (token tuples) -> (generic form, only at the name's edges), and
    the longest form's length (``legal_form_groups.csv``)."""
    return built_table(_TABLES, "legal_form_phrases", _build_legal_form_phrases)


def _build_legal_form_phrases() -> tuple[LegalFormTable, int]:
    table: LegalFormTable = {}
    for row in data_csv("legal_form_groups.csv"):
        for form in row["forms"].split(";"):
            toks = tuple(WORD_RE.findall(form.casefold()))
            if toks:
                table[toks] = (row["generic"], row["where"] == "edge")
    return table, max(len(k) for k in table)


@functools.cache
def national_legal_forms() -> dict[str, tuple[str, frozenset[str]]]:
    """Generic legal forms of one country's law -> (their family, the ISO codes of the
    countries) (``national_legal_forms.csv``: ``gmbh`` -> ``llc``, DE / AT / CH / LI)."""
    return {row["generic"]: (row["family"], frozenset(row["countries"].split(";")))
            for row in data_csv("national_legal_forms.csv")}


def _romanisation() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Each spelling of ``romanisation.csv``'s word groups -> its group's canonical form, and
    the (suffix, canonical suffix) pairs, longest first."""
    return built_table(_TABLES, "romanisation", _build_romanisation)


def _build_romanisation() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    words: list[list[str]] = []
    suffixes: list[tuple[str, str]] = []
    for row in data_csv("romanisation.csv"):
        forms = [_plain(f) for f in row["forms"].split(";") if _plain(f)]
        if not forms:
            continue
        if row["type"] == "suffix":
            suffixes.extend((f, forms[0]) for f in forms[1:])
        elif row["type"] in ("consonant", "spelling", "korean", "medial", "voicing"):
            continue  # read by consonant_fold() / _spellings()
        else:
            words.append(forms)
    suffixes.sort(key=lambda s: -len(s[0]))
    return union_groups(words), tuple(suffixes)


@functools.cache
def consonant_fold() -> dict[int, str]:
    """A ``str.translate`` table reading each letter of a ``consonant`` row of
    ``romanisation.csv`` as the row's first letter (``j`` -> ``g``, ``z`` -> ``s``, ``w`` -> ``v``)."""
    table: dict[int, str] = {}
    for row in data_csv("romanisation.csv"):
        if row["type"] == "consonant":
            forms = [_plain(f) for f in row["forms"].split(";") if _plain(f)]
            table.update((ord(f), forms[0]) for f in forms[1:] if len(f) == 1)
    return table


@functools.cache
def _synonyms() -> dict[str, str]:
    groups = []
    for row in data_csv("synonyms.csv"):
        forms = [_plain(f) for f in row["forms"].split(";") if _plain(f)]
        if len(forms) > 1:
            groups.append(forms)
    return union_groups(groups)


def _plain(text: str) -> str:
    """A reference-data word in token form (lower ASCII, no apostrophes/hyphens/spaces)."""
    return "".join(WORD_RE.findall(to_ascii(APOS_RE.sub("", text)).casefold()))


# after a Korean syllable read from Cyrillic, its final н: ㄴ or ㅇ, n or ng (names.kontsevich)
FINAL_N = "\u043d"


def reading(token: str) -> str:
    """A token without the written characters a Han or kana token carries (``gao高`` ->
    ``gao``): what it is compared on against a name in another script."""
    return token if token.isascii() else "".join(c for c in token if c.isascii())


def written(token: str) -> str:
    """The written (non-ASCII) characters of a token (``gao高`` -> ``高``; ``""`` if none)."""
    return "" if token.isascii() else "".join(c for c in token if not c.isascii())


@functools.lru_cache(maxsize=200_000)
def canonical_token(token: str) -> str:
    """The romanisation-canonical form of a token (``rhee`` -> ``ri``, ``sergey`` -> ``sergei``).

    Tokens in one ``word`` group of ``romanisation.csv`` share a canonical form; tokens of 4+
    letters also get the ``suffix`` rules and general spelling rules (:func:`_spelling`).
    """
    if not token.isascii():
        token = reading(token)
    words = _romanisation()[0]
    if token in words:
        return words[token]
    if len(token) >= 4:
        for suffix, target in _suffixes_by_last().get(token[-1], ()):
            if token.endswith(suffix) and len(token) - len(suffix) >= 3:
                token = token[: -len(suffix)] + target
                break
        spelled = _spelling(token)
        return words.get(spelled, spelled)
    return token


@functools.cache
def _suffixes_by_last() -> dict[str, tuple[tuple[str, str], ...]]:
    """The ``suffix`` rules of :func:`_romanisation` by their last letter, each group in the
    rules' order (a word can only end in a suffix of its own last letter: a cache miss of
    :func:`canonical_token` tries those alone)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for suffix, target in _romanisation()[1]:
        out.setdefault(suffix[-1], []).append((suffix, target))
    return {last: tuple(rules) for last, rules in out.items()}


@functools.cache
def _spellings() -> tuple[tuple[str, str], ...]:
    """(written, read as) of the ``spelling`` rows of ``romanisation.csv``, in file order."""
    out: list[tuple[str, str]] = []
    for row in data_csv("romanisation.csv"):
        if row["type"] == "spelling":
            forms = [_plain(f) for f in row["forms"].split(";") if _plain(f)]
            out.extend((f, forms[0]) for f in forms[1:])
    return tuple(out)


@functools.cache
def _korean_spellings() -> tuple[tuple[str, str], ...]:
    """(written, read as) of the ``korean`` rows of ``romanisation.csv``."""
    return tuple((f, forms[0]) for row in data_csv("romanisation.csv") if row["type"] == "korean"
                 for forms in [[_plain(f) for f in row["forms"].split(";") if _plain(f)]]
                 for f in forms[1:])


def _spelling(token: str) -> str:
    """Spelling variants common in romanised names: the ``spelling`` rows (ou/oo -> u, ee -> i,
    ph -> f, German / Polish tsch/cz -> ch, sch/sz -> sh), the ``korean`` rows where
    the result is a Korean syllable (South Korean eo / eu -> o / u), doubled letters single ("al-Douri" ~
    "al-Duri", "Hassan" ~ "Hasan", "Noorullah" ~ "Nurullah", "Schamil" ~ "Shamil")."""
    for old, new in _spellings():
        token = token.replace(old, new)
    for old, new in _korean_spellings():  # "yeong" -> "yong", where that is a syllable
        if old in token and is_korean_syllable(token.replace(old, new)):
            token = token.replace(old, new)
    out = []
    for ch in token:
        if not out or ch != out[-1]:
            out.append(ch)
    return "".join(out)


@functools.cache
def _medial_spellings() -> tuple[tuple[str, str], ...]:
    """(written, read as) of the ``medial`` rows of ``romanisation.csv``."""
    return tuple((f, forms[0]) for row in data_csv("romanisation.csv") if row["type"] == "medial"
                 for forms in [[_plain(f) for f in row["forms"].split(";") if _plain(f)]]
                 for f in forms[1:])


def medial_alike(a: str, b: str) -> bool:
    """Whether two different tokens of 5+ letters are one name once the ``medial`` spellings
    of ``romanisation.csv`` inside them (not at their start) are read alike ("aicha" /
    "aisha": French ch for Arabic sh)."""
    if min(len(a), len(b)) < 5 or len(a) != len(b) or a[0] != b[0]:
        return False
    for old, new in _medial_spellings():
        if old in a[1:] or old in b[1:]:
            a, b = a[0] + a[1:].replace(old, new), b[0] + b[1:].replace(old, new)
    return a == b


BOUND_HEADS, BOUND_TAILS = ("abdul", "ghulam"), ("uddin", "ullah")


def bound_rest(token: str) -> tuple[str, str] | None:
    """The bound part and the rest of a compound the normaliser wrote as one word
    (``abdulkhaliq`` -> ``("abdul", "khaliq")``, ``badruddin`` -> ``("uddin", "badr")``), or
    None: two compounds are as alike as their rests (``abdulkarim`` is not ``abdulrahim``)."""
    for head in BOUND_HEADS:
        if token.startswith(head) and len(token) >= len(head) + 2:
            return head, token[len(head) :]
    for tail in BOUND_TAILS:
        if token.endswith(tail) and len(token) >= len(tail) + 2:
            return tail, token[: -len(tail)]
    return None


def is_known_name(token: str) -> bool:
    """Whether a token is one of the spellings in the romanisation table."""
    return token in _romanisation()[0]


def synonym_token(token: str) -> str | None:
    """The synonym-group key of a token (``room`` -> ``office``), or None."""
    return _synonyms().get(token)


BUILDERS.update(romanisation=_build_romanisation, common_names=_build_common_names,
                legal_form_phrases=_build_legal_form_phrases)
