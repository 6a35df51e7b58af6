"""Participant spreadsheets in: CSV or XLSX, column mapping, preview, all-or-nothing.

`read_table()` refuses what it cannot trust (too large, not what the extension says, a zip
bomb, XML entity declarations, a text encoding that is not UTF-8) with a message a person
understands. `import_participants()` checks every value against its column before anything is
written; one bad row and nothing is written. People are matched by e-mail (case-insensitive),
registrations by forum and person, so importing the same file twice changes nothing. The
preview says, field by field, what an import will change (old → new), registration status,
badge name and sessions included, and which organisations it will create.
"""

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

import pagecache
from delegations.models import Organisation, Person
from delegations.slugs import unique_slug

from . import search
from .models import Registration, Session, SessionRole

TARGETS = {
    "email": gettext_lazy("E-mail"),
    "given_name": gettext_lazy("Given name"),
    "family_name": gettext_lazy("Family name"),
    "native_name": gettext_lazy("Name in native script"),
    "name_order": gettext_lazy("Name order"),
    "position": gettext_lazy("Title or position"),
    "phone": gettext_lazy("Phone"),
    "organisation": gettext_lazy("Organisation"),
    "country": gettext_lazy("Country"),
    "status": gettext_lazy("Status"),
    "badge_name": gettext_lazy("Name on badge"),
    "sessions": gettext_lazy("Sessions"),
}
REQUIRED = ("email", "given_name", "family_name")
ALIASES = {
    "email": {"email", "e-mail", "mail", "e-mail address", "邮箱", "电子邮件", "e-mailadresse"},
    "given_name": {"given name", "first name", "given_name", "fornavn", "名"},
    "family_name": {"family name", "last name", "surname", "family_name", "efternavn", "姓"},
    "native_name": {"native name", "chinese name", "中文名", "姓名", "native_name"},
    "name_order": {"name order", "name_order", "navnefølge"},
    "position": {"position", "title", "职务", "职位", "stilling", "titel"},
    "phone": {"phone", "telephone", "mobile", "电话", "手机", "telefon", "mobil"},
    "organisation": {"organisation", "organization", "单位", "机构", "organisation name"},
    "country": {"country", "国家", "land"},
    "status": {"status", "状态"},
    "badge_name": {"badge name", "badge", "badge_name", "胸牌", "navneskilt"},
    "sessions": {"sessions", "session", "会议", "sessioner"},
}
# Where each value goes, for the length check against its column.
PERSON_FIELDS = ("given_name", "family_name", "native_name", "name_order", "phone", "position")
XLSX_REQUIRED_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
BATCH = 500  # rows per INSERT or UPDATE when writing in bulk
IMPORT_DIR = Path(settings.IMPORT_DIR)


class ImportRefused(Exception):
    """The file cannot be read safely; the message says why and what to do."""


@dataclass
class RowResult:
    number: int  # as the spreadsheet counts: the header is row 1
    values: dict
    errors: list = field(default_factory=list)
    action: str = ""  # new, update, unchanged
    changes: list = field(default_factory=list)  # [(label, old, new)]

    @property
    def action_label(self):
        return {
            "new": _("New person"),
            "update": _("Changes"),
            "unchanged": _("Unchanged"),
        }.get(self.action, "")


@dataclass
class NewOrganisation:
    """An organisation named in the file that does not exist yet: staff choose its kind, an
    English name, or an existing organisation it really is."""

    index: int
    name: str
    country: str
    rows: int = 0
    kind: str = Organisation.Kind.OTHER
    name_en: str = ""
    match: Organisation | None = None

    @property
    def is_native(self):
        return bool(CJK.search(self.name))


@dataclass
class ImportReport:
    rows: list
    new_organisations: list = field(default_factory=list)
    people_created: int = 0
    people_updated: int = 0
    registrations_created: int = 0
    registrations_updated: int = 0
    written: bool = False

    @property
    def errors(self):
        return [row for row in self.rows if row.errors]


# --- reading files --------------------------------------------------------------------------


