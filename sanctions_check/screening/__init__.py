"""Screening: a file of names through the matcher into a review report.

Contract: reading the input file (columns, CSV / TSV / XLSX / text), the screening
run, the output rows of CSV / JSON, the review workbook and the reviewer decisions
carried from earlier workbooks.  In memory; large files stream through ``batch``.
"""

from sanctions_check.screening.inputs import read_queries
from sanctions_check.screening.run import RowStatus, ScreeningResult, screen
from sanctions_check.screening.workbook import write_review_workbook

__all__ = ["RowStatus", "ScreeningResult", "read_queries", "screen", "write_review_workbook"]
