"""Whose travel documents put a trip at risk: a passport that expires less than six months
after the return, a visa not granted two weeks before departure (or refused), a member with no
document on file. One function for the trip page and the overview, in three queries whatever
the number of trips and members."""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Delegation, DelegationMember, TravelDocument, Visa

PASSPORT_MONTHS = 6  # China (and many others) want a passport valid six months past the stay
VISA_DAYS = 14


def months_after(day, months):
    """The same day `months` later (the last of the month where it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass
class DocumentWarning:
    delegation: Delegation
    person: object
    message: str


def document_warnings(delegations, today):
    """[DocumentWarning] for the trips in `delegations` not yet back, members who declined
    left out."""
    trips = {d.pk: d for d in delegations if d.status in Delegation.Status.not_yet_back()}
    if not trips:
        return []
    members = list(
        DelegationMember.objects.filter(delegation_id__in=trips)
        .exclude(answer=DelegationMember.Answer.DECLINED)
        .select_related("person")
        .order_by("delegation_id", "precedence", "person__family_name", "pk")
    )
    documents = defaultdict(list)
    for document in TravelDocument.objects.filter(
        person_id__in={m.person_id for m in members}
    ).order_by("-expires_on"):
        documents[document.person_id].append(document)
    visas = {
        (visa.delegation_id, visa.person_id): visa
        for visa in Visa.objects.filter(delegation_id__in=trips)
    }
    found = []
    for member in members:
        trip, person = trips[member.delegation_id], member.person

        def warn(message, trip=trip, person=person):
            found.append(DocumentWarning(trip, person, message))

        held = documents.get(member.person_id)
        if not held:
            warn(_("%(person)s has no travel document on file.") % {"person": person})
        else:
            needed = months_after(trip.ends_on, PASSPORT_MONTHS)
            longest = held[0]  # the one that expires last
            facts = {
                "person": person,
                "document": longest.get_kind_display().lower(),
                "expires": date_format(longest.expires_on, "DATE_FORMAT"),
                "needed": date_format(needed, "DATE_FORMAT"),
            }
            if longest.expires_on <= trip.ends_on:
                warn(
                    _("%(person)s’s %(document)s expires on %(expires)s, before the return.")
                    % facts
                )
            elif longest.expires_on < needed:
                warn(
                    _(
                        "%(person)s’s %(document)s expires on %(expires)s, less than six months "
                        "after the return (valid until at least %(needed)s)."
                    )
                    % facts
                )
        visa = visas.get((member.delegation_id, member.person_id))
        if visa is None:
            continue
        if visa.status == Visa.Status.REFUSED:
            warn(_("%(person)s’s visa was refused.") % {"person": person})
        elif visa.status in Visa.Status.pending() and today >= trip.starts_on - dt.timedelta(
            days=VISA_DAYS
        ):
            warn(
                _(
                    "%(person)s’s visa is not granted yet (%(status)s); "
                    "the trip starts on %(starts)s."
                )
                % {
                    "person": person,
                    "status": visa.get_status_display().lower(),
                    "starts": date_format(trip.starts_on, "DATE_FORMAT"),
                }
            )
    return found
