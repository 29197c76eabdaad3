"""Secondary evidence: date of birth and nationality raise or lower a name score, visibly.

Contract: :func:`dob_evidence` and :func:`nationality_evidence` compare what a query gives
with what a list entry records and return ``(adjustment, detail)``: an agreement bonus, a
conflict penalty, or 0 with the reason it was ignored (not understood, the list gives none);
None when the query gives nothing.  Never silently ignored: the detail always says which,
and :func:`agreement` names the outcome (:class:`Agreement`: agrees / conflicts / unknown) for
the hit; :func:`dob_status` and :func:`nationality_status` say per row whether what it gives
was used, not understood or absent.  Dates are read by :mod:`sanctions_check.birthdates`.

The rule (algorithm 1.2; the numbers are fields of
:class:`~sanctions_check.scoring.weights.ScoringWeights`, given as ``scoring``): an exact full
date of birth is strong evidence (``dob_exact_agree``, 12; with an agreeing nationality,
``nationality_agree``, +15 in all: a name scoring about 65 reaches "possible"); an agreeing
year is weak evidence (``dob_agree``).  A date within ``dob_tolerance_years`` of the list's
(year-only, approximate or between dates, or two full dates in neighbouring years) neither
agrees nor conflicts: recorded dates are often estimates.  Beyond that the dates conflict:
``dob_conflict`` points, and the hit is never "strong" (``conflict_cap``, applied by
:mod:`sanctions_check.matching.ranking`).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from sanctions_check.errors import InputError
from sanctions_check.lists.entries import DateOfBirth
from sanctions_check.names.countries import country_code
from sanctions_check.scoring.birthdates import DobReading, SecondaryStatus, read_dob
from sanctions_check.scoring.birthdates import dob_status as dob_status  # re-exported
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights

DOB_FORMS = "e.g. 1977, 1977-01-31, 31.01.1977, 31 January 1977, 1960-1962, circa 1960"


class Agreement(StrEnum):
    """What a query's date of birth or nationality says against the list entry's."""

    AGREES = "agrees"
    CONFLICTS = "conflicts"
    UNKNOWN = "unknown"  # not understood, or the list gives none


AGREES, CONFLICTS, UNKNOWN = Agreement.AGREES, Agreement.CONFLICTS, Agreement.UNKNOWN


def max_bonus(
    query_dob: str | None,
    query_nat: str | None,
    order: str | None = None,
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> float:
    """The most the date of birth and nationality a query gives can add to a name score."""
    parsed = read_dob(query_dob, order) if query_dob else None
    full = parsed is not None and parsed.date is not None
    dob = scoring.dob_exact_agree if full else scoring.dob_agree
    return (dob if query_dob else 0.0) + (scoring.nationality_agree if query_nat else 0.0)


def agreement(adjustment: float) -> Agreement:
    """The outcome an evidence adjustment stands for: agrees / conflicts / unknown."""
    return AGREES if adjustment > 0 else CONFLICTS if adjustment < 0 else UNKNOWN

_NO_NATIONALITY = {"na", "n/a", "unknown", "none", "-"}


def check_dob(dob: str | None, label: str = "--dob", order: str | None = None) -> None:
    """InputError unless ``dob`` is empty or readable by
    :func:`~sanctions_check.birthdates.read_dob`."""
    if dob and read_dob(dob, order) is None:
        raise InputError(f"{label} {dob[:40]!r}: not a date of birth ({DOB_FORMS})")


def _given(query_dob: str, reading: DobReading) -> str:
    """The date as given, with how it was read when that differs."""
    read = reading.describe()
    return query_dob if read == query_dob.strip() else f"{query_dob} (read as {read})"


def dob_evidence(
    query_dob: str | None,
    dobs: Sequence[DateOfBirth],
    order: str | None = None,
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> tuple[float, str] | None:
    """Date-of-birth agreement (+), conflict (-) or neutral (0) with a detail; None if not given.

    ``order``: how to read numeric dates (:class:`~sanctions_check.birthdates.DateOrder`).
    A range or an approximate date ("circa 1960", a year either side) agrees with a list
    year inside it; a date whose day and month order is unknown counts by its year.
    """
    if not query_dob:
        return None
    reading = read_dob(query_dob, order)
    if reading is None:
        return 0.0, f"date of birth {query_dob!r} not understood ({DOB_FORMS}): ignored"
    given = _given(query_dob, reading)
    date, own_slack = reading.date, 1 if reading.approximate else 0
    first, last = reading.first_year - own_slack, reading.last_year + own_slack
    listed = [d for d in dobs if d.year_range() is not None]
    if not listed:
        return 0.0, f"date of birth {given}: the list gives none"
    text = ", ".join(str(d) for d in listed)
    for d in listed:
        if date is not None and d.date is not None and d.date == date:
            return scoring.dob_exact_agree, f"date of birth {given} agrees (list: {text})"
    for d in listed:
        lo, hi = d.year_range()  # type: ignore[misc]
        slack = 1 if d.type_of_date == "APPROXIMATELY" else 0
        if lo - slack <= last and first <= hi + slack:
            if date is not None and d.date is not None:
                return 0.0, f"date of birth {given}: same year, different day (list: {text})"
            years = given if reading.date is None else str(reading.first_year)
            return scoring.dob_agree, f"year of birth {years} agrees (list: {text})"
    for d in listed:
        lo, hi = d.year_range()  # type: ignore[misc]
        full = date is not None and d.date is not None
        tolerance = 1 if full else scoring.dob_tolerance_years
        if lo - tolerance <= last and first <= hi + tolerance:
            return 0.0, (f"date of birth {given} within {tolerance} year"
                         f"{'s' if tolerance > 1 else ''} of the list's: neither agrees nor "
                         f"conflicts (list: {text})")
    return scoring.dob_conflict, f"date of birth {given} conflicts (list: {text})"


def nationality_status(query_nat: str | None) -> SecondaryStatus:
    """How a row's nationality was read: used (a country name, demonym or ISO code) /
    not understood / absent."""
    if not query_nat or not query_nat.strip():
        return SecondaryStatus.ABSENT
    return SecondaryStatus.USED if country_code(query_nat) else SecondaryStatus.NOT_UNDERSTOOD


def nationality_evidence(
    query_nat: str | None,
    nationalities: Sequence[str],
    scoring: ScoringWeights = DEFAULT_SCORING,
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
        return scoring.nationality_agree, f"nationality {query_nat} ({code}) agrees (list: {text})"
    return scoring.nationality_conflict, f"nationality {query_nat} ({code}) conflicts (list: {text})"
