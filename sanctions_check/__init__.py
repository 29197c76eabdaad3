"""sanctions_check: screen names against the UN Security Council Consolidated List.

The package is a library first; the ``sanctions-check`` command line is a thin
layer over the public functions of its modules.  Data flows one way:

    list file -> entries (unxml) -> store -> normalised index -> matcher -> hits -> reports
    news -> mentions -> matcher
    cron run -> state -> only-new hits
"""

from sanctions_check.version import __version__

__all__ = ["__version__"]
