"""What the screening service is configured with, and the rules for starting it safely.

Contract: :class:`ServiceSettings` is a frozen dataclass (host, port, API key, limits,
where the list comes from, how old it may be).  :meth:`ServiceSettings.check` raises
:class:`~sanctions_check.errors.ConfigError` when the service would listen on a
non-loopback address without an API key (unless ``insecure``).  Settings travel to
uvicorn worker processes as JSON in the environment variable :data:`SETTINGS_ENV`
(:meth:`to_env` / :meth:`from_env`); the API key itself is read from
:data:`API_KEY_ENV` and never written into that JSON.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sanctions_check.errors import ConfigError
from sanctions_check.lists.store import DEFAULT_MAX_AGE_DAYS

API_KEY_ENV = "SANCTIONS_CHECK_API_KEY"
SETTINGS_ENV = "SANCTIONS_CHECK_SERVICE_SETTINGS"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_BODY_BYTES = 2 * 1024 * 1024  # a request body larger than this gets 413
MAX_SCREEN_RECORDS = 1000  # records in one POST /screen (about 0.5 s of matching)
MAX_YENTE_QUERIES = 100  # queries in one POST /match/{dataset} (yente's own MAX_BATCH)
CHECK_INTERVAL = 60.0  # seconds between looks at the store's current-version pointer
PATH_KEYS = ("data_dir", "list_file", "aliases_file")  # settings that are paths


@dataclass(frozen=True)
class ServiceSettings:
    """How the service runs (see the module docstring)."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    api_key: str | None = None
    insecure: bool = False
    data_dir: Path | None = None  # None: the default data directory
    list_file: Path | None = None  # a fixed XML file instead of the store (no hot swap)
    aliases_file: Path | None = None  # the user's curated "known as" names (--aliases)
    max_age_days: float = DEFAULT_MAX_AGE_DAYS  # /healthz answers 503 beyond this
    max_body_bytes: int = MAX_BODY_BYTES
    max_screen_records: int = MAX_SCREEN_RECORDS
    max_yente_queries: int = MAX_YENTE_QUERIES
    check_interval: float = CHECK_INTERVAL

    def check(self) -> None:
        """ConfigError unless the service is safe to start as configured."""
        if self.api_key is not None and not self.api_key.strip():
            raise ConfigError(f"{API_KEY_ENV} is set but empty: give a key or unset it")
        if not is_loopback(self.host) and not self.api_key and not self.insecure:
            raise ConfigError(
                f"refusing to listen on {self.host} (not a loopback address) without an API "
                f"key: set {API_KEY_ENV}, or pass --insecure if something else guards access"
            )

    def to_env(self) -> str:
        data = dataclasses.asdict(self)
        data["api_key"] = None  # the key stays in its own environment variable
        for key in PATH_KEYS:
            data[key] = str(data[key]) if data[key] is not None else None
        return json.dumps(data)

    @classmethod
    def from_env(cls) -> ServiceSettings:
        """Settings from :data:`SETTINGS_ENV` (defaults when unset) and the key from
        :data:`API_KEY_ENV`."""
        raw = os.environ.get(SETTINGS_ENV)
        data = json.loads(raw) if raw else {}
        for key in PATH_KEYS:
            if data.get(key):
                data[key] = Path(data[key])
        data["api_key"] = os.environ.get(API_KEY_ENV) or None
        return cls(**data)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
