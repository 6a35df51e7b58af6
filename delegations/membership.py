"""A delegation member answers for their own place: confirm or decline."""

from django.utils.translation import gettext as _

from .models import Delegation, DelegationMember

ANSWERS = {DelegationMember.Answer.CONFIRMED, DelegationMember.Answer.DECLINED}


def answer_membership(member, answer, reason=""):
    """Record the member's answer (and, when they decline, their reason for staff, if they
    give one); refuses anything but confirm/decline, and trips that are already over or
    called off."""
    if answer not in ANSWERS:
        raise ValueError(_("Choose confirm or decline."))
    # Once a trip is back (or called off), the list of who went is history.
    if member.delegation.status not in Delegation.Status.not_yet_back():
        raise ValueError(_("This trip can no longer be answered."))
    reason = reason.strip()[:2000] if answer == DelegationMember.Answer.DECLINED else ""
    if member.answer != answer or member.decline_reason != reason:
        member.answer = answer
        member.decline_reason = reason
        member.save(update_fields=["answer", "decline_reason", "updated_at"])
    return member


def memberships_of(person):
    """The person's places in delegations, newest trip first."""
    return (
        DelegationMember.objects.filter(person=person)
        .select_related("delegation")
        .order_by("-delegation__starts_on")
    )
