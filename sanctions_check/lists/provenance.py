"""Where the list in force came from, how old it is, and what every report must say about it.

Contract: :class:`ListProvenance` (frozen) travels with a loaded
:class:`~sanctions_check.lists.entries.SanctionsList` (``SanctionsList.provenance``) so that
every report built from the list (:func:`sanctions_check.screening.runmeta.make_meta`) carries
the same facts: the :class:`ListOrigin` (an installed store version, a file given
with ``--list``, or the bundled snapshot), the list's own ``dateGenerated``, and
``confirmed_at``, when its source last confirmed it current through ``lists update``
(None: never; a recorded confirmation in the future counts as none and is kept only
as ``future_confirmation``, to say so).  :meth:`ListProvenance.age` is :func:`sanctions_check.lists.manifest.list_age`
(the one definition of a list's age); :meth:`ListProvenance.check_age` raises
:class:`~sanctions_check.errors.ListError` when that age exceeds a maximum;
:meth:`ListProvenance.notice` is the warning every command and report repeats while
the bundled snapshot is in force.  Nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sanctions_check.errors import ListError
from sanctions_check.lists.manifest import CLOCK_SKEW, VersionInfo, in_future, list_age


class ListOrigin(StrEnum):
    """Which list is in force."""

    INSTALLED = "installed"  # the current version of the list store
    FILE = "file"  # a list XML file named with --list
    SNAPSHOT = "snapshot"  # the snapshot bundled with the package: nothing installed


UPDATE_HINT = "run `sanctions-check lists update`"
AGE_LABEL = "List age (days since its source confirmed it current, else since dateGenerated)"


def days(age: dt.timedelta) -> float:
    """An age in days, to one decimal."""
    return round(age.total_seconds() / 86400, 1)


def utc_text(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class ListProvenance:
    """The list in force: its origin, why it is in force, and its two dates."""

    origin: ListOrigin
    date_generated: str
    generated_at: dt.datetime | None
    confirmed_at: dt.datetime | None  # None: its source never confirmed it current
    source: str  # the file it was read from
    reason: str  # why this list is in force ("because ..."), for `lists info`
    version: str = ""  # the store's version id (installed lists only)
    future_confirmation: dt.datetime | None = None  # a recorded confirmation not counted

    @classmethod
    def of_version(cls, info: VersionInfo, lists_dir: Path,
                   now: dt.datetime | None = None) -> ListProvenance:
        """An installed version; a confirmation time in the future (beyond the clock-skew
        allowance) is no confirmation, and is kept only to say so."""
        future = info.confirmed_in_future(now or dt.datetime.now(dt.UTC))
        return cls(ListOrigin.INSTALLED, info.date_generated, info.generated_at,
                   None if future else info.confirmed_at, str(info.path),
                   f"it is the current version of the list store in {lists_dir}", info.id,
                   info.confirmed_at if future else None)

    @classmethod
    def of_file(cls, date_generated: str, generated_at: dt.datetime | None,
                path: str | Path) -> ListProvenance:
        return cls(ListOrigin.FILE, date_generated, generated_at, None, str(path),
                   "it was named with --list")

    @classmethod
    def of_snapshot(cls, date_generated: str, generated_at: dt.datetime | None,
                    path: str | Path, lists_dir: Path) -> ListProvenance:
        return cls(ListOrigin.SNAPSHOT, date_generated, generated_at, None, str(path),
                   f"no list is installed in {lists_dir}")

    def age(self, now: dt.datetime) -> dt.timedelta:
        """How old the list is (:func:`sanctions_check.lists.manifest.list_age`)."""
        return list_age(self.generated_at, self.confirmed_at, now)

    def age_basis(self) -> str:
        """What :meth:`age` counts from, in words."""
        if self.confirmed_at is not None:
            return f"since its source confirmed it current ({utc_text(self.confirmed_at)})"
        if self.generated_at is not None and in_future(self.generated_at,
                                                       dt.datetime.now(dt.UTC)):
            return (f"its dateGenerated {self.date_generated} is in the future, more than "
                    f"{CLOCK_SKEW.days} day ahead of this computer's clock: its age is unknown "
                    "and counts as infinite")
        if self.future_confirmation is not None:
            return (f"since its dateGenerated {self.date_generated}: its recorded confirmation "
                    f"({utc_text(self.future_confirmation)}) is in the future and not counted")
        return (f"since its dateGenerated {self.date_generated}: never confirmed current by "
                "`sanctions-check lists update`")

    def confirmed_text(self) -> str:
        """``confirmed_at`` for a report cell: the time, or why there is none."""
        if self.confirmed_at is not None:
            return utc_text(self.confirmed_at)
        if self.future_confirmation is not None:
            return (f"never (its recorded confirmation, {utc_text(self.future_confirmation)}, "
                    "is in the future: not counted)")
        if self.origin is ListOrigin.SNAPSHOT:
            return "never (bundled snapshot)"
        if self.origin is ListOrigin.FILE:
            return "never (file given with --list)"
        return "never (imported from a file)"

    def describe(self) -> str:
        """One line naming the list in force."""
        if self.origin is ListOrigin.INSTALLED:
            return f"installed list {self.version}"
        if self.origin is ListOrigin.SNAPSHOT:
            return f"bundled snapshot generated {self.date_generated[:10]}"
        return f"list file {self.source}"

    def notice(self, now: dt.datetime) -> str | None:
        """The warning to repeat on stderr and in every report, or None."""
        if self.origin is not ListOrigin.SNAPSHOT:
            return None
        return (f"bundled snapshot generated {self.date_generated[:10]}, "
                f"{self.age(now).days} days old: {UPDATE_HINT} for the current list")

    def check_age(self, max_age_days: float | None, now: dt.datetime) -> None:
        """ListError when the list is older than ``max_age_days`` (None: no limit)."""
        if max_age_days is None:
            return
        age = self.age(now)
        if age > dt.timedelta(days=max_age_days):
            old = "of unknown age" if age == dt.timedelta.max else f"{days(age):g} days old"
            raise ListError(
                f"the {self.describe()} is {old} ({self.age_basis()}), "
                f"more than the allowed {max_age_days:g}: {UPDATE_HINT}"
            )


__all__ = ["AGE_LABEL", "UPDATE_HINT", "ListOrigin", "ListProvenance", "days", "utc_text"]
