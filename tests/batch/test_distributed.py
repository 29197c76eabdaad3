"""Dask engine: a local cluster gives exactly the rows of the single-machine batch engine."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from sanctions_check.batch import engine as batch
from sanctions_check.errors import InputError

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from sanctions_check.batch import distributed  # noqa: E402

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval" / "names.csv"


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eval names with repeats, a quoted line break and CRLF line ends: ~600 rows."""
    with open(EVAL, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    path = tmp_path_factory.mktemp("dask") / "small.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(["name", "kind", "nationality"])
        for i, r in enumerate(rows):
            w.writerow([r["query"], r["kind"], "Afghan" if i % 9 == 0 else ""])
            if i % 5 == 0:
                w.writerow([r["query"], r["kind"], ""])
        w.writerow(["Kim\nJong Sik", "person", ""])
        w.writerow(["=cmd()", "person", ""])
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _text(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: "" if v is None or v != v else str(v) for k, v in r.items()} for r in rows]


@pytest.fixture(scope="module")
def reference(matcher2024: Any, small_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ref") / "ref.csv"
    batch.screen_file(matcher2024, small_csv, out, workers=1, include_clear=True)
    return out


def test_dask_csv_output_equals_batch(
    matcher2024: Any, small_csv: Path, reference: Path, tmp_path: Path
) -> None:
    # several partitions (small blocks) on a local cluster: same rows, same order, same text
    out = tmp_path / "out"
    summary = distributed.screen_dask(
        matcher2024, small_csv, out, workers=2, processes=False, include_clear=True,
        output_format_name="csv", blocksize=4096,
    )  # fmt: skip
    assert summary.partitions > 3
    got = distributed.read_output(out)
    assert _text(got) == _rows(reference)
    assert summary.input_rows == len({r["input_row"] for r in _rows(reference)})
    assert (out / "_run.json").is_file()
    parts = sorted(p.read_text(encoding="utf-8") for p in out.glob("part.*.csv"))
    assert all(p.startswith("input_row,query,") for p in parts)


def test_dask_parquet_hits_equal_batch(matcher2024: Any, small_csv: Path, tmp_path: Path) -> None:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    # Parquet input split by record ranges inside row groups, Parquet output, hits only
    src = tmp_path / "in.parquet"
    table = pacsv.read_csv(small_csv)
    pq.write_table(table, src, row_group_size=97)
    ref = tmp_path / "ref.parquet"
    batch.screen_file(matcher2024, src, ref, workers=1)
    out = tmp_path / "out"
    summary = distributed.screen_dask(
        matcher2024, src, out, workers=1, processes=False, partition_rows=150,
    )  # fmt: skip
    import pandas as pd

    expected = pd.read_parquet(ref).to_dict("records")
    assert distributed.read_output(out) == expected
    assert summary.hit_rows == len(expected) > 100


def test_dask_refuses_bad_output_dir_and_formats(
    matcher2024: Any, small_csv: Path, tmp_path: Path
) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("keep", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        distributed.screen_dask(matcher2024, small_csv, full, processes=False)
    with pytest.raises(InputError, match="parquet or csv"):
        distributed.screen_dask(
            matcher2024, small_csv, tmp_path / "o", output_format_name="xlsx", processes=False
        )
    txt = tmp_path / "names.txt"
    txt.write_text("Kim Jong Sik\n", encoding="utf-8")
    with pytest.raises(InputError, match="CSV or Parquet"):
        distributed.screen_dask(matcher2024, txt, tmp_path / "o2", processes=False)
    assert (full / "x").read_text(encoding="utf-8") == "keep"


def test_screen_engine_dask_cli(un2024_path: Path, small_csv: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sanctions_check.cli import cli

    # the command line end to end: a local cluster of one worker process, Parquet parts
    out = tmp_path / "hits"
    args = ["--list", str(un2024_path), "screen", str(small_csv), "--engine", "dask"]
    result = CliRunner().invoke(cli, [*args, "--workers", "1", "-o", str(out)])
    assert result.exit_code == 1, result.output  # hits
    assert "with the dask engine (1 workers)" in result.output
    rows = distributed.read_output(out)
    assert rows and {r["list_sha256"] for r in rows} == {batch_sha(un2024_path)}
    again = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert again.exit_code == 2 and "is a directory" in again.output  # never overwrites results


def batch_sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_in_process_workers_have_no_memory_limit(
    matcher2024: Any, small_csv: Path, tmp_path: Path
) -> None:
    """Threads of this process as workers: a memory limit below what this process already
    holds (the test process is far above 50 MB) would pause them for good; none is set."""
    import threading

    done: dict[str, Any] = {}

    def run() -> None:
        done["summary"] = distributed.screen_dask(
            matcher2024, small_csv, tmp_path / "out", workers=1, processes=False,
            memory_limit="50MB",
        )  # fmt: skip

    worker = threading.Thread(target=run, daemon=True)  # a hang must fail, not block
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), "the in-process cluster paused"
    assert done["summary"].input_rows > 500


def test_dask_tallies_dates_and_nationalities_not_understood_like_batch(
    matcher2024: Any, tmp_path: Path
) -> None:
    # each partition tallies its rows; merged, the counts and the first row numbers are the
    # batch engine's, whatever the partitions (the CLI prints them as warnings)
    path = tmp_path / "people.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "dob", "nationality"])
        for i in range(300):
            w.writerow([f"Person {i}", ("not a date", "03/04/1970", "1970-01-02")[i % 3],
                        "Narnia" if i % 7 == 0 else "France"])  # fmt: skip
    ref = batch.screen_file(matcher2024, path, tmp_path / "ref.csv", workers=1)
    summary = distributed.screen_dask(
        matcher2024, path, tmp_path / "out", workers=2, processes=False,
        output_format_name="csv", blocksize=2048,
    )  # fmt: skip
    assert summary.partitions > 3
    assert summary.secondary.counts == ref.secondary.counts == {
        "dob": 100, "dob_year_only": 100, "nationality": 43}  # fmt: skip
    assert summary.secondary.rows == ref.secondary.rows
    assert summary.meta["secondary_not_understood"] == ref.meta["secondary_not_understood"]
