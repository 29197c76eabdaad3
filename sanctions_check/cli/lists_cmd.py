"""``sanctions-check lists ...``: update, import, info and diff of the list store."""

from __future__ import annotations

from sanctions_check.cli import cli


@cli.group("lists")
def lists_group() -> None:
    """Manage the local copy of the UN Security Council Consolidated List."""
