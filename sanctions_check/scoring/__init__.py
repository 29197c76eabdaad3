"""Scoring: how alike two names are, and what else agrees.

Contract: word features and weights, the name score of a query against one list name
(an alignment of words with its explanation) and the secondary evidence (date of
birth, nationality, documents); every number they use is a field of
:class:`ScoringWeights` (:data:`DEFAULT_SCORING`: the documented ones).  Knows nothing of
the candidate index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_exports

if TYPE_CHECKING:
    from sanctions_check.scoring.namescore import NameScore, name_score
    from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights

# imported on first use: importing one module of the package runs none of the others
__getattr__, __dir__ = lazy_exports(__name__, {
    "NameScore": "sanctions_check.scoring.namescore:NameScore",
    "name_score": "sanctions_check.scoring.namescore:name_score",
    "DEFAULT_SCORING": "sanctions_check.scoring.weights:DEFAULT_SCORING",
    "ScoringWeights": "sanctions_check.scoring.weights:ScoringWeights",
})

__all__ = ["DEFAULT_SCORING", "NameScore", "ScoringWeights", "name_score"]
