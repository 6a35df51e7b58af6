"""Invitations to sign in: staff invite people (admin actions on people and on delegations).

`invite(person)` gives the person a login if they have none (user name: their e-mail address),
links it, puts it in the Delegates group and e-mails a one-time link to choose a password
(accounts.invitation_link, valid INVITATION_LINK_DAYS) in the person's language, through the
outbox. Inviting again sends a new link; an earlier link of a login without a password stops
working. Staff see who was invited and when (`Person.invited_at`) and who has signed in
(the login's last sign-in) in the people list.
"""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import accounts
import outbox
from accounts.roles import DELEGATES

from . import notices
from .models import Person


class CannotInvite(Exception):
    """The person cannot be invited; the message says why, for staff."""


def username_for(email):
    """The e-mail address as user name, made unique if another login has it."""
    base = email.strip().lower()[:150]
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        suffix = f"-{n}"
        name = base[: 150 - len(suffix)] + suffix
    return name


def invite(person, *, now=None):
    """Create or reuse `person`'s login, link it, add it to Delegates and queue the e-mail.
    Raises CannotInvite (a person without an e-mail address: nothing is sent)."""
    if not person.email:
        raise CannotInvite(
            _("%(person)s has no e-mail address: nothing was sent.") % {"person": person}
        )
    now = now or timezone.now()
    with transaction.atomic():
        user = person.user
        if user is None:
            user = User(username=username_for(person.email), email=person.email)
            user.first_name, user.last_name = person.given_name[:150], person.family_name[:150]
            user.set_unusable_password()
            user.save()
        elif not user.has_usable_password():
            user.set_unusable_password()  # a new one: the previous link stops working
            user.save(update_fields=["password"])
        if not user.email:
            user.email = person.email
            user.save(update_fields=["email"])
        user.groups.add(Group.objects.get(name=DELEGATES))
        person.user = user
        person.invited_at = now
        person.save(update_fields=["user", "invited_at", "updated_at"])
        language = person.language()
        outbox.send(
            to=person.email,
            template="delegations/email/sign_in_invitation",
            context={
                "name": person.display_name(language),
                "username": user.get_username(),
                "link": accounts.invitation_link(user, language),
                "days": settings.INVITATION_LINK_DAYS,
            },
            language=language,
            kind="invitation",
        )
        # From now on they are told when their itinerary changes.
        if not hasattr(person, "itinerary_snapshot"):
            notices.remember([person], now)
    return user


def invite_all(people):
    """(invited count, [messages for staff about those who could not be invited])."""
    invited, problems = 0, []
    for person in people:
        try:
            invite(person)
        except CannotInvite as refusal:
            problems.append(str(refusal))
        else:
            invited += 1
    return invited, problems


def members_to_invite(delegations):
    """The people of `delegations` who have not declined their place."""
    from .models import DelegationMember

    places = DelegationMember.objects.filter(delegation__in=delegations).exclude(
        answer=DelegationMember.Answer.DECLINED
    )
    return Person.objects.filter(pk__in=places.values("person_id")).select_related(
        "organisation", "user"
    )
