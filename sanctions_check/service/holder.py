"""The list the service answers from: loaded once, re-checked, swapped atomically.

Contract:

* :class:`ServedList` (frozen) is one loaded list with its matcher and where it came
  from (``origin``: ``store`` or ``file``), the store version (for its age) and a
  ``notice`` shown in every answer when there is something to say (e.g. the list is a
  fixed file and is not updated).  :meth:`ServedList.facts` gives the list facts every
  response carries: ``date_generated``, ``sha256``, ``age_days``, ``stale`` ...
* :class:`ListHolder` holds the current :class:`ServedList`.  :meth:`ListHolder.get`
  returns it at once; for a store it also looks at the store's current-version pointer
  at most once per ``interval`` seconds, in a background thread: a new sha256 is loaded
  (list + matcher) and then swapped in with one assignment, so a request that already
  holds the old list finishes on it and no request waits for the load.  The same
  content confirmed again (``lists update`` said unchanged) only refreshes the age.
  A pointer or list that cannot be read keeps the old list in service (logged, and
  reported by :attr:`ListHolder.problem`).  :meth:`ListHolder.refresh` does one check
  synchronously (start-up and tests).

Thread-safe; never prints.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sanctions_check.entries import SanctionsList
from sanctions_check.errors import SanctionsCheckError
from sanctions_check.manifest import VersionInfo
from sanctions_check.store import ListStore

log = logging.getLogger(__name__)

STORE = "store"
FILE = "file"


@dataclass(frozen=True)
class ServedList:
    """One loaded list, its matcher and where it came from."""

    sanctions_list: SanctionsList
    matcher: Any
    origin: str  # STORE | FILE
    version: VersionInfo | None = None
    notice: str | None = None

    def age(self, now: dt.datetime) -> dt.timedelta | None:
        """The list's age: :func:`sanctions_check.manifest.list_age` of its store version
        (since its source confirmed it current, else since dateGenerated), else (a file)
        since dateGenerated."""
        if self.version is not None:
            return self.version.age(now)
        generated = self.sanctions_list.generated_at
        return now - generated if generated is not None else None

    def facts(self, max_age_days: float, now: dt.datetime | None = None) -> dict[str, Any]:
        """The list facts every answer carries."""
        now = now or dt.datetime.now(dt.UTC)
        lst = self.sanctions_list
        age = self.age(now)
        generated = lst.generated_at
        age_days = round(age.total_seconds() / 86400, 2) if age is not None else None
        return {
            "date_generated": lst.date_generated,
            "sha256": lst.sha256,
            "version": self.version.id if self.version else None,
            "origin": self.origin,
            "entries": len(lst.entries),
            "age_days": age_days,
            "generated_days_ago": round((now - generated).total_seconds() / 86400, 2)
            if generated else None,
            "max_age_days": max_age_days,
            "stale": age_days is None or age_days > max_age_days,
            "notice": self.notice,
        }


def build(sanctions_list: SanctionsList, origin: str, version: VersionInfo | None = None,
          notice: str | None = None) -> ServedList:
    """A :class:`ServedList` with a fresh matcher over ``sanctions_list``."""
    from sanctions_check.matcher import Matcher

    return ServedList(sanctions_list, Matcher.from_list(sanctions_list), origin, version, notice)


class ListHolder:
    """The current :class:`ServedList`, checked and swapped (see the module docstring)."""

    def __init__(
        self,
        store: ListStore | None = None,
        served: ServedList | None = None,
        interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.interval = interval
        self._clock = clock
        self._served = served
        self._lock = threading.Lock()
        self._checking = False
        self._next_check = clock() + interval
        self.problem: str | None = None

    # -- construction ------------------------------------------------------------------
    @classmethod
    def for_store(cls, store: ListStore, interval: float = 60.0) -> ListHolder:
        holder = cls(store=store, interval=interval)
        holder.refresh()
        return holder

    @classmethod
    def for_file(cls, path: Path) -> ListHolder:
        from sanctions_check.unxml import parse_list

        notice = f"serving the fixed file {path}: it is not updated while the service runs"
        return cls(served=build(parse_list(path), FILE, notice=notice))

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
            if current is None:
                self.problem = f"no sanctions list is installed in {self.store.lists_dir}"
                return False
            served = self._served
            if served is not None and served.version is not None \
                    and served.version.sha256 == current.sha256:
                if served.version != current:  # confirmed again: only the age changes
                    self._served = replace(served, version=current)
                self.problem = None
                return False
            loaded = self.store.load(current.id)
            if loaded.sha256 != current.sha256:  # the pointer moved while loading
                return False
            self._served = build(loaded, STORE, current)  # the atomic swap
            self.problem = None
            log.info("serving list %s (sha256 %s)", current.id, current.sha256[:12])
            return True
        except SanctionsCheckError as exc:
            self.problem = str(exc)
            log.warning("keeping the list in service: %s", exc)
            return False
