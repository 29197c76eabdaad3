"""``sanctions-check show REF``: one list entry's full record, as text or JSON.

Thin layer over :mod:`sanctions_check.lists.records` (the service's ``GET /entities/{ref}``
answers the same record).  Exit codes: 0 shown, 2 no such reference number, 3 list problem.
"""

from __future__ import annotations

import json

import click

from sanctions_check.cli.app import AppContext, cli


@cli.command("show")
@click.argument("reference_number", metavar="REF")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@click.pass_obj
def show_command(app: AppContext, reference_number: str, as_json: bool) -> None:
    """Print the full record of the list entry with reference number REF.

    Names, aliases with their quality, original script, dates and places of birth,
    nationality, designation, addresses, documents, listed on, last amended and comments,
    as the list gives them.  Case is ignored (kpi.038 = KPi.038).

    Example: sanctions-check show KPi.038 --json
    """
    from sanctions_check.lists.records import entry_record, find_entry, record_lines

    lst = app.load_list()
    record = entry_record(find_entry(lst, reference_number))
    if as_json:
        doc = {"list": {"date_generated": lst.date_generated, "sha256": lst.sha256},
               "entry": record}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    for line in record_lines(record):
        click.echo(line)
