"""The staff overview: delegations by status, what is coming, what is missing, what is late.

`overview(today)` takes the date as an argument so that figures can be checked against fixed
data. Its number of queries does not depend on the number of delegations or follow-ups.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from .itinerary import (
    active_memberships,
    booked_helpers,
    gather,
    people_to_check,
    trip_conflicts,
    trip_window,
)
from .models import (
    Delegation,
    DelegationMember,
    FollowUp,
    Invitation,
    Partnership,
    Stay,
    TravelLeg,
    Visit,
)
from .travel_checks import document_warnings

S = Delegation.Status
COMING_DAYS = 30


@dataclass
class Overview:
    today: dt.date
    by_status: list  # [(status, label, count)]
    coming: list  # delegations starting within 30 days, or travelling
    unconfirmed: list  # DelegationMember rows still pending on trips not yet back
    no_travel_home: list  # delegations not yet back without any travel leg home
    visits_without_contact: list
    conflicts: list  # [(delegation, person, warning)] of every open trip
    overdue: list  # FollowUp rows past due
    expiring: list  # partnerships expiring within six months
    documents: list = field(default_factory=list)  # travel_checks.DocumentWarning
    pending_invitations: list = field(default_factory=list)  # by reply due, `is_overdue` set
    members_missing: list = field(default_factory=list)  # [(delegation, person, [what])]
    legs_without_travellers: list = field(default_factory=list)
    visits_missing: list = field(default_factory=list)  # [(visit, [what])]


def open_trips():
    """The trips the overview warns about: not closed and not called off (Status.in_play),
    with their members who have not declined; a closed trip warns of nothing."""
    return (
        Delegation.objects.filter(status__in=S.in_play())
        .select_related("sending_organisation", "leader")
        .prefetch_related(active_memberships())
        .order_by("starts_on", "pk")
    )


def conflicts_for(delegations):
    """[(delegation, person, warning)] for double bookings and tight changes of every trip at
    once, over every role a person is booked in (fixed queries)."""
    delegations = list(delegations)
    if not delegations:
        return []
    helpers = booked_helpers(delegations)
    windows = [trip_window(d) for d in delegations]
    items = gather(
        people_to_check(delegations, helpers),
        min(w[0] for w in windows),
        max(w[1] for w in windows),
    )
    return trip_conflicts(delegations, items, helpers)


def members_missing(delegations):
    """[(delegation, person, [what is missing])] for members without outbound travel, travel
    home or a hotel night (two queries for every trip at once)."""
    ids = [d.pk for d in delegations]
    legs = set(
        TravelLeg.travellers.through.objects.filter(travelleg__delegation_id__in=ids).values_list(
            "travelleg__delegation_id", "travelleg__direction", "person_id"
        )
    )
    hotel = set(
        Stay.guests.through.objects.filter(stay__delegation_id__in=ids).values_list(
            "stay__delegation_id", "person_id"
        )
    )
    found = []
    for delegation in delegations:
        for member in delegation.active_members:
            key = (delegation.pk, member.person_id)
            missing = []
            if (delegation.pk, TravelLeg.Direction.OUTBOUND, member.person_id) not in legs:
                missing.append(_("outbound travel"))
            if (delegation.pk, TravelLeg.Direction.HOME, member.person_id) not in legs:
                missing.append(_("travel home"))
            # A trip with nights (it ends after the day it starts) needs a hotel.
            if delegation.ends_on > delegation.starts_on and key not in hotel:
                missing.append(_("a hotel night"))
            if missing:
                found.append((delegation, member.person, missing))
    return found


def visits_missing(delegations):
    """[(visit, [what is missing])] for the trips' visits without interpreter or host
    contact (one query)."""
    visits = (
        Visit.objects.filter(delegation__in=[d.pk for d in delegations])
        .filter(Q(host_contact__isnull=True) | Q(interpreter__isnull=True))
        .select_related("host", "delegation")
        .order_by("starts_at", "pk")
    )
    found = []
    for visit in visits:
        missing = []
        if visit.host_contact_id is None:
            missing.append(_("host contact"))
        if visit.interpreter_id is None:
            missing.append(_("interpreter"))
        found.append((visit, missing))
    return found


def pending_invitations(today):
    """Invitations still waiting for an answer, the reply due soonest first (undated last)."""
    rows = list(
        Invitation.objects.filter(answer=Invitation.Answer.PENDING)
        .select_related("host")
        .order_by(F("reply_due").asc(nulls_last=True), "received_on", "pk")
    )
    for invitation in rows:
        invitation.is_overdue = invitation.reply_due is not None and invitation.reply_due < today
    return rows


def overview(today):
    counts = dict(Delegation.objects.order_by().values_list("status").annotate(n=Count("pk")))
    by_status = [(status, status.label, counts.get(status, 0)) for status in S]
    home_leg = TravelLeg.objects.filter(
        delegation=OuterRef("pk"), direction=TravelLeg.Direction.HOME
    )
    trips = list(open_trips())
    coming = [
        d
        for d in trips
        if d.status in S.not_yet_back()
        and d.ends_on >= today
        and d.starts_on <= today + dt.timedelta(days=COMING_DAYS)
    ]
    unconfirmed = list(
        DelegationMember.objects.filter(
            answer=DelegationMember.Answer.PENDING,
            delegation__status__in=S.not_yet_back(),
            delegation__ends_on__gte=today,
        )
        .select_related("person", "delegation")
        .order_by("delegation__starts_on", "precedence")
    )
    no_travel_home = list(
        Delegation.objects.filter(status__in=S.not_yet_back(), ends_on__gte=today)
        .exclude(Exists(home_leg))
        .order_by("starts_on")
    )
    missing_on_visits = visits_missing(trips)
    return Overview(
        today=today,
        by_status=by_status,
        coming=coming,
        unconfirmed=unconfirmed,
        no_travel_home=no_travel_home,
        visits_without_contact=[v for v, _m in missing_on_visits if v.host_contact_id is None],
        conflicts=conflicts_for(trips),
        overdue=list(
            FollowUp.objects.overdue(today).select_related("owner", "delegation").order_by("due_on")
        ),
        expiring=list(
            Partnership.objects.expiring(today).prefetch_related("parties").order_by("expires_on")
        ),
        documents=document_warnings([d for d in trips if d.ends_on >= today], today),
        pending_invitations=pending_invitations(today),
        members_missing=members_missing(trips),
        legs_without_travellers=list(
            TravelLeg.objects.filter(delegation__in=[d.pk for d in trips], travellers=None)
            .select_related("delegation")
            .order_by("departs_at", "pk")
        ),
        visits_missing=missing_on_visits,
    )


def reminders_by_owner(today):
    """[(owner, [follow-ups])] of open and in-progress follow-ups, earliest due first."""
    open_ones = (
        FollowUp.objects.open()
        .select_related("owner", "delegation", "partnership")
        .order_by("owner__family_name", "owner__given_name", "due_on")
    )
    grouped = {}
    for follow_up in open_ones:
        follow_up.is_overdue = follow_up.due_on < today
        grouped.setdefault(follow_up.owner, []).append(follow_up)
    return list(grouped.items())
