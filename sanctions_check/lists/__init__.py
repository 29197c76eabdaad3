"""Lists: the UN Consolidated List as data.

Contract: the entry model (:class:`SanctionsList`, :class:`Entry`), the safe XML
parser, fetching, the validated local store with its versions, cache and manifest,
the diff of two versions and the list in force.  Builds on ``files`` only.
"""

from sanctions_check.lists.diff import diff_lists
from sanctions_check.lists.entries import Entry, Kind, NameType, SanctionsList
from sanctions_check.lists.source import load_list_in_force
from sanctions_check.lists.store import ListStore
from sanctions_check.lists.unxml import parse_list

__all__ = ["Entry", "Kind", "ListStore", "NameType", "SanctionsList", "diff_lists", "load_list_in_force", "parse_list"]
