"""sanctions_check: screen names against the UN Security Council Consolidated List.

The package is a library first; the ``sanctions-check`` command line (:mod:`.cli`) is a
thin layer over it.  One subpackage per stage, imports running one way (top to bottom):

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
"""

from sanctions_check.version import __version__

__all__ = ["__version__"]
