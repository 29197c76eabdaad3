"""The scoring weights: every weight, exponent, similarity limit and score cap in one value.

Contract: :class:`ScoringWeights` (frozen) holds the numbers the scorer uses; the defaults are
the documented algorithm (README "How names are matched"), :data:`DEFAULT_SCORING` is the
default instance.  Every scoring function takes the weights as an explicit parameter
defaulting to :data:`DEFAULT_SCORING` (so each stays a pure function callable on its own);
a matcher passes its configuration's weights
(:attr:`sanctions_check.matching.config.MatchConfig.weights`) to the scorer, the candidate index
and the score bounds alike, so one object decides both which names are found and how they
score.  :meth:`ScoringWeights.values` lists the fields (what every report records) and
:meth:`ScoringWeights.digest` gives a short stable hash of them (part of the index cache's
key and of the report metadata).

Structural limits of the index (how many words are joined, tracked or masked) are
engineering limits, not weights: they stay in :mod:`sanctions_check.search` and
:mod:`sanctions_check.scoring.namescore` (``MAX_SPAN``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

from sanctions_check.lists.entries import ORG, PERSON

CreditTable = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class ScoringWeights:
    """The numbers of the scoring algorithm (see the module docstring); defaults = 1.5."""

    # ---- token similarity (features.token_similarity, credit)
    sim_floor: float = 0.70  # token pairs below this similarity get no credit at all
    jw_gain: float = 0.05  # Jaro-Winkler raises a longer pair's edit similarity by at most this
    known_apart_sim: float = 0.8  # most two different known names (ryong / ryang) can share
    short_token: int = 4  # tokens this short are compared strictly (no Jaro-Winkler, phonetics)
    typo_sim: float = 0.85  # a short word with two neighbouring letters swapped or one doubled
    initial_sim: float = 0.85  # an initial against a word of its letter ("V. Putin")
    # two spellings of one name by the romanisation table ("jo" / "cho", "chol" / "chul")
    romanisation_sim: float = 0.95
    # a Korean syllable's first consonant voiced or not ("pong" / "bong"), between two names
    # of Korean syllables (features, alignment; 0: the rule off)
    voicing_sim: float = 0.95
    synonym_sim: float = 0.92  # translations of an org name word (data/synonyms.csv: room / office)
    vowels_sim: float = 0.9  # the same consonants, vowels (and h / w / y) apart ("jawlani")
    phonetic_sim: float = 0.9  # the same Metaphone code, edit similarity at the floor or more
    # a word written without vowels (Arabic / Persian script through anyascii: "mnyr") against
    # a Latin spelling of its letters ("monir"; scoring.abjad), and against a Latin word of
    # `short_token` letters or fewer ("mr" / "omar")
    abjad_sim: float = 0.95
    abjad_short_sim: float = 0.9
    # a name of `ending_max_len` letters or fewer and the same name with a vowel added at its
    # end ("majid" / "majidi", "destin" / "destina"): another name form (features)
    ending_sim: float = 0.75
    ending_max_len: int = 6
    query_initial_credit: float = 1.0  # what a query's initial of the given name earns
    # similarity -> credit (piecewise linear); short tokens (syllables) earn less for the same
    # similarity, since one letter changes the name ("son" / "song"), long ones more
    credit_short: CreditTable = ((0.70, 0.10), (0.75, 0.30), (0.80, 0.50), (0.85, 0.70),
                                 (0.90, 0.85), (0.95, 0.95), (1.00, 1.00))
    credit_long: CreditTable = ((0.70, 0.20), (0.75, 0.40), (0.80, 0.60), (0.85, 0.80),
                                (0.90, 0.92), (0.95, 0.97), (1.00, 1.00))
    # ---- token weights (features.TokenWeights: IDF over the list, clipped to 0.05..1)
    stopword_weight: float = 0.05  # most a particle ("al", "bin", "of") weighs
    legal_form_weight: float = 0.08  # most a legal-form word weighs in an organisation's name
    # a series number ("Fund III", "JI SONG 6") in an organisation's name of `series_context`
    # other words or more weighs at most this; beside one word ("Room 39") it is the name
    series_weight: float = 0.08
    series_context: int = 2  # other words (not particles, legal forms) that make a series
    common_name_weight: float = 0.6  # cap for names common in the world (common_names.txt)
    honorific_name_weight: float = 0.1  # an unmatched opening honorific that is a given name
    country_weight: float = 0.2  # a country word of an org query, when the entry is there
    unknown_weight: float = 0.9  # a token the list never uses is informative
    # ---- name score (namescore.score_parts)
    query_exponent: float = 1.0  # score = 100 * qc ** query_exponent * lc ** list exponent
    list_exponent_person: float = 0.25  # unmatched list words cost little for persons
    list_exponent_org: float = 0.7  # ... more for organisations
    list_exponent_other: float = 0.5  # ... for a kind not given (library callers)
    single_word_exponent: float = 0.7  # list exponent when the query is a single word
    # ... not with a query initial of the given name and its other words at least this alike
    # ("V. Putin" ~ VLADIMIR VLADIMIROVICH PUTIN: the patronymic dropped)
    initial_agree: float = 0.9
    middle_name_cost_person: float = 0.5  # share charged for an unmatched middle list word
    min_evidence: float = 1.0  # matched list weight below this scales the score down (sqrt)
    # containment: an org query holding the whole list name and more is charged this share
    # of its extra words when the list name is matched with `contained_evidence` or more
    contained_query_cost: float = 0.3
    # ... or this share when the query ends with the list name: the extra words before it
    # name its parent or a fuller name ("Tehrik-e Taliban Pakistan Jamaat ul Ahrar" is
    # JAMAAT-UL-AHRAR; words after it name something of it: "Ministry of Defense Logistics
    # Export" is not MINISTRY OF DEFENSE) (1.14)
    contained_lead_cost: float = 0.15
    contained_evidence: float = 1.5  # matched list weight containment needs (two words)
    extra_query_cost_person: float = 0.5  # share of unmatched query weight, list all matched
    # ... of which a person's query word after its first matched word, the whole list name
    # matched (a middle or later name the list does not record), is charged this share (1.9)
    query_middle_cost: float = 0.5
    join_ratio: float = 0.6  # a joined unit is only compared with a token of similar length
    link_swap_cap: float = 70.0  # "Salman bin Muhammad" is not "Muhammad bin Salman"
    # "Mohammed bin Salman" is not MUHAMMAD DA'UD SALMAN: the list gives another father
    link_father_cap: float = 75.0
    given_position_factor: float = 0.9  # a later name of the list name in given position
    # ---- qualifiers and caps (names.qualifiers, namescore)
    not_strong: float = 89.0  # cap that keeps a hit "possible": below the strong band (90)
    legal_form_penalty: float = 10.0  # different legal forms (jsc / llc): points off
    place_conflict_cap: float = 70.0  # different places in two org names: below the threshold
    # ---- secondary evidence (secondary.py)
    dob_exact_agree: float = 12.0  # the full date of birth agrees
    dob_agree: float = 4.0  # the year of birth agrees
    dob_conflict: float = -12.0  # the dates conflict (beyond the tolerance)
    dob_tolerance_years: int = 2  # within this many years: neither agrees nor conflicts
    nationality_agree: float = 3.0  # the nationality agrees
    nationality_conflict: float = -8.0  # the nationality conflicts
    conflict_cap: float = 89.0  # a conflicting date of birth keeps a hit out of "strong"
    # a word one letter from another (replaced, dropped, added or swapped with its
    # neighbour: "kon" / "yon", "zafa" / "zafar", "im" / "kim") is a typo when the query's date
    # of birth (full, or the year) and nationality agree with the entry's (matching.samebirth;
    # 1.6 for Korean syllables and full dates, 1.17 for every word)
    birth_typo_sim: float = 0.85
    vouched_typo_sim: float = 0.0  # that similarity where in force (0: not; samebirth sets it)
    # ... and there the least matched list weight that counts as enough evidence
    # (`min_evidence` otherwise; at most "possible"): the date and nationality are evidence
    # ("Hajji Abdallah", an alias of QDi.426, is one common name once the title is read; 1.17)
    birth_min_evidence: float = 0.5
    # ---- fixed scores of other kinds of match (matching/)
    acronym_score: float = 86.0  # the query is the initials of an organisation's name
    prefix_acronym_score: float = 84.0  # ... or a syllable acronym of it ("KOMID")
    known_as_score: float = 100.0  # a curated name with its title, as written ("Mullah Omar")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name.startswith("credit_"):
                object.__setattr__(self, f.name, tuple((float(x), float(y)) for x, y in value))
            elif isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"scoring weight {f.name}: not a number ({value!r})")

    def list_exponent(self, kind: str | None) -> float:
        """The exponent of the list coverage for a kind (person / org / not given)."""
        if kind == PERSON:
            return self.list_exponent_person
        return self.list_exponent_org if kind == ORG else self.list_exponent_other

    def middle_name_cost(self, kind: str | None) -> float:
        """The share of an unmatched middle list word's weight charged (1: in full)."""
        return self.middle_name_cost_person if kind == PERSON else 1.0

    def extra_query_cost(self, kind: str | None) -> float:
        """The share of unmatched query weight charged when the list name is all matched."""
        if kind == PERSON:
            return self.extra_query_cost_person
        return self.contained_query_cost if kind == ORG else 1.0

    def least_query_cost(self, kind: str | None, words: int) -> float:
        """The least share of an unmatched query word's weight ever charged for a query of
        ``words`` words: what the index's bounds assume (a person's later names cost
        ``query_middle_cost`` of it, which needs two matched words and one more; an
        organisation's words before the list name it holds ``contained_lead_cost``)."""
        extra = self.extra_query_cost(kind)
        if kind == PERSON and words >= 3:
            return extra * min(1.0, self.query_middle_cost)
        if kind == ORG:  # containment's extra words before the list name (1.14)
            return min(extra, self.contained_lead_cost)
        return extra

    def values(self) -> dict[str, object]:
        """Every field and its value (credit tables as lists of pairs): what reports record."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def digest(self) -> str:
        """A short stable hash of :meth:`values` (16 hex digits)."""
        text = json.dumps(self.values(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


DEFAULT_SCORING = ScoringWeights()

__all__ = ["DEFAULT_SCORING", "CreditTable", "ScoringWeights"]
