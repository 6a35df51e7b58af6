"""Hand-off packs: what staff send the embassy or the host about a trip, as one versioned
pack (delegation list, rooming list, car plan, needs, visa-letter data). `build()` gathers
the sections in the receiver's language (fixed queries); `make()` keeps it as the next
version for that receiver; `changes()` says what differs from the version the receiver had
before; `xlsx()` writes it (a sheet per section)."""

import io
import json
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .cars import car_plan
from .models import DelegationMember, HandOffPack, Person, Stay, TravelDocument, TravelLeg
from .zones import format_local, naive_local

DELEGATION, ROOMING, NEEDS, VISA = "delegation", "rooming", "needs", "visa"
CARS = "cars"
SECTIONS = {
    DELEGATION: gettext_lazy("Delegation list"),
    ROOMING: gettext_lazy("Rooming list"),
    CARS: gettext_lazy("Car plan"),
    NEEDS: gettext_lazy("Dietary and access needs"),
    VISA: gettext_lazy("Visa-letter data"),
}
DEFAULT_SECTIONS = [DELEGATION, ROOMING, NEEDS]  # passport data only when asked for


@dataclass
class Change:
    section: str
    row: str
    column: str
    old: str
    new: str


def build(delegation, language, sections):
    """{"sections": [{"key", "title", "columns", "rows": [{"key", "cells"}]}]} in `language`."""
    with translation.override(language):
        members = list(
            DelegationMember.objects.filter(delegation=delegation)
            .exclude(answer=DelegationMember.Answer.DECLINED)
            .select_related("person__organisation")
            .order_by("precedence", "person__family_name", "pk")
        )
        people = [m.person for m in members]
        legs = list(
            TravelLeg.objects.filter(delegation=delegation)
            .order_by("departs_at")
            .prefetch_related(Prefetch("travellers", queryset=Person.objects.only("pk")))
        )
        built = []
        for key in sections:
            if key == DELEGATION:
                built.append(_delegation_list(members, legs))
            elif key == ROOMING:
                built.append(_rooming_list(delegation, people))
            elif key == NEEDS:
                built.append(_needs(people))
            elif key == VISA:
                built.append(_visa_data(people, legs))
            elif key == CARS:
                built.append(_car_plan(delegation))
        return {"language": language, "sections": built}


def _section(key, columns, rows):
    return {
        "key": key,
        "title": str(SECTIONS[key]),
        "columns": [str(c) for c in columns],
        "rows": rows,
    }


def _flight(leg, arriving):
    if leg is None:
        return ""
    moment = leg.arrives_at if arriving else leg.departs_at
    zone = leg.arrival_time_zone if arriving else leg.departure_time_zone
    return " ".join(part for part in (leg.reference, format_local(moment, zone)) if part)


def _legs_of(person, legs, direction):
    return [leg for leg in legs if leg.direction == direction and person in leg.travellers.all()]


def _delegation_list(members, legs):
    rows = []
    for number, member in enumerate(members, 1):
        person = member.person
        outbound = _legs_of(person, legs, TravelLeg.Direction.OUTBOUND)
        home = _legs_of(person, legs, TravelLeg.Direction.HOME)
        rows.append(
            {
                "key": f"person:{person.pk}",
                "cells": [
                    str(number),
                    person.latin_name,
                    person.native_name,
                    person.position or "",
                    str(person.organisation or ""),
                    member.get_role_display(),
                    _flight(outbound[-1] if outbound else None, arriving=True),
                    _flight(home[0] if home else None, arriving=False),
                ],
            }
        )
    columns = [
        _("No."),
        _("Name"),
        _("Name in Chinese"),
        _("Title"),
        _("Organisation"),
        _("Role"),
        _("Arrival"),
        _("Departure"),
    ]
    return _section(DELEGATION, columns, rows)


def _rooming_list(delegation, people):
    wanted = {p.pk for p in people}
    stays = (
        Stay.objects.filter(delegation=delegation)
        .select_related("hotel")
        .prefetch_related("guests")
        .order_by("check_in")
    )
    rows = []
    for stay in stays:
        guests = [g for g in stay.guests.all() if g.pk in wanted]
        nights = (
            naive_local(stay.check_out, stay.time_zone).date()
            - naive_local(stay.check_in, stay.time_zone).date()
        ).days
        for guest in guests:
            rows.append(
                {
                    "key": f"stay:{stay.pk}:person:{guest.pk}",
                    "cells": [
                        guest.latin_name,
                        guest.native_name,
                        str(stay.hotel),
                        stay.hotel.name_native,
                        format_local(stay.check_in, stay.time_zone),
                        format_local(stay.check_out, stay.time_zone),
                        str(nights),
                        stay.booking_reference,
                    ],
                }
            )
    columns = [
        _("Name"),
        _("Name in Chinese"),
        _("Hotel"),
        _("Hotel in Chinese"),
        _("Check-in"),
        _("Check-out"),
        _("Nights"),
        _("Booking reference"),
    ]
    return _section(ROOMING, columns, rows)


def _needs(people):
    rows = []
    counts = Counter()
    for person in people:
        if not (person.dietary_needs or person.access_needs):
            continue
        if person.dietary_needs:
            counts[person.dietary_needs.strip()] += 1
        rows.append(
            {
                "key": f"person:{person.pk}",
                "cells": [
                    person.latin_name,
                    person.native_name,
                    person.dietary_needs,
                    person.access_needs,
                ],
            }
        )
    for need, count in sorted(counts.items()):
        rows.append(
            {
                "key": f"count:{need}",
                "cells": [_("Each meal"), "", f"{need}: {count}", ""],
            }
        )
    columns = [_("Name"), _("Name in Chinese"), _("Dietary needs"), _("Access needs")]
    return _section(NEEDS, columns, rows)


