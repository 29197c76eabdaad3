"""The watch configuration: keys as documented, paths relative to the file, strict keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REPO

from sanctions_check.errors import ConfigError
from sanctions_check.watch.config import DEFAULT_LIST_URL, load_config

ISSUE_EXAMPLE = """
data_dir = "state"            # list store, database, logs
output_dir = "reports"
threshold = 85                # optional; default is the matcher's
[list]
url = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"   # optional
refresh_hours = 12            # refresh when the installed list is older than this
max_age_days = 30             # fail (exit 3) when no list newer than this can be had
[[names]]
path = "watched.csv"
column = "name"               # optional, like screen --column
[[news]]
source = "https://example.org/feed.xml"   # a feed URL, a feed file, or a folder of articles
"""


def write(tmp_path: Path, text: str, name: str = "watch.toml") -> Path:
    folder = tmp_path / "conf"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_issue_example_parses_with_paths_relative_to_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, ISSUE_EXAMPLE)
    cwd = os.getcwd()
    os.chdir(tmp_path)  # the working directory must not matter (cron runs elsewhere)
    try:
        cfg = load_config(path)
    finally:
        os.chdir(cwd)
    assert cfg.data_dir == path.parent / "state"
    assert cfg.output_dir == path.parent / "reports"
    assert cfg.threshold == 85
    assert cfg.list.url == DEFAULT_LIST_URL
    assert (cfg.list.refresh_hours, cfg.list.max_age_days) == (12, 30)
    assert cfg.names[0].path == path.parent / "watched.csv"
    assert cfg.names[0].column == "name"
    assert cfg.news[0].source == "https://example.org/feed.xml" and cfg.news[0].is_url
    assert cfg.db_path.parent == cfg.log_path.parent == cfg.data_dir


def test_sample_config_is_valid() -> None:
    cfg = load_config(REPO / "samples" / "watch.toml")
    assert cfg.names[0].path == REPO / "samples" / "watched.csv"
    assert cfg.names[0].path.is_file()
    assert cfg.print_mode == "changes" and not cfg.always_report
    # the sample alerts where screen / match / news do: the matcher's default threshold
    from sanctions_check.matching.config import DEFAULT_THRESHOLD

    assert cfg.threshold == DEFAULT_THRESHOLD


def test_data_dir_from_the_command_line_wins(tmp_path: Path) -> None:
    path = write(tmp_path, ISSUE_EXAMPLE)
    cfg = load_config(path, data_dir=tmp_path / "elsewhere")
    assert cfg.data_dir == tmp_path / "elsewhere"
    # output_dir given in the file still resolves against the file's folder
    assert cfg.output_dir == path.parent / "reports"


def test_defaults(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, 'data_dir = "/var/x"\n[[names]]\npath = "a.txt"\n'))
    assert cfg.data_dir == Path("/var/x")
    assert cfg.output_dir == Path("/var/x/reports")  # reports beside the state by default
    assert cfg.threshold is None  # the matcher's
    assert cfg.list.url == DEFAULT_LIST_URL and cfg.list.max_age_days == 30
    assert cfg.decisions == () and cfg.news == ()


def test_local_sources_resolve_and_url_false_disables_refresh(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, (
        'data_dir = "s"\ndecisions = ["rev/a.xlsx"]\n[list]\nurl = false\n'
        '[[news]]\nsource = "feeds/feed.xml"\n[[news]]\nsource = "file:///tmp/f.xml"\n')))
    assert cfg.list.url is None
    assert cfg.news[0].source == str(tmp_path / "conf" / "feeds" / "feed.xml")
    assert not cfg.news[0].is_url and cfg.news[1].is_url
    assert cfg.decisions == (tmp_path / "conf" / "rev" / "a.xlsx",)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # a typo in a key must not silently switch a check off: the key is named
        ('data_dir = "s"\nthreshhold = 80\n[[names]]\npath = "a"\n', "threshhold"),
        ('data_dir = "s"\n[list]\nrefresh_hour = 3\n[[names]]\npath = "a"\n',
         "list.refresh_hour"),
        ('data_dir = "s"\n[[names]]\npath = "a"\ncolumns = "n"\n', "names[1].columns"),
        ('data_dir = "s"\n[[news]]\nsrc = "x"\n', "news[1].src"),
    ],
)
def test_unknown_keys_are_errors_naming_key_and_file(tmp_path: Path, text: str,
                                                     named: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert named in str(err.value) and str(path) in str(err.value)
    assert "unknown key" in str(err.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('data_dir = "s"\nthreshold = 150\n[[names]]\npath = "a"\n', "threshold"),
        ('data_dir = "s"\nthreshold = "high"\n[[names]]\npath = "a"\n', "expected a number"),
        ('data_dir = "s"\nprint = "sometimes"\n[[names]]\npath = "a"\n', "print"),
        ('data_dir = "s"\nalways_report = "yes"\n[[names]]\npath = "a"\n', "always_report"),
        ('data_dir = "s"\n[list]\nmax_age_days = -1\n[[names]]\npath = "a"\n', "max_age_days"),
        ('data_dir = "s"\n[[names]]\ncolumn = "n"\n', "names[1].path: missing"),
        ('data_dir = "s"\n[[names]]\npath = "a"\nkind = "ship"\n', "names[1].kind"),
        ('data_dir = "s"\nnames = "a.csv"\n', "[[names]] tables"),
        ('data_dir = "s"\n', "nothing to watch"),
        ('[[names]]\npath = "a"\n', "data_dir: missing"),
        ('data_dir = "s"\nreport_prefix = "../x"\n[[names]]\npath = "a"\n', "report_prefix"),
        ('data_dir = "s"\n[[names]\npath = "a"\n', "invalid TOML"),
    ],
)
def test_invalid_values_are_one_line_errors(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('data_dir = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(bad)
    with pytest.raises(ConfigError, match="folder"):
        load_config(tmp_path)


def test_config_is_frozen(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, ISSUE_EXAMPLE))
    with pytest.raises(AttributeError):
        cfg.threshold = 10  # type: ignore[misc]
    assert cfg.with_overrides(always_report=True).always_report
