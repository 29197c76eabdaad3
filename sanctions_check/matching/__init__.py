"""Matching: a query against the list, ranked and explained.

Contract: the :class:`Matcher` (index candidates, scored, ranked into hits), the hit
model, name forms, curated known-as names, two-name ``compare`` and the documents of
a match.  Everything above (screening, batch, news, watch, service, cli) matches
through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_exports

if TYPE_CHECKING:
    from sanctions_check.matching.config import Band, MatchConfig
    from sanctions_check.matching.hits import Hit, NameMatcher, Query
    from sanctions_check.matching.matcher import Matcher

# imported on first use: importing one module of the package runs none of the others
__getattr__, __dir__ = lazy_exports(__name__, {
    "Band": "sanctions_check.matching.config:Band",
    "Hit": "sanctions_check.matching.hits:Hit",
    "MatchConfig": "sanctions_check.matching.config:MatchConfig",
    "Matcher": "sanctions_check.matching.matcher:Matcher",
    "NameMatcher": "sanctions_check.matching.hits:NameMatcher",
    "Query": "sanctions_check.matching.hits:Query",
})

__all__ = ["Band", "Hit", "MatchConfig", "Matcher", "NameMatcher", "Query"]
