"""The one check every number from the user passes: finite and within its range.

Contract: :func:`range_problem` returns ``None`` when ``value`` is a finite number
within ``[lo, hi]`` (either bound may be None), else a short reason ("is not a finite
number", "must be between 0 and 100").  ``nan`` compares false with everything, so a
plain ``lo <= value <= hi`` lets it through: ``--min-score nan`` once reported no hits
at all.  Command-line options (:mod:`sanctions_check.cli.options`) and the watch
configuration (:mod:`sanctions_check.watch.config`) both use it.  The upper limits below
keep values where dates and timers can hold them (``timedelta(days=1e300)`` overflows).
"""

from __future__ import annotations

import math

MAX_DAYS = 365_250  # list ages: 1,000 years (now minus that is still a valid date)
MAX_HOURS = MAX_DAYS * 24  # refresh intervals
MAX_SECONDS = 86_400  # download timeouts: one day


def range_problem(value: object, lo: float | None = None, hi: float | None = None) -> str | None:
    """Why ``value`` is not an acceptable number in ``[lo, hi]``, or None when it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"expected a number, got {value!r}"
    if not math.isfinite(value):
        return f"{value!r} is not a finite number"
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if lo is not None and hi is not None:
            return f"must be between {lo:g} and {hi:g}, got {value!r}"
        if lo is not None:
            return f"must be at least {lo:g}, got {value!r}"
        return f"must be at most {hi:g}, got {value!r}"
    return None


__all__ = ["MAX_DAYS", "MAX_HOURS", "MAX_SECONDS", "range_problem"]
