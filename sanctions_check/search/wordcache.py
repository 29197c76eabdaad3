"""The index's per-word caches, and handing what one process looked up to another.

Contract: :class:`WordCaches` holds, for a :class:`sanctions_check.search.index.NameIndex`,
the indexed units crediting each query unit (``matches``, keyed by ``(unit, multi)``) and
the table of forms each query unit finds (``tables``, keyed by ``(unit, multi, kind,
particles)``), each cleared when it reaches its size.  Both are pure functions of their
keys on one index, so a value computed in one process is the value any process with the
same index would compute.

Sharing (the batch engine, :mod:`sanctions_check.batch.match`): after :meth:`journal`, the
matches of single query words (the words of a long run repeat; joined spans of two or three
words mostly do not) are noted; :meth:`learned` gives those found since the last call, and
:meth:`learn` adds them to another process's caches.  A worker process hands them to its
parent with every block's outcomes; workers forked later (replacements) start with them,
so a word's fuzzy scan of the list's words runs about once per run instead of once per
worker process.  Tables are not handed on: they are cheap to build from the matches (about
a tenth of a word's lookup) and costly to send (arrays of form ids).

Pickled (shipped to worker processes), the caches travel empty and not journaling.
"""

from __future__ import annotations

from typing import Any

from sanctions_check.search.postings import UnitTable

MatchKey = tuple[str, bool]
TableKey = tuple[str, bool, "str | None", bool]
Learned = dict[str, tuple[str, ...]]  # single query word -> the indexed units crediting it


class WordCaches:
    """Matches and tables per query unit (see the module docstring)."""

    def __init__(self, size: int = 200_000) -> None:
        self.size = size
        self.matches: dict[MatchKey, tuple[str, ...]] = {}
        self.tables: dict[TableKey, UnitTable] = {}
        self._journal: list[str] | None = None

    @property
    def table_size(self) -> int:
        """Tables kept at most (they are larger than matches)."""
        return self.size // 4

    def put_matches(self, key: MatchKey, found: tuple[str, ...]) -> None:
        if len(self.matches) >= self.size:
            self.matches.clear()
        self.matches[key] = found
        if self._journal is not None and not key[1]:
            self._journal.append(key[0])

    def put_table(self, key: TableKey, table: UnitTable) -> None:
        if len(self.tables) >= self.table_size:
            self.tables.clear()
        self.tables[key] = table

    def journal(self) -> None:
        """Note the single query words looked up from now on (:meth:`learned`)."""
        self._journal = []

    def learned(self) -> Learned:
        """The matches of single words found since the last call (or since :meth:`journal`;
        nothing when not journaling), for :meth:`learn` elsewhere."""
        out: Learned = {}
        for unit in self._journal or ():
            if (found := self.matches.get((unit, False))) is not None:
                out[unit] = found
        if self._journal:
            self._journal = []
        return out

    def learn(self, learned: Learned) -> None:
        """Add what another process's :meth:`learned` gave (while there is room: what does
        not fit is looked up again when needed)."""
        for unit, found in learned.items():
            if len(self.matches) >= self.size:
                break
            self.matches.setdefault((unit, False), found)

    def __getstate__(self) -> dict[str, Any]:
        return {"size": self.size, "matches": {}, "tables": {}, "_journal": None}
