"""The index cache: a loaded matcher is the built one, and a bad or stale file is rebuilt, never trusted."""

from __future__ import annotations

import csv
import dataclasses
import json
import zlib
from pathlib import Path
from typing import Any

import msgpack
import pytest
from click.testing import CliRunner

from sanctions_check.cli import cli
from sanctions_check.files.packfile import PACK_MAGIC, PackedMap, PackedRows, write_pack
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.matching import matchercache
from sanctions_check.matching.config import DEFAULT_CONFIG, MatchConfig
from sanctions_check.matching.knownas import KnownNames, default_known_as
from sanctions_check.matching.matcher import Matcher
from sanctions_check.scoring.weights import DEFAULT_SCORING
from sanctions_check.search.vocab import Vocab

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval"


def _queries() -> list[tuple[str, str | None]]:
    out = []
    for path in sorted(EVAL.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("query"):
                    out.append((row["query"], row.get("kind") or None))
    return out[:400]


def _hits(matcher: Matcher, queries: list[tuple[str, str | None]]) -> list[Any]:
    out = []
    for name, kind in queries:
        try:
            hits = matcher.match(name, kind, min_score=60)
        except Exception as exc:  # unusable names: the same error both ways
            out.append(type(exc).__name__)
            continue
        out.append([(h.reference_number, h.score, h.band, h.explanation) for h in hits])
    return out


@pytest.fixture(scope="module")
def good_index(tmp_path_factory: pytest.TempPathFactory, un2024: SanctionsList) -> bytes:
    """The index file ``cached_matcher`` writes for the 2024 list, built once for the tests
    that spoil a copy of it."""
    path = tmp_path_factory.mktemp("index") / "v.index"
    matchercache.cached_matcher(un2024, path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def built_hits(matcher2024: Matcher) -> list[Any]:
    """The built matcher's hits for the first 120 eval queries."""
    return _hits(matcher2024, _queries()[:120])


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building a matcher fails from here: what follows must load one."""

    def refuse(*_a: Any, **_k: Any) -> None:
        raise AssertionError("built, not loaded")

    monkeypatch.setattr(Matcher, "__init__", refuse)


def test_a_loaded_matcher_gives_the_hits_of_a_built_one(
    tmp_path: Path, un2024: SanctionsList, matcher2024: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v.index"
    first = matchercache.cached_matcher(un2024, path)  # builds and writes
    assert path.is_file()
    _no_build(monkeypatch)
    loaded = matchercache.cached_matcher(un2024, path)
    queries = _queries()
    assert len(queries) >= 300  # the labelled eval queries, positives and negatives
    assert _hits(loaded, queries) == _hits(matcher2024, queries) == _hits(first, queries)
    assert loaded.describe() == matcher2024.describe()
    # the bound's per-form facts are a cache: not written, empty when loaded
    assert first._bounds._facts and not matchercache.cached_matcher(un2024, path)._bounds._facts


def test_threshold_is_the_callers_not_the_files(tmp_path: Path, un2024: SanctionsList) -> None:
    path = tmp_path / "v.index"
    matchercache.cached_matcher(un2024, path)
    loaded = matchercache.cached_matcher(un2024, path, threshold=70)
    assert loaded.threshold == 70.0 and loaded.strong == 90.0


def _corrupt(path: Path, _un2024: SanctionsList) -> None:
    blob = bytearray(path.read_bytes())
    blob[-100] ^= 0xFF  # one payload byte: the checksum no longer matches
    path.write_bytes(bytes(blob))


def _truncated(path: Path, _un2024: SanctionsList) -> None:
    blob = path.read_bytes()
    path.write_bytes(blob[: len(blob) // 2])  # a write cut short (disk full, killed)


def _empty(path: Path, _un2024: SanctionsList) -> None:
    path.write_bytes(b"")


def _foreign_list(path: Path, un2024: SanctionsList) -> None:
    other = SanctionsList(un2024.entries[:10], un2024.date_generated, "e" * 64)
    matchercache.cached_matcher(other, path)  # a file for another list version


def _other_known_names(path: Path, un2024: SanctionsList) -> None:
    matchercache.cached_matcher(un2024, path, known_as=KnownNames())  # built without them


def _planted_class(path: Path, un2024: SanctionsList) -> None:
    # a well-formed pack with the right fingerprint and checksum, holding an object of a
    # class the loader does not know (code 99): refused, whatever it claims to be
    stamp = matchercache.fingerprint(un2024, default_known_as(), False)
    planted = {matchercache.TAG: matchercache.EXT_OBJECT, matchercache.VALUE: [99, {"x": 1}]}
    write_pack(path, matchercache.INDEX_KIND, stamp, {"forms": planted})


def _extension_type(path: Path, un2024: SanctionsList) -> None:
    # right fingerprint and checksum, holding a msgpack extension type (as index files did
    # before their values were tagged maps): refused
    stamp = matchercache.fingerprint(un2024, default_known_as(), False)
    planted = msgpack.ExtType(matchercache.EXT_OBJECT, msgpack.packb([1, {"x": 1}]))
    write_pack(path, matchercache.INDEX_KIND, stamp, {"forms": planted})


def _wrong_fields(path: Path, un2024: SanctionsList) -> None:
    # right fingerprint and checksum, but not a matcher's state
    stamp = matchercache.fingerprint(un2024, default_known_as(), False)
    write_pack(path, matchercache.INDEX_KIND, stamp, {"forms": [], "weights": 1})


def _pickle(path: Path, _un2024: SanctionsList) -> None:
    path.write_bytes(b"\x80\x04\x95" + b"cos\nsystem\n(S'echo pwned'\ntR." * 3)


def _header_lies(path: Path, un2024: SanctionsList) -> None:
    # a header claiming the right fingerprint over a payload that is not msgpack
    payload = b"\xc1" * 64  # 0xc1: never used by msgpack
    head = {"kind": matchercache.INDEX_KIND, "size": len(payload),
            "fingerprint": matchercache.fingerprint(un2024, default_known_as(), False),
            "crc32": zlib.crc32(payload)}  # fmt: skip
    path.write_bytes(PACK_MAGIC + json.dumps(head).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "spoil",
    [
        _corrupt,  # a damaged file
        _truncated,  # cut short
        _empty,  # nothing in it
        _foreign_list,  # written for another list (sha256)
        _other_known_names,  # written with other curated names
        _planted_class,  # a class outside the loader's table
        _extension_type,  # a msgpack extension type (the encoding before tagged maps)
        _wrong_fields,  # well-formed but not a matcher's state
        _pickle,  # a pickle (as older caches were): never unpickled
        _header_lies,  # a payload that does not decode
    ],
)
def test_a_bad_or_stale_file_is_rebuilt_never_trusted(
    tmp_path: Path, un2024: SanctionsList, good_index: bytes, built_hits: list[Any], spoil: Any
) -> None:
    path = tmp_path / "v.index"
    path.write_bytes(good_index)  # what cached_matcher(un2024, path) writes
    spoil(path, un2024)
    rebuilt = matchercache.cached_matcher(un2024, path)  # ignores the file, builds, rewrites
    assert _hits(rebuilt, _queries()[:120]) == built_hits
    stamp = matchercache.fingerprint(un2024, default_known_as(), False)
    head = json.loads(path.read_bytes().split(b"\n")[1])
    assert head["fingerprint"] == stamp  # the good file is back


def test_the_fingerprint_follows_the_code(
    tmp_path: Path, un2024: SanctionsList, monkeypatch: pytest.MonkeyPatch
) -> None:
    # another version of the package's code (any module or data file) must not load the file
    path = tmp_path / "v.index"
    matchercache.cached_matcher(un2024, path)
    before = path.read_bytes()
    monkeypatch.setattr(matchercache, "code_fingerprint", lambda: "other code")
    matchercache.cached_matcher(un2024, path)
    assert path.read_bytes() != before  # rebuilt and rewritten under the new fingerprint


def test_the_fingerprint_covers_every_module_a_matcher_runs(un2024_path: Path) -> None:
    # every module of the package that building, caching and running a matcher imports (in
    # a fresh process: a lazy import too) is hashed, and the data files: an edit of any of
    # them is other code (the fingerprint once hashed matching/ alone, and an index built by
    # older scoring or search code was loaded)
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    script = (
        "import json, sys\n"
        "from sanctions_check.lists.unxml import parse_list\n"
        "from sanctions_check.matching import matchercache\n"
        "from sanctions_check.matching.matcher import Matcher\n"
        f"m = Matcher.from_list(parse_list({str(un2024_path)!r}))\n"
        "matchercache._encode(m.built_state())\n"
        "for q in ('Kim Jong Sik', 'mnyr shryf', 'Al-Qaida LLC', 'Ri Ho'):\n"
        "    m.match(q, min_score=50)\n"
        "print(json.dumps(sorted({m.__file__ for n, m in sys.modules.items()\n"
        "                         if n.startswith('sanctions_check')})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, env={"PYTHONPATH": str(repo), "PATH": ""})  # fmt: skip
    used = {Path(f).resolve() for f in json.loads(done.stdout)}
    hashed = set(matchercache.fingerprinted_files())
    assert used - hashed == set()
    data = Path(matchercache.__file__).resolve().parents[1] / "data"
    assert data / "romanisation.csv" in hashed and data / "known_as.csv" in hashed


def test_the_fingerprint_follows_the_scoring_weights(
    tmp_path: Path, un2024: SanctionsList, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the index and the bounds depend on the weights: other weights never read a stale file
    other = MatchConfig(weights=dataclasses.replace(DEFAULT_SCORING, sim_floor=0.75))
    known = default_known_as()
    assert (matchercache.fingerprint(un2024, known, False, other)
            != matchercache.fingerprint(un2024, known, False, DEFAULT_CONFIG))
    path = tmp_path / "v.index"
    matchercache.cached_matcher(un2024, path)
    before = path.read_bytes()
    built = matchercache.cached_matcher(un2024, path, config=other)  # not the file: built
    assert path.read_bytes() != before
    _no_build(monkeypatch)
    loaded = matchercache.cached_matcher(un2024, path, config=other)
    # the loaded parts use the configuration's own weights (not stored in the file)
    assert loaded.index.scoring is loaded._bounds.scoring is loaded.weights.scoring
    assert loaded.scoring is other.weights
    queries = _queries()[:120]
    assert _hits(loaded, queries) == _hits(built, queries)


def test_an_unwritable_place_only_costs_speed(tmp_path: Path, un2024: SanctionsList) -> None:
    (tmp_path / "a file").write_text("not a directory")
    missing = tmp_path / "a file" / "v.index"  # cannot be created (even by root)
    matcher = matchercache.cached_matcher(un2024, missing)
    assert matcher.match("Jo Chun Ryong")[0].reference_number == "KPi.038"
    assert not missing.exists()


def test_every_list_source_is_cached(tmp_path: Path, un2024_path: Path) -> None:
    from sanctions_check.lists.source import load_list_in_force
    from sanctions_check.lists.store import ListStore

    store = ListStore(tmp_path / "data")
    by_content = tmp_path / "data" / "cache"
    named = load_list_in_force(store, un2024_path)  # --list FILE: by its sha256
    assert matchercache.index_path(named, store.data_dir) == by_content / f"{named.sha256}.index"
    assert (by_content / f"{named.sha256}.cache").is_file()  # beside its parse cache
    snapshot = load_list_in_force(store)  # the bundled snapshot: the same content here
    assert matchercache.index_path(snapshot, store.data_dir) == by_content / f"{named.sha256}.index"
    assert matchercache.index_path(named) is None  # no data directory given: no place
    store.import_file(un2024_path)
    installed = load_list_in_force(store)
    where = matchercache.index_path(installed, store.data_dir)
    assert where is not None and where == Path(installed.provenance.source).with_suffix(".index")
    assert where.with_suffix(".cache").is_file()  # beside the parse cache


@pytest.mark.parametrize("source", ["--list", "snapshot", "installed"])
def test_match_warm_starts_from_every_list_source(
    tmp_path: Path, un2024_path: Path, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    runner = CliRunner()
    args = ["--data-dir", str(data), "match", "Jo Chun-ryong", "--dob", "1960"]
    if source == "--list":
        args = ["--list", str(un2024_path), *args]
    elif source == "installed":
        assert runner.invoke(cli, ["--data-dir", str(data), "lists", "import",
                                   str(un2024_path)]).exit_code == 0  # fmt: skip
    first = runner.invoke(cli, args)  # builds the parse and index caches, writes them
    (index,) = data.rglob("*.index")
    written = index.stat().st_mtime_ns
    _no_build(monkeypatch)  # from here the matcher must come from the index cache
    second = runner.invoke(cli, args)
    assert first.exit_code == second.exit_code == 1, second.output
    assert first.output == second.output and "KPi.038" in second.stdout
    assert index.stat().st_mtime_ns == written  # loaded, not rewritten


def test_match_writes_the_index_once_and_answers_alike(tmp_path: Path, un2024_path: Path) -> None:
    data = tmp_path / "data"
    runner = CliRunner()
    assert runner.invoke(cli, ["--data-dir", str(data), "lists", "import", str(un2024_path)]).exit_code == 0
    args = ["--data-dir", str(data), "match", "Jo Chun-ryong", "--dob", "1960"]
    first = runner.invoke(cli, args)
    (index,) = (data / "lists" / "versions").glob("*.index")
    written = index.stat().st_mtime_ns
    second = runner.invoke(cli, args)
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout and "KPi.038" in second.stdout
    assert index.stat().st_mtime_ns == written  # loaded, not rewritten


def test_prune_removes_the_index_of_a_removed_version(
    tmp_path: Path, un2024_path: Path, un2020_path: Path
) -> None:
    from sanctions_check.lists.store import ListStore

    store = ListStore(tmp_path / "data")
    store.import_file(un2020_path)
    old = store.current()
    runner = CliRunner()
    runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), "match", "Kim Jong Sik"])
    assert old.path.with_suffix(".index").is_file()
    store.import_file(un2024_path)
    store.prune(keep=0)
    assert not old.path.with_suffix(".index").exists()


@pytest.mark.parametrize("suffix", [".index", ".cache"])
@pytest.mark.parametrize("spoil", [_truncated, _corrupt])
def test_a_damaged_cache_of_a_list_file_is_rebuilt_with_a_warning(
    tmp_path: Path, un2024_path: Path, un2024: SanctionsList, suffix: str, spoil: Any
) -> None:
    # the index cache and the parse cache of a list named with --list, cut short or damaged:
    # one warning line, the same answer, no traceback, and a good file written again
    data = tmp_path / "data"
    args = ["--list", str(un2024_path), "--data-dir", str(data), "match", "Kim Jong Sik"]
    runner = CliRunner()
    first = runner.invoke(cli, args)
    (path,) = (data / "cache").glob(f"*{suffix}")
    spoil(path, un2024)
    again = runner.invoke(cli, args)
    assert again.exit_code == first.exit_code == 1
    assert again.stdout == first.stdout and "KPi.066" in again.stdout
    assert "WARNING" in again.stderr and str(path) in again.stderr, again.stderr
    assert "Traceback" not in again.output
    third = runner.invoke(cli, args)  # rebuilt: loads quietly again
    assert third.stdout == first.stdout and str(path) not in third.stderr


def test_the_caches_of_list_files_keep_the_last_few_lists(tmp_path: Path, un2024_path: Path) -> None:
    # every list named with --list gets its caches by content; writing a new one removes
    # those of all but the FILE_CACHE_KEEP lists written last, never the one just written
    from sanctions_check.lists.cache import FILE_CACHE_KEEP
    from sanctions_check.lists.source import load_list_in_force
    from sanctions_check.lists.store import ListStore

    store = ListStore(tmp_path / "data")
    cache = tmp_path / "data" / "cache"
    text = un2024_path.read_text("utf-8")
    shas = []
    for i in range(FILE_CACHE_KEEP + 2):
        variant = tmp_path / f"list{i}.xml"  # another content: a comment appended
        variant.write_text(text + f"<!-- copy {i} -->\n", "utf-8")
        shas.append(load_list_in_force(store, variant).sha256)
    assert len(set(shas)) == len(shas)
    kept = {p.stem for p in cache.glob("*.cache")}
    assert shas[-1] in kept and len(kept) == FILE_CACHE_KEEP
    assert shas[0] not in kept


def _loaded(tmp_path: Path, sanctions_list: SanctionsList) -> Matcher:
    """A matcher loaded from the index file written by the first call."""
    path = tmp_path / "v.index"
    matchercache.cached_matcher(sanctions_list, path)
    return matchercache.cached_matcher(sanctions_list, path)


def test_loaded_forms_read_like_the_built_tuple(
    tmp_path: Path, un2024: SanctionsList, matcher2024: Matcher
) -> None:
    # the name forms of a loaded matcher stay packed until read: each is built once, kept,
    # and equal to the form the matcher builds from the list
    loaded = _loaded(tmp_path, un2024)
    assert isinstance(loaded.forms, matchercache.LoadedForms)
    assert len(loaded.forms) == len(matcher2024.forms)
    assert loaded.forms[7] is loaded.forms[7]
    assert loaded.forms[-1] == matcher2024.forms[-1]
    assert loaded.forms[3:6] == matcher2024.forms[3:6]
    assert list(loaded.forms) == list(matcher2024.forms)


def test_the_lookup_tables_load_packed_and_read_like_the_built_ones(
    tmp_path: Path, un2024: SanctionsList, matcher2024: Matcher
) -> None:
    # the index's large str-keyed tables (PACKED_MAPS) load as PackedMaps, unpacked a bucket
    # at a time as a query looks keys up, and hold what the built matcher's dicts hold
    loaded = _loaded(tmp_path, un2024)
    for cls, names in matchercache.PACKED_MAPS.items():
        built_obj = (matcher2024.index._single if cls is Vocab else matcher2024.index._postings)
        loaded_obj = (loaded.index._single if cls is Vocab else loaded.index._postings)
        for name in names:
            table = getattr(loaded_obj, name)
            assert isinstance(table, PackedMap), name
            built = getattr(built_obj, name)
            assert len(table) > 100 and len(table) == len(built)
            key = next(iter(built))
            assert table.get(key) == (tuple(built[key]) if isinstance(built[key], list)
                                      else built[key])  # fmt: skip
            assert list(table) == list(built)


def test_the_vowelless_table_is_stored_built(
    tmp_path: Path, un2024: SanctionsList, matcher2024: Matcher
) -> None:
    # every query of Latin words reads the table of the list's vowel-less units: a loaded
    # matcher has it from the file, equal to the one a built matcher makes when first asked
    loaded = _loaded(tmp_path, un2024)
    stored = loaded.index._single._vowelless
    assert stored is not None and len(stored) > 10
    built = matcher2024.index._single.vowelless_units()
    assert {k: tuple(v) for k, v in built.items()} == dict(stored)


def test_a_loaded_matcher_readied_for_a_batch_unpacks_nothing_more(
    tmp_path: Path, un2024: SanctionsList, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the batch engine readies its matcher before its workers fork (prepare_batch): a loaded
    # matcher's packed lookup tables and name forms are unpacked there, once, so the workers
    # share them instead of each (and each replacement of one) unpacking its own
    path = tmp_path / "v.index"
    matchercache.cached_matcher(un2024, path)
    loaded = matchercache.cached_matcher(un2024, path)
    queries = _queries()
    loaded.prepare_batch()

    def refuse(*_a: Any, **_k: Any) -> None:
        raise AssertionError("unpacked after prepare_batch")

    monkeypatch.setattr(msgpack, "unpackb", refuse)
    assert not any(loaded.index._postings.is_packed(n) for n in ("_fids", "_lmasks"))
    assert not any(loaded._bounds.is_packed(n) for n in ("cap", "weights", "starts"))
    assert "AssertionError" not in _hits(loaded, queries[:150])


def test_a_loaded_matchers_arrays_stay_packed_for_the_first_queries(
    tmp_path: Path, un2024: SanctionsList, matcher2024: Matcher
) -> None:
    # the first queries of a loaded matcher read the rows they need from the packed arrays
    # in plain Python (no numpy), even of common words: the hits of the built matcher
    loaded = _loaded(tmp_path, un2024)
    postings, bounds = loaded.index._postings, loaded._bounds
    queries = [("Jo Chun-ryong", None), ("Kim Jong Un", "person"), ("Hamza Bin Laden", None),
               ("Muhammad Ali", None)]  # the last: "muhammad" has over 600 postings  # fmt: skip
    assert _hits(loaded, queries) == _hits(matcher2024, queries)
    assert postings.is_packed("_fids") and bounds.is_packed("cap") and bounds.is_packed("weights")
    # a run of many queries then builds the arrays once (array operations pay there)
    many = _queries()[:120]
    assert _hits(loaded, many) == _hits(matcher2024, many)
    assert not postings.is_packed("_fids") and not bounds.is_packed("cap")


def test_the_bounds_words_and_weights_load_packed_and_are_the_built_ones(
    tmp_path: Path, un2024: SanctionsList, matcher2024: Matcher
) -> None:
    # 42,000 objects a one-off query reads a few hundred of: loaded as two packed rows
    # objects, each row unpacked when read, and the rows the built matcher holds
    loaded = _loaded(tmp_path, un2024)
    built = matcher2024._bounds
    for name in ("tokens", "form_weights"):
        rows = getattr(loaded._bounds, name)
        assert isinstance(rows, PackedRows)
        assert rows[3] == getattr(built, name)[3] and rows._rows.keys() == {3}
        assert list(rows) == list(getattr(built, name))


@pytest.mark.parametrize("unit", ["jong", "kim", "ali", "bank", "abdul", "muhammad"])
def test_a_packed_table_is_the_table_of_the_arrays(
    tmp_path: Path, un2024: SanctionsList, matcher2024: Matcher, monkeypatch: pytest.MonkeyPatch,
    unit: str,
) -> None:
    # units of more than 48 postings (up to 649: "muhammad"): read in plain Python while the
    # arrays are packed, with array operations once built (or in a built matcher): the same
    from sanctions_check.search import postings as postings_module

    loaded = _loaded(tmp_path, un2024).index
    matches = loaded.unit_matches(unit, False)
    packed = loaded._postings.table(unit, matches, False, None, True)
    assert loaded._postings.is_packed("_fids")
    monkeypatch.setattr(postings_module, "SHORT_TABLE", -1)  # the built matcher: numpy
    built = matcher2024.index._postings.table(unit, matches, False, None, True)
    assert len(built) > postings_module.SHORT_TABLE
    assert packed.rows == built.rows
    assert packed.fids.tolist() == built.fids.tolist()
    assert packed.credits.tolist() == built.credits.tolist()


def test_a_plain_map_holding_the_tag_key_is_not_taken_for_a_tagged_value() -> None:
    # stored values are tagged maps ({TAG: code, VALUE: value}); a str-keyed dict of the
    # state that happens to hold TAG is stored as pairs and comes back as the same dict
    value = {matchercache.TAG: matchercache.EXT_OBJECT, matchercache.VALUE: [1, {"x": 1}]}
    packed = msgpack.packb(matchercache._encode(value), use_bin_type=True)
    back = msgpack.unpackb(packed, raw=False, use_list=False, strict_map_key=True,
                           ext_hook=matchercache._no_ext, object_hook=matchercache._decode_map)
    assert back == {matchercache.TAG: matchercache.EXT_OBJECT, matchercache.VALUE: (1, {"x": 1})}
