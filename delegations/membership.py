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


def leading_member(members):
    """Of `members` (DelegationMember rows of one trip), the leader: the member with the role
    "Leader" who has not declined, first by protocol precedence; None without one."""
    leaders = [
        m
        for m in members
        if m.role == DelegationMember.Role.LEADER and m.answer != DelegationMember.Answer.DECLINED
    ]
    leaders.sort(key=lambda m: (m.precedence, m.pk or 0))
    return leaders[0] if leaders else None


def sync_leader(delegation_id):
    """Set `Delegation.leader` from the members (the one place a leader is chosen): saved,
    so history and the kept pages see it, only when it changes."""
    delegation = Delegation.objects.filter(pk=delegation_id).first()
    if delegation is None:  # the trip itself is being deleted
        return
    leader = leading_member(DelegationMember.objects.filter(delegation_id=delegation_id))
    leader_id = leader.person_id if leader else None
    if delegation.leader_id != leader_id:
        delegation.leader_id = leader_id
        delegation.save(update_fields=["leader", "updated_at"])


def member_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_leader(instance.delegation_id)


def member_deleted(sender, instance, origin=None, **kwargs):
    # A trip being deleted takes its members with it: nothing to keep in step.
    if isinstance(origin, Delegation) or getattr(origin, "model", None) is Delegation:
        return
    sync_leader(instance.delegation_id)
