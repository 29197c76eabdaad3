"""Batch engine: chunked reading, dedupe, workers and output give the rows of `screen`."""

from __future__ import annotations

import csv
import gc
import json
from pathlib import Path
from typing import Any

import pytest

from sanctions_check.batch import engine as batch
from sanctions_check.batch import writer as batchoutput
from sanctions_check.errors import InputError
from sanctions_check.names.normalise import normalise_name
from sanctions_check.screening import rows as out_rows
from sanctions_check.screening import run as screening
from sanctions_check.screening.inputs import iter_chunks, read_queries
from sanctions_check.screening.runmeta import ROW_FACT_COLUMNS
from sanctions_check.screening.source import open_source

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval" / "names.csv"


def _eval_rows() -> list[dict[str, str]]:
    with open(EVAL, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def names_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eval names (positives and negatives), duplicated in other spellings, plus awkward rows:
    blank lines, a quoted name with a line break, formula-like text, an unusable name."""
    rows = _eval_rows()
    path = tmp_path_factory.mktemp("batch") / "names.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "full_name", "type"])
        for i, r in enumerate(rows):
            w.writerow([f"A{i}", r["query"], r["kind"]])
            if i % 7 == 0:
                w.writerow([f"B{i}", r["query"], r["kind"]])  # exact duplicate
                w.writerow([f"C{i}", r["query"].upper(), ""])  # other case, kind unknown
            if i % 50 == 0:
                fh.write("\n")  # a blank line: skipped, but it still counts for row numbers
        w.writerow(["D1", "Kim\nJong Sik", "person"])  # quoted line break
        w.writerow(["D2", '=HYPERLINK("x")', "person"])
        w.writerow(["D3", "...", "person"])
        w.writerow(["D4", "", "person"])
    return path


def _screen_rows(matcher: Any, path: Path, include_clear: bool) -> list[dict[str, Any]]:
    got = read_queries(path)
    result = screening.screen(matcher, got.queries)
    return out_rows.result_rows(result, include_clear=include_clear)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _row_facts(meta: dict[str, Any]) -> dict[str, Any]:
    """The row facts a run's metadata says every row repeats (ROW_FACT_COLUMNS)."""
    facts = {c: meta.get(c) for c in ROW_FACT_COLUMNS}
    facts["weights_digest"] = meta["match_config"]["weights_digest"]
    return facts


def _key(row: dict[str, Any]) -> tuple[int, str, str]:
    return (int(row["input_row"]), str(row["reference_number"] or ""), str(row["status"]))


def _as_text(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Rows as the CSV writer stores them (None -> "", formula-safe), sorted by row and ref;
    the tool's columns and the input's own (``input.<header>``)."""
    out = []
    for row in rows:
        out.append({c: "" if v is None else str(screening_csv_value(v)) for c, v in row.items()})
    return sorted(out, key=_key)


def screening_csv_value(value: Any) -> Any:
    from sanctions_check.files.tabular import csv_safe

    return csv_safe(value)


@pytest.mark.parametrize("include_clear", [False, True])
def test_batch_rows_equal_screen_rows(
    matcher2024: Any, names_csv: Path, tmp_path: Path, include_clear: bool
) -> None:
    # the batch engine must report exactly what `screen` reports, row for row
    out = tmp_path / "out.csv"
    summary = batch.screen_file(
        matcher2024, names_csv, out, workers=1, chunk_size=64, include_clear=include_clear
    )
    facts = _row_facts(summary.meta)
    expected = _as_text([{**r, **facts} for r in _screen_rows(matcher2024, names_csv, include_clear)])
    got = sorted(_read_csv(out), key=_key)
    assert got == expected
    assert summary.rows_written == len(expected)
    # every row says which matching produced it: this matcher's algorithm and version, the
    # run's threshold and the digest of its weights (no list given: its facts are empty)
    described = matcher2024.describe()
    assert facts["algorithm_version"] == described["version"] and facts["algorithm"]
    assert facts["min_score"] == matcher2024.threshold
    assert facts["weights_digest"] == described["weights_digest"]
    assert summary.status_counts[screening.HIT] > 100  # the eval positives are found


def test_chunked_reading_equals_whole_file(
    matcher2024: Any, names_csv: Path, tmp_path: Path
) -> None:
    # a CSV larger than the chunk size gives the same output as reading it in one chunk
    small, whole = tmp_path / "small.csv", tmp_path / "whole.csv"
    a = batch.screen_file(matcher2024, names_csv, small, workers=1, chunk_size=5)
    b = batch.screen_file(matcher2024, names_csv, whole, workers=1, chunk_size=1_000_000)
    assert a.input_rows == b.input_rows > 500
    assert small.read_bytes() == whole.read_bytes()


def test_chunks_are_bounded_and_keep_row_numbers(names_csv: Path) -> None:
    binput = open_source(names_csv)
    chunks = list(iter_chunks(binput, chunk_size=10))
    assert max(len(c.queries) for c in chunks) == 10
    streamed = [q for c in chunks for q in c.queries]
    assert streamed == list(read_queries(names_csv).queries)  # rows, names, kinds, numbers


def test_worker_pool_gives_identical_output(
    matcher2024: Any, names_csv: Path, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    batch.screen_file(matcher2024, names_csv, one, workers=1, chunk_size=100)
    s = batch.screen_file(matcher2024, names_csv, two, workers=2, chunk_size=100)
    assert s.workers == 2
    assert one.read_bytes() == two.read_bytes()


def test_workers_hand_their_word_lookups_on(matcher2024: Any, monkeypatch: Any) -> None:
    # a word is looked up once per run, not once per worker process: workers hand their
    # lookups back with their outcomes (single words only: joined spans stay in the worker),
    # for the process that forks the workers (the template: tests/batch/test_template.py;
    # here the parent, as with an ordinary pool)
    from sanctions_check.batch import match as batch_match

    monkeypatch.setattr(batch_match.template, "available", lambda: False)  # ordinary pool
    rows = _eval_rows()[:200]
    words = matcher2024.index.words
    words.matches.clear()
    state = {"matcher": matcher2024, "limit": 10, "min_score": 85.0, "best_floor": 85.0}
    pool = batch_match.start_workers(2, state)
    try:
        batch_match.submit(pool, [(r["query"], r["kind"] or None, None, None) for r in rows]).get()
    finally:
        batch_match.stop_workers(pool)
    first = rows[0]  # the words of the first name, looked up by a worker
    kind = "org" if first["kind"] == "org" else None
    assert all((w, False) in words.matches for w in normalise_name(first["query"], kind).tokens)
    assert len(words.matches) > 100
    assert all(not multi for _unit, multi in words.matches)  # joined spans stay in the worker


def test_a_block_looks_up_its_names_joined_spans_at_once(matcher2024: Any) -> None:
    # the joined spans of a block's names ("abdul malik" -> "abdulmalik"), new with almost
    # every name, are looked up with the block's words before its names are matched; the
    # matching then finds them cached, with what one lookup at a time finds
    import pickle

    from sanctions_check.batch import match as batch_match
    from sanctions_check.search.vocab import query_units

    rows = _eval_rows()[:300]
    keys = [(r["query"], r["kind"] or None, None, None) for r in rows]
    matcher = pickle.loads(pickle.dumps(matcher2024))  # empty word caches
    batch_match.prefetch(matcher, keys)
    cached = matcher.index.words.matches
    fresh = pickle.loads(pickle.dumps(matcher2024.index))
    spans = 0
    for name, kind, _dob, _nat in keys:
        kinds = (None,) if kind == "person" else ("org",) if kind == "org" else (None, "org")
        for norm_kind in kinds:
            units = query_units(normalise_name(name, norm_kind).tokens)
            for _qs, _qe, unit, _a in (u for u in units if u[1] - u[0] > 1):
                assert cached[(unit, True)] == fresh.unit_matches(unit, True), (name, unit)
                spans += 1
    assert spans > 100


def test_clear_outcomes_are_one_object_sent_once_per_block(matcher2024: Any) -> None:
    # most names come back clear: one shared outcome, which a block's pickle (what a worker
    # sends the parent) holds once, and which unpickles as one object again
    import pickle

    from sanctions_check.batch import match as batch_match

    rows = [r for r in _eval_rows() if not r["expected_refs"]][:200]  # unrelated names
    keys = [(r["query"], r["kind"] or None, None, None) for r in rows]
    state = batch_match.prepare_state(
        {"matcher": matcher2024, "limit": 10, "min_score": 85.0, "best_floor": 85.0}
    )
    outcomes = batch_match.match_keys(state, keys)
    clear = [o for o in outcomes if o.status == screening.CLEAR and not o.hits]
    assert len(clear) > 150
    assert all(o is batch_match.CLEAR_OUTCOME for o in clear if o.best is None)
    back = pickle.loads(pickle.dumps(outcomes, pickle.HIGHEST_PROTOCOL))
    assert back == outcomes
    assert len({id(o) for o in back if o == batch_match.CLEAR_OUTCOME}) == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_run_leaves_the_garbage_collector_as_it_found_it(
    matcher2024: Any, names_csv: Path, tmp_path: Path, workers: int
) -> None:
    # the run freezes its growing caches out of the collector's sight (gc.freeze) and must
    # unfreeze at the end, or the caller's process would never collect what the run left
    gc.collect()
    assert gc.get_freeze_count() == 0
    batch.screen_file(matcher2024, names_csv, tmp_path / "o.csv", workers=workers, chunk_size=50)
    assert gc.get_freeze_count() == 0


class CountingMatcher:
    """Wraps a matcher and counts the names it is asked about."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.threshold = inner.threshold
        self.calls: list[str] = []

    def describe(self) -> dict[str, Any]:
        return dict(self.inner.describe())

    def match(self, name: str, **kwargs: Any) -> Any:
        self.calls.append(name)
        return self.inner.match(name, **kwargs)


def test_dedupe_matches_each_name_once_across_chunks(matcher2024: Any, tmp_path: Path) -> None:
    src = tmp_path / "dups.csv"
    names = ["Kim Jong Sik", "Angela Merkel", "Kim Jong Sik", "kim jong sik"] * 30
    src.write_text("name\n" + "".join(n + "\n" for n in names), encoding="utf-8")
    spy = CountingMatcher(matcher2024)
    summary = batch.screen_file(spy, src, tmp_path / "o.csv", workers=1, chunk_size=7)
    # exact repeats are matched once even when they are chunks apart; the other spelling once
    assert sorted(spy.calls) == ["Angela Merkel", "Kim Jong Sik", "kim jong sik"]
    assert summary.distinct_names == 3 and summary.input_rows == 120
    rows = _read_csv(tmp_path / "o.csv")
    assert {r["input_row"] for r in rows if r["query"] == "Kim Jong Sik"} == {
        str(i + 2) for i, n in enumerate(names) if n == "Kim Jong Sik"
    }


def test_dedupe_cache_is_bounded(matcher2024: Any, tmp_path: Path) -> None:
    # with a cache of 1 name, alternating names are matched again: still the same rows
    src = tmp_path / "alt.csv"
    src.write_text("name\n" + "Kim Jong Sik\nAngela Merkel\n" * 5, encoding="utf-8")
    spy = CountingMatcher(matcher2024)
    batch.screen_file(spy, src, tmp_path / "a.csv", workers=1, chunk_size=1, cache_size=1)
    batch.screen_file(matcher2024, src, tmp_path / "b.csv", workers=1)
    assert len(spy.calls) == 10
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_excel_refused_above_row_limit(
    matcher2024: Any, names_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batchoutput, "EXCEL_MAX_ROWS", 50)
    out = tmp_path / "big.xlsx"
    with pytest.raises(batchoutput.TooManyRowsForExcel, match="limit 50 rows"):
        batch.screen_file(matcher2024, names_csv, out, workers=1, include_clear=True)
    assert list(tmp_path.iterdir()) == []  # nothing half-written left behind


def test_excel_written_below_row_limit(matcher2024: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    src = tmp_path / "few.csv"
    src.write_text("name\nKim Jong Sik\nAngela Merkel\n", encoding="utf-8")
    batch.screen_file(matcher2024, src, tmp_path / "few.xlsx", workers=1, include_clear=True)
    ws = load_workbook(tmp_path / "few.xlsx").worksheets[0]
    # the tool's columns, then the input's own
    assert [c.value for c in ws[1]] == [*out_rows.HIT_COLUMNS, *ROW_FACT_COLUMNS, "input.name"]
    assert ws.max_row >= 3


def test_excel_output_keeps_formula_text_as_text(matcher2024: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    src = tmp_path / "=evil.csv"  # the name lands in the Run sheet's metadata too
    src.write_text('name\n"=HYPERLINK(""http://x"")"\n', encoding="utf-8")
    out = tmp_path / "o.xlsx"
    batch.screen_file(matcher2024, src, out, workers=1, include_clear=True)
    wb = load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    texts = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert texts and all(c.data_type == "s" for c in texts)


def test_output_written_incrementally_then_renamed(
    matcher2024: Any, names_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "inc.csv"
    sizes: list[int] = []

    def progress(rows: int, position: int, size: int) -> None:
        assert not out.exists()  # the target appears only at the end
        (tmp,) = [p for p in tmp_path.iterdir() if p.name.startswith(".inc.csv.")]
        sizes.append(tmp.stat().st_size)

    batch.screen_file(matcher2024, names_csv, out, workers=1, chunk_size=50, progress=progress)
    assert len(sizes) > 5 and sizes[-1] > sizes[0]  # the temporary file grew chunk by chunk
    assert out.exists() and [p.name for p in tmp_path.iterdir()] == ["inc.csv"]


def test_failure_leaves_previous_output(matcher2024: Any, tmp_path: Path) -> None:
    out = tmp_path / "keep.csv"
    out.write_text("previous\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nKim Jong Sik\n" + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.csv"):
        batch.screen_file(matcher2024, bad, out, workers=1, chunk_size=1)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "keep.csv"]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "parquet"])
def test_other_output_formats_hold_the_same_rows(
    matcher2024: Any, names_csv: Path, tmp_path: Path, fmt: str
) -> None:
    import pandas as pd

    ref = tmp_path / "ref.csv"
    batch.screen_file(matcher2024, names_csv, ref, workers=1, include_clear=True)
    out = tmp_path / f"out.{fmt}"
    s = batch.screen_file(matcher2024, names_csv, out, workers=1, include_clear=True)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "json":
        doc = json.loads(out.read_text(encoding="utf-8"))
        rows = doc["rows"]
        assert doc["meta"]["input_rows"] == s.input_rows and doc["meta"]["engine"] == "batch"
    else:
        rows = pd.read_parquet(out).to_dict("records")
        rows = [{k: (None if v is None or v != v else v) for k, v in r.items()} for r in rows]
    assert _as_text(rows) == sorted(_read_csv(ref), key=_key)


def test_parquet_input_gives_the_rows_of_the_csv(matcher2024: Any, tmp_path: Path) -> None:
    import pandas as pd

    rows = _eval_rows()[:120]
    src_csv = tmp_path / "in.csv"
    pd.DataFrame({"name": [r["query"] for r in rows], "kind": [r["kind"] for r in rows]}).to_csv(
        src_csv, index=False
    )
    src_pq = tmp_path / "in.parquet"
    pd.read_csv(src_csv, dtype=str).to_parquet(src_pq, row_group_size=16)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    batch.screen_file(matcher2024, src_csv, a, workers=1, include_clear=True)
    batch.screen_file(matcher2024, src_pq, b, workers=1, include_clear=True, chunk_size=7)
    assert a.read_bytes() == b.read_bytes()


def test_unknown_output_format_refused(matcher2024: Any, names_csv: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown output format"):
        batch.screen_file(matcher2024, names_csv, tmp_path / "o.docx", workers=1)


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    assert batch.terminal_progress(stream=io.StringIO()) is None
    stream = io.StringIO()
    bar = batch.terminal_progress(enabled=True, stream=stream)
    assert bar is not None
    bar(100, 50, 100)
    bar(200, 100, 100)
    bar.close()
    text = stream.getvalue()
    assert "200" in text and "names/s" in text


def _cli(*args: str) -> Any:
    from click.testing import CliRunner

    from sanctions_check.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_screen_engine_batch_writes_the_rows_of_the_default_engine(
    un2024_path: Path, names_csv: Path, tmp_path: Path
) -> None:
    simple, fast = tmp_path / "simple.csv", tmp_path / "fast.csv"
    common = ["--list", str(un2024_path), "screen", str(names_csv), "--include-clear"]
    a = _cli(*common, "-o", str(simple))
    b = _cli(*common, "--engine", "batch", "--workers", "2", "--chunk-size", "100", "-o", str(fast))
    assert a.exit_code == b.exit_code == 1  # hits
    assert sorted(_read_csv(fast), key=_key) == sorted(_read_csv(simple), key=_key)
    assert "with the batch engine (2 workers)" in b.output


def test_screen_engine_auto_uses_batch_for_parquet(un2024_path: Path, tmp_path: Path) -> None:
    src = tmp_path / "clean.csv"
    src.write_text("name\nAngela Merkel\nMaria Garcia Lopez\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    result = _cli("--list", str(un2024_path), "screen", str(src), "-o", str(out))
    assert result.exit_code == 0, result.output  # nothing found
    assert "batch engine" in result.output and out.is_file()


def test_screen_parquet_input_without_output_says_what_to_do(
    un2024_path: Path, tmp_path: Path
) -> None:
    import pandas as pd

    src = tmp_path / "in.parquet"
    pd.DataFrame({"name": ["Kim Jong Sik"]}).to_parquet(src)
    result = _cli("--list", str(un2024_path), "screen", str(src))
    assert result.exit_code == 2 and "give -o OUT" in result.output


@pytest.mark.parametrize(
    "extra, message",
    [
        ([], "give -o OUT"),  # the batch engine writes files, it does not print tables
        (["-o", "x.csv", "--scheduler", "tcp://127.0.0.1:1"], "only applies to --engine dask"),
    ],
)
def test_screen_engine_batch_usage_errors(
    un2024_path: Path, names_csv: Path, tmp_path: Path, extra: list[str], message: str
) -> None:
    args = ["--list", str(un2024_path), "screen", str(names_csv), "--engine", "batch"]
    extra = [str(tmp_path / e) if e.endswith(".csv") else e for e in extra]
    result = _cli(*args, *extra)
    assert result.exit_code == 2 and message in result.output


def _lines(path: Path, n: int) -> Path:
    path.write_text("name\n" + "".join(f"Person Number{i}\n" for i in range(n - 1)), "utf-8")
    return path


# --engine auto chooses by the input's lines (AUTO_BATCH_ROWS = 1,500, the crossover measured
# by benchmarks/engines.py), not its size: these files are far below the old 20 MB rule
@pytest.mark.parametrize(
    "lines, output, extra, engine",
    [
        (1_499, "out.csv", {}, "simple"),  # one line short of the crossover
        (1_500, "out.csv", {}, "batch"),  # at the crossover (a 30 KB file)
        (1_500, "out.jsonl", {}, "batch"),  # the batch engine writes JSON lines too
        (1_500, "out.xlsx", {}, "simple"),  # the review workbook is the in-memory engine's
        (1_500, None, {}, "simple"),  # a table on the terminal
        (1_500, "out.csv", {"sheet": "Sheet1"}, "simple"),  # --sheet: only the in-memory engine
        (1_500, "out.csv", {"decision_files": (Path("d.xlsx"),)}, "simple"),  # --decisions too
        (10, "out.parquet", {}, "batch"),  # Parquet output: only the batch engine writes it
    ],
)
def test_engine_auto_chooses_by_row_count(
    tmp_path: Path, lines: int, output: str | None, extra: dict[str, Any], engine: str
) -> None:
    from sanctions_check.cli.engines import AUTO_BATCH_ROWS, choose_engine

    assert AUTO_BATCH_ROWS == 1_500
    src = _lines(tmp_path / "in.csv", lines)
    out = tmp_path / output if output else None
    got = choose_engine(
        "auto", src, out, extra.get("decision_files", ()), extra.get("sheet")
    )
    assert got == engine
    assert choose_engine("simple", src, out, ()) == "simple"  # an explicit engine is kept


def test_engine_auto_runs_the_batch_engine_from_the_crossover(
    un2024_path: Path, tmp_path: Path
) -> None:
    src = _lines(tmp_path / "in.csv", 1_500)
    result = _cli("--list", str(un2024_path), "screen", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 0, result.output  # nobody listed
    assert "with the batch engine" in result.output