def read_table(name, data):
    """(headers, rows) from CSV or XLSX bytes, or ImportRefused."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(
            _("The file is larger than %(limit)d MB. Split it into smaller files.")
            % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        table = _read_xlsx(data)
    elif lowered.endswith(".csv") or lowered.endswith(".txt"):
        table = _read_csv(data)
    else:
        raise ImportRefused(_("Upload a .csv or .xlsx file."))
    rows = [row for row in table if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportRefused(_("The file is empty."))
    headers, body = [h.strip() for h in rows[0]], rows[1:]
    if len(body) > settings.IMPORT_MAX_ROWS:
        raise ImportRefused(
            _("The file has %(rows)d rows; at most %(limit)d can be imported at once.")
            % {"rows": len(body), "limit": settings.IMPORT_MAX_ROWS}
        )
    return headers, body


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            _(
                "The file is not in UTF-8 (a problem at byte %(position)d), so names would be "
                "garbled. In Excel choose Save as › “CSV UTF-8”, or upload the .xlsx file."
            )
            % {"position": error.start}
        ) from error
    if "\x00" in text:
        raise ImportRefused(
            _("The file contains NUL bytes, which a text file never holds. Save it again as CSV.")
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:
        raise ImportRefused(
            _("The CSV file could not be read: %(problem)s.") % {"problem": error}
        ) from error


NOT_XLSX = gettext_lazy(
    "This is not a real .xlsx file. Save it again from your spreadsheet program."
)


def _read_xlsx(data):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(str(NOT_XLSX))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ImportRefused(str(NOT_XLSX)) from error
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True)):
            if number > settings.IMPORT_MAX_ROWS + 1:
                break
            rows.append(["" if cell is None else str(cell) for cell in row])
        workbook.close()
    except DefusedXmlException as error:
        raise ImportRefused(str(ENTITIES_REFUSED)) from error
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise ImportRefused(_("The .xlsx file could not be read: it may be damaged.")) from error
    return rows


ENTITIES_REFUSED = gettext_lazy(
    "The file declares XML entities or a document type, which a spreadsheet never needs and "
    "which can be used to attack a server; it was refused. Save it again from your "
    "spreadsheet program."
)


def _check_archive(archive):
    """Refuse zip bombs and XML with a document type or entities (billion laughs, external
    entities) before any XML parser sees the file."""
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if not XLSX_REQUIRED_PARTS <= names:
        raise ImportRefused(str(NOT_XLSX))
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES or unpacked / packed > 200:
        raise ImportRefused(
            _("The file unpacks to far more data than a participant list holds; it was refused.")
        )
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(info) as part:
                head = part.read(4096).upper()
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise ImportRefused(str(ENTITIES_REFUSED))


# --- previews kept between upload and confirmation ---------------------------------------------


def stash(data, name):
    """Keep the uploaded file between preview and confirmation under a random token; previews
    older than IMPORT_PREVIEW_HOURS are removed on the way."""
    import secrets

    IMPORT_DIR.mkdir(parents=True, exist_ok=True)
    remove_old_previews()
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    token = f"{secrets.token_urlsafe(16)}{suffix}"
    (IMPORT_DIR / token).write_bytes(data)
    return token


def unstash(token):
    if not token or not re.fullmatch(r"[A-Za-z0-9_-]{10,40}\.(csv|xlsx)", token):
        return None
    path = IMPORT_DIR / token
    return path.read_bytes() if path.exists() else None


def forget(token):
    if unstash(token) is not None:
        (IMPORT_DIR / token).unlink(missing_ok=True)


def remove_old_previews(now=None):
    """Delete kept uploads older than IMPORT_PREVIEW_HOURS; returns how many went."""
    if not IMPORT_DIR.exists():
        return 0
    limit = (now or time.time()) - settings.IMPORT_PREVIEW_HOURS * 3600
    removed = 0
    for path in IMPORT_DIR.iterdir():
        if path.suffix in (".csv", ".xlsx") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# --- mapping and checking ---------------------------------------------------------------------


def _header_aliases():
    """Column names people use, in every language of the site, for each target."""
    aliases = {target: set(names) | {target} for target, names in ALIASES.items()}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for target, label in TARGETS.items():
                aliases[target].add(str(label).lower())
    return aliases


def guess_mapping(headers):
    """{target: column index} from the header names (Danish, English and Chinese names)."""
    aliases = _header_aliases()
    mapping = {}
    for index, header in enumerate(headers):
        key = header.strip().lower()
        for target, names in aliases.items():
            if key in names and target not in mapping:
                mapping[target] = index
    return mapping


def status_values():
    """{what a file may say: status value}: the values and their names in every language."""
    found = {}
    for value, label in Registration.Status.choices:
        found[value] = value
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                found[str(label).lower()] = value
    return found


def _limits():
    """{target: max length} from the columns each value is written to."""
    person = {name: Person._meta.get_field(name).max_length for name in PERSON_FIELDS}
    return {
        **person,
        "email": Person._meta.get_field("email").max_length,
        "organisation": Organisation._meta.get_field("name").max_length,
        "badge_name": Registration._meta.get_field("badge_name").max_length,
    }


def _cell(row, index):
    if index is None or index >= len(row):
        return ""
    return str(row[index]).strip()


def _session_titles(forum):
    """{title in any language, lowercased: session id} of the forum's sessions."""
    columns = [build_localized_fieldname("title", code) for code, _n in settings.LANGUAGES]
    titles = {}
    for pk, *texts in Session.objects.filter(forum=forum).values_list("pk", *columns):
        for text in texts:
            if text:
                titles.setdefault(text.strip().lower(), pk)
    return titles


