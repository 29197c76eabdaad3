"""Secondary evidence: date of birth and nationality raise or lower a name score, visibly.

Contract: :func:`dob_evidence` and :func:`nationality_evidence` compare what a query gives
with what a list entry records and return ``(adjustment, detail)``: an agreement bonus, a
conflict penalty, or 0 with the reason it was ignored (not understood, the list gives none);
None when the query gives nothing.  Never silently ignored: the detail always says which,
and :func:`agreement` names the outcome (agrees / conflicts / unknown) for the hit.

The rule (algorithm 1.2): an exact full date of birth is strong evidence
(:data:`DOB_EXACT_AGREE`; with an agreeing nationality, +15 in all: a name scoring about 65
reaches "possible"); an agreeing year is weak evidence (:data:`DOB_AGREE`).  A date within
:data:`DOB_TOLERANCE_YEARS` of the list's (year-only, approximate or between dates, or two
full dates in neighbouring years) neither agrees nor conflicts: recorded dates are often
estimates.  Beyond that the dates conflict: :data:`DOB_CONFLICT` points off, and the hit is
never "strong" (:data:`CONFLICT_CAP`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sanctions_check.errors import InputError
from sanctions_check.lists.entries import DateOfBirth
from sanctions_check.names.normalise import country_code

DOB_EXACT_AGREE = 12.0  # the full date agrees
DOB_AGREE = 4.0  # the year agrees
DOB_CONFLICT = -12.0
DOB_TOLERANCE_YEARS = 2
NATIONALITY_AGREE = 3.0
NATIONALITY_CONFLICT = -8.0
MAX_BONUS = DOB_EXACT_AGREE + NATIONALITY_AGREE
CONFLICT_CAP = 89.0  # a conflicting date of birth keeps a hit out of "strong" (90)
AGREES, CONFLICTS, UNKNOWN = "agrees", "conflicts", "unknown"


def max_bonus(query_dob: str | None, query_nat: str | None) -> float:
    """The most the date of birth and nationality a query gives can add to a name score."""
    parsed = parse_dob(query_dob) if query_dob else None
    dob = DOB_EXACT_AGREE if parsed is not None and parsed[1] is not None else DOB_AGREE
    return (dob if query_dob else 0.0) + (NATIONALITY_AGREE if query_nat else 0.0)


def agreement(adjustment: float) -> str:
    """The outcome an evidence adjustment stands for: agrees / conflicts / unknown."""
    return AGREES if adjustment > 0 else CONFLICTS if adjustment < 0 else UNKNOWN

_NO_NATIONALITY = {"na", "n/a", "unknown", "none", "-"}
_DOB_RE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")


def check_dob(dob: str | None, label: str = "--dob") -> None:
    """InputError unless ``dob`` is empty or readable by :func:`parse_dob`."""
    if dob and parse_dob(dob) is None:
        raise InputError(f"{label} {dob[:40]!r}: use YYYY or YYYY-MM-DD")


def parse_dob(text: str) -> tuple[int, dt.date | None] | None:
    """``YYYY`` / ``YYYY-MM`` / ``YYYY-MM-DD`` -> (year, exact date or None); None if unreadable."""
    m = _DOB_RE.match(text or "")
    if not m:
        return None
    year = int(m.group(1))
    if not 1850 <= year <= 2100:
        return None
    date = None
    if m.group(3):
        try:
            date = dt.date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return year, date


def dob_evidence(query_dob: str | None, dobs: Sequence[DateOfBirth]) -> tuple[float, str] | None:
    """Date-of-birth agreement (+), conflict (-) or neutral (0) with a detail; None if not given."""
    if not query_dob:
        return None
    parsed = parse_dob(query_dob)
    if parsed is None:
        return 0.0, f"date of birth {query_dob!r} not understood (use YYYY or YYYY-MM-DD): ignored"
    year, date = parsed
    listed = [d for d in dobs if d.year_range() is not None]
    if not listed:
        return 0.0, f"date of birth {query_dob}: the list gives none"
    text = ", ".join(str(d) for d in listed)
    for d in listed:
        if date is not None and d.date is not None and d.date == date:
            return DOB_EXACT_AGREE, f"date of birth {query_dob} agrees (list: {text})"
    for d in listed:
        lo, hi = d.year_range()  # type: ignore[misc]
        slack = 1 if d.type_of_date == "APPROXIMATELY" else 0
        if lo - slack <= year <= hi + slack:
            if date is not None and d.date is not None:
                return 0.0, f"date of birth {query_dob}: same year, different day (list: {text})"
            return DOB_AGREE, f"year of birth {year} agrees (list: {text})"
    for d in listed:
        lo, hi = d.year_range()  # type: ignore[misc]
        full = date is not None and d.date is not None
        tolerance = 1 if full else DOB_TOLERANCE_YEARS
        if lo - tolerance <= year <= hi + tolerance:
            return 0.0, (f"date of birth {query_dob} within {tolerance} year"
                         f"{'s' if tolerance > 1 else ''} of the list's: neither agrees nor "
                         f"conflicts (list: {text})")
    return DOB_CONFLICT, f"date of birth {query_dob} conflicts (list: {text})"


def nationality_evidence(
    query_nat: str | None, nationalities: Sequence[str]
) -> tuple[float, str] | None:
    """Nationality agreement (+), conflict (-) or neutral (0) with a detail; None if not given."""
    if not query_nat:
        return None
    code = country_code(query_nat)
    if code is None:
        return 0.0, f"nationality {query_nat!r} not recognised: ignored"
    known = [n for n in nationalities if n.strip().lower() not in _NO_NATIONALITY]
    listed = {c for c in (country_code(n) for n in known) if c}
    if not listed:
        return 0.0, f"nationality {query_nat} ({code}): the list gives none"
    text = ", ".join(nationalities)
    if code in listed:
        return NATIONALITY_AGREE, f"nationality {query_nat} ({code}) agrees (list: {text})"
    return NATIONALITY_CONFLICT, f"nationality {query_nat} ({code}) conflicts (list: {text})"
