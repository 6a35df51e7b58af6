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

from delegations.models import format_latin_name

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
    return format_latin_name(person.given_name, person.family_name, order or person.name_order)


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


def _lang_suffix(language):
    return (language or "en").replace("-", "_")


def translated_columns(prefix, language):
    """Column names of a translated field, in modeltranslation's fallback order."""
    order = [_lang_suffix(language), "en", "da"]
    return [f"{prefix}_{code}" for code in dict.fromkeys(order)]


def attendee_rows(queryset, columns, name_order="", language=None):
    """Rows of plain text for `columns`, one per registration.

    Reads plain values in chunks from a server-side cursor, not model instances: building
    objects with translated fields cost more than everything else in an export. The page's
    table uses the same COLUMNS on model instances; tests compare both."""
    from .models import Registration

    language = language or translation.get_language()
    fields = {
        "pk": ["pk"],
        "given": ["person__given_name"],
        "family": ["person__family_name"],
        "order": ["person__name_order"],
        "native": ["person__native_name"],
        "position": translated_columns("person__position", language),
        "org": translated_columns("organisation__name", language),
        "org_native": ["organisation__name_native"],
        "country": ["organisation__country"],
        "delegation": translated_columns("delegation__name", language),
        "status": ["status"],
        "checked_in": ["checked_in_at"],
        "email": ["person__email"],
        "phone": ["person__phone"],
        "badge": ["badge_name"],
    }
    names = [name for group in fields.values() for name in group]
    index = {}
    for key, group in fields.items():
        index[key] = [names.index(name) for name in group]
    with translation.override(language):
        statuses = {value: str(label) for value, label in Registration.Status.choices}
    values = queryset.prefetch_related(None).select_related(None).values_list(*names)
    want_sessions = "sessions" in columns
    chunk = []
    for row in values.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from _rows_of_chunk(
                chunk, columns, name_order, index, statuses, language, want_sessions
            )
            chunk = []
    if chunk:
        yield from _rows_of_chunk(
            chunk, columns, name_order, index, statuses, language, want_sessions
        )


def _first(row, positions):
    for position in positions:
        if row[position]:
            return row[position]
    return ""


def _sessions_of(registration_ids, language):
    from .models import Registration

    through = Registration.sessions.through
    titles = translated_columns("session__title", language)
    found = {}
    rows = (
        through.objects.filter(registration_id__in=registration_ids)
        .order_by("session__starts_at", "session_id")
        .values_list("registration_id", *titles)
    )
    for registration_id, *title in rows:
        found.setdefault(registration_id, []).append(next((t for t in title if t), ""))
    return found


def _rows_of_chunk(chunk, columns, name_order, index, statuses, language, want_sessions):
    sessions = _sessions_of([row[0] for row in chunk], language) if want_sessions else {}
    for row in chunk:
        given, family = row[index["given"][0]], row[index["family"][0]]
        order = name_order or row[index["order"][0]]
        name = format_latin_name(given, family, order)
        checked = row[index["checked_in"][0]]
        cells = {
            "name": name,
            "native_name": row[index["native"][0]],
            "organisation": _first(row, index["org"]),
            "organisation_native": row[index["org_native"][0]],
            "country": row[index["country"][0]],
            "delegation": _first(row, index["delegation"]),
            "position": _first(row, index["position"]),
            "status": statuses.get(row[index["status"][0]], ""),
            "checked_in": checked.strftime("%Y-%m-%d %H:%M") if checked else "",
            "email": row[index["email"][0]],
            "phone": row[index["phone"][0]],
            "sessions": "; ".join(sessions.get(row[0], [])),
            "badge_name": row[index["badge"][0]],
        }
        yield [cells[key] or "" for key in columns]


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
    """Write the CSV to `file`; returns the number of attendee rows (the header not counted)."""
    lines = -1
    for lines, chunk in enumerate(csv_stream(columns, rows)):  # noqa: B007 (last index = rows)
        file.write(chunk)
    return lines


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
