"""Lists: the UN Consolidated List as data.

Contract: the entry model (:class:`SanctionsList`, :class:`Entry`), the safe XML
parser, fetching, the validated local store with its versions, cache and manifest,
the diff of two versions and the list in force.  Builds on ``files`` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_exports

if TYPE_CHECKING:
    from sanctions_check.lists.diff import diff_lists
    from sanctions_check.lists.entries import Entry, Kind, NameType, SanctionsList
    from sanctions_check.lists.source import load_list_in_force
    from sanctions_check.lists.store import ListStore
    from sanctions_check.lists.unxml import parse_list

# imported on first use: importing one module of the package runs none of the others
__getattr__, __dir__ = lazy_exports(__name__, {
    "Entry": "sanctions_check.lists.entries:Entry",
    "Kind": "sanctions_check.lists.entries:Kind",
    "ListStore": "sanctions_check.lists.store:ListStore",
    "NameType": "sanctions_check.lists.entries:NameType",
    "SanctionsList": "sanctions_check.lists.entries:SanctionsList",
    "diff_lists": "sanctions_check.lists.diff:diff_lists",
    "load_list_in_force": "sanctions_check.lists.source:load_list_in_force",
    "parse_list": "sanctions_check.lists.unxml:parse_list",
})

__all__ = ["Entry", "Kind", "ListStore", "NameType", "SanctionsList", "diff_lists", "load_list_in_force", "parse_list"]
