"""Which kept pages a changed row of this app concerns (pagecache.watch in apps.py).

A person's itinerary page and calendar feed carry the generation "person:<id>"; their own
signed-in pages also "user:<id>" (accounts/backends.py). Each function below names the
generations that show a row, in at most one query: the people who have it on their itinerary.
"""

import pagecache

from .models import Person, Stay, TravelLeg, Visit

TRAVELLERS = TravelLeg.travellers.through
GUESTS = Stay.guests.through
PARTICIPANTS = Visit.participants.through
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


def person(person):
    """The person's own pages and the itineraries of everyone who travels, stays or visits
    with them or has them as interpreter or contact on a visit (one query)."""
    legs = TRAVELLERS.objects.filter(person_id=person.pk).values("travelleg_id")
    stays = GUESTS.objects.filter(person_id=person.pk).values("stay_id")
    visits = PARTICIPANTS.objects.filter(person_id=person.pk).values("visit_id")
    helped = Visit.objects.filter(interpreter_id=person.pk) | Visit.objects.filter(
        host_contact_id=person.pk
    )
    others = (
        TRAVELLERS.objects.filter(travelleg_id__in=legs)
        .order_by()
        .values_list("person_id")
        .union(
            GUESTS.objects.filter(stay_id__in=stays).order_by().values_list("person_id"),
            PARTICIPANTS.objects.filter(visit_id__in=visits).order_by().values_list("person_id"),
            PARTICIPANTS.objects.filter(visit__in=helped.values("pk"))
            .order_by()
            .values_list("person_id"),
        )
    )
    keys = people([person.pk, *(pk for (pk,) in others)])
    if person.user_id:
        keys.add(pagecache.key("user", person.user_id))  # the cached user carries the person
    return keys


def organisation(organisation):
    """Itineraries of the guests of a hotel and of the people visiting a host (one query)."""
    guests = (
        GUESTS.objects.filter(stay__hotel_id=organisation.pk).order_by().values_list("person_id")
    )
    visitors = (
        PARTICIPANTS.objects.filter(visit__host_id=organisation.pk)
        .order_by()
        .values_list("person_id")
    )
    return people(pk for (pk,) in guests.union(visitors))


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
    return people(visit.participants.values_list("pk", flat=True))


def traveller(row):
    return people([row.person_id])
