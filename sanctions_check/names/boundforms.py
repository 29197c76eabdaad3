"""Arabic bound forms as one name part: the normaliser's step 6 (see
:mod:`sanctions_check.names.normalise`).

Contract: :func:`bound_forms` takes the (token, script) pairs of one comma part of a
person's name and returns them with every theophoric compound ("Abd al-X", "Abdel X",
"Abdul-X", "Abdulx", "Abdur Rahman"; a head with one letter dropped, "Adul X", from
``data/bound_head_typos.txt``) as one token ``abdul`` + X, "Ghulam X" / "Gholam X" as
``ghulam`` + X, every "X ud-Din" /
"Xeddine" / "Xuddin" as X + ``uddin`` and every "X Allah" / "Xollah" as X + ``ullah``.
In Arabic script (anyascii without vowels) عبد + a word with the article and X + الله are one
word, as they are often written (``bd`` ``lltyf`` -> ``bdlltyf``), and so is X + الدين,
written X + ``dyn`` with the article's l assimilated as in the Latin X-uddin (``shms``
``ldyn`` -> ``shmsdyn``, ``nwrldyn`` -> ``nwrdyn``; since 1.13).
Applied to list names and queries alike, by the one normaliser, so the index stays exact;
:func:`sanctions_check.names.lexicon.bound_rest` splits such a token again for comparison.
"""

from __future__ import annotations

from sanctions_check.files.lazy import lazy_pattern
from sanctions_check.names.lexicon import bound_head_typos, stopwords

# "abd" + linker + rest: the linker is a vowel group with "l" (abdul-, abdel-, abdoul-) or an
# assimilated sun letter (abdur-rahman, abdus-salam), or a bare vowel (abdikadir, abdukadir)
_ABD_RE = lazy_pattern(r"^abd(?:(ou|u|e|a|o|i)(l|r|s|sh|n|z|t|d)?)?([a-z]{3,})$")
_ABDULLAH_RE = lazy_pattern(r"^abd(?:ou|u|e|a|o|i)?ll?ah?$")  # abdulla, abdallah, abdellah
_DIN_RE = lazy_pattern(r"^([a-z]{3,}?)(?:(?:ou|u|e|a|i)[dl]?|[dl])d(?:in|ine|een|inn)$")
_ULLAH_RE = lazy_pattern(r"^([a-z]{3,}?)(?:ou|u|o|a|e|i)ll?ah?$")
# (the heads and links are read by names.vouchedforms too)
ABD_HEADS = frozenset({"abd", "abdul", "abdel", "abdal", "abdoul", "abdol", "abdil", "abdur",
                       "abdus", "abdun", "abduz", "abdush"})
ABD_LINKS = frozenset({"al", "el", "ul", "il", "ol", "ar", "ur", "er", "as", "us", "es", "an",
                       "un", "az", "uz", "at", "ut", "ad", "ud", "ed", "ash", "ush", "e", "u"})
_DIN_LINKS = frozenset({"ud", "ad", "ed", "al", "el", "ul", "od", "oud"})
_DIN_WORDS = frozenset({"din", "deen", "dine", "uddin", "eddine", "eddin", "addin", "aldin",
                        "eldin", "udin", "uddeen"})
_ALLAH_WORDS = frozenset({"allah", "ullah", "ollah", "ulla", "olla"})
# "Ghulam X" (servant of X: Ghulam Nabi, Ghulam Rasul), Persian Gholam, Bengali Golam: one
# given name, like "Abd al-X"
_GHULAM_HEAD = "ghulam"
_GHULAM = frozenset({"ghulam", "gholam", "golam", "gulam", "ghulaam"})
# the same compounds in Arabic or Persian script, as anyascii writes them without vowels:
# عبد + ال... ("bd" + "lltyf", عبد اللطيف) and ... + الله ("nwr" + "llh", نور الله)
_ABJAD_ABD, _ABJAD_ALLAH, _ABJAD_GHULAM = "bd", "llh", "ghlm"  # غلام + X too
_ABJAD_DIN = "ldyn"  # X + الدين, one word as X-uddin is (since 1.13)
# every word bound_forms joins on or respells: a name with none of them (and no word in
# Arabic script) is left as it is, at once
_BOUND_WORDS = _GHULAM | ABD_HEADS | _DIN_LINKS | _DIN_WORDS | _ALLAH_WORDS
_BOUND_ENDS = ("din", "dine", "deen", "dinn", "llah", "lla")  # (_bound_word; and "abd" first)


