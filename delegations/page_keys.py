"""Which kept pages a changed row of this app concerns (pagecache.watch in apps.py).

A person's itinerary page and calendar feed carry the generation "person:<id>"; their own
signed-in pages also "user:<id>" (accounts/backends.py). Each function below names the
generations that show a row, in at most one query: the people who have it on their itinerary.
"""

from django.db.models import Q

import pagecache

from .models import (
    CarSeat,
    DelegationMember,
    Person,
    Stay,
    TravelLeg,
    TripContact,
    Visit,
)

TRAVELLERS = TravelLeg.travellers.through
GUESTS = Stay.guests.through
PARTICIPANTS = Visit.participants.through
ESCORTS = Visit.escorts.through
# What no page but the person's own /me/ shows (the calendar link; they carry "user:<id>"),
# and what no page shows at all.
NOT_SHOWN = {
    "calendar_token",
    "created_at",
    "updated_at",
    # Who was told what (delegations/sign_in.py, notices.py): no page shows it.
    "invited_at",
    "itinerary_notices",
    "tomorrow_summary",
}
SHOWN_FIELDS = [f.attname for f in Person._meta.concrete_fields if f.name not in NOT_SHOWN]


def people(ids):
    return {pagecache.key("person", pk) for pk in ids if pk is not None}


def person_shown(person):
    return tuple(getattr(person, name) for name in SHOWN_FIELDS)


def person_unshown(person):
    """Only the calendar link changed: the person's own signed-in pages show it."""
    return {pagecache.key("user", person.user_id)} if person.user_id else set()


def on_visits(**booked):
    """Ids (a subquery) of the visits a person is booked on in any role: participant, staff
    escort, interpreter or host contact. `booked` is person_id=<pk> or, for a host,
    host_id=<pk>."""
    if "host_id" in booked:
        return Visit.objects.filter(**booked).values("pk")
    pk = booked["person_id"]
    return Visit.objects.filter(
        Q(pk__in=PARTICIPANTS.objects.filter(person_id=pk).values("visit_id"))
        | Q(pk__in=ESCORTS.objects.filter(person_id=pk).values("visit_id"))
        | Q(interpreter_id=pk)
        | Q(host_contact_id=pk)
    ).values("pk")


def everyone_on(visits):
    """A query of the person ids booked on `visits` (a subquery of ids) in any role."""
    return (
        PARTICIPANTS.objects.filter(visit_id__in=visits)
        .order_by()
        .values_list("person_id")
        .union(
            ESCORTS.objects.filter(visit_id__in=visits).order_by().values_list("person_id"),
            Visit.objects.filter(pk__in=visits).order_by().values_list("interpreter_id"),
            Visit.objects.filter(pk__in=visits).order_by().values_list("host_contact_id"),
        )
    )


def person(person):
    """The person's own pages and the itineraries of everyone who travels, stays or is on a
    visit with them, whatever the role on the visit (one query)."""
    legs = TRAVELLERS.objects.filter(person_id=person.pk).values("travelleg_id")
    stays = GUESTS.objects.filter(person_id=person.pk).values("stay_id")
    # The members of the trips where the person is a contact (the contacts card).
    contact_of = TripContact.objects.filter(person_id=person.pk).values("delegation_id")
    others = (
        TRAVELLERS.objects.filter(travelleg_id__in=legs)
        .order_by()
        .values_list("person_id")
        .union(
            GUESTS.objects.filter(stay_id__in=stays).order_by().values_list("person_id"),
            everyone_on(on_visits(person_id=person.pk)),
            DelegationMember.objects.filter(delegation_id__in=contact_of)
            .order_by()
            .values_list("person_id"),
        )
    )
    keys = people([person.pk, *(pk for (pk,) in others)])
    if person.user_id:
        keys.add(pagecache.key("user", person.user_id))  # the cached user carries the person
    return keys


def organisation(organisation):
    """Itineraries of the guests of a hotel, of everyone on a visit it hosts and of the
    members of trips that list it as a contact (one query)."""
    guests = (
        GUESTS.objects.filter(stay__hotel_id=organisation.pk).order_by().values_list("person_id")
    )
    visitors = everyone_on(on_visits(host_id=organisation.pk))
    contact_of = TripContact.objects.filter(organisation_id=organisation.pk).values("delegation_id")
    members = (
        DelegationMember.objects.filter(delegation_id__in=contact_of)
        .order_by()
        .values_list("person_id")
    )
    return people(pk for (pk,) in guests.union(visitors, members))


def delegation(delegation):
    """The members' itineraries show the trip's name, dates and home time zone."""
    return people(delegation.memberships.values_list("person_id", flat=True))


def member(member):
    return people([member.person_id])


def member_shown(member):
    return (member.person_id, member.delegation_id, member.role, member.answer, member.precedence)


def travel_leg(leg):
    return people(leg.travellers.values_list("pk", flat=True))


def stay(stay):
    return people(stay.guests.values_list("pk", flat=True))


def visit(visit):
    """Everyone booked on the visit: participants, staff escorts, interpreter, host contact
    (with `visit_shown`, the ones before an edit too: a replaced interpreter loses it)."""
    return people(
        [
            *visit.participants.values_list("pk", flat=True),
            *visit.escorts.values_list("pk", flat=True),
            visit.interpreter_id,
            visit.host_contact_id,
        ]
    )


VISIT_SHOWN = [
    f.attname for f in Visit._meta.concrete_fields if f.name not in {"created_at", "updated_at"}
]


def visit_shown(visit):
    return tuple(getattr(visit, name) for name in VISIT_SHOWN)


def traveller(row):
    return people([row.person_id])


def trip_contact(contact):
    """The members' itineraries show the trip's contacts card."""
    return people(
        DelegationMember.objects.filter(delegation_id=contact.delegation_id).values_list(
            "person_id", flat=True
        )
    )


def car_seat(seat):
    """The seated person's itinerary shows their car and seat."""
    return people([seat.person_id])


def car_seat_shown(seat):
    return (seat.car_id, seat.position, seat.person_id)


def car(car):
    """Everyone in the car: its number, label, driver and plate are on their itineraries."""
    return people(car.places.values_list("person_id", flat=True))


def transfer(transfer):
    """Everyone seated on the transfer: where from, where to and when."""
    return people(
        CarSeat.objects.filter(car__transfer_id=transfer.pk).values_list("person_id", flat=True)
    )
