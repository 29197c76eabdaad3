"""Matching: a query against the list, ranked and explained.

Contract: the :class:`Matcher` (index candidates, scored, ranked into hits), the hit
model, name forms, curated known-as names, two-name ``compare`` and the documents of
a match.  Everything above (screening, batch, news, watch, service, cli) matches
through here.
"""

from sanctions_check.matching.hits import Hit, Query
from sanctions_check.matching.matcher import Matcher

__all__ = ["Hit", "Matcher", "Query"]