def _split_sessions(text):
    return [part.strip() for part in re.split(r"[;\n；]", text) if part.strip()]


def _check(number, values, seen, statuses, limits, sessions):
    errors = []
    for target in REQUIRED:
        if not values.get(target):
            errors.append(_("%(column)s is missing.") % {"column": TARGETS[target]})
    for target, limit in limits.items():
        if len(values.get(target, "")) > limit:
            errors.append(
                _("%(column)s is too long: %(length)d characters, at most %(limit)d.")
                % {"column": TARGETS[target], "length": len(values[target]), "limit": limit}
            )
    email = values.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("“%(value)s” is not an e-mail address.") % {"value": values["email"]})
        if email in seen:
            errors.append(
                _("The same e-mail address is already in row %(row)d.") % {"row": seen[email]}
            )
        seen.setdefault(email, number)
    country = values.get("country", "").upper()
    if country and (len(country) != 2 or not country.isalpha()):
        errors.append(_("Country must be a two-letter code such as CN or DK."))
    status = values.get("status", "").lower()
    if status and status not in statuses:
        with_labels = sorted(
            {label for label in statuses if not label.isascii()} | set(Registration.Status.values)
        )
        errors.append(
            _("Status must be one of: %(choices)s.") % {"choices": ", ".join(with_labels)}
        )
    order = values.get("name_order", "")
    if order and order not in Person.NameOrder.values:
        errors.append(_("Name order must be given_first or family_first."))
    for title in _split_sessions(values.get("sessions", "")):
        if title.lower() not in sessions:
            errors.append(_("There is no session “%(title)s” in this forum.") % {"title": title})
    return errors


# --- the import ---------------------------------------------------------------------------------


def import_participants(
    forum, headers, rows, mapping, *, dry_run, organisations=None, user=None, language=None
):
    """Check every row, then (unless `dry_run` or any row has errors) write all in one
    transaction. `organisations` holds staff's choices for organisations the file would
    create ({name: {"kind", "name_en", "match"}}); `user` is who imports, for the history
    when there is no request (a job); `language` is the language of the file's titles (they
    go into that language's column, whatever the language of the page; default: the page's).
    Returns an ImportReport."""
    report = ImportReport(rows=[])
    seen, statuses, limits = {}, status_values(), _limits()
    sessions = _session_titles(forum) if "sessions" in mapping else {}
    for offset, row in enumerate(rows):
        number = offset + 2
        values = {target: _cell(row, mapping.get(target)) for target in TARGETS}
        errors = _check(number, values, seen, statuses, limits, sessions)
        if values["status"]:
            values["status"] = statuses.get(values["status"].lower(), values["status"])
        report.rows.append(RowResult(number, values, errors))
    state = _State.read(forum, report.rows, sessions, file_language(language))
    report.new_organisations = state.new_organisations(report.rows, organisations or {})
    for row in report.rows:
        state.compare(row)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        _write(forum, report, state, user)
    report.written = True
    return report


