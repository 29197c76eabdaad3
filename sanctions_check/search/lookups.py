"""Word look-ups of the candidate index: which indexed units credit a query word or span.

Contract: :class:`UnitLookups` is the half of :class:`~sanctions_check.search.index.NameIndex`
that answers, for one query unit (a word, or a joined span of words: ``multi``), every list
unit the scorer would credit against it (the keys are listed in the index module's
docstring: the unit and its canonical form, synonym, skeleton, typo, abjad and voicing
keys, and a fuzzy scan with the unit's cutoff), cached in the index's word caches.  :meth:`prefetch`
looks up many units at once, one fuzzy scan per vocabulary, and caches exactly what
:meth:`unit_matches` would find one at a time.  The vocabularies and caches are the index's
(built by its constructor); this class holds no state of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from sanctions_check.names.kontsevich import final_readings
from sanctions_check.names.lexicon import canonical_token, synonym_token, voicing_forms
from sanctions_check.scoring.features import gate_cutoff, skeleton
from sanctions_check.scoring.weights import ScoringWeights
from sanctions_check.search.vocab import PrefixVocabs, Vocab, creditable_units
from sanctions_check.search.wordcache import WordCaches


class UnitLookups:
    """:meth:`unit_matches` and :meth:`prefetch` over the vocabularies the subclass builds."""

    scoring: ScoringWeights
    words: WordCaches
    _single: Vocab  # the list's single words
    _single_by_prefix: PrefixVocabs  # the same, by their first two letters
    _spans_by_prefix: PrefixVocabs  # joined list spans, by their first two letters
    _span_units: frozenset[str]
    _synonyms: dict[str, list[str]]
    _letters: frozenset[str]  # list initials

    def unit_matches(self, unit: str, multi: bool) -> tuple[str, ...]:
        """Every indexed unit the scorer would credit against a query unit (cached).

        A single query token is looked up among list tokens and joined list spans; a joined
        query span (``multi``) among list tokens and list spans of its very letters.  Joined
        pairs must pass :func:`sanctions_check.scoring.alignment.join_compatible`, as in the
        scorer (under the index's ``scoring``: the weights of the matcher's configuration).
        """
        hit = self.words.matches.get((unit, multi))
        if hit is None:
            self.words.put_matches((unit, multi), hit := self._lookup(unit, multi))
        return hit

    def prefetch(self, words: Iterable[str], spans: Iterable[str] = ()) -> None:
        """:meth:`unit_matches` of many single query words at once (a batch's next names'),
        their fuzzy scans of the list's words as one batch (:meth:`Vocab.fuzzy_many`); and of
        joined query ``spans`` (multi), scanned as one batch per vocabulary of list words
        with their first two letters."""
        matches = self.words.matches
        todo = [w for w in dict.fromkeys(words) if (w, False) not in matches]
        texts: dict[tuple[str, float], None] = {}
        for word in todo:
            cutoff = gate_cutoff(word, self.scoring)
            texts[(canonical_token(word), cutoff)] = texts[(word, cutoff)] = None
        scans = self._single.fuzzy_many(texts) if todo else {}
        for word in todo:
            self.words.put_matches((word, False), self._lookup(word, False, scans))
        joined = [u for u in dict.fromkeys(spans) if (u, True) not in matches]
        groups: dict[str, dict[tuple[str, float], None]] = {}
        for unit in joined:
            canon, cutoff = canonical_token(unit), gate_cutoff(unit, self.scoring)
            group = groups.setdefault(canon[:2], {})
            group[(canon, cutoff)] = group[(unit, cutoff)] = None
        by_prefix = {
            prefix: vocab.fuzzy_many(group)
            for prefix, group in groups.items()
            if (vocab := self._single_by_prefix.get(prefix)) is not None
        }
        for unit in joined:
            found = self._lookup(unit, True, by_prefix.get(canonical_token(unit)[:2]))
            self.words.put_matches((unit, True), found)

    def _lookup(self, unit: str, multi: bool, scans: dict | None = None) -> tuple[str, ...]:
        """:meth:`unit_matches` uncached; ``scans``: the fuzzy scans already made
        (:meth:`prefetch`) of the vocabulary a single word is scanned in whole (of list
        words), or of the one a joined span (``multi``) is scanned in (of list words with
        its first two letters)."""
        readings = final_readings(unit)
        if len(readings) > 1:  # a final н read from Cyrillic: what either reading finds
            return tuple(sorted({u for r in readings for u in self._lookup(r, multi, scans)}))
        canon = canonical_token(unit)
        scoring = self.scoring
        cutoff = gate_cutoff(unit, scoring)
        cands: set[str] = set()
        prefix = canon[:2]
        if multi:  # (and a list span of its very letters: "myongc hin" / "myong chin")
            vocabs = [self._single_by_prefix.get(prefix)]
            cands.update((unit,) if unit in self._span_units else ())
        else:
            vocabs = [self._single, self._spans_by_prefix.get(prefix)]
            syn = synonym_token(unit)
            if syn is not None:
                cands.update(self._synonyms.get(syn, ()))
        for vocab in vocabs:
            if vocab is None:
                continue
            cands.update(vocab.by_canon.get(canon, ()))
            if vocab is self._single and not multi:
                # alike consonants only credit a pair of single words (LOOSE_METHODS): the
                # other pairs are joined, and credited only as close spellings (fuzzy)
                cands.update(vocab.by_skeleton.get(skeleton(canon), ()))
                cands.update(vocab.abjad_matches(unit))  # "mnyr" / "monir"
                cands.update(vocab.typo_matches(unit))  # a typo in a short word
                for form in voicing_forms(canon):  # a Korean syllable voiced or not: "pong" / "bong"
                    cands.update(vocab.by_canon.get(form, ()))
            for text in (canon, unit) if unit != canon else (canon,):
                scanned = scans and (multi or vocab is self._single)
                got = scans.get((text, cutoff)) if scanned else None
                cands.update(got if got is not None else vocab.fuzzy(text, cutoff))
        found = tuple(sorted(creditable_units(unit, cands, multi, self._span_units, scoring)))
        if not multi and len(unit) > 1 and unit[0] in self._letters:
            found = tuple(sorted({*found, unit[0]}))  # an initial of a list name (is_initial_pair)
        return found
