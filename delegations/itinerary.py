"""A person's itinerary: the time-ordered merge of their travel, hotel, visits and sessions.

The itinerary is not a table. `build_itinerary(person)` asks each source registered with
`register_source()` (each app's `AppConfig.ready()`) for that person's items; `forum` adds its
sessions through such a source, so this module never imports `forum`. Every source answers
for many people at once in a fixed number of queries, which keeps both a delegate's page and
the staff overview flat.

Each item carries its place's zone: a flight departs in one zone and arrives in another.
"""

import datetime as dt
import itertools
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import pagecache

from .contacts import trip_contacts
from .models import Delegation, DelegationMember, Person, Stay, TravelLeg, Visit

PARTICIPANTS = Visit.participants.through
ESCORTS = Visit.escorts.through

# Margin around a trip's dates, so an overnight flight out or home still belongs to it.
TRIP_MARGIN = dt.timedelta(days=2)


@dataclass
class Item:
    """One thing on a person's itinerary."""

    kind: str  # travel, check_in, check_out, visit, session
    uid: str  # stable across edits: the calendar feed's UID
    title: str
    starts_at: dt.datetime  # aware
    ends_at: dt.datetime  # aware
    start_zone: str
    end_zone: str
    place: str = ""
    place_native: str = ""  # the place's name as a local driver reads it (北京协和医院)
    city: str = ""
    address: str = ""
    address_native: str = ""
    phone: str = ""  # the place's own number (the hotel's front desk)
    booking_reference: str = ""
    place_key: str = ""  # same key, same building: no travel time needed between items
    role: str = ""
    detail: str = ""
    people: list = field(default_factory=list)  # others taking part
    interpreter: Person | None = None
    contact: Person | None = None
    delegation_id: int | None = None

    @property
    def local_start(self):
        """Naive wall-clock time at the place where the item starts."""
        return timezone.make_naive(self.starts_at, zoneinfo.ZoneInfo(self.start_zone))

    @property
    def local_end(self):
        return timezone.make_naive(self.ends_at, zoneinfo.ZoneInfo(self.end_zone))

    def home_start(self, home_zone):
        return timezone.make_naive(self.starts_at, zoneinfo.ZoneInfo(home_zone))

    def home_end(self, home_zone):
        return timezone.make_naive(self.ends_at, zoneinfo.ZoneInfo(home_zone))

    def home_day_shift(self, home_zone):
        """Days between the local date and the date at home at the start: +1 when it is
        already tomorrow at home, -1 when it is still yesterday there."""
        return (self.home_start(home_zone).date() - self.local_start.date()).days

    @property
    def has_driver_card(self):
        return bool(self.address_native or self.place_native)

    @property
    def changes_zone(self):
        return self.start_zone != self.end_zone

    @property
    def is_moment(self):
        return self.starts_at == self.ends_at


@dataclass
class Warning:
    kind: str  # overlap, tight, no_travel_home
    message: str
    items: tuple = ()


@dataclass
class Day:
    """One day of an itinerary as the delegate reads it on the road."""

    date: dt.date
    items: list
    when: str = ""  # today, tomorrow, past, or "" for any other day


@dataclass
class Plan:
    """The itinerary arranged around now, in the trip's zone: today and tomorrow first, the
    later days after them, the days gone by apart (folded on the page); `next_uid` is the
    item under way or next; the arrangement holds until `valid_until`."""

    today: dt.date
    upcoming: list
    past: list
    next_uid: str
    valid_until: dt.datetime


