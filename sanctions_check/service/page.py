"""The search page: one form, results with their explanation, and each entry's record.

Contract: ``GET /`` shows the form (name, optional kind, date of birth, nationality) and,
when a name is given, the candidates ``match`` prints (at or above the alert threshold) (score, band, matched name,
reference number, explanation, a link to the record).  ``GET /record/{reference_number}``
shows an entry's full record (:func:`sanctions_check.lists.records.record_fields`, as ``show``
prints it).  The list's date and age are always visible, with a warning when it is
stale or a notice applies.  Plain server-rendered HTML and a little CSS: no JavaScript,
no external resources (a Content-Security-Policy says so), and every value, from the
list or from the query, is escaped with :func:`html.escape`.  Problems with the query
(unusable name, bad date) are shown on the page with status 422.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from sanctions_check.errors import InputError
from sanctions_check.lists.entries import KINDS
from sanctions_check.lists.records import entry_record, find_entry, record_fields
from sanctions_check.scoring.secondary import check_dob
from sanctions_check.service.holder import ServedList

router = APIRouter()

CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
STYLE = """
body{font:15px/1.4 system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#222}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:1rem 0}
label{display:flex;flex-direction:column;font-size:.85rem}
input,select,button{font:inherit;padding:.3rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}
.warn{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem}.err{background:#f8d7da;border:1px solid #d99;padding:.5rem}
.strong{color:#a00;font-weight:bold}.possible{color:#a60}.weak{color:#666}.facts{color:#555;font-size:.85rem}
"""


def esc(value: Any) -> str:
    """Escaped text for HTML (None as empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    doc = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width,initial-scale=1">'
           f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>")
    return HTMLResponse(doc, status_code=status, headers={
        "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer"})


def list_banner(request: Request, served: ServedList | None) -> str:
    if served is None:
        problem = request.app.state.holder.problem or "no sanctions list is loaded"
        return f'<p class="err">{esc(problem)}: run <code>sanctions-check lists update</code>.</p>'
    facts = served.facts(request.app.state.settings.max_age_days)
    text = (f'<p class="facts">UN Security Council Consolidated List of '
            f"{esc(facts['date_generated'])} ({esc(facts['entries'])} entries; "
            f"{esc(facts['age_days'])} days old; sha256 {esc(facts['sha256'][:12])}…)</p>")
    if facts["stale"]:
        text += (f'<p class="warn">Warning: the list is {esc(facts["age_days"])} days old, '
                 f"more than {esc(facts['max_age_days'])}: results may miss recent "
                 "designations. Run <code>sanctions-check lists update</code>.</p>")
    if facts["notice"]:
        text += f'<p class="warn">{esc(facts["notice"])}</p>'
    return text


def _form(name: str, kind: str, dob: str, nationality: str) -> str:
    options = "".join(
        f'<option value="{esc(k)}"{" selected" if k == kind else ""}>{esc(k)}</option>'
        for k in ("", *KINDS))
    return (f'<form method="get" action="/">'
            f'<label>Name<input name="name" value="{esc(name)}" required size="32"></label>'
            f'<label>Kind<select name="kind">{options}</select></label>'
            f'<label>Date of birth<input name="dob" value="{esc(dob)}" placeholder="YYYY or '
            f'YYYY-MM-DD" size="12"></label>'
            f'<label>Nationality<input name="nationality" value="{esc(nationality)}" '
            f'size="16"></label><button type="submit">Search</button></form>')


def _results(served: ServedList, name: str, kind: str, dob: str, nationality: str) -> str:
    check_dob(dob or None, "date of birth")
    hits = served.matcher.match(name, kind or None, dob or None, nationality or None, limit=10)
    if not hits:
        return (f"<p>No candidate at or above score {served.matcher.threshold:g} for "
                f"<b>{esc(name)}</b>.</p>")
    rows = "".join(
        f'<tr><td class="{esc(h.band)}">{h.score:.1f}</td><td class="{esc(h.band)}">'
        f"{esc(h.band)}</td><td>{esc(h.matched_name.text)}<br><small>{esc(h.matched_name.label)}"
        f" of {esc(h.primary_name)}</small></td>"
        f'<td><a href="/record/{esc(quote(h.reference_number, safe=""))}">'
        f"{esc(h.reference_number)}</a></td><td>{esc(h.explanation)}</td></tr>"
        for h in hits)
    return (f"<p>Candidates for <b>{esc(name)}</b> at or above score "
            f"{served.matcher.threshold:g}:</p><table><tr><th>score</th><th>band</th>"
            f"<th>matched name</th><th>reference</th><th>why</th></tr>{rows}</table>")


@router.get("/", response_class=HTMLResponse, tags=["page"], summary="The search page")
async def search_page(request: Request, name: str = "", kind: str = "", dob: str = "",
                      nationality: str = "") -> HTMLResponse:
    served = request.app.state.holder.get()
    kind = kind if kind in KINDS else ""
    body = f"<h1>Sanctions check</h1>{list_banner(request, served)}"
    body += _form(name, kind, dob, nationality)
    status = 200
    if name.strip() and served is not None:
        try:
            body += _results(served, name, kind, dob, nationality)
        except InputError as exc:
            body += f'<p class="err">{esc(exc)}</p>'
            status = 422
    return _page("Sanctions check", body, status)


@router.get("/record/{reference_number:path}", response_class=HTMLResponse, tags=["page"],
            summary="An entry's full record as a page")
async def record_page(request: Request, reference_number: str) -> HTMLResponse:
    served = request.app.state.holder.get()
    body = f'<p><a href="/">← search</a></p>{list_banner(request, served)}'
    if served is None:
        return _page("Sanctions check", body, 503)
    try:
        record = entry_record(find_entry(served.sanctions_list, reference_number))
    except InputError as exc:
        return _page("Not found", body + f'<p class="err">{esc(exc)}</p>', 404)
    rows = "".join(f"<tr><th>{esc(label)}</th><td>{'<br>'.join(esc(v) for v in values)}</td></tr>"
                   for label, values in record_fields(record))
    body += f"<h1>{esc(record['primary_name'])}</h1><table>{rows}</table>"
    return _page(record["primary_name"], body)
