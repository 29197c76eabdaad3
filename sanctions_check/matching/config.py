"""The match configuration: the matcher's thresholds, bands, pool limits and weights in one value.

Contract: :class:`MatchConfig` (frozen) is what a :class:`~sanctions_check.matching.matcher.Matcher`
is built with and what it reports: :meth:`MatchConfig.describe` (algorithm name and version,
alert threshold, band limits, pool limits, the scoring weights' digest and values) is
recorded in every report's metadata, and
:meth:`MatchConfig.band` names the band of a score for the matcher and for
:func:`~sanctions_check.matching.compare.compare_names` alike.  :class:`Band` is the closed
vocabulary of bands (a ``StrEnum``: equal to, and written as, its plain string).

``weights`` (:class:`~sanctions_check.scoring.weights.ScoringWeights`) holds every word
weight, exponent, similarity limit and score cap of the scorer; the matcher passes them to
the scorer, the candidate index and the bounds alike.  The defaults are the algorithm
version's (README "How names are matched").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum

from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights

ALGORITHM = "sanctions-check-tokenalign"
# 1.1: query initials ("K Jong Sik") and particles ("wal" ~ "waal") align as they do when
# every name is scored; the index path had scored some such names lower in 1.0
# 1.2: matching round 2 (issue 18; README "How names are matched")
# 1.3: round 2 classes 9 and 10: other romanisations (German / Polish / Latvian spellings of
# Cyrillic, jim as g, aw / o), initials 0.85, Han / kana characters compared in their script
# 1.4: round 2 classes 2-5 and 9 finished: an opening honorific that is also a given name
# ("Hafiz") is not required, containment and words of the entry's country name in
# organisation names, series numbers weigh little beside two words, a given name out of
# given-name position costs, a query initial of the given name counts in full (never strong),
# German ch / Arabic q as k
# 1.5: words written without vowels (Arabic / Persian script) meet Latin spellings of the
# same consonants ("abjad"), and Arabic-script compounds (عبد ال..., ... الله) are one word;
# a legal form of one country's law (GmbH, SARL...) on one side only is never strong
# 1.6: round 4 of issue 18: a syllable typo the exact date of birth and nationality vouch for
# (samebirth), a bound head with a letter dropped ("Adul"), two words against two with the
# space moved, an initial stands for the given name as evidence, -a after a is one name
# (Hamad / Hamada), French ch for Arabic sh, another father after "bin", common names only
# are never strong against a longer name
# 1.7: round 5 of issue 18 (the held-out aliases' misses): a Korean syllable's first consonant
# voiced or not (Pong / Bong) between two Korean names, Somali spellings (Maxamed, Cabdullahi)
# 1.8: one vowel left out inside a long word is a vowel difference where the skeleton is too
# thin to tell (Mohmed / Mohammed)
# 1.9: round 6 of issue 18 (the held-out aliases' tuning half): a person's query that holds
# the whole list name and more after its first matched word (middle or later names the list
# does not record) is charged those words at half the usual share, at most "possible"
# 1.10: round 7 of issue 18, persons: the Arabic diphthong ay written ai / ei / ay / ey inside a
# name is one spelling (Khairullah / Kheirullah); a Korean syllable more than a Korean name in
# full, and a query whose kunya ("Abu X") is not the list name's, are another name: the extra
# word is charged in full
# 1.11: round 7 of issue 18, organisations (the tuning half's misses): a legal form's letters
# written apart ("L TD"), "export and import" read as "trading", generic words (organization,
# province, marketing, investment, currency, money) weigh as generic words, "No." before a
# series number as a particle, three Korean syllables join into one place name ("nam chon
# gang"), a vessel's type prefix (M/V) is "mv", and "in the" / "and the" are no country
# (India / Andorra) for the qualifiers
# 1.12: round 8 of issue 18, persons (the tuning half's original-script misses): Arabic-script
# letters read as Afghan and Arab sources type them: the alif maqsura ى a long a or the final
# i of Persian names ("nmna" ~ Nomani), آ an unwritten alif, ض ظ ذ z, th or d ("fdhl" ~
# Fazal), a doubled ya / waw (Sayyid), and abjad keys of one consonant ("ly" ~ Ali)
# 1.13: round 8 of issue 18, persons: "X al-din" in Arabic script (X الدين, apart or joined)
# is one word X-dyn, the article's l assimilated, as the Latin X-uddin ("shms ldyn" ~
# Shamsuddin); two words without vowels joined meet a word only spelled alike
# 1.14: round 8 of issue 18, organisations (persons took 1.12, 1.13): a query holding the whole
# list name and ending with it (words of a parent or a fuller name before it) is charged 0.15
# of its extra words instead of 0.3 (contained_lead_cost)
# 1.15: a fix: a pair of words met by the ending rule (an added nisba or feminine ending,
# "majid" / "majidi") is a loose method: it pairs single words only, never a joined span,
# as the index already assumed
# 1.16: round 9 of issue 18, organisations: a query holding the whole list name, which says
# what kind of body it is (org_heads.txt: bank, army, movement...), with two words of a name
# of its own after it, before any link word (link_words.txt: of, in, fi...), names another
# body ("KOREA DAESONG BANK Trading Services"): no containment, its extra words charged in full
# 1.17: round 10 of issue 18, listed names with a typo and the date of birth and nationality:
# a date of birth that agrees as precisely as the list records it (the full date, or the year
# of an entry the list gives years for) and an agreeing nationality vouch for one letter
# replaced, dropped, added or swapped in any word (1.6: Korean syllables, full dates), also
# inside a compound; with the full date the name needs less matched weight (at most possible)
# 1.18: round 10 of issue 18, scripts: a Korean name written in Cyrillic syllable by
# syllable (Kontsevich: Ким Чен Ын, Чхве Рён Хэ) is read as the list's McCune-Reischauer
# (kontsevich.csv), a Chinese name in Cyrillic (Palladius: Си Цзиньпин) as pinyin
# (palladius.csv), instead of as Russian
# 1.19: round 11 of issue 18, listed names with a typo and the date of birth and nationality:
# with that agreement the query is also read with an opening title written with a typo, split
# or joined to the name ("Mulolah", "Sh eik", "MullahNaeem"), an "Abd" head with a typo before
# its article ("Abhd Al-Hadi"), a word split by a space into the entry's word ("Ra hman") and
# two words run together split ("EddineFarraj") (names/vouchedforms.py)
# 1.20: round 12 of issue 18, scripts: a Hangul name is read syllable by syllable as the list's
# McCune-Reischauer (hangul.csv: KIM YO JONG, not anyascii's "gim yeo jeong"), a Japanese name
# in Cyrillic (Polivanov: Синдзо Абэ) in Hepburn (polivanov.csv), instead of as Russian
# 1.21: round 13 of issue 18, real-world spellings: a person's name in Turkish orthography
# (turkish.csv: ş ğ ı, Ebu, -eddin) read with c as j, ç ch, ş sh ("el-Culani" ~ AL-JAWLANI),
# German dsch as j ("al-Dscholani"), Ebu as Abu, Somali Cabdi as Abdi, Abu Bakr as one given
# name beside Abubakar (romanisation.csv)
# 1.22: round 13 of issue 18, scripts: a Korean syllable read from Cyrillic keeps its final н
# marked ("Хён" -> "hyongн"), and is the same syllable as either reading, n or ng (HYON and
# HYONG; names/kontsevich.py final_readings): Latin-written names keep "son" and "song" apart
ALGORITHM_VERSION = "1.22"
DEFAULT_THRESHOLD = 80.0  # alert at or above this score
STRONG_THRESHOLD = 90.0  # "strong" band at or above this score
POOL_FACTOR = 0.88  # a query made of words from several names of one entry scores at most this
POOL_MIN_EVIDENCE = 1.8  # ... and needs about two informative words to get there


class Band(StrEnum):
    """How strong a hit is: ``strong`` at or above the strong limit, ``possible`` at or above
    the alert threshold, else ``weak``."""

    STRONG = "strong"
    POSSIBLE = "possible"
    WEAK = "weak"


BAND_STRONG, BAND_POSSIBLE, BAND_WEAK = Band.STRONG, Band.POSSIBLE, Band.WEAK


@dataclass(frozen=True)
class MatchConfig:
    """Thresholds and limits of a matcher (the defaults are the documented ones)."""

    threshold: float = DEFAULT_THRESHOLD
    strong: float = STRONG_THRESHOLD
    pool_factor: float = POOL_FACTOR
    pool_min_evidence: float = POOL_MIN_EVIDENCE
    algorithm: str = ALGORITHM
    version: str = ALGORITHM_VERSION
    weights: ScoringWeights = DEFAULT_SCORING  # every weight, exponent and cap of the scorer

    def __post_init__(self) -> None:
        object.__setattr__(self, "threshold", float(self.threshold))
        # the strong band never starts below the alert threshold
        object.__setattr__(self, "strong", float(max(self.strong, self.threshold)))

    def with_limits(self, threshold: float | None = None, strong: float | None = None
                    ) -> MatchConfig:
        """This configuration with another alert threshold and/or strong limit."""
        changes = {k: v for k, v in (("threshold", threshold), ("strong", strong))
                   if v is not None}
        return dataclasses.replace(self, **changes) if changes else self

    def band(self, score: float) -> Band:
        if score >= self.strong:
            return Band.STRONG
        if score >= self.threshold:
            return Band.POSSIBLE
        return Band.WEAK

    def describe(self) -> dict[str, object]:
        """Algorithm, version, alert threshold, bands, the pool limits and the scoring weights
        (their digest, and every value): what every report records."""
        return {
            "algorithm": self.algorithm,
            "version": self.version,
            "threshold": self.threshold,
            "bands": {Band.STRONG.value: self.strong, Band.POSSIBLE.value: self.threshold,
                      Band.WEAK.value: 0.0},
            "pool_factor": self.pool_factor,
            "pool_min_evidence": self.pool_min_evidence,
            "weights_digest": self.weights.digest(),
            "weights": self.weights.values(),
        }


DEFAULT_CONFIG = MatchConfig()

__all__ = ["ALGORITHM", "ALGORITHM_VERSION", "DEFAULT_CONFIG", "DEFAULT_THRESHOLD", "Band",
           "MatchConfig", "STRONG_THRESHOLD", "ScoringWeights"]