@dataclass
class Itinerary:
    person: Person
    items: list
    warnings: list
    home_zone: str
    contacts: list = field(default_factory=list)

    def days(self):
        """[(local date, [items])] by the local date where each item starts."""
        return [
            (day, list(items))
            for day, items in itertools.groupby(self.items, key=lambda i: i.local_start.date())
        ]

    def card_uids(self):
        """The items that carry a driver card: on each day, the first item at each place
        (the sessions after it in the same building need no second card)."""
        seen, uids = set(), set()
        for item in self.items:
            where = (item.local_start.date(), item.place_key or item.uid)
            if where not in seen:
                seen.add(where)
                uids.add(item.uid)
        return uids

    def plan(self, now, zone, trip=None):
        """The days arranged around `now` (aware) as the clocks in `zone` show it. While
        the trip is under way (or any of its days is still to come), the days before today
        are set apart; once it is over, every day reads in order."""
        tz = zoneinfo.ZoneInfo(zone)
        today = now.astimezone(tz).date()
        tomorrow = today + dt.timedelta(days=1)
        days = [Day(day, items) for day, items in self.days()]
        coming = [d for d in days if d.date >= today]
        under_way = trip is not None and trip.starts_on <= today <= trip.ends_on
        if not coming and not under_way:
            past, upcoming = [], days
        else:
            past = [Day(d.date, d.items, "past") for d in days if d.date < today]
            by_date = {d.date: d for d in coming}
            upcoming = []
            if under_way or today in by_date:
                upcoming.append(Day(today, by_date.pop(today, Day(today, [])).items, "today"))
                if under_way and trip.ends_on >= tomorrow or tomorrow in by_date:
                    upcoming.append(
                        Day(tomorrow, by_date.pop(tomorrow, Day(tomorrow, [])).items, "tomorrow")
                    )
            upcoming += sorted(by_date.values(), key=lambda d: d.date)
        following = [i for i in self.items if i.ends_at > now or i.starts_at >= now]
        next_uid = following[0].uid if following else ""
        # The page changes when an item starts or ends, and at midnight in the zone.
        midnight = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=tz).astimezone(dt.UTC)
        moments = [t for i in self.items for t in (i.starts_at, i.ends_at) if t > now]
        return Plan(
            today=today,
            upcoming=upcoming,
            past=past,
            next_uid=next_uid,
            valid_until=min([midnight, *moments]),
        )


# --- sources ------------------------------------------------------------------------------------

_sources = []


def register_source(source):
    """Add `source(people, start, end) -> {person_id: [Item]}` to every itinerary (once)."""
    if source not in _sources:
        _sources.append(source)


def window(queryset, start_field, end_field, start, end):
    """`queryset` narrowed to rows between `start` and `end` (either may be None), for
    sources: a row counts if any part of it falls inside."""
    if start is not None:
        queryset = queryset.filter(**{f"{end_field}__gte": start})
    if end is not None:
        queryset = queryset.filter(**{f"{start_field}__lte": end})
    return queryset


def travel_items(people, start=None, end=None):
    """Travel legs of `people`: {person_id: [Item]} in two queries."""
    ids = {p.pk for p in people}
    legs = window(
        TravelLeg.objects.filter(travellers__in=ids).distinct(),
        "departs_at",
        "arrives_at",
        start,
        end,
    ).prefetch_related("travellers")
    found = {}
    for leg in legs:
        travellers = list(leg.travellers.all())
        for person in travellers:
            if person.pk not in ids:
                continue
            found.setdefault(person.pk, []).append(
                Item(
                    kind="travel",
                    uid=f"travelleg-{leg.pk}",
                    title=f"{leg.reference} {leg.origin} → {leg.destination}".strip(),
                    starts_at=leg.departs_at,
                    ends_at=leg.arrives_at,
                    start_zone=leg.departure_time_zone,
                    end_zone=leg.arrival_time_zone,
                    place=leg.origin,
                    role=leg.get_kind_display(),
                    detail=leg.notes,
                    people=[p for p in travellers if p.pk != person.pk],
                    delegation_id=leg.delegation_id,
                )
            )
    return found