def _visa_data(people, legs):
    documents = {}
    for document in TravelDocument.objects.filter(person__in=people).order_by("expires_on"):
        documents[document.person_id] = document  # the one that expires last
    rows = []
    for person in people:
        document = documents.get(person.pk)
        outbound = _legs_of(person, legs, TravelLeg.Direction.OUTBOUND)
        home = _legs_of(person, legs, TravelLeg.Direction.HOME)
        rows.append(
            {
                "key": f"person:{person.pk}",
                "cells": [
                    (document.name_in_document if document else "") or person.latin_name,
                    person.native_name,
                    document.get_kind_display() if document else "",
                    document.number if document else "",
                    document.issuing_country if document else "",
                    date_format(document.expires_on, "DATE_FORMAT") if document else "",
                    _flight(outbound[-1] if outbound else None, arriving=True),
                    _flight(home[0] if home else None, arriving=False),
                ],
            }
        )
    columns = [
        _("Name as in the passport"),
        _("Name in Chinese"),
        _("Document"),
        _("Number"),
        _("Issued by"),
        _("Valid until"),
        _("Arrival"),
        _("Departure"),
    ]
    return _section(VISA, columns, rows)


def _car_plan(delegation):
    """A row per seat: the transfer, the car with its driver and plate, the seat, who sits
    there (so a move to another car or seat shows as a changed cell)."""
    rows = []
    for plan in car_plan(delegation):
        transfer = plan.transfer
        for car in plan.cars:
            for seat in car.seats:
                rows.append(
                    {
                        "key": f"transfer:{transfer.pk}:{seat.rider.key}",
                        "cells": [
                            f"{transfer.origin} → {transfer.destination}",
                            format_local(transfer.starts_at, transfer.time_zone),
                            _car_cell(car.car),
                            f"{seat.seat.position} ({seat.label})",
                            seat.rider.latin_name,
                            seat.rider.native_name,
                            seat.rider.role,
                        ],
                    }
                )
    columns = [
        _("Transfer"),
        _("Leaves"),
        _("Car"),
        _("Seat"),
        _("Name"),
        _("Name in Chinese"),
        _("Role"),
    ]
    return _section(CARS, columns, rows)


def _car_cell(car):
    """ "Car 1 (VIP) · Wang Jun +86 139 … · 京A·D0101": the car, its driver and plate."""
    driver = " ".join(filter(None, [car.driver_name, car.driver_phone]))
    return " · ".join(filter(None, [str(car), driver, car.plate]))


# The column that names a row in "what changed" (the name; else the first column).
LABEL_COLUMN = {DELEGATION: 1, CARS: 4}


def make(delegation, receiver, language, sections, *, made_by=None, sent_to="", note=""):
    """The next version of the pack for `receiver`, kept as built now."""
    content = build(delegation, language, sections)
    with transaction.atomic():
        # The delegation's row is locked so two staff members cannot make the same version.
        type(delegation).objects.select_for_update().get(pk=delegation.pk)
        last = HandOffPack.objects.filter(delegation=delegation, receiver=receiver).aggregate(
            last=Max("version")
        )["last"]
        return HandOffPack.objects.create(
            delegation=delegation,
            receiver=receiver,
            version=(last or 0) + 1,
            language=language,
            sections=",".join(sections),
            sent_to=sent_to,
            note=note,
            content=json.dumps(content, ensure_ascii=False),
            made_by=made_by,
        )


def content(pack):
    return json.loads(pack.content)


def previous(pack):
    """The version the receiver had before this one, or None."""
    return (
        HandOffPack.objects.filter(
            delegation_id=pack.delegation_id, receiver_id=pack.receiver_id, version__lt=pack.version
        )
        .order_by("-version")
        .first()
    )


def changes(old, new):
    """[Change] from pack content `old` to `new`: rows added or removed, cells changed."""
    found = []
    before = {s["key"]: s for s in old["sections"]} if old else {}
    for section in new["sections"]:
        then = before.get(section["key"])
        if then is None:
            continue  # a section the receiver did not have: all of it is new
        old_rows = {row["key"]: row["cells"] for row in then["rows"]}
        new_rows = {row["key"]: row["cells"] for row in section["rows"]}
        columns = section["columns"]
        for key, cells in new_rows.items():
            label = cells[LABEL_COLUMN.get(section["key"], 0)]
            if key not in old_rows:
                found.append(Change(section["title"], label, "", "", _("added")))
                continue
            for column, was, now in zip(columns, old_rows[key], cells, strict=False):
                if was != now:
                    found.append(Change(section["title"], label, column, was, now))
        for key, cells in old_rows.items():
            if key not in new_rows:
                label = cells[LABEL_COLUMN.get(section["key"], 0)]
                found.append(Change(section["title"], label, "", _("removed"), ""))
    return found


def xlsx(pack):
    """The pack as an XLSX workbook: a sheet per section, every cell written as text."""
    import xlsxwriter

    data = content(pack)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#EEEEEE"})
    for section in data["sections"]:
        sheet = workbook.add_worksheet(section["title"][:31])
        widths = [len(c) for c in section["columns"]]
        for col, title in enumerate(section["columns"]):
            sheet.write_string(0, col, title, bold)
        for row_number, row in enumerate(section["rows"], 1):
            for col, cell in enumerate(row["cells"]):
                if cell:  # an empty cell stays empty
                    sheet.write_string(row_number, col, cell)
                widths[col] = max(widths[col], len(cell))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(max(width + 2, 8), 60))
        sheet.freeze_panes(1, 0)
        if section["rows"]:
            sheet.autofilter(0, 0, len(section["rows"]), len(section["columns"]) - 1)
    workbook.close()
    return buffer.getvalue()
