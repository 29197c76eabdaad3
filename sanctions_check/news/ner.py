"""Named-entity backends for news: the built-in rule-based extractor or spaCy.

Contract: :func:`extract_with` runs the backend named by ``--ner``: ``builtin``
(:func:`sanctions_check.news.extract.extract`, no model needed) or ``spacy``
(:func:`extract_spacy`); both return :class:`~sanctions_check.news.extract.Entity` objects
with character offsets into the text, in order of appearance.  The spaCy backend is
optional (the ``ner`` extra): it is used only when spaCy and an English model are installed
(:func:`spacy_available` says whether they are, :func:`spacy_problem` gives the one-line
reason when not; nothing is downloaded).  It keeps spaCy's
PERSON and ORG entities, strips possessives and a leading "the", groups mentions by
surface key and joins a one-word person mention to the one longer name containing it.
"""

from __future__ import annotations

import functools

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.news.extract import Entity, Mention, extract
from sanctions_check.news.text import name_key

SPACY_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
NO_SPACY = "spaCy is not installed (pip install 'sanctions-check[ner]'), or use --ner builtin"
NO_MODEL = (
    "spaCy is installed but no English model is (python -m spacy download en_core_web_sm), "
    "or use --ner builtin"
)


def spacy_problem() -> str | None:
    """None when spaCy and an English model load; else the one-line reason (spaCy missing,
    or its model missing), naming the install command."""
    try:
        import spacy  # noqa: F401  (optional dependency)
    except ImportError:
        return NO_SPACY
    try:
        _spacy_nlp()
    except (OSError, RuntimeError, ImportError):
        return NO_MODEL
    return None


def spacy_available() -> bool:
    """True when spaCy and an English model can be loaded."""
    return spacy_problem() is None


@functools.cache
def _spacy_nlp():  # type: ignore[no-untyped-def]
    import spacy  # optional dependency

    for model in SPACY_MODELS:
        try:
            return spacy.load(model, disable=["lemmatizer"])
        except OSError:
            continue
    raise RuntimeError("no English spaCy model installed (pip install en_core_web_sm)")


def extract_spacy(text: str) -> list[Entity]:
    """Persons and organisations found by spaCy's NER (PERSON, ORG), grouped by surface key."""
    nlp = _spacy_nlp()
    doc = nlp(text)
    groups: dict[tuple[str, str], list[Mention]] = {}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        kind = PERSON if ent.label_ == "PERSON" else ORG
        start, end = ent.start_char, ent.end_char
        surface = text[start:end]
        if surface.endswith(("'s", "’s")):
            end -= 2
            surface = surface[:-2]
        if surface.casefold().startswith("the "):
            start += 4
            surface = surface[4:]
        groups.setdefault((kind, name_key(surface)), []).append(
            Mention(surface, start, end, " ".join(ent.sent.text.split()))
        )
    # a one-word person mention ("Putin") joins the longer name it is part of
    for kind, k in list(groups):
        if kind != PERSON or " " in k:
            continue
        longer = [g for g in groups if g[0] == PERSON and k in g[1].split() and g[1] != k]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop((kind, k)))
    out = [
        Entity(
            max((m.text for m in ms), key=len),
            kind,
            tuple(sorted(ms, key=lambda m: m.start)),
            origin="spacy",
        )
        for (kind, _k), ms in groups.items()
    ]
    out.sort(key=lambda e: e.mentions[0].start)
    return out


BACKENDS = ("builtin", "spacy")


def extract_with(text: str, backend: str = "builtin") -> list[Entity]:
    """Run the named backend (``builtin`` or ``spacy``)."""
    if backend == "spacy":
        return extract_spacy(text)
    return extract(text)
