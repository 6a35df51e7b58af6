"""A partner's memory: everything the region has done with one organisation, as one timeline
(invitations, delegations, visits, meetings and outcomes, agreements, gifts, follow-ups), the
people met, and the briefing for the next trip to it.

`partner_history(organisation)` reads everything in a fixed number of queries, whatever the
number of rows; filters by year and kind are applied to what was read.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from .models import (
    Delegation,
    FollowUp,
    Gift,
    Invitation,
    Meeting,
    Outcome,
    Partnership,
    Visit,
)

KINDS = {
    "invitation": _("Invitations"),
    "delegation": _("Delegations"),
    "visit": _("Visits"),
    "meeting": _("Meetings"),
    "partnership": _("Agreements"),
    "gift": _("Gifts"),
    "follow_up": _("Follow-ups"),
}


@dataclass
class Entry:
    """One thing on the timeline."""

    on: dt.date
    kind: str
    title: str
    what: str  # e.g. "Invitation received", in the reader's language
    obj: object = None

    @property
    def kind_label(self):
        return KINDS[self.kind]


@dataclass
class PersonMet:
    person: object
    last_met: dt.date
    where: list = field(default_factory=list)  # titles of meetings and visits


@dataclass
class PartnerHistory:
    organisation: object
    entries: list  # [Entry], newest first
    partnerships: list
    meetings: list
    visits: list
    open_follow_ups: list
    done_follow_ups: list
    gifts: list
    people: list  # [PersonMet], most recently met first
    years: list  # every year with something on the timeline, newest first

    @property
    def outcomes(self):
        return [outcome for meeting in self.meetings for outcome in meeting.outcomes.all()]

    @property
    def promises(self):
        return [outcome for outcome in self.outcomes if outcome.promised]


def partner_history(organisation):
    """Everything about `organisation` (a fixed number of queries)."""
    org = organisation
    invitations = list(
        Invitation.objects.filter(Q(invitee_organisation=org) | Q(host=org))
        .select_related("host", "invitee_organisation")
        .order_by("-received_on", "pk")
    )
    # Received: the trips that visited it, that it invited, or that served a partnership with it.
    delegations = list(
        Delegation.objects.filter(
            Q(sending_organisation=org)
            | Q(pk__in=Visit.objects.filter(host=org).values("delegation"))
            | Q(invitation__host=org)
            | Q(
                pk__in=Partnership.delegations.through.objects.filter(
                    partnership__parties=org
                ).values("delegation")
            )
        )
        .select_related("sending_organisation")
        .order_by("-starts_on", "pk")
    )
    visits = list(
        Visit.objects.filter(host=org)
        .select_related("delegation", "host_contact")
        .prefetch_related("participants")
        .order_by("-starts_at", "pk")
    )
    meetings = list(
        Meeting.objects.filter(organisation=org)
        .select_related("visit")
        .prefetch_related(
            "people_met",
            Prefetch(
                "outcomes",
                Outcome.objects.select_related("partnership", "follow_up__owner").order_by("pk"),
            ),
        )
        .order_by("-held_on", "pk")
    )
    partnerships = list(
        Partnership.objects.filter(parties=org)
        .prefetch_related("signatories", "parties")
        .order_by("name")
    )
    follow_ups = list(
        FollowUp.objects.filter(
            Q(organisation=org)
            | Q(visit__host=org)
            | Q(partnership__in=Partnership.objects.filter(parties=org).values("pk"))
        )
        .distinct()
        .select_related("owner", "partnership")
        .order_by("due_on", "pk")
    )
    gifts = list(
        Gift.objects.filter(organisation=org)
        .select_related("person", "our_person", "delegation")
        .order_by("-exchanged_on", "pk")
    )
    entries = []
    for invitation in invitations:
        received = invitation.invitee_organisation_id == org.pk
        what = _("Invitation received") if received else _("Invitation sent")
        entries.append(
            Entry(invitation.received_on, "invitation", invitation.occasion, what, invitation)
        )
        if invitation.answered_on:
            answer = invitation.get_answer_display()
            entries.append(
                Entry(invitation.answered_on, "invitation", invitation.occasion, answer, invitation)
            )
    for delegation in delegations:
        sent = delegation.sending_organisation_id == org.pk
        what = _("Delegation sent") if sent else _("Delegation received")
        entries.append(Entry(delegation.starts_on, "delegation", delegation.name, what, delegation))
    for visit in visits:
        entries.append(Entry(visit.starts_at.date(), "visit", visit.title, _("Visit"), visit))
    for meeting in meetings:
        entries.append(Entry(meeting.held_on, "meeting", meeting.title, _("Meeting"), meeting))
    for partnership in partnerships:
        for on, what in (
            (partnership.signed_on, _("Signed")),
            (partnership.renewed_on, _("Renewed")),
            (partnership.expires_on, _("Expires")),
        ):
            if on:
                entries.append(Entry(on, "partnership", partnership.name, what, partnership))
    for gift in gifts:
        entries.append(
            Entry(gift.exchanged_on, "gift", gift.description, gift.get_direction_display(), gift)
        )
    for follow_up in follow_ups:
        if follow_up.status == FollowUp.Status.DONE and follow_up.completed_on:
            entries.append(
                Entry(follow_up.completed_on, "follow_up", follow_up.action, _("Done"), follow_up)
            )
        else:
            entries.append(
                Entry(
                    follow_up.due_on,
                    "follow_up",
                    follow_up.action,
                    follow_up.get_status_display(),
                    follow_up,
                )
            )
    entries.sort(key=lambda e: (e.on, list(KINDS).index(e.kind)), reverse=True)
    return PartnerHistory(
        organisation=org,
        entries=entries,
        partnerships=partnerships,
        meetings=meetings,
        visits=visits,
        open_follow_ups=[f for f in follow_ups if f.status in FollowUp.Status.still_to_do()],
        done_follow_ups=[f for f in follow_ups if f.status == FollowUp.Status.DONE],
        gifts=gifts,
        people=people_met(org, meetings, visits),
        years=sorted({entry.on.year for entry in entries}, reverse=True),
    )


def people_met(org, meetings, visits):
    """The partner's people the region has met (at meetings, or as a visit's host contact),
    most recently met first."""
    found = {}

    def met(person, on, where):
        if person is None or person.organisation_id not in (org.pk, None):
            return
        entry = found.setdefault(person.pk, PersonMet(person, on))
        entry.last_met = max(entry.last_met, on)
        if where not in entry.where:
            entry.where.append(where)

    for meeting in meetings:
        for person in meeting.people_met.all():
            met(person, meeting.held_on, meeting.title)
    for visit in visits:
        met(visit.host_contact, visit.starts_at.date(), visit.title)
    return sorted(found.values(), key=lambda p: (p.last_met, p.person.pk), reverse=True)


def filtered(entries, *, year=None, kind=None):
    """The timeline entries of one year and/or one kind."""
    return [
        entry
        for entry in entries
        if (year is None or entry.on.year == year) and (kind is None or entry.kind == kind)
    ]
