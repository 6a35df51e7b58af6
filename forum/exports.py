"""Attendee lists out of the app: CSV, XLSX and PDF of exactly what the list shows.

One function decides what a cell holds (`attendee_rows`), one makes it safe for spreadsheets
(`spreadsheet_rows`), and each format only writes. CSV streams a few hundred rows at a time
from a chunked queryset iterator, so memory stays flat however long the list.

Formula injection: a spreadsheet runs a cell that begins with = + - @ (and some begin with a
tab, CR or LF). Such text gets a leading apostrophe in CSV and XLSX. Phone numbers would be
hit too ("+45 …"), so they are written with the country code in brackets, "(+45) 20 00 00 01",
which no spreadsheet runs and every reader can dial. PDF is not a spreadsheet: it shows the
text as written.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from delegations.languages import fallback_names
from delegations.models import format_latin_name

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
PHONE = re.compile(r"^\+(\d{1,3})[\s-]*(.*)$")
CHUNK = 2000

NAME_ORDERS = [
    ("", _("As the person writes it")),
    ("family_first", _("Family name first")),
    ("given_first", _("Given name first")),
]


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


def translated_columns(prefix, language):
    """Column names of a translated field, in modeltranslation's fallback order."""
    return fallback_names(prefix, language)


def first_filled(texts):
    """The first non-empty of a translated field's values read in fallback order."""
    return next((text for text in texts if text), "")


# Where each value comes from; translated fields are read in all their columns (fallback order).
SOURCES = {
    "given": "person__given_name",
    "family": "person__family_name",
    "order": "person__name_order",
    "native": "person__native_name",
    "position": "person__position",
    "org": "organisation__name",
    "org_native": "organisation__name_native",
    "country": "organisation__country",
    "delegation": "delegation__name",
    "status": "status",
    "checked_in": "checked_in_at",
    "email": "person__email",
    "phone": "person__phone",
    "badge": "badge_name",
}
TRANSLATED = {"position", "org", "delegation"}
# … and which values each column needs (sessions: read per chunk, see _SessionTitles).
NEEDS = {
    "name": ["given", "family", "order"],
    "native_name": ["native"],
    "organisation": ["org"],
    "organisation_native": ["org_native"],
    "country": ["country"],
    "delegation": ["delegation"],
    "position": ["position"],
    "status": ["status"],
    "checked_in": ["checked_in"],
    "email": ["email"],
    "phone": ["phone"],
    "sessions": [],
    "badge_name": ["badge"],
}


def attendee_rows(queryset, columns, name_order="", language=None):
    """Rows of plain text for `columns`, one per registration.

    Reads plain values in chunks from a server-side cursor, not model instances: building
    objects with translated fields cost more than everything else in an export. The page's
    table uses the same COLUMNS on model instances; tests compare both."""
    from .models import Registration

    language = language or translation.get_language()
    fields = {"pk": ["pk"]}  # only what the chosen columns need: fewer joins, less to fetch
    for column in columns:
        for key in NEEDS[column]:
            source = SOURCES[key]
            fields[key] = translated_columns(source, language) if key in TRANSLATED else [source]
    names = [name for group in fields.values() for name in group]
    index = {key: [names.index(name) for name in group] for key, group in fields.items()}
    with translation.override(language):
        statuses = {value: str(label) for value, label in Registration.Status.choices}
    values = queryset.prefetch_related(None).select_related(None).values_list(*names)
    titles = _SessionTitles(language) if "sessions" in columns else None
    getters = _getters(columns, name_order, index, statuses)
    chunk = []
    for row in values.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from _rows_of_chunk(chunk, getters, titles)
            chunk = []
    if chunk:
        yield from _rows_of_chunk(chunk, getters, titles)


def _session_links(registration_ids):
    """(registration id, session id) pairs of these registrations. On PostgreSQL the ids go as
    one array parameter: an IN list of 2,000 placeholders cost 20 ms per chunk to build and
    parse, more than the rest of the export (docs/benchmarks.md)."""
    from .models import Registration

    through = Registration.sessions.through
    if connection.vendor != "postgresql":
        links = through.objects.filter(registration_id__in=registration_ids)
        return list(links.values_list("registration_id", "session_id"))
    table = connection.ops.quote_name(through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT registration_id, session_id FROM {table}"
            " WHERE registration_id = ANY(%s::bigint[])",
            # One text parameter: psycopg adapting 2,000 ints one by one cost more than the query.
            ["{" + ",".join(map(str, registration_ids)) + "}"],
        )
        return cursor.fetchall()


