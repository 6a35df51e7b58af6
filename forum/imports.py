"""Participant spreadsheets in: CSV or XLSX, column mapping, preview, all-or-nothing.

`read_table()` refuses what it cannot trust (too large, not what the extension says, a zip
bomb, a text encoding that is not UTF-8) with a message a person understands.
`import_participants()` checks every row first; one bad row and nothing is written. People
are matched by e-mail (case-insensitive), registrations by forum and person, so importing the
same file twice creates nothing new.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

import pagecache
from delegations.models import Organisation, Person

from .models import Registration

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
}
REQUIRED = ("email", "given_name", "family_name")
ALIASES = {
    "email": {"email", "e-mail", "mail", "e-mail address", "邮箱", "电子邮件", "e-mailadresse"},
    "given_name": {"given name", "first name", "given_name", "fornavn", "名"},
    "family_name": {"family name", "last name", "surname", "family_name", "efternavn", "姓"},
    "native_name": {"native name", "chinese name", "中文名", "姓名", "native_name"},
    "name_order": {"name order", "name_order"},
    "position": {"position", "title", "职务", "stilling"},
    "phone": {"phone", "telephone", "mobile", "电话", "手机", "telefon"},
    "organisation": {"organisation", "organization", "单位", "organisation name"},
    "country": {"country", "国家", "land"},
    "status": {"status", "状态"},
    "badge_name": {"badge name", "badge", "badge_name", "胸牌"},
}
XLSX_REQUIRED_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}


class ImportRefused(Exception):
    """The file cannot be read safely; the message says why and what to do."""


@dataclass
class RowResult:
    number: int  # as the spreadsheet counts: the header is row 1
    values: dict
    errors: list = field(default_factory=list)
    action: str = ""  # new, update, unchanged


@dataclass
class ImportReport:
    rows: list
    people_created: int = 0
    people_updated: int = 0
    registrations_created: int = 0
    written: bool = False

    @property
    def errors(self):
        return [row for row in self.rows if row.errors]


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
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(data):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(
            _("This is not a real .xlsx file. Save it again from your spreadsheet program.")
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if not XLSX_REQUIRED_PARTS <= names:
            raise ImportRefused(
                _("This is not a real .xlsx file. Save it again from your spreadsheet program.")
            )
        unpacked = sum(info.file_size for info in infos)
        packed = max(1, sum(info.compress_size for info in infos))
        if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES or unpacked / packed > 200:
            raise ImportRefused(
                _(
                    "The file unpacks to far more data than a participant list holds; "
                    "it was refused."
                )
            )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise ImportRefused(_("The .xlsx file could not be read: it may be damaged.")) from error
    sheet = workbook.worksheets[0]
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True)):
        if number > settings.IMPORT_MAX_ROWS + 1:
            break
        rows.append(["" if cell is None else str(cell) for cell in row])
    workbook.close()
    return rows


def guess_mapping(headers):
    """{target: column index} from the header names (Danish, English and Chinese names)."""
    mapping = {}
    for index, header in enumerate(headers):
        key = header.strip().lower()
        for target, aliases in ALIASES.items():
            if (key in aliases or key == target) and target not in mapping:
                mapping[target] = index
    return mapping


def _cell(row, index):
    if index is None or index >= len(row):
        return ""
    return str(row[index]).strip()


def _check(number, values, seen):
    errors = []
    for target in REQUIRED:
        if not values.get(target):
            errors.append(_("%(column)s is missing.") % {"column": TARGETS[target]})
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
    if status and status not in Registration.Status.values:
        errors.append(
            _("Status must be one of: %(choices)s.")
            % {"choices": ", ".join(Registration.Status.values)}
        )
    order = values.get("name_order", "")
    if order and order not in Person.NameOrder.values:
        errors.append(_("Name order must be given_first or family_first."))
    for target in ("given_name", "family_name", "native_name"):
        if len(values.get(target, "")) > 100:
            errors.append(_("%(column)s is too long.") % {"column": TARGETS[target]})
    return errors


def import_participants(forum, headers, rows, mapping, *, dry_run):
    """Check every row, then (unless `dry_run` or any row has errors) write all in one
    transaction. Returns an ImportReport with a result per row."""
    report = ImportReport(rows=[])
    seen = {}
    for offset, row in enumerate(rows):
        number = offset + 2
        values = {target: _cell(row, mapping.get(target)) for target in TARGETS}
        report.rows.append(RowResult(number, values, _check(number, values, seen)))
    emails = [row.values["email"].lower() for row in report.rows if row.values["email"]]
    existing = {
        p.email_lower: p
        for p in Person.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    registered = set(
        Registration.objects.filter(forum=forum, person__in=existing.values()).values_list(
            "person_id", flat=True
        )
    )
    for row in report.rows:
        person = existing.get(row.values["email"].lower())
        if person is None:
            row.action = "new"
        elif person.pk in registered and not _person_changes(person, row.values):
            row.action = "unchanged"
        else:
            row.action = "update"
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        _write_rows(forum, report, existing, registered)
    report.written = True
    return report


BATCH = 500  # rows per INSERT when writing people and registrations in bulk
PERSON_FIELDS = ("given_name", "family_name", "native_name", "name_order", "phone", "position")


def _person_changes(person, values):
    return {
        name: values[name]
        for name in PERSON_FIELDS
        if values.get(name) and getattr(person, name) != values[name]
    }


def _organisation(values, organisations):
    name = values.get("organisation")
    if not name:
        return None
    if name not in organisations:
        found = (
            Organisation.objects.filter(name__iexact=name).first()
            or Organisation.objects.filter(name_native=name).first()
        )
        if found is None:
            base = slugify(name)[:70] or "organisation"
            slug, number = base, 2
            while Organisation.objects.filter(slug=slug).exists():
                slug, number = f"{base}-{number}", number + 1
            country = (values.get("country") or "CN").upper()
            found = Organisation.objects.create(
                slug=slug, name=name, name_en=name, country=country, kind="other"
            )
        organisations[name] = found
    return organisations[name]


def _write_rows(forum, report, existing, registered):
    """New people and registrations in bulk, each with its history record; changed people one
    by one. Rows that are registered already and unchanged need no query at all."""
    organisations = {}
    new_people = []
    to_register = []
    for row in report.rows:
        if row.action == "unchanged":
            continue
        values = row.values
        organisation = _organisation(values, organisations)
        person = existing.get(values["email"].lower())
        if person is None:
            person = Person(
                email=values["email"],
                kind=Person.Kind.PARTICIPANT,
                organisation=organisation,
                **{name: values[name] for name in PERSON_FIELDS if values.get(name)},
            )
            new_people.append(person)
        else:
            changes = _person_changes(person, values)
            if changes:
                for name, value in changes.items():
                    setattr(person, name, value)
                person.save()
                report.people_updated += 1
            if person.pk in registered:
                continue
        to_register.append((person, values, organisation))
    # The history records name the signed-in importer (simple-history's request middleware).
    bulk_create_with_history(new_people, Person, batch_size=BATCH)
    report.people_created = len(new_people)
    registrations = [
        Registration(
            forum=forum,
            person=person,
            organisation=organisation or person.organisation,
            status=(values.get("status") or Registration.Status.REGISTERED).lower(),
            badge_name=values.get("badge_name") or values.get("native_name") or person.latin_name,
        )
        for person, values, organisation in to_register
    ]
    bulk_create_with_history(registrations, Registration, batch_size=BATCH)
    report.registrations_created = len(registrations)
    # bulk_create sends no signals. New registrations have no seats, so no itinerary shows
    # them (forum/page_keys.py); the forum's pages are raised in one cheap step.
    pagecache.changed([pagecache.key_of(forum)])
