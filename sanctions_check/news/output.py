"""Output of the news pipeline: CSV / JSON rows and the review workbook of a news run.

Contract:

* :func:`news_rows` gives CSV / JSON rows of a
  :class:`~sanctions_check.news.run.NewsResult`, one per (mention, hit), in item order:
  :data:`NEWS_COLUMNS`, screening's :data:`~sanctions_check.screening.rows.HIT_COLUMNS`,
  then the run's algorithm, threshold and list facts
  (:data:`~sanctions_check.screening.runmeta.ROW_FACT_COLUMNS`; together :data:`COLUMNS`);
  ``include_clear`` adds one row per mention without a hit.
* :func:`write_news_workbook` writes the review workbook: Summary, Hits (reviewer
  columns, same layout as ``screen``'s plus the news columns; the mention keeps the
  "Input name" header so decisions are read back), Mentions (every extracted name with
  its best score, :func:`mention_rows`) and Sources (only if a source failed).
* :func:`write_news_output` writes ``.xlsx`` (the workbook) or ``.csv`` / ``.json`` /
  ``.jsonl`` rows, atomically and formula-safe through
  :mod:`sanctions_check.files.tabular` / :mod:`sanctions_check.screening.workbook`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sanctions_check.matching.hits import Query
from sanctions_check.news.run import (
    BEST_SCORE_FLOOR,
    ItemResult,
    NewsResult,
    ScreenedMention,
    clear_reason,
)
from sanctions_check.screening.rows import HIT_COLUMNS, clear_row, hit_row
from sanctions_check.screening.run import RowResult, band_order
from sanctions_check.screening.runmeta import ROW_FACT_COLUMNS, row_facts

#: News columns of CSV / JSON output, followed by screening's HIT_COLUMNS.
NEWS_COLUMNS: tuple[str, ...] = (
    "source",
    "item_title",
    "item_url",
    "published",
    "mention",
    "mention_kind",
    "start",
    "end",
    "sentence",
    "mention_forms",
    "mention_origin",
)
COLUMNS: tuple[str, ...] = (
    NEWS_COLUMNS + tuple(c for c in HIT_COLUMNS if c not in NEWS_COLUMNS) + ROW_FACT_COLUMNS
)


# --------------------------------------------------------------------------- rows


def _news_fields(result: ItemResult, m: ScreenedMention) -> dict[str, Any]:
    ent = m.entity
    return {
        "source": result.item.source,
        "item_title": result.item.title,
        "item_url": result.item.url,
        "published": result.item.published,
        "mention": ent.name,
        "mention_kind": ent.kind,
        "start": ent.start,
        "end": ent.end,
        "sentence": ent.sentence,
        "mention_forms": "; ".join(m.screened),
        "mention_origin": ent.origin,
    }


def news_rows(result: NewsResult, include_clear: bool = False) -> list[dict[str, Any]]:
    """CSV / JSON rows (keys :data:`COLUMNS`): one per (mention, hit), in item order;
    with ``include_clear`` one more per mention without a hit."""
    rows: list[dict[str, Any]] = []
    facts = row_facts(result.meta)
    for r, m in result.mentions():
        news = {**_news_fields(r, m), **facts}
        if m.hits:
            for h in m.hits:
                rows.append({**hit_row(Query(h.query, m.entity.kind, row=m.row), h), **news})
        elif include_clear:
            rr = RowResult(m.query, m.status, (), m.best_score, clear_reason(m))
            rows.append({**clear_row(rr), **news})
    return rows


# --------------------------------------------------------------------------- workbook


def _news_columns() -> list[Any]:
    from sanctions_check.screening.workbook import Column

    return [
        Column("item_title", "Item title", 30, wrap=True),
        Column("source", "Source", 22, wrap=True),
        Column("item_url", "URL", 28, wrap=True),
        Column("published", "Published", 18),
        Column("mention_kind", "Mention kind", 9),
        Column("sentence", "Sentence", 60, wrap=True),
        Column("mention_forms", "Forms screened", 24, wrap=True),
        Column("start", "Start", 7),
        Column("end", "End", 7),
    ]


def mention_columns() -> list[Any]:
    from sanctions_check.screening.workbook import Column

    return [
        Column("mention", "Name", 28, wrap=True),
        Column("mention_kind", "Type", 8),
        Column("status", "Status", 10),
        Column("best_score", "Best score", 10, number_format="0.0", score=True),
        Column("hits", "Hits", 6),
        Column("best_match", "Best match", 32, wrap=True),
        Column("item_title", "Item title", 30, wrap=True),
        Column("source", "Source", 22, wrap=True),
        Column("item_url", "URL", 28, wrap=True),
        Column("published", "Published", 18),
        Column("sentence", "Sentence", 60, wrap=True),
        Column("mention_forms", "Forms screened", 24, wrap=True),
        Column("mention_origin", "Found by", 10),
        Column("mentions_in_item", "Mentions in item", 9),
        Column("context", "Title / role", 18, wrap=True),
    ]


def mention_rows(result: NewsResult) -> list[dict[str, Any]]:
    rows = []
    for r, m in result.mentions():
        best = m.hits[0] if m.hits else None
        rows.append(
            {
                **_news_fields(r, m),
                "status": m.status,
                "best_score": round(m.best_score, 1) if m.best_score is not None else None,
                "hits": len(m.hits),
                "best_match": f"{best.reference_number} {best.matched_name.text}" if best else None,
                "mentions_in_item": len(m.entity.mentions),
                "context": m.entity.context or None,
            }
        )
    return rows


# review columns a news mention never fills: it has no record ID, date of birth or
# nationality, so their checks would read "unknown" / "absent" on every row
NOT_IN_NEWS = frozenset({"record_id", "input_dob", "input_nationality", "dob_check",
                         "nationality_check", "dob_read_as", "dob_status", "nationality_status"})


def write_news_workbook(path: str | Path, result: NewsResult) -> Path:
    """Summary, Hits (review columns + news columns), Mentions, and Sources (if any failed)."""
    from sanctions_check.screening.sheetrows import HITS_SHEET, hit_columns, review_hit_row
    from sanctions_check.screening.workbook import Column, Sheet, summary_items, write_workbook

    screening = result.screening_result()
    rows: list[dict[str, Any]] = []
    pairs = [(r, m, h) for r, m in result.mentions() for h in m.hits]
    pairs.sort(key=lambda p: (-p[2].score, p[1].row, p[2].reference_number))
    for r, m, h in pairs:
        rr = RowResult(m.query, m.status, m.hits, m.best_score)
        rows.append({**review_hit_row(rr, h, list_sha256=result.meta.list_sha256),
                     **_news_fields(r, m)})  # fmt: skip
    base = [c for c in hit_columns() if c.key not in NOT_IN_NEWS]
    cut = next(i for i, c in enumerate(base) if c.key == "query") + 1
    columns = [*base[:cut], *_news_columns(), *base[cut:]]
    # the mention keeps the "Input name" header: decisions are read back by that header
    bands = band_order(result.meta.bands)
    score_min = min(BEST_SCORE_FLOOR, result.meta.min_score)
    summary = [
        (k.replace("Input rows", "Mentions").replace("Rows ", "Mentions "), v)
        for k, v in summary_items(screening)
        if k not in ("Input file", "Input sha256")
    ]
    summary[0] = ("Report", "sanctions-check news review")
    sheets = [
        Sheet(HITS_SHEET, columns, rows, bands, score_min),
        Sheet("Mentions", mention_columns(), mention_rows(result), bands, score_min),
    ]
    if result.errors:
        sheets.append(
            Sheet(
                "Sources",
                [Column("source", "Source", 40, wrap=True), Column("message", "Problem", 80, wrap=True)],
                [{"source": e.source, "message": str(e)} for e in result.errors],
            )
        )
    return write_workbook(path, sheets, summary)


def write_news_output(
    path: str | Path, result: NewsResult, include_clear: bool = False, fmt: str | None = None
) -> int:
    """Write ``path`` as .xlsx (workbook) or .csv / .json / .jsonl rows; returns rows written."""
    from sanctions_check.files.tabular import table_format, write_table

    kind = table_format(path, fmt)
    if kind == "xlsx":
        write_news_workbook(path, result)
        return result.hit_count
    return write_table(
        path, COLUMNS, news_rows(result, include_clear), meta=result.meta.as_dict(), fmt=kind
    )


__all__ = [
    "COLUMNS",
    "NEWS_COLUMNS",
    "mention_rows",
    "news_rows",
    "write_news_output",
    "write_news_workbook",
]