class _State:
    """What the database holds for the people and registrations a file names: read in a
    fixed number of queries, whatever the number of rows."""

    def __init__(self, forum, people, registrations, links, sessions, organisations, language):
        self.forum = forum
        self.people = people  # {lowercased e-mail: Person}
        self.registrations = registrations  # {person id: Registration}
        self.links = links  # {registration id: {session id}}
        self.sessions = sessions  # {lowercased title: session id}
        self.organisations = organisations  # {lowercased name: Organisation}
        self.titles = {pk: title for title, pk in sessions.items()}
        self.language = language  # of the file's titles

    @classmethod
    def read(cls, forum, rows, sessions, language):
        emails = [row.values["email"].lower() for row in rows if row.values["email"]]
        people = {
            p.email_lower: p
            for p in Person.objects.annotate(email_lower=Lower("email")).filter(
                email_lower__in=emails
            )
        }
        registrations = {
            r.person_id: r
            for r in Registration.objects.filter(forum=forum, person__in=people.values())
        }
        links = {}
        through = Registration.sessions.through
        for registration_id, session_id in through.objects.filter(
            registration__in=registrations.values()
        ).values_list("registration_id", "session_id"):
            links.setdefault(registration_id, set()).add(session_id)
        names = {row.values["organisation"] for row in rows if row.values["organisation"]}
        organisations = {}
        if names:
            lowered = {name.lower() for name in names}
            for organisation in Organisation.objects.annotate(lower=Lower("name")).filter(
                lower__in=lowered
            ):
                organisations.setdefault(organisation.lower, organisation)
            for organisation in Organisation.objects.filter(name_native__in=names):
                organisations.setdefault(organisation.name_native.lower(), organisation)
        return cls(forum, people, registrations, links, sessions, organisations, language)

    def new_organisations(self, rows, choices):
        found = {}
        for row in rows:
            name = row.values["organisation"]
            if not name or name.lower() in self.organisations:
                continue
            if name not in found:
                choice = choices.get(name, {})
                found[name] = NewOrganisation(
                    index=len(found),
                    name=name,
                    country=(row.values["country"] or "CN").upper(),
                    kind=choice.get("kind") or Organisation.Kind.OTHER,
                    name_en=choice.get("name_en") or "",
                    match=choice.get("match"),
                )
            found[name].rows += 1
        self.planned = found
        return list(found.values())

    def compare(self, row):
        """Set the row's action and its changes, field by field (old → new)."""
        values = row.values
        person = self.people.get(values["email"].lower())
        if person is None:
            row.action = "new"
            return
        changes = [
            (TARGETS[name], getattr(person, _column(name, self.language)), values[name])
            for name in _person_changes(person, values, self.language)
        ]
        registration = self.registrations.get(person.pk)
        if registration is None:
            changes.append((_("Registration"), "", _("new")))
        else:
            statuses = dict(Registration.Status.choices)
            if values["status"] and values["status"] != registration.status:
                changes.append(
                    (
                        TARGETS["status"],
                        str(statuses[registration.status]),
                        str(statuses.get(values["status"], values["status"])),
                    )
                )
            if values["badge_name"] and values["badge_name"] != registration.badge_name:
                changes.append(
                    (TARGETS["badge_name"], registration.badge_name, values["badge_name"])
                )
            wanted = self.wanted_sessions(values)
            if wanted is not None and wanted != self.links.get(registration.pk, set()):
                changes.append(
                    (
                        TARGETS["sessions"],
                        self.describe(self.links.get(registration.pk, set())),
                        self.describe(wanted),
                    )
                )
        row.changes = changes
        row.action = "update" if changes else "unchanged"

    def wanted_sessions(self, values):
        titles = _split_sessions(values.get("sessions", ""))
        if not titles:
            return None
        return {self.sessions[title.lower()] for title in titles if title.lower() in self.sessions}

    def describe(self, session_ids):
        return "; ".join(sorted(self.titles.get(pk, "") for pk in session_ids))

    def organisation_for(self, name):
        if not name:
            return None
        return self.organisations.get(name.lower())


