#!/usr/bin/env python3
"""Cold-start benchmark (issue 21): wall time of one-off commands, each a fresh process.

A temporary data directory gets the 2024-09-26 UN list installed (``lists import``); the
``--list FILE`` command names the same list as a file, and the ``(snapshot)`` one uses
another data directory with nothing installed (the bundled snapshot).  The
first run of each command builds what it caches (the parse cache, the index cache), then
every command runs ``--repeat`` more times, each in a fresh interpreter, and the median,
minimum and maximum wall times are printed.  With ``--baseline DIR`` (another checkout of
the project, e.g. the integration checkout before this work) the same commands run from
that code too, alternating with this one, so both see the same machine load.  The CPU time
(user + system) of each process is printed too: on a busy machine it moves far less than the
wall time.

Bytecode is compiled and cached (in a temporary ``PYTHONPYCACHEPREFIX``, as an installed
package has it), so the numbers do not include compiling the sources.

Which install is measured: each checkout's code is imported from the checkout
(``PYTHONPATH``) by ``--python`` (default: this interpreter), whose site-packages start-up
hooks run first in every process: the ``.pth`` files that import code are printed.  On
this project's machines the main interpreter has an editable install of the project (its
import finder, ~17 ms a process) and a ``.pth`` importing certifi; the interpreter of a
virtual environment with a regular ``pip install .`` has neither, so
``--python /tmp/venv/bin/python`` measures what a regular install's users get.

    python3 benchmarks/coldstart.py [--repeat 7] [--baseline /work/main] [--python PYTHON]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"
COMMANDS = {
    "match": ["match", "Kim Jong Un"],
    "match --list FILE": ["--list", str(LIST), "match", "Kim Jong Un"],
    "match (snapshot)": ["--data-dir", "{empty}", "match", "Kim Jong Un"],
    "match --json": ["match", "Jo Chun-ryong", "--dob", "1960", "--json"],
    "compare": ["compare", "Abu Bakr al-Baghdadi", "Ibrahim Awwad al-Badri"],
    "screen 8 rows": ["screen", str(REPO / "samples" / "delegation.csv"), "-o", "{tmp}/out.csv"],
}


CPU: list[float] = []  # CPU seconds (user + system) of each run, in order


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


PYTHON = [sys.executable]  # the interpreter timed (--python)


def run(code: Path, args: list[str], env: dict[str, str]) -> float:
    started, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run(
        [*PYTHON, "-m", "sanctions_check", *args],
        env={**env, "PYTHONPATH": str(code)},
        cwd="/",  # `-m` puts the working directory first on the path: a neutral one
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - started
    CPU.append(_children_cpu() - cpu)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{code}: {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return seconds


def _args(cmd: list[str], tmp: str, label: str) -> list[str]:
    """A command's arguments with its temporary paths filled in (each checkout its own)."""
    return [c.replace("{tmp}", tmp).replace("{empty}", f"{tmp}/{label}-empty") for c in cmd]


def startup_hooks(python: str) -> list[str]:
    """The ``.pth`` files of ``python``'s site-packages that import code at every start."""
    dirs = subprocess.run(
        [python, "-c", "import site, sys; print('\\n'.join(site.getsitepackages()))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return sorted(
        pth.name
        for d in dirs if Path(d).is_dir()
        for pth in Path(d).glob("*.pth")
        if any(line.startswith("import") for line in pth.read_text(errors="replace").splitlines())
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=7, help="timed runs per command (median)")
    ap.add_argument("--baseline", type=Path, help="another checkout to time side by side")
    ap.add_argument("--python", default=sys.executable,
                    help="the interpreter to time (e.g. a virtual environment's, without "
                    "this interpreter's editable install)")
    args = ap.parse_args(argv)
    PYTHON[:] = [args.python]
    codes = {"this": REPO}
    if args.baseline:
        codes["baseline"] = args.baseline.resolve()
    print(f"# cold start, fresh processes; {os.cpu_count()} CPUs; load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))  # fmt: skip
    hooks = startup_hooks(args.python)
    print(f"# interpreter {args.python}; its start-up hooks (.pth files importing code): "
          + (", ".join(hooks) or "none"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        times: dict[tuple[str, str], list[float]] = {}
        first: dict[tuple[str, str], float] = {}
        cpus: dict[tuple[str, str], list[float]] = {}
        for label, code in codes.items():
            data = Path(tmp) / label
            env_l = {**env, "SANCTIONS_CHECK_DATA_DIR": str(data),
                     "PYTHONPYCACHEPREFIX": str(Path(tmp) / f"pyc-{label}")}  # fmt: skip
            run(code, ["lists", "import", str(LIST)], env_l)
            for name, cmd in COMMANDS.items():
                first[label, name] = run(code, _args(cmd, tmp, label), env_l)
        for _ in range(args.repeat):
            for name, cmd in COMMANDS.items():
                for label, code in codes.items():
                    env_l = {**env, "SANCTIONS_CHECK_DATA_DIR": str(Path(tmp) / label),
                             "PYTHONPYCACHEPREFIX": str(Path(tmp) / f"pyc-{label}")}  # fmt: skip
                    times.setdefault((label, name), []).append(
                        run(code, _args(cmd, tmp, label), env_l))
                    cpus.setdefault((label, name), []).append(CPU[-1])
    print(f"{'command':<18} {'code':<9} {'first s':>8} {'median s':>9} {'min s':>7} {'max s':>7} "
          f"{'CPU s':>6}")  # fmt: skip
    for name in COMMANDS:
        for label in codes:
            t = times[label, name]
            print(f"{name:<18} {label:<9} {first[label, name]:>8.3f} {statistics.median(t):>9.3f} "
                  f"{min(t):>7.3f} {max(t):>7.3f} {statistics.median(cpus[label, name]):>6.3f}")  # fmt: skip
    print(f"(median of {args.repeat} fresh processes after the first run; CPU s: the median "
          "user + system time of the process, which other processes' share of the cores does "
          "not change as it changes wall time; load average at the "
          "end " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
