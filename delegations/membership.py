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