def stay_items(people, start=None, end=None):
    """Hotel check-in and check-out of `people`, each a moment at the hotel's address."""
    ids = {p.pk for p in people}
    stays = (
        window(Stay.objects.filter(guests__in=ids).distinct(), "check_in", "check_out", start, end)
        .select_related("hotel")
        .prefetch_related("guests")
    )
    found = {}
    for stay in stays:
        guests = list(stay.guests.all())
        hotel = stay.hotel
        for person in guests:
            if person.pk not in ids:
                continue
            for kind, moment, title in (
                ("check_in", stay.check_in, _("Check-in: %(hotel)s")),
                ("check_out", stay.check_out, _("Check-out: %(hotel)s")),
            ):
                found.setdefault(person.pk, []).append(
                    Item(
                        kind=kind,
                        uid=f"stay-{stay.pk}-{kind}",
                        title=title % {"hotel": hotel.name},
                        starts_at=moment,
                        ends_at=moment,
                        start_zone=stay.time_zone,
                        end_zone=stay.time_zone,
                        place=hotel.name,
                        place_native=hotel.name_native,
                        city=hotel.city,
                        address=hotel.address,
                        address_native=hotel.address_native,
                        phone=hotel.phone,
                        booking_reference=stay.booking_reference,
                        place_key=f"organisation-{hotel.pk}",
                        people=[p for p in guests if p.pk != person.pk],
                        delegation_id=stay.delegation_id,
                    )
                )
    return found


def visit_roles():
    """What each way of being booked on a visit is called on the itinerary, in the order a
    person booked twice is shown (an interpreter who is also a participant interprets)."""
    return (
        ("interpreter_id", _("Interpreter")),
        ("host_contact_id", _("Host contact")),
    )


def visit_items(people, start=None, end=None):
    """Site and hospital visits that `people` take part in, interpret at, are the host
    contact of or escort as staff (three queries whatever the numbers)."""
    ids = {p.pk for p in people}
    booked = (
        Q(pk__in=PARTICIPANTS.objects.filter(person_id__in=ids).values("visit_id"))
        | Q(pk__in=ESCORTS.objects.filter(person_id__in=ids).values("visit_id"))
        | Q(interpreter_id__in=ids)
        | Q(host_contact_id__in=ids)
    )
    visits = (
        window(Visit.objects.filter(booked), "starts_at", "ends_at", start, end)
        .select_related("host", "host_contact", "interpreter")
        .prefetch_related("participants", "escorts")
    )
    found = {}
    for visit in visits:
        participants = list(visit.participants.all())
        escorts = list(visit.escorts.all())
        roles = {}
        for person in participants:
            roles[person.pk] = ""
        for person in escorts:
            roles[person.pk] = _("Staff escort")
        for attname, label in visit_roles():
            if getattr(visit, attname) is not None:
                roles[getattr(visit, attname)] = label
        others = list({p.pk: p for p in participants + escorts}.values())
        host = visit.host
        for person_id, role in roles.items():
            if person_id not in ids:
                continue
            found.setdefault(person_id, []).append(
                Item(
                    kind="visit",
                    uid=f"visit-{visit.pk}",
                    title=visit.title,
                    starts_at=visit.starts_at,
                    ends_at=visit.ends_at,
                    start_zone=visit.time_zone,
                    end_zone=visit.time_zone,
                    place=host.name,
                    place_native=host.name_native,
                    city=host.city,
                    address=visit.address or host.address,
                    address_native=visit.address_native or host.address_native,
                    phone=host.phone,
                    place_key=f"organisation-{host.pk}",
                    role=str(role),
                    detail=visit.topic,
                    people=[p for p in others if p.pk != person_id],
                    interpreter=visit.interpreter,
                    contact=visit.host_contact,
                    delegation_id=visit.delegation_id,
                )
            )
    return found


def gather(people, start=None, end=None):
    """{person_id: [Item]} from every registered source, time-ordered."""
    merged = {p.pk: [] for p in people}
    for source in _sources:
        for person_id, items in source(people, start, end).items():
            merged.setdefault(person_id, []).extend(items)
    for items in merged.values():
        items.sort(key=lambda i: (i.starts_at, i.ends_at, i.uid))
    return merged


# --- warnings -----------------------------------------------------------------------------------


def min_gap():
    return dt.timedelta(minutes=settings.ITINERARY_MIN_GAP_MINUTES)


