"""A delegation linked to a forum registers its members there and keeps them in step.

Linking a delegation to a forum (Forum.delegations) registers every member who has not
declined; a member added later is registered, a member who declines or is removed has their
registration cancelled, unless they already attended. Registrations someone made without the
delegation are never cancelled by it. The signals are connected in forum/apps.py:
`delegations` knows nothing of forums.

A pending member is "Invited", a confirmed one "Registered"; a registration staff moved
forward by hand is not moved back.
"""

from django.db import transaction

from delegations.models import DelegationMember

from .models import Forum, Registration

LINKS = Forum.delegations.through
S = Registration.Status
# Where each answer puts a registration; a declined member's is cancelled.
STATUS_FOR_ANSWER = {
    DelegationMember.Answer.PENDING: S.INVITED,
    DelegationMember.Answer.CONFIRMED: S.REGISTERED,
}


def register(forum_id, member):
    """Create, bring back or move forward `member`'s registration at the forum."""
    wanted = STATUS_FOR_ANSWER.get(member.answer)
    registration = Registration.objects.filter(
        forum_id=forum_id, person_id=member.person_id
    ).first()
    if wanted is None:
        cancel(registration, member.delegation_id)
        return registration
    if registration is None:
        return Registration.objects.create(
            forum_id=forum_id,
            person_id=member.person_id,
            organisation_id=member.person.organisation_id,
            delegation_id=member.delegation_id,
            status=wanted,
        )
    changed = []
    if registration.status == S.CANCELLED:
        # Brought back by the trip: from now on it is the trip's to cancel.
        registration.status = wanted
        registration.delegation_id = member.delegation_id
        changed += ["status", "delegation"]
    elif registration.status == S.INVITED and wanted == S.REGISTERED:
        registration.status = wanted
        changed.append("status")
    if changed:
        registration.save(update_fields=[*changed, "updated_at"])
    return registration


def cancel(registration, delegation_id):
    """Cancel a registration that came with delegation `delegation_id`, unless attended."""
    if (
        registration is not None
        and registration.delegation_id == delegation_id
        and registration.status not in (S.ATTENDED, S.CANCELLED)
    ):
        registration.status = S.CANCELLED
        registration.save(update_fields=["status", "updated_at"])


def forums_of(delegation_id):
    return list(
        LINKS.objects.filter(delegation_id=delegation_id).values_list("forum_id", flat=True)
    )


def member_saved(sender, instance, raw=False, **kwargs):
    """A member added or answering: their registration at every forum of the trip."""
    if raw:
        return
    for forum_id in forums_of(instance.delegation_id):
        register(forum_id, instance)


def member_deleted(sender, instance, **kwargs):
    """A member removed: their registration from the trip is cancelled (unless attended)."""
    for forum_id in forums_of(instance.delegation_id):
        registration = Registration.objects.filter(
            forum_id=forum_id, person_id=instance.person_id
        ).first()
        cancel(registration, instance.delegation_id)


def link_delegations(forum_ids, delegation_ids):
    """Register every member (who has not declined) of the delegations at the forums."""
    members = list(
        DelegationMember.objects.filter(delegation_id__in=delegation_ids)
        .exclude(answer=DelegationMember.Answer.DECLINED)
        .select_related("person")
    )
    with transaction.atomic():
        for forum_id in forum_ids:
            for member in members:
                register(forum_id, member)


def unlink_delegations(forum_ids, delegation_ids):
    """Cancel the registrations that came with the delegations (unless attended)."""
    rows = Registration.objects.filter(
        forum_id__in=forum_ids, delegation_id__in=delegation_ids
    ).exclude(status__in=[S.ATTENDED, S.CANCELLED])
    with transaction.atomic():
        for registration in rows:  # saved one by one: history and kept pages see each
            registration.status = S.CANCELLED
            registration.save(update_fields=["status", "updated_at"])


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Forum.delegations changed from either side (add, remove, clear)."""
    if action == "pre_clear":
        # Which links go is known only before they are gone.
        field = "forum_id" if reverse else "delegation_id"
        own = "delegation_id" if reverse else "forum_id"
        instance._delegation_links_cleared = set(
            LINKS.objects.filter(**{own: instance.pk}).values_list(field, flat=True)
        )
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_delegation_links_cleared", set())
        action = "post_remove"
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    forums, delegations = (pk_set, {instance.pk}) if reverse else ({instance.pk}, pk_set)
    if action == "post_add":
        link_delegations(forums, delegations)
    else:
        unlink_delegations(forums, delegations)
