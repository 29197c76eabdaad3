"""Screening: a file of names through the matcher into a review report.

Contract: reading the input file through one reader (``source.open_source``: columns,
CSV / TSV / XLSX / text / Parquet, read whole or streamed in chunks), the screening
run, the output rows of CSV / JSON, the review workbook and the reviewer decisions
carried from earlier workbooks.  In memory; large files stream through ``batch``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_exports

if TYPE_CHECKING:
    from sanctions_check.screening.inputs import iter_chunks, read_queries
    from sanctions_check.screening.run import RowStatus, ScreeningResult, screen
    from sanctions_check.screening.source import open_source
    from sanctions_check.screening.workbook import write_review_workbook

# imported on first use: importing one module of the package runs none of the others
__getattr__, __dir__ = lazy_exports(__name__, {
    "RowStatus": "sanctions_check.screening.run:RowStatus",
    "ScreeningResult": "sanctions_check.screening.run:ScreeningResult",
    "iter_chunks": "sanctions_check.screening.inputs:iter_chunks",
    "open_source": "sanctions_check.screening.source:open_source",
    "read_queries": "sanctions_check.screening.inputs:read_queries",
    "screen": "sanctions_check.screening.run:screen",
    "write_review_workbook": "sanctions_check.screening.workbook:write_review_workbook",
})

__all__ = ["RowStatus", "ScreeningResult", "iter_chunks", "open_source", "read_queries", "screen",
           "write_review_workbook"]
