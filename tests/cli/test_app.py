"""The command group: each command's module is imported only when that command runs."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sanctions_check.cli import cli
from sanctions_check.cli.app import COMMAND_MODULES

REPO = Path(__file__).resolve().parents[2]


def test_the_command_table_names_the_module_of_every_command() -> None:
    # importing every module of the table registers exactly the commands of the table, each
    # by the module the table names (a command missing there would be unreachable)
    for module in sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(f"sanctions_check.cli.{module}")
    assert set(cli.commands) == set(COMMAND_MODULES)
    for name, command in cli.commands.items():
        inner = command if command.callback is not None else next(iter(command.commands.values()))
        assert inner.callback.__module__ == f"sanctions_check.cli.{COMMAND_MODULES[name]}", name


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:")[1].split()
    assert set(COMMAND_MODULES) <= set(listed)


def _twice(script: str, data_dir: Path) -> list[subprocess.CompletedProcess[str]]:
    """``script`` run in two fresh processes on one data directory: the first writes the
    caches, the second loads them."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SANCTIONS_CHECK_DATA_DIR": str(data_dir)}
    return [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, check=True, cwd=data_dir)  # fmt: skip
            for _ in range(2)]


def test_match_imports_only_what_it_uses(tmp_path: Path, un2024_path: Path) -> None:
    # a one-off `match` in a fresh process: no screening, batch, news, watch or service
    # code, no download or install code, no XML parser once the caches are written
    script = (
        "import json, sys\n"
        "from sanctions_check.cli import cli\n"
        "try:\n"
        f"    cli.main(['--list', {str(un2024_path)!r}, 'match', 'Kim Jong Sik'], "
        "standalone_mode=False)\n"
        "finally:\n"
        "    print(json.dumps(sorted(m for m in sys.modules if m.startswith(('sanctions_check.', "
        "'defusedxml', 'openpyxl', 'pandas', 'pyarrow', 'lxml', 'numba', 'filelock')))))\n"
    )
    runs = _twice(script, tmp_path)
    assert "KPi.066" in runs[1].stdout
    loaded = json.loads(runs[1].stdout.strip().splitlines()[-1])
    unwanted = [m for m in loaded if m.split(".")[1:2] in (["screening"], ["batch"], ["news"],
                ["watch"], ["service"])]  # fmt: skip
    unwanted += [m for m in loaded if m in ("sanctions_check.lists.store", "sanctions_check.lists.fetch",
                 "sanctions_check.cli.screen_cmd",
                 "sanctions_check.cli.lists_cmd", "sanctions_check.cli.news_cmd")]  # fmt: skip
    unwanted += [m for m in loaded if not m.startswith("sanctions_check.")]
    assert unwanted == []
    assert "sanctions_check.matching.matcher" in loaded  # it did match


def test_a_warm_match_loads_no_numpy(tmp_path: Path) -> None:
    # with the index cache written, a one-off `match` reads the rows it needs from the
    # index's packed arrays in plain Python, even of a common word: numpy (a quarter of the
    # command's time) is never imported, nor pandas or openpyxl
    script = (
        "import sys\n"
        "from sanctions_check.cli import cli\n"
        "try:\n"
        "    cli.main(['match', 'Jo Chun-ryong', '--dob', '1960', '--json'], standalone_mode=False)\n"
        "    cli.main(['match', 'Muhammad Ali'], standalone_mode=False)  # a common word\n"
        "finally:\n"
        "    print(sorted(m for m in ('numpy', 'pandas', 'openpyxl') if m in sys.modules))\n"
    )
    runs = _twice(script, tmp_path)
    assert '"KPi.038"' in runs[1].stdout and runs[1].stdout == runs[0].stdout.replace(
        "['numpy']", "[]")
    assert runs[0].stdout.strip().endswith("['numpy']")  # building the index uses numpy
    assert runs[1].stdout.strip().endswith("[]")


def test_a_warm_match_imports_no_writing_network_or_resource_code(tmp_path: Path) -> None:
    # a one-off `match` of a Latin name once the caches are written, in an interpreter that
    # runs no site start-up hooks (-S: this machine's editable install and certifi .pth import
    # some of these themselves): no temporary files (files.atomic imports tempfile when it
    # writes), no transliteration library (anyascii imports importlib.resources, with zipfile
    # and tempfile: lexicon.to_ascii imports it for the first non-ASCII text; the country
    # tables come built from the index file), no network code
    import site

    path = os.pathsep.join([str(REPO), *site.getsitepackages()])
    env = {**os.environ, "PYTHONPATH": path, "SANCTIONS_CHECK_DATA_DIR": str(tmp_path)}
    script = (
        "import sys\n"
        "from sanctions_check.cli import cli\n"
        "try:\n"
        "    cli.main(['match', 'Kim Jong Sik'], standalone_mode=False)\n"
        "finally:\n"
        "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('anyascii', 'tempfile',"
        " 'shutil', 'zipfile', 'certifi', 'ssl', 'http', 'email', 'socket', 'pandas', 'numpy',"
        " 'logging') or m in ('importlib.resources', 'urllib.request')))\n"
    )
    runs = [subprocess.run([sys.executable, "-S", "-c", script], env=env, capture_output=True,
                           text=True, cwd=tmp_path)  # fmt: skip
            for _ in range(2)]
    assert "KPi.066" in runs[1].stdout
    assert "tempfile" in runs[0].stdout  # the first run wrote the caches
    assert runs[1].stdout.strip().splitlines()[-1] == "[]"  # nor logging: nothing logged


