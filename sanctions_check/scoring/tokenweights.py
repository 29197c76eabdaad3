"""How much each word of a name weighs: inverse document frequency over the list's entries.

Contract: :class:`TokenWeights` is built once per list (:meth:`TokenWeights.from_documents`,
one token collection per entry) under a :class:`~sanctions_check.scoring.weights.ScoringWeights`
and answers :meth:`~TokenWeights.weight` of one normalised token and
:meth:`~TokenWeights.name_weights` of a whole name's tokens, 0.05..1, cached.  Pure: the
table only reads the reference data of :mod:`sanctions_check.names.lexicon` (particles,
legal forms, common names).  :data:`DEFAULT_WEIGHTS` is the table of no list.  The scoring
features that use the weights are in :mod:`sanctions_check.scoring.features`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sanctions_check.lists.entries import ORG
from sanctions_check.names.lexicon import (
    canonical_token,
    common_names,
    is_korean_name,
    legal_forms,
    series_markers,
    stopwords,
    voicing_forms,
)
from sanctions_check.names.qualifiers import is_series
from sanctions_check.scoring.abjad import is_common_abjad
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights


class TokenWeights:
    """How informative each token is: IDF over the entries of a list.

    ``weight(token, kind)`` is ``log((N+1)/(df+0.5)) / log(N+1)`` on the token's romanisation
    canonical form (clipped to 0.05..1); particles (``stopwords.txt``) weigh at most
    ``stopword_weight`` and, for organisations, legal-form words (``legal_forms.txt``) at
    most ``legal_form_weight`` and series numbers (digits, Roman numerals of two letters
    or more) ``series_weight`` in a name of ``series_context`` other words or more
    (:meth:`name_weights`); names common in the world weigh at most ``common_name_weight``.
    In a name of Korean syllables (:meth:`name_weights`), a syllable the list never uses
    weighs as the list's spelling of it with its first consonant voiced or not ("jol" as
    "chol": ``lexicon.voicing_forms``).
    Tokens the list never uses weigh ``unknown_weight`` (all of ``scoring``, the
    :class:`~sanctions_check.scoring.weights.ScoringWeights` the table was built with).
    The default table (no list) gives every other token the unknown weight.
    """

    def __init__(
        self,
        doc_freq: dict[str, int] | None = None,
        n_docs: int = 0,
        scoring: ScoringWeights = DEFAULT_SCORING,
    ) -> None:
        self.scoring = scoring
        self.doc_freq = doc_freq or {}
        self.n_docs = n_docs
        self._log_n = math.log(n_docs + 1) if n_docs else 1.0
        self._cache: dict[tuple[str, str | None], float] = {}

    @classmethod
    def from_documents(
        cls, documents: Iterable[Iterable[str]], scoring: ScoringWeights = DEFAULT_SCORING
    ) -> TokenWeights:
        """Build from one token collection per list entry (all its names together)."""
        df: dict[str, int] = {}
        n = 0
        for doc in documents:
            n += 1
            for tok in {canonical_token(t) for t in doc}:
                df[tok] = df.get(tok, 0) + 1
        return cls(df, n, scoring)

    def name_weights(self, tokens: Sequence[str], kind: str | None = None) -> list[float]:
        """The weights of a whole name's tokens: :meth:`weight`, with an organisation's series
        numbers at ``series_weight`` when ``series_context`` other words, not particles or
        legal forms, name it ("JI SONG 6"; not "Room 39"): sister entities of one sponsor
        differ only there (the qualifier rule keeps a differing one out of "strong"); a
        word for "number" right before a series number (``series_markers.txt``: "Office No.
        39") at ``stopword_weight``, like a particle; in a
        name of Korean syllables, an unlisted syllable weighs as its listed voicing form."""
        ws = [self.weight(t, kind) for t in tokens]
        if is_korean_name(tuple(tokens)):
            ws = [self._voicing_weight(t, kind, w) for t, w in zip(tokens, ws, strict=True)]
        if kind == ORG and len(tokens) > 1:
            # "No." / "Nr" right before a series number says "number": a particle (1.11:
            # "Office No. 39" is OFFICE 39; alone, "No" is a Korean family name)
            markers, cap = series_markers(), self.scoring.stopword_weight
            ws = [min(w, cap) if t in markers and i + 1 < len(tokens) and is_series(tokens[i + 1])
                  else w for i, (t, w) in enumerate(zip(tokens, ws, strict=True))]
        context = self.scoring.series_context
        if kind == ORG and len(tokens) > context and any(map(is_series, tokens)):
            weak = stopwords() | legal_forms()
            other = sum(1 for t in tokens if t not in weak and not is_series(t))
            if other >= context:
                cap = self.scoring.series_weight
                ws = [min(w, cap) if is_series(t) else w for t, w in zip(tokens, ws, strict=True)]
        return ws

    def _voicing_weight(self, token: str, kind: str | None, w: float) -> float:
        """In a Korean name, a syllable the list never uses weighs as the list's spelling
        of it with its first consonant voiced or not ("jol" as "chol")."""
        if canonical_token(token) in self.doc_freq:
            return w
        for form in voicing_forms(canonical_token(token)):
            if canonical_token(form) in self.doc_freq:
                return self.weight(form, kind)
        return w

    def weight(self, token: str, kind: str | None = None) -> float:
        key = (token, kind)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        scoring = self.scoring
        if token in stopwords():
            w = scoring.stopword_weight
        elif kind == ORG and token in legal_forms():
            w = scoring.legal_form_weight
        else:
            canon = canonical_token(token)
            df = self.doc_freq.get(canon)
            if df is None or not self.n_docs:
                w = scoring.unknown_weight
            else:
                idf = math.log((self.n_docs + 1) / (df + 0.5)) / self._log_n
                w = min(1.0, max(0.05, idf))
            if kind != ORG and (canon in common_names() or is_common_abjad(token)):
                w = min(w, scoring.common_name_weight)
        if len(self._cache) < 500_000:
            self._cache[key] = w
        return w


DEFAULT_WEIGHTS = TokenWeights()