def file_language(language):
    """The file's language as one of the site's (else the page's)."""
    codes = [code for code, _name in settings.LANGUAGES]
    if language in codes:
        return language
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active if active in codes else settings.LANGUAGE_CODE


def _column(name, language):
    """The column a file's value goes into: a title into the file's language's own."""
    return build_localized_fieldname(name, language) if name == "position" else name


def _person_changes(person, values, language):
    return {
        name: values[name]
        for name in PERSON_FIELDS
        if values.get(name) and getattr(person, _column(name, language)) != values[name]
    }


def _create_organisations(state):
    """The organisations the file names and staff chose to create (or matched)."""
    for planned in state.planned.values():
        if planned.match is not None:
            state.organisations[planned.name.lower()] = planned.match
            continue
        english = planned.name_en or planned.name
        values = {"name_en": english, "name": english, "country": planned.country}
        if planned.is_native:
            values.update(name_native=planned.name, name_zh_hans=planned.name)
        organisation = Organisation.objects.create(
            slug=unique_slug(Organisation, english, fallback="organisation"),
            kind=planned.kind,
            **values,
        )
        state.organisations[planned.name.lower()] = organisation


def _write(forum, report, state, user=None):
    """Everything in bulk, each row with its history record naming the importer
    (simple-history's request middleware): new people and registrations, changed people and
    registrations, sessions. Unchanged rows cost nothing."""
    _create_organisations(state)
    language = state.language
    new_people, changed_people, to_register, changed_registrations = [], {}, [], {}
    session_sets = {}
    for row in report.rows:
        if row.action == "unchanged":
            continue
        values = row.values
        organisation = state.organisation_for(values["organisation"])
        person = state.people.get(values["email"].lower())
        if person is None:
            person = Person(
                email=values["email"],
                kind=Person.Kind.PARTICIPANT,
                organisation=organisation,
                **{
                    _column(name, language): values[name]
                    for name in PERSON_FIELDS
                    if values.get(name)
                },
            )
            new_people.append(person)
        else:
            changes = _person_changes(person, values, language)
            for name, value in changes.items():
                setattr(person, _column(name, language), value)
            if changes:
                changed_people[person.pk] = person
        registration = state.registrations.get(person.pk) if person.pk else None
        if registration is None:
            to_register.append((person, values, organisation))
            continue
        if values["status"] and values["status"] != registration.status:
            registration.status = values["status"]
            if registration.status != Registration.Status.ATTENDED:
                registration.checked_in_at = None
            changed_registrations[registration.pk] = registration
        if values["badge_name"] and values["badge_name"] != registration.badge_name:
            registration.badge_name = values["badge_name"]
            changed_registrations[registration.pk] = registration
        wanted = state.wanted_sessions(values)
        if wanted is not None and wanted != state.links.get(registration.pk, set()):
            session_sets[registration.pk] = wanted
    bulk_create_with_history(new_people, Person, batch_size=BATCH, default_user=user)
    report.people_created = len(new_people)
    if changed_people:
        fields = [_column(name, language) for name in PERSON_FIELDS]
        bulk_update_with_history(
            list(changed_people.values()),
            Person,
            [*fields, "updated_at"],
            batch_size=BATCH,
            default_user=user,
        )
    report.people_updated = len(changed_people)
    registrations = [
        Registration(
            forum=forum,
            person=person,
            organisation=organisation or person.organisation,
            status=values.get("status") or Registration.Status.REGISTERED,
            badge_name=values.get("badge_name") or values.get("native_name") or person.latin_name,
        )
        for person, values, organisation in to_register
    ]
    for registration in registrations:
        registration.search_text = search.text_of(registration)  # bulk_create skips save()
    bulk_create_with_history(registrations, Registration, batch_size=BATCH, default_user=user)
    report.registrations_created = len(registrations)
    for registration, (_person, values, _organisation) in zip(
        registrations, to_register, strict=True
    ):
        wanted = state.wanted_sessions(values)
        if wanted:
            session_sets[registration.pk] = wanted
    if changed_registrations:
        bulk_update_with_history(
            list(changed_registrations.values()),
            Registration,
            ["status", "checked_in_at", "badge_name", "updated_at"],
            batch_size=BATCH,
            default_user=user,
        )
    report.registrations_updated = len(changed_registrations) + len(
        set(session_sets) - {r.pk for r in registrations} - set(changed_registrations)
    )
    if session_sets:
        through = Registration.sessions.through
        through.objects.filter(registration_id__in=list(session_sets)).delete()
        through.objects.bulk_create(
            [
                through(registration_id=registration_id, session_id=session_id)
                for registration_id, wanted in session_sets.items()
                for session_id in sorted(wanted)
            ],
            batch_size=BATCH,
        )
    # Bulk writes send no signals: what registrations are found by (forum/search.py), the
    # forum's pages, and the itineraries of everyone whose name, status or seats changed, are
    # brought up to date here in one step.
    renamed, rebadged = sorted(changed_people), sorted(changed_registrations)
    for start in range(0, max(len(renamed), len(rebadged)), BATCH):
        people, rows = renamed[start : start + BATCH], rebadged[start : start + BATCH]
        search.refresh(Registration.objects.filter(person_id__in=people))
        search.refresh(Registration.objects.filter(pk__in=rows))
    touched = {person.pk for person in changed_people.values()}
    touched |= {registration.person_id for registration in changed_registrations.values()}
    registration_people = dict(
        Registration.objects.filter(pk__in=list(session_sets)).values_list("pk", "person_id")
    )
    touched |= set(registration_people.values())
    pagecache.changed(
        [pagecache.key_of(forum), *(pagecache.key("person", pk) for pk in sorted(touched))]
    )
    # A renamed speaker shows on programmes and other people's itineraries too (rare: the
    # watch rules of forum/page_keys.py name those pages, at two queries per speaker).
    on_stage = set(
        SessionRole.objects.filter(person_id__in=list(changed_people)).values_list(
            "person_id", flat=True
        )
    )
    if on_stage:
        pagecache.changed_rows([p for pk, p in changed_people.items() if pk in on_stage])


