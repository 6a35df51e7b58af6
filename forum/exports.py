"""The attendee list as an exporter (exporting/): each column declared once, for the embassy's
attendee page and for every export format (CSV, XLSX, PDF).

A column says what it is called, which plain values it reads (translated fields are read in
the export's language with modeltranslation's fallbacks) and how its cell is made from them.
Cells are text; the writers make it safe for each format (exporting/writers.py: CSV guards
formula starts with an apostrophe, XLSX writes string cells, which never run). Phone numbers
are written as they were entered. Check-in times are in the forum's time zone, which the
column's header names in words of the export's language (CLDR's, delegations.zones).
"""

import zoneinfo

from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

import exporting
from delegations.models import format_latin_name
from delegations.zones import zone_label
from exporting import Column, Translated
from exporting.base import first_filled, translated_names

NAME_ORDERS = [
    ("", _("As the person writes it")),
    ("family_first", _("Family name first")),
    ("given_first", _("Given name first")),
]


def _name(export, given, family, order):
    return format_latin_name(given, family, export.name_order or order)


def _checked_in(export, at):
    return export.local_time(at) if at else ""


def _checked_in_header(export):
    return gettext("Checked in (%(zone)s)") % {"zone": export.zone_label}


COLUMNS = {
    "name": Column(
        _("Name"),
        reads=("person__given_name", "person__family_name", "person__name_order"),
        cell=_name,
    ),
    "native_name": Column(_("Name in native script"), reads=("person__native_name",)),
    "organisation": Column(_("Organisation"), reads=(Translated("organisation__name"),)),
    "organisation_native": Column(
        _("Organisation (native script)"), reads=("organisation__name_native",)
    ),
    "country": Column(_("Country"), reads=("organisation__country",)),
    "delegation": Column(_("Delegation"), reads=(Translated("delegation__name"),)),
    "position": Column(_("Title or position"), reads=(Translated("person__position"),)),
    "status": Column(
        _("Status"), reads=("status",), cell=lambda export, status: export.statuses.get(status, "")
    ),
    "checked_in": Column(
        _("Checked in"), reads=("checked_in_at",), cell=_checked_in, header=_checked_in_header
    ),
    "email": Column(_("E-mail"), reads=("person__email",)),
    "phone": Column(_("Phone"), reads=("person__phone",)),
    # Titles are read per chunk of rows (AttendeeList.prepare_chunk), in programme order.
    "sessions": Column(
        _("Sessions"),
        reads=("pk",),
        cell=lambda export, pk: "; ".join(export.session_titles.get(pk, ())),
    ),
    "badge_name": Column(_("Name on badge"), reads=("badge_name",)),
}
DEFAULT_COLUMNS = ["name", "native_name", "organisation", "country", "delegation", "status"]


@exporting.register
class AttendeeList(exporting.ListExporter):
    """A forum's registrations as the attendee list shows them (filtered by forum/filters.py)."""

    identifier = "attendees"
    verbose_name = _("Attendees")
    columns = COLUMNS
    default_columns = DEFAULT_COLUMNS

    def __init__(self, forum, queryset, *, name_order="", filters=(), **options):
        super().__init__(**options)
        self.forum = forum
        self.queryset = queryset
        self.name_order = name_order
        self.filters = list(filters)  # lines that describe the filters, in the language
        self.zone = zoneinfo.ZoneInfo(forum.time_zone)
        self.statuses = {}
        self.session_titles = {}
        self._titles = None

    @property
    def zone_label(self):
        """The forum's zone in words in the active language ("China Time", "中国时间"), as
        people read it everywhere else; never the IANA ID."""
        return zone_label(self.forum.time_zone)

    def get_queryset(self):
        return self.queryset

    def title(self):
        with translation.override(self.language):
            return f"{self.forum.name} – {gettext('Attendees')}"

    def sheet_name(self):
        with translation.override(self.language):
            return gettext("Attendees")

    def filename(self, extension):
        return f"{self.forum.slug}-attendees-{timezone.localdate():%Y%m%d}.{extension}"

    def local_time(self, moment, pattern="%Y-%m-%d %H:%M"):
        return moment.astimezone(self.zone).strftime(pattern)

    def description(self):
        generated = gettext("Generated %(time)s (%(zone)s)") % {
            "time": self.local_time(timezone.now()),
            "zone": self.zone_label,
        }
        filters = "; ".join(self.filters) or gettext("none, every registration")
        return [
            generated,
            gettext("Filters: %(filters)s") % {"filters": filters},
            ngettext("%(counter)s attendee", "%(counter)s attendees", self.count)
            % {"counter": self.count},
        ]

    def prepare(self):
        from .models import Registration

        self.statuses = {value: str(label) for value, label in Registration.Status.choices}
        self._titles = _SessionTitles(self.language) if "sessions" in self.chosen else None

    def prepare_chunk(self, rows):
        if self._titles is not None:
            pk = self.position("pk")
            self.session_titles = self._titles.of([row[pk] for row in rows])


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
        self.columns = translated_names("title", language)
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


def attendee_export(forum, form):
    """The attendee exporter of exactly what `form` (forum.filters.AttendeeFilter, bound to
    the list's query string or unbound for the whole list) shows: its filters, columns, name
    order and export language, the filters described in that language for the PDF."""
    queryset = form.registrations() if form.is_bound else form.registrations_all()
    cleaned = form.cleaned_data if form.is_bound else {}
    language = cleaned.get("language") or translation.get_language()
    with translation.override(language):
        filters = form.description()
    return AttendeeList(
        forum,
        queryset,
        columns=form.chosen_columns(),
        language=language,
        name_order=cleaned.get("name_order", ""),
        filters=filters,
    )
