"""The staff overview: delegations by status, what is coming, what is missing, what is late.

`overview(today)` takes the date as an argument so that figures can be checked against fixed
data. Its number of queries does not depend on the number of delegations or follow-ups.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from .itinerary import active_memberships, gather, item_warnings, trip_window
from .models import Delegation, DelegationMember, FollowUp, Partnership, TravelLeg, Visit
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
    conflicts: list  # [(delegation, person, warning)]
    overdue: list  # FollowUp rows past due
    expiring: list  # partnerships expiring within six months
    documents: list  # travel_checks.DocumentWarning of every trip not yet back


def conflicts_for(delegations):
    """[(delegation, person, warning)] for overlaps and tight changes, all trips at once."""
    delegations = list(delegations)
    if not delegations:
        return []
    people = {}
    for delegation in delegations:
        for member in delegation.active_members:
            people[member.person_id] = member.person
    windows = [trip_window(d) for d in delegations]
    items = gather(list(people.values()), min(w[0] for w in windows), max(w[1] for w in windows))
    found = []
    for delegation, (start, end) in zip(delegations, windows, strict=True):
        for member in delegation.active_members:
            own = [
                i
                for i in items.get(member.person_id, [])
                if i.starts_at <= end and i.ends_at >= start
            ]
            for warning in item_warnings(own):
                found.append((delegation, member.person, warning))
    return found


def overview(today):
    counts = dict(Delegation.objects.order_by().values_list("status").annotate(n=Count("pk")))
    by_status = [(status, status.label, counts.get(status, 0)) for status in S]
    home_leg = TravelLeg.objects.filter(
        delegation=OuterRef("pk"), direction=TravelLeg.Direction.HOME
    )
    coming = list(
        Delegation.objects.filter(status__in=S.not_yet_back(), ends_on__gte=today)
        .filter(starts_on__lte=today + dt.timedelta(days=COMING_DAYS))
        .select_related("sending_organisation", "leader")
        .prefetch_related(active_memberships())
        .order_by("starts_on")
    )
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
    visits_without_contact = list(
        Visit.objects.filter(host_contact__isnull=True, delegation__status__in=S.in_play())
        .select_related("host", "delegation")
        .order_by("starts_at")
    )
    return Overview(
        today=today,
        by_status=by_status,
        coming=coming,
        unconfirmed=unconfirmed,
        no_travel_home=no_travel_home,
        visits_without_contact=visits_without_contact,
        conflicts=conflicts_for(coming),
        overdue=list(
            FollowUp.objects.overdue(today).select_related("owner", "delegation").order_by("due_on")
        ),
        expiring=list(
            Partnership.objects.expiring(today).prefetch_related("parties").order_by("expires_on")
        ),
        documents=document_warnings(
            Delegation.objects.filter(status__in=S.not_yet_back(), ends_on__gte=today).order_by(
                "starts_on"
            ),
            today,
        ),
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
