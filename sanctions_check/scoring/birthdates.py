"""Dates of birth as people write them, read to the part that is certain.

Contract: :func:`read_dob` reads one date of birth as given (``1977``, ``1977-01-31``,
``31.01.1977``, ``31/01/1977`` or ``01/31/1977``, ``7 July 1955``, ``July 7, 1955``,
``7 juillet 1955``, ``March 1984``, ``1960-1962``, ``between 1960 and 1962``, ``circa
1960``, an Excel date cell read as ``1977-01-31`` or ``1977-01-31T00:00:00``) into a
frozen :class:`DobReading`: the years it may fall in, the exact day when known, whether it
is approximate, and whether only the year was used because the order of day and month is
unknown; None when it is not understood.  Numbers separated by ``/`` or ``-`` with the year
last are read in ``order`` (:class:`DateOrder`: ``dmy`` or ``mdy``); without one, a date is
day-first when its first number is over 12, month-first when its second is, and otherwise
ambiguous: only the year is used and :attr:`DobReading.ambiguous` says so.  Dotted dates
(``25.07.1972``) are day-first.  Month names (English and French, full and abbreviated) are
read from ``data/month_names.csv``.  Years outside 1850-2100 are not understood.
:class:`SecondaryStatus` names how a row's date of birth or nationality was read (used /
not understood / absent).  Pure functions, no I/O beyond the data file.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from sanctions_check.files.lazy import lazy_pattern
from sanctions_check.names.lexicon import data_csv

MIN_YEAR, MAX_YEAR = 1850, 2100


class DateOrder(StrEnum):
    """How numeric dates with the year last (or first) are ordered (``--date-order``)."""

    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


class SecondaryStatus(StrEnum):
    """How a row's date of birth or nationality was read."""

    USED = "used"
    NOT_UNDERSTOOD = "not understood"
    ABSENT = "absent"


@dataclass(frozen=True)
class DobReading:
    """What a date of birth says for certain."""

    first_year: int
    last_year: int  # the same as first_year unless a range was given
    date: dt.date | None = None  # the exact day, when known
    approximate: bool = False  # "circa 1960": a year either side agrees too
    ambiguous: bool = False  # day and month order unknown: only the year is used

    def describe(self) -> str:
        """How the date was read, for reports (``1977-01-31``, ``1960-1962``, ``c. 1960``)."""
        if self.date is not None:
            return self.date.isoformat()
        text = (str(self.first_year) if self.first_year == self.last_year
                else f"{self.first_year}-{self.last_year}")
        if self.approximate:
            text = f"c. {text}"
        if self.ambiguous:
            text += ", year only: day and month order unknown (give --date-order)"
        return text


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@functools.cache
def month_names() -> dict[str, int]:
    """Month name or abbreviation (case and accents folded) -> month number."""
    out: dict[str, int] = {}
    for row in data_csv("month_names.csv"):
        for name in row["names"].split(";"):
            if name.strip():
                out[_fold(name.strip())] = int(row["month"])
    return out


_YEAR = r"(\d{4})"
_ISO = lazy_pattern(rf"^{_YEAR}(?:[-/.](\d{{1,2}})(?:[-/.](\d{{1,2}})(?:[t ]\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?)?)?)?$")
_YEAR_LAST = lazy_pattern(rf"^(\d{{1,2}})([./-])(\d{{1,2}})\2{_YEAR}$")
_RANGE = lazy_pattern(rf"^(?:between|entre)?\s*{_YEAR}\s*(?:-|–|—|to|and|et|a|/|\.\.)\s*{_YEAR}$")
_CIRCA = lazy_pattern(r"^(?:circa|ca\.?|c\.|approx\.?|approximately|about|around|vers|environ|~)\s*")
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|e)?"
_WORD = r"([a-z]+)\.?"
_DAY_MONTH_YEAR = lazy_pattern(rf"^{_DAY}[\s./-]+(?:of\s+|de\s+)?{_WORD}[\s./-]+{_YEAR}$")
_MONTH_DAY_YEAR = lazy_pattern(rf"^{_WORD}[\s./-]+{_DAY},?[\s./-]+{_YEAR}$")
_MONTH_YEAR = lazy_pattern(rf"^{_WORD}[\s./-]+{_YEAR}$")


@functools.lru_cache(maxsize=8192)
def read_dob(text: str | None, order: str | None = None) -> DobReading | None:
    """Read a date of birth as given (see the module docstring); None if not understood."""
    if not text:
        return None
    value = " ".join(_fold(text).replace(",", " ").split())
    approximate = False
    if m := _CIRCA.match(value):
        approximate, value = True, value[m.end():]
    reading = _read(value, DateOrder(order) if order else None)
    if reading is None:
        return None
    if not all(MIN_YEAR <= y <= MAX_YEAR for y in (reading.first_year, reading.last_year)):
        return None
    if approximate:
        return DobReading(reading.first_year, reading.last_year, None, True)
    return reading


def _read(value: str, order: DateOrder | None) -> DobReading | None:
    if m := _ISO.match(value):
        year = int(m.group(1))
        if m.group(3):
            return _dated(year, int(m.group(2)), int(m.group(3)))
        if m.group(2) and not 1 <= int(m.group(2)) <= 12:
            return None
        return DobReading(year, year)
    if m := _YEAR_LAST.match(value):
        a, sep, b, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if sep == "." or order is DateOrder.DMY:
            return _dated(year, b, a)
        if order is DateOrder.MDY:
            return _dated(year, a, b)
        if a > 12:
            return _dated(year, b, a)
        if b > 12:
            return _dated(year, a, b)
        if a == b:  # 05/05/1977 reads the same either way
            return _dated(year, a, b)
        return DobReading(year, year, ambiguous=True)
    if m := _RANGE.match(value):
        lo, hi = int(m.group(1)), int(m.group(2))
        return DobReading(lo, hi) if lo <= hi else None
    for pattern, day_at, month_at in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        if m := pattern.match(value):
            month = month_names().get(m.group(month_at))
            if month is None:
                return None
            return _dated(int(m.group(3)), month, int(m.group(day_at)))
    if m := _MONTH_YEAR.match(value):
        if m.group(1) not in month_names():
            return None
        year = int(m.group(2))
        return DobReading(year, year)
    return None


def _dated(year: int, month: int, day: int) -> DobReading | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return DobReading(year, year, date)


def dob_status(text: str | None, order: str | None = None) -> SecondaryStatus:
    """How a row's date of birth was read: used / not understood / absent."""
    if not text or not text.strip():
        return SecondaryStatus.ABSENT
    return SecondaryStatus.USED if read_dob(text, order) else SecondaryStatus.NOT_UNDERSTOOD
