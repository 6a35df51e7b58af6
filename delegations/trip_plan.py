"""A trip as staff plan it: the delegation's programme day by day (who is where), what is still
missing, and which status moves are open.

`trip_plan(delegation)` reads everything in a fixed number of queries, whatever the number of
members, legs, stays and visits, so the trip page, its print view and its PDF stay flat.
"""

import datetime as dt
import itertools
import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from . import workflow
from .itinerary import (
    active_memberships,
    booked_helpers,
    gather,
    people_to_check,
    trip_conflicts,
    trip_window,
)
from .models import Delegation, DelegationMember, Stay, TravelLeg, Visit
from .travel_checks import document_warnings


@dataclass
class PlanItem:
    """One thing on the trip with everyone it concerns."""

    item: object  # itinerary Item (the first person's copy)
    people: list = field(default_factory=list)

    @property
    def local_start(self):
        return self.item.local_start

    @property
    def local_end(self):
        return self.item.local_end

    @property
    def edit_url(self):
        """The admin page that edits this item (from its stable uid)."""
        from django.urls import NoReverseMatch, reverse

        kind, _sep, rest = self.item.uid.partition("-")
        names = {
            "travelleg": "admin:delegations_travelleg_change",
            "stay": "admin:delegations_stay_change",
            "visit": "admin:delegations_visit_change",
            "session": "admin:forum_session_change",
        }
        pk = rest.split("-")[0]
        if kind not in names or not pk.isdigit():
            return ""
        try:
            return reverse(names[kind], args=[int(pk)])
        except NoReverseMatch:
            return ""

    @property
    def copy_url(self):
        """The admin's add form prefilled from this leg (the way back) or visit; "" else."""
        from .bulk_entry import copy_url

        kind, _sep, pk = self.item.uid.partition("-")
        if kind not in ("travelleg", "visit") or not pk.isdigit():
            return ""
        return copy_url(kind, int(pk))

    @property
    def copy_label(self):
        return _("Copy as the way back") if self.item.kind == "travel" else _("Copy")


@dataclass
class Check:
    label: str
    done: bool
    detail: str = ""
    edit_url: str = ""


@dataclass
class Move:
    status: str
    label: str
    reasons: list

    @property
    def possible(self):
        return not self.reasons


@dataclass
class TripPlan:
    delegation: Delegation
    members: list
    days: list  # [(date, [PlanItem])]
    conflicts: list  # [(person, Warning)]
    checks: list  # [Check]
    moves: list  # [Move]
    zone: str

    @property
    def progress(self):
        done = sum(1 for check in self.checks if check.done)
        return done, len(self.checks)

    @property
    def progress_percent(self):
        done, total = self.progress
        return round(100 * done / total) if total else 100


def trip_plan(delegation):
    """Everything the trip page shows for `delegation` (fixed queries)."""
    delegation = (
        Delegation.objects.select_related("leader", "sending_organisation")
        .prefetch_related(active_memberships())
        .get(pk=delegation.pk)
    )
    members = list(delegation.active_members)
    people = [member.person for member in members]
    helpers = booked_helpers([delegation])
    start, end = trip_window(delegation)
    items = gather(people_to_check([delegation], helpers), start, end)
    merged = {}
    for person in people:
        for item in items.get(person.pk, []):
            entry = merged.setdefault(item.uid, PlanItem(item=item))
            entry.people.append(person)
    ordered = sorted(merged.values(), key=lambda p: (p.item.starts_at, p.item.ends_at, p.item.uid))
    days = [
        (day, list(group))
        for day, group in itertools.groupby(ordered, key=lambda p: p.local_start.date())
    ]
    conflicts = [
        (person, warning) for _trip, person, warning in trip_conflicts([delegation], items, helpers)
    ]
    return TripPlan(
        delegation=delegation,
        members=members,
        days=days,
        conflicts=conflicts,
        checks=checklist(delegation, members),
        moves=moves(delegation),
        zone=delegation.destination_time_zone,
    )


def checklist(delegation, members):
    """What a trip needs before it leaves, as (label, done) with a link to fix each."""
    from django.urls import reverse

    edit = reverse("admin:delegations_delegation_change", args=[delegation.pk])
    legs = list(TravelLeg.objects.filter(delegation=delegation).prefetch_related("travellers"))
    stays = list(Stay.objects.filter(delegation=delegation).prefetch_related("guests"))
    visits = list(Visit.objects.filter(delegation=delegation))
    outbound = {p.pk for leg in legs if leg.direction == "outbound" for p in leg.travellers.all()}
    home = {p.pk for leg in legs if leg.direction == "home" for p in leg.travellers.all()}
    hotel = {p.pk for stay in stays for p in stay.guests.all()}
    checks = [
        Check(_("A leader is set"), delegation.leader_id is not None, edit_url=edit),
    ]
    pending = [m for m in members if m.answer == DelegationMember.Answer.PENDING]
    checks.append(
        Check(
            _("Every member has confirmed"),
            not pending,
            ", ".join(m.person.latin_name for m in pending),
            edit,
        )
    )
    for label, have in (
        (_("Everyone has outbound travel"), outbound),
        (_("Everyone has travel home"), home),
        (_("Everyone has a hotel"), hotel),
    ):
        missing = [m.person.latin_name for m in members if m.person_id not in have]
        checks.append(Check(label, not missing, ", ".join(missing), edit))
    missing_pieces = (
        (
            _("Every travel leg has travellers"),
            [str(leg) for leg in legs if not leg.travellers.all()],
        ),
        (
            _("Every visit has a host contact"),
            [v.title for v in visits if v.host_contact_id is None],
        ),
        (
            _("Every visit has an interpreter"),
            [v.title for v in visits if v.interpreter_id is None],
        ),
    )
    for label, missing in missing_pieces:
        checks.append(Check(label, not missing, "; ".join(missing), edit))
    problems = document_warnings([delegation], timezone.localdate())
    checks.append(
        Check(
            _("Passports and visas are in order"),
            not problems,
            "; ".join(problem.message for problem in problems),
            edit,
        )
    )
    return checks


def moves(delegation):
    """Every status move the rules allow from here, each with the reasons it is blocked."""
    labels = dict(Delegation.Status.choices)
    return [
        Move(status, labels[status], [str(r) for r in workflow.preconditions(delegation, status)])
        for status in workflow.allowed_moves(delegation)
    ]


def local(moment, zone):
    return timezone.localtime(moment, zoneinfo.ZoneInfo(zone))


def trip_calendar(delegation, plan=None):
    """The whole trip as one iCalendar document for staff: every item once, with everyone."""
    from icalendar import Calendar, Event

    plan = plan or trip_plan(delegation)
    calendar = Calendar()
    calendar.add("prodid", "-//Delegation Desk//Trip//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", delegation.name)
    stamp = dt.datetime.now(dt.UTC)
    for _day, entries in plan.days:
        for entry in entries:
            item = entry.item
            event = Event()
            event.add("uid", f"{item.uid}-trip-{delegation.pk}@delegation-desk")
            event.add("dtstamp", stamp)
            event.add("dtstart", local(item.starts_at, item.start_zone))
            end = item.ends_at if not item.is_moment else item.starts_at + dt.timedelta(minutes=15)
            event.add("dtend", local(end, item.end_zone))
            event.add("summary", item.title)
            place = ", ".join(v for v in (item.place, item.address_native or item.address) if v)
            if place:
                event.add("location", place)
            event.add(
                "description",
                _("With: %(people)s") % {"people": ", ".join(p.latin_name for p in entry.people)},
            )
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