class _SessionTitles:
    """Session titles in one language and their place in the programme, read once per export."""

    def __init__(self, language):
        self.columns = translated_columns("title", language)
        self.known = {}  # session id: ((starts at, id), title)

    def of(self, registration_ids):
        """{registration id: [titles in programme order]} for one chunk."""
        from .models import Session

        links = _session_links(registration_ids)
        missing = {session_id for _, session_id in links} - self.known.keys()
        if missing:
            rows = Session.objects.filter(pk__in=missing).values_list(
                "pk", "starts_at", *self.columns
            )
            for pk, starts_at, *titles in rows:
                self.known[pk] = ((starts_at, pk), first_filled(titles))
        known = self.known
        grouped = {}
        for registration_id, session_id in links:
            grouped.setdefault(registration_id, []).append(known[session_id])
        for sessions in grouped.values():
            if len(sessions) > 1:
                sessions.sort()
        return {pk: [title for _, title in sessions] for pk, sessions in grouped.items()}


def _getters(columns, name_order, index, statuses):
    """One function per wanted column, from a row of plain values to the cell's text."""

    def first(key):
        positions = index[key]
        return lambda row: first_filled(row[p] for p in positions)

    def plain(key):
        position = index[key][0]
        return lambda row: row[position] or ""

    def name():
        given, family, order = index["given"][0], index["family"][0], index["order"][0]
        return lambda row: format_latin_name(row[given], row[family], name_order or row[order])

    def status():
        position = index["status"][0]
        return lambda row: statuses.get(row[position], "")

    def checked_in():
        position = index["checked_in"][0]
        return lambda row: row[position].strftime("%Y-%m-%d %H:%M") if row[position] else ""

    makers = {
        "name": name,
        "native_name": lambda: plain("native"),
        "organisation": lambda: first("org"),
        "organisation_native": lambda: plain("org_native"),
        "country": lambda: plain("country"),
        "delegation": lambda: first("delegation"),
        "position": lambda: first("position"),
        "status": status,
        "checked_in": checked_in,
        "email": lambda: plain("email"),
        "phone": lambda: plain("phone"),
        "badge_name": lambda: plain("badge"),
    }
    # None: the sessions column, filled per chunk.
    return [makers[key]() if key in makers else None for key in columns]


def _rows_of_chunk(chunk, getters, titles):
    sessions = titles.of([row[0] for row in chunk]) if titles else {}
    for row in chunk:
        yield [
            get(row) if get is not None else "; ".join(sessions.get(row[0], ())) for get in getters
        ]


def spreadsheet_rows(columns, rows):
    """Rows as a spreadsheet may hold them: phones bracketed, formula starts neutralised.
    `rows` hold text only (attendee_rows); a function call per cell was a sixth of a large
    export."""
    phone = columns.index("phone") if "phone" in columns else None
    for row in rows:
        if phone is not None:
            row[phone] = spreadsheet_phone(row[phone])
        yield ["'" + text if text.startswith(DANGEROUS_STARTS) else text for text in row]


def csv_stream(columns, rows, rows_per_chunk=500):
    """UTF-8 with BOM (Excel then reads Chinese right), a few hundred encoded rows at a time:
    a chunk per row doubled the cost of writing (docs/benchmarks.md)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header(columns))
    batch = []
    for row in spreadsheet_rows(columns, rows):
        batch.append(row)
        if len(batch) >= rows_per_chunk:
            writer.writerows(batch)
            batch = []
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue().encode()


def write_csv(columns, rows, file):
    """Write the CSV to `file`; returns the number of attendee rows (the header not counted)."""
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for chunk in csv_stream(columns, counted()):
        file.write(chunk)
    return count


def write_xlsx(columns, rows, file, title="Attendees"):
    """XlsxWriter in constant-memory mode: each row goes to a temporary file as it comes; half
    the time of openpyxl's write-only workbook (docs/benchmarks.md). Returns the row count."""
    import xlsxwriter

    # Every value is text: no string becomes a formula, a number or a link, whatever it holds.
    workbook = xlsxwriter.Workbook(
        file,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
    sheet.write_row(0, 0, header(columns), workbook.add_format({"bold": True}))
    count = 0
    for count, row in enumerate(spreadsheet_rows(columns, rows), start=1):
        sheet.write_row(count, 0, row)
    workbook.close()
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
