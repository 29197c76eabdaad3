"""Names: text of a name before any scoring.

Contract: the reviewable word lists (lexicon), normalisation of a name into tokens,
acronyms, bound forms and qualifiers.  Pure functions over strings and the data files
in ``sanctions_check/data``; imports ``files`` and ``lists`` at most.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_exports

if TYPE_CHECKING:
    from sanctions_check.names.normalise import normalise_name

# imported on first use: importing one module of the package runs none of the others
__getattr__, __dir__ = lazy_exports(__name__, {
    "normalise_name": "sanctions_check.names.normalise:normalise_name",
})

__all__ = ["normalise_name"]
