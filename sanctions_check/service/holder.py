"""The list the service answers from: loaded once, re-checked, swapped atomically.

Contract:

* Which list is served is decided by :func:`sanctions_check.lists.source.load_list_in_force`,
  as for every command: a fixed ``--list`` file, else the store's current version, else
  the snapshot bundled with the package (its notice then goes into every answer and
  onto the page, until a list is installed and swapped in).
* :class:`ServedList` (frozen) is one loaded list (with its
  :class:`~sanctions_check.lists.provenance.ListProvenance`), its matcher, the store version
  and a ``notice`` of the service's own (a fixed file is not updated while it runs).
  :meth:`ServedList.facts` gives the list facts every response carries: the provenance
  facts of ``lists info --json`` (``in_force``, ``date_generated``, ``confirmed_at``,
  ``age_days`` and its basis, ``notice``) plus ``sha256``, ``version``, ``entries``,
  ``max_age_days`` and ``stale``.
* :class:`ListHolder` holds the current :class:`ServedList`.  :meth:`ListHolder.get`
  returns it at once; for a store it also looks at the store's current-version pointer
  at most once per ``interval`` seconds, in a background thread: a new sha256 (or the
  first installed list after the snapshot) is loaded (list + matcher) and then swapped
  in with one assignment, so a request that already holds the old list finishes on it
  and no request waits for the load.  The same content confirmed again (``lists
  update`` said unchanged) only refreshes the age.  A pointer or list that cannot be
  read keeps the old list in service (logged, and reported by
  :attr:`ListHolder.problem`).  :meth:`ListHolder.refresh` does one check synchronously
  (start-up and tests).  Every matcher it builds uses the holder's ``known_as`` names (the
  reviewed curated file plus the user's ``--aliases FILE``, as for the commands).

Thread-safe; never prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.errors import SanctionsCheckError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.manifest import VersionInfo
from sanctions_check.lists.provenance import ListOrigin, ListProvenance
from sanctions_check.lists.source import load_list_in_force
from sanctions_check.lists.store import ListStore
from sanctions_check.matching.documents import provenance_facts
from sanctions_check.matching.hits import NameMatcher
from sanctions_check.matching.knownas import KnownNames

log = lazy_logger(__name__)


@dataclass(frozen=True)
class ServedList:
    """One loaded list, its matcher and where it came from."""

    sanctions_list: SanctionsList
    matcher: NameMatcher
    version: VersionInfo | None = None
    notice: str | None = None

    @property
    def provenance(self) -> ListProvenance:
        p = self.sanctions_list.provenance
        if p is None:  # a list built in memory (tests): described as a file
            lst = self.sanctions_list
            p = ListProvenance.of_file(lst.date_generated, lst.generated_at, lst.source)
        return p

    @property
    def origin(self) -> ListOrigin:
        return self.provenance.origin

    def facts(self, max_age_days: float, now: dt.datetime | None = None) -> dict[str, Any]:
        """The list facts every answer carries (see the module docstring)."""
        now = now or dt.datetime.now(dt.UTC)
        facts = provenance_facts(self.provenance, now)
        return {
            **facts,
            "sha256": self.sanctions_list.sha256,
            "version": self.version.id if self.version else None,
            "entries": len(self.sanctions_list.entries),
            "max_age_days": max_age_days,
            "stale": facts["age_days"] > max_age_days,
            "notice": facts["notice"] or self.notice,
        }


def build(sanctions_list: SanctionsList, version: VersionInfo | None = None,
          notice: str | None = None, known_as: KnownNames | None = None) -> ServedList:
    """A :class:`ServedList` with a fresh matcher over ``sanctions_list`` (``known_as``: the
    curated names to match with; None, the reviewed file alone)."""
    from sanctions_check.matching.matcher import Matcher

    matcher = Matcher.from_list(sanctions_list, known_as=known_as)
    return ServedList(sanctions_list, matcher, version, notice)


class ListHolder:
    """The current :class:`ServedList`, checked and swapped (see the module docstring)."""

    def __init__(
        self,
        store: ListStore | None = None,
        served: ServedList | None = None,
        interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        known_as: KnownNames | None = None,
    ) -> None:
        self.store = store
        self.known_as = known_as
        self.interval = interval
        self._clock = clock
        self._served = served
        self._lock = threading.Lock()
        self._checking = False
        self._next_check = clock() + interval
        self.problem: str | None = None

    # -- construction ------------------------------------------------------------------
    @classmethod
    def for_store(cls, store: ListStore, interval: float = 60.0,
                  known_as: KnownNames | None = None) -> ListHolder:
        holder = cls(store=store, interval=interval, known_as=known_as)
        holder.refresh()
        return holder

    @classmethod
    def for_file(cls, path: Path, store: ListStore | None = None,
                 known_as: KnownNames | None = None) -> ListHolder:
        """A fixed list file (``--list``): never re-checked."""
        loaded = load_list_in_force(store or ListStore.default(), path)
        notice = f"serving the fixed file {path}: it is not updated while the service runs"
        return cls(served=build(loaded, notice=notice, known_as=known_as), known_as=known_as)

    # -- reading -------------------------------------------------------------------------
    def get(self) -> ServedList | None:
        """The list to answer from (None while none is installed); may start a check."""
        if self.store is not None and self._clock() >= self._next_check:
            with self._lock:
                start = not self._checking and self._clock() >= self._next_check
                if start:
                    self._checking = True
                    self._next_check = self._clock() + self.interval
            if start:
                threading.Thread(target=self._check_in_background, daemon=True).start()
        return self._served

    def _check_in_background(self) -> None:
        try:
            self.refresh()
        finally:
            self._checking = False

    # -- checking ------------------------------------------------------------------------
    def refresh(self) -> bool:
        """Look at the store's pointer now; True when a different list was swapped in."""
        if self.store is None:
            return False
        self._next_check = self._clock() + self.interval
        try:
            current = self.store.current()
            served = self._served
            if current is None:  # nothing installed: the bundled snapshot, saying so
                if served is not None and served.origin is ListOrigin.SNAPSHOT:
                    return False
                self._served = build(load_list_in_force(self.store), known_as=self.known_as)
                self.problem = None
                log.warning("%s", self._served.provenance.notice(dt.datetime.now(dt.UTC)))
                return True
            if served is not None and served.version is not None \
                    and served.version.sha256 == current.sha256:
                if served.version != current:  # confirmed again: only the age changes
                    provenance = ListProvenance.of_version(current, self.store.lists_dir)
                    lst = dataclasses.replace(served.sanctions_list, provenance=provenance)
                    self._served = dataclasses.replace(served, sanctions_list=lst,
                                                       version=current)
                self.problem = None
                return False
            loaded = self.store.load(current.id)
            if loaded.sha256 != current.sha256:  # the pointer moved while loading
                return False
            self._served = build(loaded, current, known_as=self.known_as)  # the atomic swap
            self.problem = None
            log.info("serving list %s (sha256 %s)", current.id, current.sha256[:12])
            return True
        except SanctionsCheckError as exc:
            self.problem = str(exc)
            log.warning("keeping the list in service: %s", exc)
            return False