def _bound_word(token: str) -> str:
    """One word of a bound form in its one spelling of the linker (see :func:`bound_forms`)."""
    if token.startswith("abd"):
        if _ABDULLAH_RE.match(token):
            return "abdullah"
        m = _ABD_RE.match(token)
        if m is not None:
            vowel, cons, rest = m.groups()
            if cons and cons != "l" and not rest.startswith(cons):
                rest = cons + rest  # abdurahman: the "r" starts the rest
            if vowel or cons or len(rest) >= 4:
                return "abdul" + rest
        return token
    if token.endswith(("din", "dine", "deen", "dinn")):
        m = _DIN_RE.match(token)
        return m.group(1) + "uddin" if m is not None else token
    if token.endswith(("llah", "lla")):
        m = _ULLAH_RE.match(token)
        return m.group(1) + "ullah" if m is not None else token
    return token


def bound_forms(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Arabic bound forms of a person's name as one word (step 6 of the module docstring):
    ``abd`` [particle] X, ``abdul`` / ``abdel``... X, X [particle] ``din``, X ``allah`` are
    joined, and every word in the spelling ``abdul``-X / X-``uddin`` / X-``ullah``."""
    heads = bound_head_typos()
    for tok, script in pairs:
        if (script == "arabic" or tok in _BOUND_WORDS or tok in heads
                or tok.startswith("abd") or tok.endswith(_BOUND_ENDS)):
            return _joined(pairs)
    return list(pairs)  # most names: no word any rule of _joined reads (the same pairs)


def _joined(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """:func:`bound_forms` of pairs holding a word its rules read (or any pairs)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(pairs)
    while i < n:
        tok, script = pairs[i]
        j = i + 1
        if script == "arabic" and j < n and pairs[j][1] == "arabic":
            nxt = pairs[j][0]
            if (tok == _ABJAD_ABD and nxt.startswith("l") and len(nxt) >= 3) or (
                nxt in (_ABJAD_ALLAH, _ABJAD_DIN) and len(tok) >= 2
            ) or (tok == _ABJAD_GHULAM and len(nxt) >= 2):
                tok, j = tok + nxt, j + 1  # one word, as عبدالحی is written
            if tok.endswith(_ABJAD_DIN) and len(tok) >= len(_ABJAD_DIN) + 2:
                # X al-din: the article's l is assimilated to the d ("nwrldyn" ~ nooruddin),
                # written X-dyn like the Latin X-uddin (since 1.13)
                tok = tok[: -len(_ABJAD_DIN)] + _ABJAD_DIN[1:]
            out.append((tok, script))
            i = j
            continue
        if tok in _GHULAM and j < n and pairs[j][0].isalpha() and len(pairs[j][0]) >= 3 and (
            pairs[j][0] not in stopwords()
        ):
            out.append((_GHULAM_HEAD + pairs[j][0], script))  # ghulam nabi: ghulamnabi
            i = j + 1
            continue
        if (tok in ABD_HEADS or tok in bound_head_typos()) and j < n:
            if tok == "abd" and pairs[j][0] in ABD_LINKS and j + 1 < n:
                j += 1
            nxt = pairs[j][0]
            if nxt.isalpha() and len(nxt) >= 3 and nxt not in stopwords():
                if nxt in _ALLAH_WORDS:
                    nxt = "lah"  # abd allah, abdul-lah: abdullah
                # "abd" and a head with a letter dropped ("adul") are read as "abdul"
                tok, j = ("abdul" if tok not in ABD_HEADS or tok == "abd" else tok) + nxt, j + 1
            else:
                j = i + 1
        elif j < n and tok.isalpha() and len(tok) >= 3 and tok not in stopwords():
            nxt = pairs[j][0]
            if nxt in _DIN_LINKS and j + 1 < n and pairs[j + 1][0] in ("din", "deen", "dine"):
                tok, j = tok + "uddin", j + 2
            elif nxt in _DIN_WORDS:
                tok, j = tok + "uddin", j + 1
            elif nxt in _ALLAH_WORDS:
                tok, j = tok + "ullah", j + 1
        out.append((_bound_word(tok), script))
        i = j
    return out
