"""The ``watch`` configuration file (TOML): what to watch, where to keep state, what to print.

Contract: :func:`load_config` reads a TOML file with :mod:`tomllib` and returns a
frozen :class:`WatchConfig`, or raises :class:`~sanctions_check.errors.ConfigError`
with one line naming the file and the offending key.  Relative paths resolve
against the folder of the configuration file (never the working directory, so cron
runs behave like interactive ones); ``data_dir`` given on the command line
overrides the file's.  Unknown keys are errors (a typo must not silently disable a
check).  Example (``samples/watch.toml`` is a commented copy)::

    data_dir = "state"            # list store, database, log
    output_dir = "reports"        # dated review workbooks
    threshold = 85                # optional; default is the matcher's
    always_report = false         # write a workbook even when nothing is new
    print = "changes"             # new | changes | always | never
    decisions = ["reviewed.xlsx"] # review workbooks whose decisions are imported each run
    aliases = "known_as.csv"      # optional: your own curated "known as" names (--aliases)
    [list]
    url = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"   # optional
                                  # (false: never refresh; another job runs `lists import`)
    refresh_hours = 12
    max_age_days = 30
    [[names]]
    path = "watched.csv"
    column = "name"               # also dob_column, nationality_column, kind_column,
                                  # encoding (e.g. "cp1251"; default: detected),
                                  # id_column, keep_columns = ["Role", ...] (as for screen)
    [[news]]
    source = "feed.xml"           # a feed URL, a feed file, or a folder of articles
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sanctions_check.errors import ConfigError, InputError
from sanctions_check.files.decoding import check_codec
from sanctions_check.files.numbers import MAX_DAYS, MAX_HOURS, range_problem
from sanctions_check.files.reading import read_user_file
from sanctions_check.lists.entries import KINDS
from sanctions_check.screening.columns import ColumnSpec

DEFAULT_LIST_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
MAX_CONFIG_BYTES = 1024 * 1024
PRINT_MODES = ("new", "changes", "always", "never")
"""When ``watch`` prints its summary to stdout (cron mails whatever is printed):

* ``new``: only when there are new or re-opened hits;
* ``changes`` (default): also when hits were resolved or a notice needs attention
  (e.g. the list refresh started failing);
* ``always``: one summary after every run;
* ``never``: nothing; rely on the exit code and the report files.
"""

_TOP_KEYS = {
    "data_dir", "output_dir", "threshold", "always_report", "print", "decisions",
    "report_prefix", "list", "names", "news", "aliases",
}
_LIST_KEYS = {"url", "refresh_hours", "max_age_days"}
_NAMES_KEYS = {"path", "column", "dob_column", "nationality_column", "kind_column", "kind",
               "encoding", "id_column", "keep_columns"}
_NEWS_KEYS = {"source"}


@dataclass(frozen=True)
class ListPolicy:
    """How and when the UN list is refreshed."""

    url: str | None = DEFAULT_LIST_URL  # None (``url = false``): never refresh here
    refresh_hours: float = 12.0  # refresh when installed/confirmed longer ago than this
    max_age_days: float | None = 30.0  # error (exit 3) when the list is older than this


@dataclass(frozen=True)
class NamesFile:
    """One file of watched names and how to read it (like ``screen`` options)."""

    path: Path
    column: str | None = None
    dob_column: str | None = None
    nationality_column: str | None = None
    kind_column: str | None = None
    kind: str | None = None  # "person" | "org": every name in the file is of this kind
    encoding: str | None = None  # the text file's codec, instead of detecting it
    id_column: str | None = None  # the record key (else detected, as by ``screen``)
    keep_columns: tuple[str, ...] | None = None  # columns carried to the report (None: all)

    @property
    def spec(self) -> ColumnSpec:
        """How to read the file, as ``screen`` reads its input."""
        return ColumnSpec(
            column=self.column, kind_column=self.kind_column, dob_column=self.dob_column,
            nationality_column=self.nationality_column, id_column=self.id_column,
            keep_columns=self.keep_columns, default_kind=self.kind, encoding=self.encoding,
        )  # fmt: skip


@dataclass(frozen=True)
class NewsSource:
    """A news source: an http(s)/file URL, a feed file, or a folder of articles."""

    source: str  # URLs verbatim; local paths resolved to absolute

    @property
    def is_url(self) -> bool:
        return self.source.split(":", 1)[0].lower() in ("http", "https", "file")


@dataclass(frozen=True)
class WatchConfig:
    """A validated watch configuration; every path is absolute."""

    path: Path | None  # the configuration file (None when built in code)
    data_dir: Path
    output_dir: Path
    threshold: float | None = None
    always_report: bool = False
    print_mode: str = "changes"
    report_prefix: str = "watch"
    list: ListPolicy = field(default_factory=ListPolicy)
    names: tuple[NamesFile, ...] = ()
    news: tuple[NewsSource, ...] = ()
    decisions: tuple[Path, ...] = ()
    aliases: Path | None = None  # a curated "known as" file (sanctions_check.matching.knownas)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "watch.sqlite"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "watch.log"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "watch.lock"

    def with_overrides(self, **changes: Any) -> WatchConfig:
        """A copy with some fields replaced (``data_dir`` from the command line...)."""
        return replace(self, **changes)


def _where(path: Path | None, key: str) -> str:
    return f"{path}: {key}" if path else key


def _check_keys(data: dict[str, Any], allowed: set[str], path: Path | None, section: str) -> None:
    for key in data:
        if key not in allowed:
            name = f"{section}.{key}" if section else key
            raise ConfigError(
                f"{_where(path, name)}: unknown key (allowed: {', '.join(sorted(allowed))})"
            )


def _str(value: Any, path: Path | None, key: str, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{_where(path, key)}: expected a non-empty string, got {value!r}")
    return value.strip()


def _str_list(value: Any, path: Path | None, key: str) -> tuple[str, ...] | None:
    """A list of strings (None when the key is absent)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{_where(path, key)}: expected a list of strings, got {value!r}")
    return tuple(v.strip() for v in value if v.strip())


