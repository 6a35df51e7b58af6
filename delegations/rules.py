"""Who may see whose itinerary and answer whose place: the region's side of the rules.

A delegate sees and answers only their own (the Person linked to their login); regional staff
see anyone's and the staff pages. Registered in the `rules` registry under "delegations.*"
(see accounts/rules.py); views declare them with accounts/decorators.py. The loaders below
find each rule's object from the URL; None (or a 404) means no such object.
"""

import rules

from accounts.rules import has_itinerary, holds, is_regional_staff, linked_person

from .models import (
    Delegation,
    DelegationMember,
    Gift,
    Invitation,
    PartnershipDocument,
    Person,
    SharedLink,
)


@rules.predicate
def is_own_person(user, person):
    own = linked_person(user)
    return person is not None and own is not None and own.pk == person.pk


@rules.predicate
def is_own_shared_link(user, link):
    own = linked_person(user)
    return link is not None and own is not None and link.person_id == own.pk


@rules.predicate
def is_own_membership(user, membership):
    own = linked_person(user)
    return membership is not None and own is not None and membership.person_id == own.pk


# What the admin's own pages ask for a model: its view or its change permission.
may_view_delegations = holds("delegations.view_delegation") | holds("delegations.change_delegation")
may_view_follow_ups = holds("delegations.view_followup") | holds("delegations.change_followup")

rules.add_perm("delegations.view_itinerary", (is_own_person & has_itinerary) | is_regional_staff)
rules.add_perm("delegations.answer_membership", is_own_membership & has_itinerary)
# Read-only links for an assistant or family (delegations/views/shared.py).
rules.add_perm("delegations.share_itinerary", is_own_person & has_itinerary)
rules.add_perm("delegations.revoke_shared_link", is_own_shared_link & has_itinerary)
rules.add_perm("delegations.view_anyones_itinerary", is_regional_staff)
rules.add_perm("delegations.view_delegation_warnings", is_regional_staff)
# The trip page, its print view, PDFs, calendar and status moves (delegations/views/trips.py).
rules.add_perm("delegations.plan_trip", is_regional_staff)
# Uploaded letters and partnership documents (delegations/views/documents.py).
rules.add_perm("delegations.read_documents", is_regional_staff)
rules.add_perm("delegations.view_overview", may_view_delegations)
rules.add_perm("delegations.view_follow_up_reminders", may_view_follow_ups)


def own_person(request):
    """The signed-in user's own Person (object of "delegations.view_itinerary")."""
    return linked_person(request.user)


def person_from_pk(request, pk):
    return Person.objects.filter(pk=pk).first()


def delegation_from_slug(request, slug):
    return Delegation.objects.filter(slug=slug).first()


def membership_from_pk(request, pk):
    return DelegationMember.objects.select_related("delegation").filter(pk=pk).first()


def invitation_from_pk(request, pk):
    return Invitation.objects.filter(pk=pk).first()


def partnership_document_from_pk(request, pk):
    return PartnershipDocument.objects.filter(pk=pk).first()


def gift_from_pk(request, pk):
    return Gift.objects.filter(pk=pk).first()


# A partner's page and the briefing for the next trip to it (delegations/views/partners.py).
rules.add_perm("delegations.view_partner", is_regional_staff)
# The gift register and its export for the annual declaration (delegations/views/gifts.py).
rules.add_perm("delegations.view_gift_register", is_regional_staff)


def organisation_from_pk(request, pk):
    from .models import Organisation

    return Organisation.objects.filter(pk=pk).first()


def shared_link_from_pk(request, pk):
    return SharedLink.objects.filter(pk=pk).first()


# The public trip report: its staff preview, consents, publishing (delegations/views/report.py).
rules.add_perm("delegations.publish_trip_report", is_regional_staff)
