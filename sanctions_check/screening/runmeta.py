"""Run metadata: what every report records about a screening run, and band helpers.

Contract: :class:`RunMeta` (frozen) holds the tool version and run time, the
matcher's algorithm / version / threshold / bands, the list's ``dateGenerated``,
sha256, source and size, which list is in force (installed, file or bundled
snapshot), when its source last confirmed it current, its age
(:func:`sanctions_check.lists.manifest.list_age`: since that confirmation, else since
``dateGenerated``) and the snapshot notice, the input file and its sha256, row
counts and the matching time, and the match configuration beyond threshold and bands
(``match_config``: pool limits, the scoring weights' digest and every weight, from
``describe()``); :func:`make_meta` builds it from a matcher (anything with
``threshold`` and ``describe()``), a :class:`~sanctions_check.lists.entries.SanctionsList`
and the input.  Reports put it in JSON ``meta`` and the workbook Summary, and the
algorithm, threshold and list facts of :func:`row_facts` on every row of row-only formats
(CSV).
:func:`band_order` reads band names strongest first from any ``describe()['bands']``
shape.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.provenance import ListProvenance, days
from sanctions_check.matching.hits import NameMatcher
from sanctions_check.scoring.weights import DEFAULT_SCORING
from sanctions_check.version import __version__


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class RunMeta:
    """What every report says about the run, so it is an audit record."""

    tool: str
    tool_version: str
    run_at: str  # ISO 8601, UTC
    algorithm: str
    algorithm_version: str
    threshold: float
    min_score: float
    bands: Any
    # the match configuration beyond threshold and bands (MatchConfig.describe): the pool
    # limits, the scoring weights' digest and every weight's value
    match_config: Mapping[str, Any]
    list_date_generated: str
    list_sha256: str
    list_source: str
    list_age_days: float | None
    list_entries: int
    input_file: str
    input_sha256: str
    input_rows: int
    names_screened: int
    duration_seconds: float = 0.0  # matching time (list loading and output not included)
    list_in_force: str = ""  # e.g. "installed list <id>", "bundled snapshot generated ..."
    list_confirmed_at: str = ""  # when its source last confirmed it current, or why never
    list_notice: str = ""  # the bundled-snapshot warning, else empty
    extra: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        extra = data.pop("extra")
        data.update(extra)
        return data


# what every row of a CSV / JSONL / Parquet output repeats (a CSV has no meta block): the
# algorithm, the score threshold of the run and the digest of its scoring weights, then the
# list's version facts; enough to tell which list and which matching produced a row
ROW_FACT_COLUMNS = (
    "algorithm",
    "algorithm_version",
    "min_score",
    "weights_digest",
    "list_date_generated",
    "list_sha256",
    "list_confirmed_at",
    "list_notice",
)


# matcher facts RunMeta has fields of its own for (the rest goes to ``match_config``)
_SHOWN = frozenset({"algorithm", "version", "threshold", "bands"})


def weights_text(facts: Mapping[str, Any]) -> str:
    """The scoring weights of a matcher's facts (``describe()``, or a
    :attr:`RunMeta.match_config`) in one line for a summary sheet: their digest, and the
    weights that differ from the defaults of the algorithm version (or "the defaults")."""
    digest = str(facts.get("weights_digest", ""))
    values = facts.get("weights")
    if not isinstance(values, Mapping):
        return digest
    defaults = DEFAULT_SCORING.values()
    changed = [f"{k}={v}" for k, v in values.items() if defaults.get(k) != v]
    return f"{digest} ({'not the defaults: ' + '; '.join(changed) if changed else 'the defaults'})"


def row_facts(meta: RunMeta) -> dict[str, Any]:
    """The :data:`ROW_FACT_COLUMNS` of ``meta`` (the weights' digest from its ``match_config``)."""
    digest = meta.match_config.get("weights_digest")  # not a field of its own
    return {c: digest if c == "weights_digest" else getattr(meta, c) for c in ROW_FACT_COLUMNS}


def make_meta(
    matcher: NameMatcher,
    sanctions_list: SanctionsList | None,
    *,
    input_file: str | Path | None = None,
    input_sha256: str | None = None,
    input_rows: int = 0,
    names_screened: int = 0,
    min_score: float | None = None,
    now: dt.datetime | None = None,
    extra: Mapping[str, Any] | None = None,
    duration_seconds: float = 0.0,
) -> RunMeta:
    """Build :class:`RunMeta` from the matcher, the list and the input file."""
    now = now or dt.datetime.now(dt.UTC)
    describe: dict[str, Any] = {}
    if hasattr(matcher, "describe"):
        describe = dict(matcher.describe())
    threshold = float(getattr(matcher, "threshold", describe.get("threshold", 0)) or 0)
    provenance = None
    if sanctions_list is not None:
        provenance = sanctions_list.provenance or ListProvenance.of_file(
            sanctions_list.date_generated, sanctions_list.generated_at, sanctions_list.source
        )
    age = None
    if provenance is not None and (provenance.generated_at or provenance.confirmed_at):
        age = days(provenance.age(now))
    if input_file is not None and input_sha256 is None and Path(input_file).is_file():
        input_sha256 = sha256_file(input_file)
    return RunMeta(
        tool="sanctions-check",
        tool_version=__version__,
        run_at=now.replace(microsecond=0).isoformat(),
        algorithm=str(describe.get("algorithm", type(matcher).__name__)),
        algorithm_version=str(describe.get("version", "")),
        threshold=threshold,
        min_score=float(min_score if min_score is not None else threshold),
        bands=describe.get("bands", {}),
        match_config={k: v for k, v in describe.items() if k not in _SHOWN},
        list_date_generated=sanctions_list.date_generated if sanctions_list else "",
        list_sha256=sanctions_list.sha256 if sanctions_list else "",
        list_source=str(sanctions_list.source) if sanctions_list else "",
        list_age_days=age,
        list_entries=len(sanctions_list.entries) if sanctions_list else 0,
        input_file=str(input_file) if input_file is not None else "",
        input_sha256=input_sha256 or "",
        input_rows=input_rows,
        names_screened=names_screened,
        duration_seconds=round(duration_seconds, 3),
        list_in_force=provenance.describe() if provenance else "",
        list_confirmed_at=provenance.confirmed_text() if provenance else "",
        list_notice=(provenance.notice(now) or "") if provenance else "",
        extra=dict(extra or {}),
    )


def strongest_band(matcher: NameMatcher) -> str | None:
    """The name of the strongest band the matcher describes (e.g. ``strong``)."""
    bands = dict(matcher.describe()).get("bands") if hasattr(matcher, "describe") else None
    return band_order(bands)[0] if bands else None


def band_order(bands: Any) -> list[str]:
    """Band names strongest first, from a ``describe()['bands']`` value of any shape."""
    if isinstance(bands, Mapping):
        items: list[tuple[str, float]] = []
        for name, value in bands.items():
            if isinstance(value, int | float):
                items.append((str(name), float(value)))
            elif isinstance(value, Mapping):
                low = value.get("min", value.get("from", value.get("low", 0)))
                items.append((str(name), float(low or 0)))
            elif isinstance(value, Sequence) and value and isinstance(value[0], int | float):
                items.append((str(name), float(value[0])))
            else:
                items.append((str(name), 0.0))
        return [name for name, _ in sorted(items, key=lambda i: -i[1])]
    if isinstance(bands, Sequence) and not isinstance(bands, str):
        out = []
        for b in bands:
            if isinstance(b, Mapping):
                out.append((str(b.get("name", b.get("band", ""))), float(b.get("min", 0) or 0)))
            elif isinstance(b, Sequence) and not isinstance(b, str) and b:
                out.append((str(b[0]), float(b[1]) if len(b) > 1 else 0.0))
            else:
                out.append((str(b), 0.0))
        return [name for name, _ in sorted(out, key=lambda i: -i[1])]
    return []
