"""Who may see whose itinerary. One place, used by views and tests.

A delegate sees only their own (the Person linked to their login); regional staff see
anyone's. Everything else answers 404, so that nobody learns what exists.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_regional_staff

from .models import Delegation, DelegationMember, Person

log = logging.getLogger("delegation_desk.access")


def refuse(user, what):
    """Log a refused access (ids only) and answer 404, so nothing about the object leaks."""
    log.warning(
        "access refused",
        extra={"event": "access_refused", "user_id": getattr(user, "pk", None), "what": what},
    )
    raise Http404


def linked_person(user):
    if not (user.is_authenticated and user.is_active):
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def own_person_or_404(user):
    """The signed-in user's own Person, if they may see an itinerary at all."""
    person = linked_person(user)
    if person is None or not (
        user.has_perm("delegations.view_own_itinerary") or is_regional_staff(user)
    ):
        refuse(user, "itinerary")
    return person


def person_for_staff_or_404(user, pk):
    """Any person, for regional staff only."""
    if not is_regional_staff(user):
        refuse(user, "staff_itinerary")
    return get_object_or_404(Person, pk=pk)


def delegation_for_staff_or_404(user, slug):
    if not is_regional_staff(user):
        refuse(user, "staff_delegation")
    return get_object_or_404(Delegation, slug=slug)


def memberships_of(person):
    """The person's places in delegations, newest trip first."""
    return (
        DelegationMember.objects.filter(person=person)
        .select_related("delegation")
        .order_by("-delegation__starts_on")
    )


def own_membership_or_404(person, pk):
    return get_object_or_404(
        DelegationMember.objects.select_related("delegation"), pk=pk, person=person
    )
