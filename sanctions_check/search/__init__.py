"""Search: the candidate index.

Contract: from a query's words, find the list names that may score the floor or more
(postings, vocabulary, score bounds form by form, the optional compiled kernels)
without scoring every list name.  Uses ``scoring`` for weights and bounds; never
decides a hit.
"""

from sanctions_check.search.index import NameIndex

__all__ = ["NameIndex"]