def _number(value):
    return int(value) if value and str(value).isdigit() else None


def organisation_choices(data):
    """{name in the file: {"kind", "name_en", "match"}} from the preview's organisation rows
    (the posted form, or the same keys kept for a job)."""
    choices = {}
    kinds = set(Organisation.Kind.values)
    for key, name in data.items():
        if not key.startswith("org_name_"):
            continue
        index = key.removeprefix("org_name_")
        kind = data.get(f"org_kind_{index}", "")
        match = Organisation.objects.filter(pk=_number(data.get(f"org_match_{index}"))).first()
        choices[name] = {
            "kind": kind if kind in kinds else Organisation.Kind.OTHER,
            "name_en": data.get(f"org_en_{index}", "").strip()[:200],
            "match": match,
        }
    return choices


def summary(report):
    """What an import wrote, in a sentence for staff."""
    return _(
        "Imported: %(people)d new people, %(updated)d people updated, "
        "%(registrations)d new registrations, %(changed)d registrations changed."
    ) % {
        "people": report.people_created,
        "updated": report.people_updated,
        "registrations": report.registrations_created,
        "changed": report.registrations_updated,
    }


def report_csv(headers, rows, report):
    """The file's rows with their errors and changes, as CSV (UTF-8 with BOM) for download."""

    def safe(text):  # a spreadsheet must not run a cell as a formula
        text = str(text)
        return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) else text

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_("Row"), _("Errors"), _("Result"), *headers])
    for result, row in zip(report.rows, rows, strict=True):
        changes = "; ".join(f"{label}: {old} → {new}" for label, old, new in result.changes)
        writer.writerow(
            [
                result.number,
                safe(" ".join(result.errors)),
                safe(changes or result.action_label),
                *(safe(cell) for cell in row),
            ]
        )
    return buffer.getvalue().encode()
