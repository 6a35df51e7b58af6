"""Attendee lists out of the app: CSV, XLSX and PDF of exactly what the list shows.

One function decides what a cell holds (`attendee_rows`), one makes it safe for spreadsheets
(`neutralise`), and each format only writes. CSV streams row by row from a chunked queryset
iterator, so memory stays flat however long the list.

Formula injection: a spreadsheet runs a cell that begins with = + - @ (and some begin with a
tab, CR or LF). Such text gets a leading apostrophe in CSV and XLSX. Phone numbers would be
hit too ("+45 …"), so they are written with the country code in brackets, "(+45) 20 00 00 01",
which no spreadsheet runs and every reader can dial. PDF is not a spreadsheet: it shows the
text as written.
"""

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
PHONE = re.compile(r"^\+(\d{1,3})[\s-]*(.*)$")
CHUNK = 2000

NAME_ORDERS = [
    ("", _("As the person writes it")),
    ("family_first", _("Family name first")),
    ("given_first", _("Given name first")),
]


def neutralise(value):
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(DANGEROUS_STARTS):
        return "'" + text
    return text


def spreadsheet_phone(phone):
    """ "+45 20 00 00 01" → "(+45) 20 00 00 01": readable, and no spreadsheet runs it."""
    match = PHONE.match(phone or "")
    if match:
        return f"(+{match.group(1)}) {match.group(2)}".strip()
    return phone or ""


def latin_name(person, order):
    if order == "family_first":
        return f"{person.family_name} {person.given_name}"
    if order == "given_first":
        return f"{person.given_name} {person.family_name}"
    return person.latin_name


@dataclass
class Column:
    label: str
    value: Callable


COLUMNS = {
    "name": Column(_("Name"), lambda r, order: latin_name(r.person, order)),
    "native_name": Column(_("Name in native script"), lambda r, order: r.person.native_name),
    "organisation": Column(
        _("Organisation"), lambda r, order: r.organisation.name if r.organisation else ""
    ),
    "organisation_native": Column(
        _("Organisation (native script)"),
        lambda r, order: r.organisation.name_native if r.organisation else "",
    ),
    "country": Column(
        _("Country"), lambda r, order: r.organisation.country if r.organisation else ""
    ),
    "delegation": Column(
        _("Delegation"), lambda r, order: r.delegation.name if r.delegation else ""
    ),
    "position": Column(_("Title or position"), lambda r, order: r.person.position),
    "status": Column(_("Status"), lambda r, order: r.get_status_display()),
    "checked_in": Column(
        _("Checked in"),
        lambda r, order: r.checked_in_at.strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
    ),
    "email": Column(_("E-mail"), lambda r, order: r.person.email),
    "phone": Column(_("Phone"), lambda r, order: r.person.phone),
    "sessions": Column(
        _("Sessions"), lambda r, order: "; ".join(s.title for s in r.sessions.all())
    ),
    "badge_name": Column(_("Name on badge"), lambda r, order: r.badge_name),
}
DEFAULT_COLUMNS = ["name", "native_name", "organisation", "country", "delegation", "status"]


def header(columns):
    return [str(COLUMNS[key].label) for key in columns]


def attendee_rows(queryset, columns, name_order="", language=None):
    """Rows of plain text for `columns`, one per registration, read in chunks."""
    with translation.override(language or translation.get_language()):
        for registration in queryset.iterator(chunk_size=CHUNK):
            yield [str(COLUMNS[key].value(registration, name_order) or "") for key in columns]


def spreadsheet_cells(columns, row):
    """A row as a spreadsheet may hold it: phones bracketed, formula starts neutralised."""
    return [
        neutralise(spreadsheet_phone(value) if key == "phone" else value)
        for key, value in zip(columns, row, strict=True)
    ]


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote."""

    def write(self, value):
        return value


def csv_stream(columns, rows):
    """UTF-8 with BOM (Excel then reads Chinese right), one encoded line at a time."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode() + writer.writerow(header(columns)).encode()
    for row in rows:
        yield writer.writerow(spreadsheet_cells(columns, row)).encode()


def write_csv(columns, rows, file):
    count = 0
    for count, chunk in enumerate(csv_stream(columns, rows)):  # noqa: B007
        file.write(chunk)
    return count


def write_xlsx(columns, rows, file, title="Attendees"):
    """A write-only workbook: rows go to a temporary file as they come. Returns the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    heading = []
    for label in header(columns):
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    count = 0
    for row in rows:
        cells = []
        for value in spreadsheet_cells(columns, row):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # always text: nothing in an attendee list is a formula
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(file)
    return count


def pdf_bytes(columns, rows, title, request=None):
    """A printable list (WeasyPrint, Noto CJK for Chinese names)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    rows = list(rows)
    html = render_to_string(
        "forum/embassy/attendees_pdf.html",
        {"title": title, "header": header(columns), "rows": rows},
        request,
    )
    return HTML(string=html).write_pdf(), len(rows)
