"""sanctions_check: screen names against the UN Security Council Consolidated List.

The package is a library first (its API below, an example in the README's "Library"
section); the ``sanctions-check`` command line (:mod:`.cli`) is a thin layer over it.  One subpackage per stage, imports running one way (top to bottom):

    files, errors, version   reading and writing the user's files
    lists                    the list model, XML parser, store, versions, diff
    names                    word lists, normalisation
    scoring                  word features, the name score, secondary evidence
    search                   the candidate index
    matching                 the matcher, hits, compare
    screening                input files, the screening run, reports, decisions
    batch / news             large files; names found in news (peers)
    watch                    the scheduled check and its state
    service, cli             the HTTP service and the command line

Public API: :func:`load_list`, :class:`ListStore`, :class:`Matcher`, :class:`Query`,
:class:`Hit`, :func:`screen`, :func:`read_queries`, :func:`compare` (two names) and
:class:`MatchConfig` (the matcher's thresholds, recorded in every report).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_exports
from sanctions_check.version import __version__

if TYPE_CHECKING:
    from sanctions_check.lists.source import load_list
    from sanctions_check.lists.store import ListStore
    from sanctions_check.matching.compare import compare_names as compare
    from sanctions_check.matching.config import MatchConfig
    from sanctions_check.matching.hits import Hit, Query
    from sanctions_check.matching.matcher import Matcher
    from sanctions_check.screening.inputs import read_queries
    from sanctions_check.screening.run import screen

# the public API, imported on first use (``import sanctions_check.errors`` stays light)
__getattr__, __dir__ = lazy_exports(__name__, {
    "load_list": "sanctions_check.lists.source:load_list",
    "ListStore": "sanctions_check.lists.store:ListStore",
    "Matcher": "sanctions_check.matching.matcher:Matcher",
    "MatchConfig": "sanctions_check.matching.config:MatchConfig",
    "Query": "sanctions_check.matching.hits:Query",
    "Hit": "sanctions_check.matching.hits:Hit",
    "compare": "sanctions_check.matching.compare:compare_names",
    "read_queries": "sanctions_check.screening.inputs:read_queries",
    "screen": "sanctions_check.screening.run:screen",
})

__all__ = ["Hit", "ListStore", "MatchConfig", "Matcher", "Query", "__version__", "compare", "load_list",
           "read_queries", "screen"]

