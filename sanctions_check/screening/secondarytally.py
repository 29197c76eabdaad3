"""Which input rows gave a date of birth or nationality the matcher could not use.

Contract:

* :func:`secondary_problems` says, for one query, which of :data:`PROBLEMS` apply: ``dob``
  (a date of birth given but not understood: ignored), ``dob_year_only`` (understood, but
  its day and month order is unknown, so only the year was used) and ``nationality`` (given
  but not understood: ignored).  Pure; the same rules as the DOB / Nationality status
  columns (:mod:`sanctions_check.scoring.secondary`).
* :class:`SecondaryTally` counts them over a run of any size in constant memory: the number
  of rows per problem and the first :data:`SAMPLE` row numbers, which is what the one-line
  warnings of every engine show.  Tallies of parts (batch chunks, Dask partitions) merge
  with :meth:`SecondaryTally.merge` into the tally of the whole; the result does not depend
  on the order they are merged in.  The same (date of birth, date order, nationality) is
  judged once per tally.  :meth:`SecondaryTally.as_columns` / :meth:`~SecondaryTally.from_columns`
  carry a tally as flat integers (:data:`COLUMNS`: a Dask partition's counts dataframe).

Every engine tallies its rows this way (``ScreeningResult.secondary_tally``, the batch
summary, the Dask partitions), so none of them ignores a date silently and all of them say
so alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sanctions_check.matching.hits import Query
from sanctions_check.scoring.birthdates import SecondaryStatus, read_dob
from sanctions_check.scoring.secondary import dob_status, nationality_status

PROBLEMS = ("dob", "dob_year_only", "nationality")
SAMPLE = 8  # row numbers kept per problem (the warnings show this many)
# a tally as flat integers: rows per problem, then each problem's first rows (-1: none)
COLUMNS = (*PROBLEMS, *(f"{p}_row{i}" for p in PROBLEMS for i in range(SAMPLE)))


def secondary_problems(q: Query) -> tuple[str, ...]:
    """The :data:`PROBLEMS` of one query's date of birth and nationality (often none)."""
    out: list[str] = []
    if q.dob:
        if dob_status(q.dob, q.date_order) == SecondaryStatus.NOT_UNDERSTOOD:
            out.append("dob")
        elif (reading := read_dob(q.dob, q.date_order)) and reading.ambiguous:
            out.append("dob_year_only")
    if q.nationality and nationality_status(q.nationality) == SecondaryStatus.NOT_UNDERSTOOD:
        out.append("nationality")
    return tuple(out)


@dataclass
class SecondaryTally:
    """Rows per problem (:data:`PROBLEMS`) and the first :data:`SAMPLE` row numbers."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PROBLEMS, 0))
    rows: dict[str, list[int]] = field(default_factory=lambda: {p: [] for p in PROBLEMS})
    _seen: dict[tuple[str | None, str | None, str | None], tuple[str, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def add(self, queries: Iterable[Query]) -> None:
        """Count the problems of ``queries`` (rows without DOB or nationality cost a test)."""
        seen = self._seen
        for q in queries:
            if not q.dob and not q.nationality:
                continue
            key = (q.dob, q.date_order, q.nationality)
            found = seen.get(key)
            if found is None:
                found = seen[key] = secondary_problems(q)
                if len(seen) > 100_000:  # bounded: a file of distinct dates judges them anew
                    seen.clear()
                    seen[key] = found
            for problem in found:
                self._count(problem, 1, (q.row or 0,))

    def merge(self, other: SecondaryTally) -> None:
        """Add another part's tally (its first rows join this one's, in row order)."""
        for problem in PROBLEMS:
            self._count(problem, other.counts[problem], other.rows[problem])

    def _count(self, problem: str, n: int, rows: Sequence[int]) -> None:
        self.counts[problem] += n
        kept = self.rows[problem]
        if len(kept) < SAMPLE or any(r < kept[-1] for r in rows):
            kept.extend(rows)
            kept.sort()
            del kept[SAMPLE:]

    def as_dict(self) -> dict[str, dict[str, object]]:
        """For run metadata: per problem, the count and the first row numbers."""
        return {p: {"rows": self.counts[p], "first": list(self.rows[p])} for p in PROBLEMS}

    def as_columns(self) -> dict[str, int]:
        """The tally as :data:`COLUMNS` (what a Dask partition sends back)."""
        out = dict(self.counts)
        for problem in PROBLEMS:
            first = self.rows[problem]
            for i in range(SAMPLE):
                out[f"{problem}_row{i}"] = first[i] if i < len(first) else -1
        return out

    @classmethod
    def from_columns(cls, values: Mapping[str, int]) -> SecondaryTally:
        """The tally :meth:`as_columns` gave (other keys in ``values`` are ignored)."""
        tally = cls()
        for problem in PROBLEMS:
            first = [int(values[f"{problem}_row{i}"]) for i in range(SAMPLE)]
            tally._count(problem, int(values[problem]), [r for r in first if r >= 0])
        return tally
