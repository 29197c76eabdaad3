"""Search: the candidate index.

Contract: from a query's words, find the list names that may score the floor or more
(postings, vocabulary, score bounds form by form, the optional compiled kernels)
without scoring every list name.  Uses ``scoring`` for weights and bounds; never
decides a hit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_exports

if TYPE_CHECKING:
    from sanctions_check.search.index import NameIndex

# imported on first use: importing one module of the package runs none of the others
__getattr__, __dir__ = lazy_exports(__name__, {
    "NameIndex": "sanctions_check.search.index:NameIndex",
})

__all__ = ["NameIndex"]
