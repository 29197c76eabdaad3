"""Dates of birth and nationalities not understood: the same rows and warnings from every engine.

A date or nationality the matcher cannot read is ignored; the in-memory engine always said
so on stderr, and the batch and Dask engines said nothing, so a customer file of dates in
an unreadable form was screened on names alone without a word.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sanctions_check.batch import engine as batch
from sanctions_check.cli import cli
from sanctions_check.matching.hits import Query
from sanctions_check.screening.inputs import read_queries
from sanctions_check.screening.run import screen
from sanctions_check.screening.secondarytally import (
    SAMPLE,
    SecondaryTally,
    secondary_problems,
)


@pytest.mark.parametrize(
    ("dob", "nationality", "expected"),
    [
        ("1960-04-04", "North Korean", ()),  # ISO date, a demonym: both used
        ("sometime in spring", "", ("dob",)),  # not a date: ignored
        ("01/02/1968", "PRK", ("dob_year_only",)),  # day and month order unknown: the year
        ("04.04.1960", "Narnia", ("nationality",)),  # a dotted day first date; no such country
        ("", None, ()),  # nothing given is not a problem
        ("31/31/1960", "Atlantis", ("dob", "nationality")),  # no 31st month; no such country
    ],
)
def test_secondary_problems(dob: str, nationality: str | None, expected: tuple[str, ...]) -> None:
    assert secondary_problems(Query("Anna Schmidt", dob=dob, nationality=nationality)) == expected


def _queries(n: int, seed: int = 7) -> list[Query]:
    rnd = random.Random(seed)
    dobs = ["1970-01-02", "not a date", "03/04/1970", "", "1955"]
    nats = ["France", "Narnia", "", "DPRK"]
    return [Query(f"Person {i}", dob=rnd.choice(dobs), nationality=rnd.choice(nats), row=i + 2)
            for i in range(n)]  # fmt: skip


def test_tally_of_parts_is_the_tally_of_the_whole() -> None:
    # chunks and partitions are tallied apart and merged in any order: same counts and the
    # same first rows as one tally of every row
    queries = _queries(500)
    whole = SecondaryTally()
    whole.add(queries)
    assert sum(whole.counts.values()) > 3 * SAMPLE
    parts = [queries[i : i + 37] for i in range(0, len(queries), 37)]
    random.Random(1).shuffle(parts)
    merged = SecondaryTally()
    for part in parts:
        tally = SecondaryTally()
        tally.add(part)
        merged.merge(SecondaryTally.from_columns(tally.as_columns()))
    assert merged.counts == whole.counts and merged.rows == whole.rows
    every = {p: [q.row for q in queries if p in secondary_problems(q)] for p in whole.counts}
    assert whole.counts == {p: len(rows) for p, rows in every.items()}
    assert whole.rows == {p: rows[:SAMPLE] for p, rows in every.items()}


@pytest.fixture
def customers(tmp_path: Path) -> Path:
    path = tmp_path / "customers.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "dob", "nationality"])
        w.writerow(["Kim Jong Sik", "sometime in 1968", "North Korea"])  # listed: KPi.066
        for q in _queries(60):
            w.writerow([q.name, q.dob, q.nationality])
    return path


def test_batch_engine_tallies_what_the_in_memory_engine_lists(
    matcher2024: Any, customers: Path, tmp_path: Path
) -> None:
    result = screen(matcher2024, read_queries(customers).queries)
    summary = batch.screen_file(matcher2024, customers, tmp_path / "out.csv", workers=1)
    memory = result.secondary_tally()
    every = {p: [r.row for r in result.rows if p in secondary_problems(r.query)]
             for p in memory.counts}  # fmt: skip
    assert memory.counts == summary.secondary.counts == {p: len(v) for p, v in every.items()}
    assert memory.rows == summary.secondary.rows == {p: v[:SAMPLE] for p, v in every.items()}
    assert summary.meta["secondary_not_understood"]["dob"]["rows"] == len(every["dob"]) > 1


def test_batch_cli_warns_like_the_in_memory_engine(un2024_path: Path, customers: Path,
                                                    tmp_path: Path) -> None:  # fmt: skip
    lines = {}
    for engine in ("simple", "batch"):
        result = CliRunner().invoke(cli, ["--list", str(un2024_path), "screen", str(customers),
                                          "--engine", engine, "-o", str(tmp_path / "o.csv")])
        assert result.exit_code == 1, result.output
        lines[engine] = [ln for ln in result.stderr.splitlines() if "not understood" in ln
                         or "order unknown" in ln]  # fmt: skip
    assert len(lines["batch"]) == 3 and lines["batch"] == lines["simple"]
    assert "date(s) of birth not understood, ignored (rows 2," in lines["batch"][0]
