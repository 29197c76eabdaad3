"""Scoring: how alike two names are, and what else agrees.

Contract: word features and weights, the name score of a query against one list name
(an alignment of words with its explanation) and the secondary evidence (date of
birth, nationality, documents).  Knows nothing of the candidate index.
"""

from sanctions_check.scoring.namescore import NameScore, name_score

__all__ = ["NameScore", "name_score"]