def item_warnings(items):
    """Overlaps, and too little time between two venues, in one person's ordered items."""
    warnings = []
    for index, first in enumerate(items):
        for second in items[index + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            if first.is_moment or second.is_moment:
                continue
            warnings.append(
                Warning(
                    "overlap",
                    _("“%(first)s” and “%(second)s” overlap.")
                    % {"first": first.title, "second": second.title},
                    (first, second),
                )
            )
    places = [i for i in items if i.kind != "travel" and i.place_key]
    for first, second in itertools.pairwise(places):
        gap = second.starts_at - first.ends_at
        if first.place_key != second.place_key and dt.timedelta(0) <= gap < min_gap():
            warnings.append(
                Warning(
                    "tight",
                    _(
                        "Only %(minutes)d minutes to get from “%(first)s” to “%(second)s” "
                        "(%(place)s)."
                    )
                    % {
                        "minutes": gap.total_seconds() // 60,
                        "first": first.title,
                        "second": second.title,
                        "place": second.place,
                    },
                    (first, second),
                )
            )
    return warnings


def trips_without_travel_home(person_ids, delegations):
    """{person_id: [delegation]} for members with no travel leg home on their trip, for
    trips not yet back (a trip that is over or called off warns of nothing)."""
    delegations = [d for d in delegations if d.status in Delegation.Status.not_yet_back()]
    if not delegations:
        return {}
    home = set(
        TravelLeg.objects.filter(
            delegation__in=delegations,
            direction=TravelLeg.Direction.HOME,
            travellers__in=person_ids,
        ).values_list("delegation_id", "travellers")
    )
    missing = {}
    for delegation in delegations:
        for member in delegation.active_members:
            if member.person_id in person_ids and (delegation.pk, member.person_id) not in home:
                missing.setdefault(member.person_id, []).append(delegation)
    return missing


def _trip_warnings(delegation):
    return Warning(
        "no_travel_home",
        _("No travel home is planned for “%(trip)s”.") % {"trip": delegation.name},
    )


def active_memberships():
    """Prefetch of the members who have not declined, with their person, as `active_members`."""
    return Prefetch(
        "memberships",
        queryset=DelegationMember.objects.exclude(
            answer=DelegationMember.Answer.DECLINED
        ).select_related("person"),
        to_attr="active_members",
    )


# --- public API ---------------------------------------------------------------------------------


def trip_window(delegation):
    start = dt.datetime.combine(delegation.starts_on, dt.time.min, tzinfo=dt.UTC) - TRIP_MARGIN
    end = dt.datetime.combine(delegation.ends_on, dt.time.max, tzinfo=dt.UTC) + TRIP_MARGIN
    return start, end


def trip_zone(trip):
    """The zone a trip's days are counted in: its destination's."""
    return trip.destination_time_zone if trip is not None else settings.HOME_TIME_ZONE


def trip_today(trip, now):
    """The date at the trip's destination at the instant `now`."""
    return now.astimezone(zoneinfo.ZoneInfo(trip_zone(trip))).date()


def choose_trip(memberships, wanted_slug, now):
    """The trip to show of `memberships` (the person's places, newest trip first): the one
    with `wanted_slug` if given (LookupError if it is not one of theirs), else the one under
    way, else the next one, else the most recent; None without any. "Today" is the date at
    each trip's destination at the instant `now` (a delegate in Beijing is a day ahead of
    Copenhagen each evening). Trips called off or declined count only when there is no other."""
    trips = [m.delegation for m in memberships]
    if wanted_slug:
        for trip in trips:
            if trip.slug == wanted_slug:
                return trip
        raise LookupError(wanted_slug)
    live = [
        m.delegation
        for m in memberships
        if m.answer != DelegationMember.Answer.DECLINED
        and m.delegation.status not in Delegation.Status.called_off()
    ] or trips
    under_way = [t for t in live if t.starts_on <= trip_today(t, now) <= t.ends_on]
    if under_way:
        return min(under_way, key=lambda t: t.starts_on)
    coming = sorted(
        (t for t in live if t.starts_on > trip_today(t, now)), key=lambda t: t.starts_on
    )
    if coming:
        return coming[0]
    return live[0] if live else None


def kept_itinerary(person, trip):
    """The itinerary of `person` for `trip`, from the cache while nothing on it changes
    (the generation "person:<id>", raised by delegations/page_keys.py and forum/page_keys.py).
    Without a trip it shows what comes from now on, so it is built each time."""
    if trip is None:
        return build_itinerary(person, start=timezone.now() - dt.timedelta(days=1))
    return pagecache.cached(
        [pagecache.key_of(person)],
        ["itinerary", person.pk, trip.pk],
        lambda: build_itinerary(person, delegation=trip),
    )


def build_itinerary(person, *, delegation=None, start=None, end=None):
    """The itinerary of `person`, for one delegation's dates or between `start` and `end`."""
    contacts = []
    if delegation is not None:
        start, end = trip_window(delegation)
        home_zone = delegation.home_time_zone
        trips = [delegation]
        contacts = trip_contacts(delegation)
    else:
        home_zone = settings.HOME_TIME_ZONE
        trips = []
    items = gather([person], start, end)[person.pk]
    warnings = item_warnings(items)
    if trips:
        trips = list(
            Delegation.objects.filter(pk__in=[t.pk for t in trips]).prefetch_related(
                active_memberships()
            )
        )
        for trip in trips_without_travel_home({person.pk}, trips).get(person.pk, []):
            warnings.append(_trip_warnings(trip))
    return Itinerary(
        person=person, items=items, warnings=warnings, home_zone=home_zone, contacts=contacts
    )


def itinerary_warnings(delegation):
    """[(person, Warning)] for every member of `delegation` who has not declined, over the
    trip's dates: overlaps, too little time between venues, no travel home. Fixed number of
    queries whatever the number of members and items."""
    delegation = Delegation.objects.prefetch_related(active_memberships()).get(pk=delegation.pk)
    people = [m.person for m in delegation.active_members]
    start, end = trip_window(delegation)
    items = gather(people, start, end)
    found = []
    missing = trips_without_travel_home({p.pk for p in people}, [delegation])
    for person in people:
        for warning in item_warnings(items.get(person.pk, [])):
            found.append((person, warning))
        if person.pk in missing:
            found.append((person, _trip_warnings(delegation)))
    return found


# --- double bookings over every role, for staff ---------------------------------------------


def booked_helpers(delegations):
    """{delegation_id: [Person]}: who is booked on the trips' visits without being on the
    trip: interpreters, host contacts, staff escorts (two queries)."""
    found = {d.pk: {} for d in delegations}
    visits = (
        Visit.objects.filter(delegation_id__in=list(found))
        .select_related("interpreter", "host_contact")
        .prefetch_related("escorts")
    )
    for visit in visits:
        for person in (visit.interpreter, visit.host_contact, *visit.escorts.all()):
            if person is not None:
                found[visit.delegation_id][person.pk] = person
    return {pk: list(people.values()) for pk, people in found.items()}


def people_to_check(delegations, helpers):
    """Everyone whose items the trips' double bookings are checked in: members who have
    not declined (`active_members`) and the helpers of their visits."""
    people = {}
    for delegation in delegations:
        for member in delegation.active_members:
            people[member.person_id] = member.person
        for person in helpers.get(delegation.pk, []):
            people.setdefault(person.pk, person)
    return list(people.values())


def trip_conflicts(delegations, items, helpers):
    """[(delegation, person, Warning)]: overlaps and tight changes of each trip's members
    over the trip's dates, whatever they are booked as (traveller, guest, participant,
    interpreter, contact, escort, on stage, a seat), and of the helpers of its visits where
    one of the two items is the trip's. `items` from gather() over people_to_check()."""
    found = []
    for delegation in delegations:
        start, end = trip_window(delegation)
        members = set()
        for member in delegation.active_members:
            members.add(member.person_id)
            own = [
                i
                for i in items.get(member.person_id, [])
                if i.starts_at <= end and i.ends_at >= start
            ]
            for warning in item_warnings(own):
                found.append((delegation, member.person, warning))
        for person in helpers.get(delegation.pk, []):
            if person.pk in members:
                continue
            for warning in item_warnings(items.get(person.pk, [])):
                if any(i.delegation_id == delegation.pk for i in warning.items):
                    found.append((delegation, person, warning))
    return found
