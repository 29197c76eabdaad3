"""The service while it runs: a list update is swapped in without a restart or a failed
request, and ``sanctions-check serve`` starts, answers and stops (or refuses to start)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO
from fastapi.testclient import TestClient

from sanctions_check.cli import cli
from sanctions_check.errors import ConfigError
from sanctions_check.lists.store import ListStore
from sanctions_check.service.app import create_app
from sanctions_check.service.holder import ListHolder
from sanctions_check.service.settings import (
    API_KEY_ENV,
    SETTINGS_ENV,
    ServiceSettings,
    is_loopback,
)


def test_list_update_is_swapped_in_while_requests_run(tmp_path: Path, un2020_path: Path,
                                                      un2024_path: Path) -> None:
    store = ListStore(tmp_path / "data")
    old = store.import_file(un2020_path).version
    holder = ListHolder.for_store(store, interval=0.0)  # look at the pointer on every request
    client = TestClient(create_app(ServiceSettings(max_age_days=1.0), holder=holder))
    seen: list[tuple[int, str | None]] = []
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            response = client.get("/match", params={"name": "Kim Jong Sik"})
            sha = response.json().get("list", {}).get("sha256")
            seen.append((response.status_code, sha))

    worker = threading.Thread(target=loop)
    worker.start()
    try:
        while len(seen) < 20:
            time.sleep(0.01)
        new = store.update(un2024_path.as_uri()).version  # `lists update` from a mirror
        deadline = time.monotonic() + 60
        while (not seen or seen[-1][1] != new.sha256) and time.monotonic() < deadline:
            time.sleep(0.05)
        after = len(seen)
        while len(seen) < after + 20:
            time.sleep(0.01)
    finally:
        stop.set()
        worker.join()
    assert {status for status, _ in seen} == {200}  # not one request failed
    shas = [sha for _, sha in seen]
    assert shas[0] == old.sha256 and shas[-1] == new.sha256
    first_new = shas.index(new.sha256)
    assert set(shas[first_new:]) == {new.sha256}  # swapped once, never back
    assert client.get("/lists/current").json()["version"] == new.id


def test_unchanged_update_only_refreshes_the_age(tmp_path: Path, un2024_path: Path) -> None:
    # the store's clock moves a minute per reading: confirmation times are kept to the second,
    # and two real updates within one second would confirm at the same time
    ticks = iter(range(10_000))
    start = dt.datetime.now(dt.UTC)
    store = ListStore(tmp_path / "data", clock=lambda: start + dt.timedelta(minutes=next(ticks)))
    store.update(un2024_path.as_uri())
    holder = ListHolder.for_store(store, interval=3600.0)
    served = holder.get()
    assert served is not None
    store.update(un2024_path.as_uri())  # confirmed unchanged: a newer confirmed_at
    assert holder.refresh() is False
    again = holder.get()
    assert again is not None and again.matcher is served.matcher  # not reloaded
    assert again.version is not None and served.version is not None
    assert again.version.confirmed_at > served.version.confirmed_at


def test_damaged_pointer_keeps_the_list_in_service(tmp_path: Path, un2024_path: Path) -> None:
    store = ListStore(tmp_path / "data")
    store.import_file(un2024_path)
    holder = ListHolder.for_store(store, interval=3600.0)
    store.current_file.write_text("{not json", encoding="utf-8")
    assert holder.refresh() is False
    assert holder.get() is not None and "damaged" in (holder.problem or "")


@pytest.mark.parametrize(
    ("host", "key", "insecure", "safe"),
    [
        ("127.0.0.1", None, False, True),  # loopback: no key needed
        ("::1", None, False, True),
        ("localhost", None, False, True),
        ("0.0.0.0", None, False, False),  # every interface, no key: refused
        ("192.168.1.5", None, False, False),
        ("0.0.0.0", "k", False, True),  # with a key
        ("0.0.0.0", None, True, True),  # --insecure: something else guards access
        ("127.0.0.1", " ", False, False),  # a blank key is a mistake, not "no key"
    ],
)
def test_safe_start(host: str, key: str | None, insecure: bool, safe: bool) -> None:
    settings = ServiceSettings(host=host, api_key=key, insecure=insecure)
    if safe:
        settings.check()
    else:
        with pytest.raises(ConfigError):
            settings.check()
    assert is_loopback(host) == (host in ("127.0.0.1", "::1", "localhost"))


def test_serve_refuses_public_host_without_key(un2024_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SANCTIONS_CHECK_API_KEY", raising=False)
    result = CliRunner().invoke(cli, ["--list", str(un2024_path), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "SANCTIONS_CHECK_API_KEY" in result.output and "--insecure" in result.output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_subprocess_answers_healthz(un2024_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SANCTIONS_CHECK_API_KEY", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sanctions_check", "--list", str(un2024_path), "serve",
         "--port", str(port), "--max-age-days", "100000"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        body = b""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    assert r.status == 200
                    body = r.read()
                    break
            except OSError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                time.sleep(0.2)
        assert b'"status":"ok"' in body
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_users_aliases_reach_the_service(tmp_path: Path, un2024_path: Path) -> None:
    # the global --aliases FILE reaches serve as it reaches match: the user's curated name
    # is matched (and labelled "known as") by the served matcher, through the settings that
    # also travel to worker processes
    path = tmp_path / "mine.csv"
    path.write_text("reference_number,name,kind,source\n"
                    "KPi.066,Comrade Director Kim,person,https://example.org/profile\n",
                    encoding="utf-8")
    settings = ServiceSettings(list_file=un2024_path, aliases_file=path, max_age_days=100_000.0,
                               data_dir=tmp_path / "data")
    with pytest.MonkeyPatch.context() as mp:  # what worker processes read (--workers N)
        mp.setenv(SETTINGS_ENV, settings.to_env())
        mp.delenv(API_KEY_ENV, raising=False)
        assert ServiceSettings.from_env() == settings
    client = TestClient(create_app(settings))
    hits = client.get("/match", params={"name": "Comrade Director Kim"}).json()["hits"]
    assert hits and hits[0]["reference_number"] == "KPi.066"
    without = TestClient(create_app(dataclasses.replace(settings, aliases_file=None)))
    assert not without.get("/match", params={"name": "Comrade Director Kim"}).json()["hits"]


def test_serve_on_a_port_in_use_is_a_one_line_usage_error(un2024_path: Path) -> None:
    # uvicorn's own start-up failure exits 3, which this tool documents as a list problem:
    # a port someone else listens on is the operator's option to fix (exit 2), said once
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("SANCTIONS_CHECK_API_KEY", None)
        run = subprocess.run(
            [sys.executable, "-m", "sanctions_check", "-q", "--list", str(un2024_path), "serve",
             "--port", str(port)], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    errors = [line for line in run.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1 and f"127.0.0.1:{port}" in errors[0], run.stderr
    assert "in use" in errors[0] and "Traceback" not in run.stderr
