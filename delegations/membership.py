"""A delegation member answers for their own place: confirm or decline."""

from django.utils.translation import gettext as _

from .models import DelegationMember

ANSWERS = {DelegationMember.Answer.CONFIRMED, DelegationMember.Answer.DECLINED}


def answer_membership(member, answer):
    """Record the member's answer; refuses anything but confirm/decline, and trips that are
    already over or called off."""
    if answer not in ANSWERS:
        raise ValueError(_("Choose confirm or decline."))
    if member.delegation.status in {"returned", "follow_up", "closed", "cancelled", "declined"}:
        raise ValueError(_("This trip can no longer be answered."))
    if member.answer != answer:
        member.answer = answer
        member.save(update_fields=["answer", "updated_at"])
    return member


def memberships_of(person):
    """The person's places in delegations, newest trip first."""
    return (
        DelegationMember.objects.filter(person=person)
        .select_related("delegation")
        .order_by("-delegation__starts_on")
    )