def test_a_deferred_logging_set_up_still_shows_warnings_as_asked(tmp_path: Path) -> None:
    # a one-off match imports logging only when it logs (files.lazy.when_logging): a corrupt
    # index cache is still a warning in the command's format, and -q still hides it
    env = {**os.environ, "PYTHONPATH": str(REPO), "SANCTIONS_CHECK_DATA_DIR": str(tmp_path)}
    run = [sys.executable, "-m", "sanctions_check"]
    first = subprocess.run([*run, "match", "Kim Jong Sik"], env=env, capture_output=True,
                           text=True, cwd=tmp_path)  # fmt: skip
    assert first.returncode == 1, first.stderr
    (index,) = tmp_path.rglob("*.index")
    stderr = {}
    for flags in ([], ["-q"]):
        data = bytearray(index.read_bytes())
        data[-100] ^= 0xFF  # the payload no longer has its checksum
        index.write_bytes(bytes(data))
        done = subprocess.run([*run, *flags, "match", "Kim Jong Sik"], env=env,
                              capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
        assert done.returncode == 1 and "KPi.066" in done.stdout
        stderr[" ".join(flags)] = done.stderr
    assert "sanctions-check: WARNING:" in stderr[""] and "index cache is corrupt" in stderr[""]
    assert "index cache" not in stderr["-q"]


def test_a_quick_exit_flushes_everything_and_keeps_the_exit_code(tmp_path: Path) -> None:
    # match / compare end with os._exit (no interpreter tear-down): the output must still be
    # complete (a long JSON document through a pipe) and the exit code the command's
    env = {**os.environ, "PYTHONPATH": str(REPO), "SANCTIONS_CHECK_DATA_DIR": str(tmp_path)}
    run = [sys.executable, "-m", "sanctions_check"]
    matched = subprocess.run([*run, "match", "Kim Jong Sik", "--json", "--limit", "1000",
                              "--min-score", "0"], env=env, capture_output=True, text=True,
                             cwd=tmp_path)  # fmt: skip
    assert matched.returncode == 1, matched.stderr  # a strong hit: exit 1
    doc = json.loads(matched.stdout)
    assert len(doc["hits"]) > 50 and doc["hits"][0]["reference_number"] == "KPi.066"
    compared = subprocess.run([*run, "compare", "Kim Jong Sik", "Kim Jong Un"], env=env,
                              capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
    assert compared.returncode == 0 and "no match" in compared.stdout
    helped = subprocess.run([*run, "match", "--help"], env=env, capture_output=True, text=True,
                            cwd=tmp_path)  # fmt: skip
    assert helped.returncode == 0 and "--min-score" in helped.stdout


def test_a_one_off_match_starts_no_blas_threads(tmp_path: Path, un2024_path: Path) -> None:
    # match / compare / show set OPENBLAS_NUM_THREADS=1 before numpy loads: the process has
    # one thread when it ends; a value the caller set is kept
    script = (
        "import json, os, sys\n"
        "from sanctions_check.cli import app\n"
        "def report(code):\n"
        "    import numpy  # (a warm match loads none itself: loaded after the command ran)\n"
        "    status = open('/proc/self/status').read()\n"
        "    print(json.dumps([os.environ.get('OPENBLAS_NUM_THREADS'), 'numpy' in sys.modules,\n"
        "                      int(status.split('Threads:')[1].split()[0])]))\n"
        "    sys.stdout.flush()\n"
        "    os._exit(code)\n"
        "app._quick_exit = report\n"
        "app.main(sys.argv[1:])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env.update(PYTHONPATH=str(REPO), SANCTIONS_CHECK_DATA_DIR=str(tmp_path))

    def run(*args: str, **extra: str) -> list:
        done = subprocess.run([sys.executable, "-c", script, "--list", str(un2024_path), *args],
                              env={**env, **extra}, capture_output=True, text=True,
                              cwd=tmp_path)  # fmt: skip
        return json.loads(done.stdout.strip().splitlines()[-1])

    if not Path("/proc/self/status").exists():
        pytest.skip("the thread count is read from Linux's /proc")
    assert run("match", "Kim Jong Sik") == ["1", True, 1]
    assert run("match", "Kim Jong Sik") == ["1", True, 1]  # from the caches written above
    assert run("compare", "Kim Jong Sik", "Kim Jong Un")[0] == "1"
    assert run("match", "Kim Jong Sik", OPENBLAS_NUM_THREADS="2")[:2] == ["2", True]
