"""Matching: a query against the list, ranked and explained.

Contract: the :class:`Matcher` (index candidates, scored, ranked into hits), the hit
model, name forms, curated known-as names, two-name ``compare`` and the documents of
a match.  Everything above (screening, batch, news, watch, service, cli) matches
through here.
"""

from sanctions_check.matching.config import Band, MatchConfig
from sanctions_check.matching.hits import Hit, NameMatcher, Query
from sanctions_check.matching.matcher import Matcher

__all__ = ["Band", "Hit", "MatchConfig", "Matcher", "NameMatcher", "Query"]
