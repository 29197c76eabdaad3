"""The package's reference data files (``sanctions_check/data/``), read once each.

Contract: :func:`data_lines` gives a text file's lines (stripped; blank and ``#`` comment
lines skipped), :func:`data_csv` a CSV file's rows as dicts (a fresh copy each call; the
file is parsed once).  The files are installed as plain files beside the modules (as the
bundled list and ``known_as.csv`` are read) and read by path.
"""

from __future__ import annotations

import csv
import functools
import io
import os

# the package's data files: installed as plain files beside the modules (as the bundled list
# and known_as.csv are read); read by path, not through importlib.resources, whose import (its
# readers: tempfile, shutil, zipfile...) cost a one-off `match` about a tenth of its imports
DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")


def data_lines(name: str) -> list[str]:
    """The lines of a text file in ``sanctions_check/data/``: stripped, blank and ``#``
    comment lines skipped."""
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as fh:
        text = fh.read()
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def data_csv(name: str) -> list[dict[str, str]]:
    """The rows of a CSV file in ``sanctions_check/data/`` (``#`` comment lines skipped)."""
    return [dict(row) for row in _data_rows(name)]


@functools.cache
def _data_rows(name: str) -> tuple[dict[str, str], ...]:
    """A data file's rows, read once (several tables are built from ``romanisation.csv``
    and from ``countries.csv``); :func:`data_csv` hands out copies."""
    return tuple(csv.DictReader(io.StringIO("\n".join(data_lines(name)))))


__all__ = ["DATA_DIR", "data_csv", "data_lines"]