def _number(value: Any, path: Path | None, key: str, lo: float, hi: float) -> float:
    """The one validator of every numeric key: a finite number in ``[lo, hi]``."""
    problem = range_problem(value, lo, hi)
    if problem is not None:
        raise ConfigError(f"{_where(path, key)}: {problem}")
    return float(value)


def _resolve(base: Path, value: str) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else (base / p).resolve()


def _tables(data: dict[str, Any], key: str, allowed: set[str], path: Path | None
            ) -> list[tuple[str, dict[str, Any]]]:
    """The ``[[key]]`` tables with their position (``names[2]``), keys checked."""
    raw = data.get(key, [])
    if not isinstance(raw, list):
        raise ConfigError(f"{_where(path, key)}: expected [[{key}]] tables")
    out = []
    for i, item in enumerate(raw, start=1):
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{_where(path, where)}: expected a [[{key}]] table")
        _check_keys(item, allowed, path, where)
        out.append((where, item))
    return out


def parse_config(
    data: dict[str, Any], base: Path, path: Path | None = None, data_dir: Path | None = None
) -> WatchConfig:
    """Validate a parsed TOML document; relative paths resolve against ``base``."""
    _check_keys(data, _TOP_KEYS, path, "")
    if data_dir is not None:
        ddir = Path(data_dir).expanduser().resolve()
    elif "data_dir" in data:
        ddir = _resolve(base, _str(data["data_dir"], path, "data_dir", optional=False) or "")
    else:
        raise ConfigError(f"{_where(path, 'data_dir')}: missing (or give --data-dir)")
    out_raw = data.get("output_dir")
    output_dir = (
        _resolve(base, _str(out_raw, path, "output_dir") or "")
        if out_raw is not None else ddir / "reports"
    )
    threshold = data.get("threshold")
    if threshold is not None:
        threshold = _number(threshold, path, "threshold", 0, 100)
    always = data.get("always_report", False)
    if not isinstance(always, bool):
        raise ConfigError(f"{_where(path, 'always_report')}: expected true or false")
    mode = data.get("print", "changes")
    if mode not in PRINT_MODES:
        raise ConfigError(
            f"{_where(path, 'print')}: expected one of {', '.join(PRINT_MODES)}, got {mode!r}"
        )
    prefix = _str(data.get("report_prefix", "watch"), path, "report_prefix") or "watch"
    if any(c in prefix for c in "/\\:") or prefix.startswith("."):
        raise ConfigError(f"{_where(path, 'report_prefix')}: must be a plain file name prefix")

    lst = data.get("list", {})
    if not isinstance(lst, dict):
        raise ConfigError(f"{_where(path, 'list')}: expected a [list] table")
    _check_keys(lst, _LIST_KEYS, path, "list")
    url_raw = lst.get("url", DEFAULT_LIST_URL)
    url = None if url_raw is False else _str(url_raw, path, "list.url", optional=False)
    if url and "://" not in url:  # a local file path given as the list source
        url = _resolve(base, url).as_uri()
    refresh = _number(lst.get("refresh_hours", 12), path, "list.refresh_hours", 0, MAX_HOURS)
    max_age_raw = lst.get("max_age_days", 30)
    max_age = _number(max_age_raw, path, "list.max_age_days", 0, MAX_DAYS) if max_age_raw else None
    policy = ListPolicy(url=url, refresh_hours=refresh, max_age_days=max_age)

    names: list[NamesFile] = []
    for where, item in _tables(data, "names", _NAMES_KEYS, path):
        if "path" not in item:
            raise ConfigError(f"{_where(path, where + '.path')}: missing")
        kind = _str(item.get("kind"), path, where + ".kind")
        if kind is not None and kind not in KINDS:
            raise ConfigError(f"{_where(path, where + '.kind')}: expected person or org")
        encoding = _str(item.get("encoding"), path, where + ".encoding")
        if encoding is not None:
            try:
                encoding = check_codec(encoding)
            except InputError:
                raise ConfigError(
                    f"{_where(path, where + '.encoding')}: unknown encoding {encoding!r}"
                ) from None
        names.append(NamesFile(
            path=_resolve(base, _str(item["path"], path, where + ".path") or ""),
            column=_str(item.get("column"), path, where + ".column"),
            dob_column=_str(item.get("dob_column"), path, where + ".dob_column"),
            nationality_column=_str(
                item.get("nationality_column"), path, where + ".nationality_column"
            ),
            kind_column=_str(item.get("kind_column"), path, where + ".kind_column"),
            kind=kind,
            encoding=encoding,
            id_column=_str(item.get("id_column"), path, where + ".id_column"),
            keep_columns=_str_list(item.get("keep_columns"), path, where + ".keep_columns"),
        ))

    news: list[NewsSource] = []
    for where, item in _tables(data, "news", _NEWS_KEYS, path):
        src = _str(item.get("source"), path, where + ".source", optional=False) or ""
        if "://" not in src:
            src = str(_resolve(base, src))
        news.append(NewsSource(src))

    dec_raw = data.get("decisions", [])
    if isinstance(dec_raw, str):
        dec_raw = [dec_raw]
    if not isinstance(dec_raw, list):
        raise ConfigError(f"{_where(path, 'decisions')}: expected a list of workbook paths")
    decisions = tuple(
        _resolve(base, _str(d, path, f"decisions[{i}]", optional=False) or "")
        for i, d in enumerate(dec_raw, start=1)
    )
    aliases_raw = data.get("aliases")
    aliases = (
        _resolve(base, _str(aliases_raw, path, "aliases", optional=False) or "")
        if aliases_raw is not None else None
    )
    if not names and not news:
        raise ConfigError(
            f"{_where(path, 'names')}: nothing to watch (add [[names]] or [[news]] tables)"
        )
    return WatchConfig(
        path=path, data_dir=ddir, output_dir=output_dir, threshold=threshold,
        always_report=always, print_mode=mode, report_prefix=prefix, list=policy,
        names=tuple(names), news=tuple(news), decisions=decisions, aliases=aliases,
    )


def load_config(path: str | Path, data_dir: str | Path | None = None) -> WatchConfig:
    """Read and validate the TOML file at ``path``; ``data_dir`` overrides the file's."""
    cfg_path = Path(path).expanduser().resolve()
    if not cfg_path.exists():
        raise ConfigError(f"{cfg_path}: configuration file not found")
    if cfg_path.is_dir():
        raise ConfigError(f"{cfg_path}: is a folder, not a configuration file")
    # bounded: a device or pipe named as the configuration is refused, not read forever
    raw = read_user_file(cfg_path, what="configuration file", error=ConfigError,
                         max_bytes=MAX_CONFIG_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{cfg_path}: not UTF-8 text (TOML files are UTF-8)") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{cfg_path}: invalid TOML: {exc}") from None
    return parse_config(
        data, cfg_path.parent, cfg_path, Path(data_dir) if data_dir is not None else None
    )
