"""The batch engine's run cache: the outcomes of row keys already matched, bounded in size.

Contract: :class:`RunCache` maps raw row keys (:func:`sanctions_check.batch.match.raw_key`)
to their :class:`~sanctions_check.batch.match.Outcome`, least recently used out first, and
holds at most ``names`` keys and at most ``hits`` hits (the hit rows of the outcomes it
holds).  :meth:`RunCache.get` gives back an outcome equal to the one :meth:`RunCache.put`
was given (same status, scores, texts and hit rows, keys in the same order).

Why both bounds: a clear outcome is one shared object, so a clear name costs only its key
(about 150 bytes), but an outcome with hits carries each hit's row (explanation and names,
about 1.5 KB per hit as a dict).  On an input where most names have hits, a cache bounded
by names only grows to hundreds of megabytes, in the parent process and, since forked
workers inherit the parent's pages and the cache's churn un-shares them, again in each
worker.  Entries are stored compactly: the key as one string (when its parts allow it),
each hit as a tuple of its values sharing one tuple of field names.
"""

from __future__ import annotations

import collections
from typing import Any

from sanctions_check.batch.match import Outcome

# a row key's parts joined: none of the first three contains these characters
_SEP = "\x1f"
_NONE = "\x00"


def compact_key(key: tuple[Any, ...]) -> Any:
    """``key`` as one string (equal strings for equal keys, and only for them), or the key
    itself when its parts cannot be joined unambiguously."""
    name, *rest = key
    if not isinstance(name, str):
        return key
    parts = []
    for part in rest:
        if part is None:
            parts.append(_NONE)
        elif isinstance(part, str) and _SEP not in part and _NONE not in part:
            parts.append(str(part))  # a Kind as its value, as it compares
        else:
            return key
    return _SEP.join((*parts, name))


class RunCache:
    """Outcomes by row key, LRU, at most ``names`` keys and ``hits`` hits (module docstring)."""

    def __init__(self, names: int, hits: int) -> None:
        self.names = names
        self.max_hits = hits
        self.hits = 0  # hits held now
        self._store: collections.OrderedDict[Any, Any] = collections.OrderedDict()
        self._fields: dict[tuple[str, ...], tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self._store)

    def get(self, key: tuple[Any, ...]) -> Outcome | None:
        ckey = compact_key(key)
        stored = self._store.get(ckey)
        if stored is None:
            return None
        self._store.move_to_end(ckey)
        if isinstance(stored, Outcome):
            return stored
        status, best, reason, fields, rows, nearest = stored
        return Outcome(status, best, reason, tuple(dict(zip(fields, row, strict=True))
                                                   for row in rows), nearest)  # fmt: skip

    def put(self, key: tuple[Any, ...], outcome: Outcome) -> None:
        if self.names <= 0:
            return
        ckey = compact_key(key)
        if ckey in self._store:
            return
        stored: Any = outcome
        if outcome.hits:
            if len(outcome.hits) > self.max_hits:
                return
            fields = tuple(outcome.hits[0])
            fields = self._fields.setdefault(fields, fields)
            if all(tuple(part) == fields for part in outcome.hits):
                rows = tuple(tuple(part.values()) for part in outcome.hits)
                stored = (outcome.status, outcome.best, outcome.reason, fields, rows,
                          outcome.nearest)  # fmt: skip
            self.hits += len(outcome.hits)
        self._store[ckey] = stored
        while len(self._store) > self.names or self.hits > self.max_hits:
            self.hits -= _hits(self._store.popitem(last=False)[1])


def _hits(stored: Any) -> int:
    return len(stored.hits) if isinstance(stored, Outcome) else len(stored[4])


__all__ = ["RunCache", "compact_key"]
