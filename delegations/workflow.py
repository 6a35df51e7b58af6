"""The trip from invitation to follow-up: which status moves are allowed, and when.

planning → invited → confirmed → travelling → returned → follow_up → closed, plus declined and
cancelled. Every move goes through `advance()`, from the admin, views and commands alike; a
refused move raises MoveRefused with a reason a person understands.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import membership
from .languages import content_languages, localized
from .models import Approval, Delegation, DelegationMember, Invitation, TravelLeg
from .slugs import unique_slug

S = Delegation.Status

# Allowed moves: from → the statuses it may go to. Going back one step is allowed where a
# plan can really fall back (an invitation withdrawn, a confirmation undone).
MOVES = {
    S.PLANNING: {S.INVITED, S.CONFIRMED, S.DECLINED, S.CANCELLED},
    S.INVITED: {S.PLANNING, S.CONFIRMED, S.DECLINED, S.CANCELLED},
    S.CONFIRMED: {S.PLANNING, S.TRAVELLING, S.CANCELLED},
    S.TRAVELLING: {S.RETURNED},
    S.RETURNED: {S.FOLLOW_UP, S.CLOSED},
    S.FOLLOW_UP: {S.CLOSED},
    S.CLOSED: {S.FOLLOW_UP},
    S.DECLINED: {S.PLANNING},
    S.CANCELLED: {S.PLANNING},
}


class MoveRefused(ValidationError):
    """A status move that the rules do not allow; the message says why."""


def preconditions(delegation, to):
    """Reasons why `delegation` may not move to `to` now (empty list: it may)."""
    reasons = []
    if to == S.CONFIRMED:
        if membership.leading_member(delegation.memberships.all()) is None:
            reasons.append(
                _("A confirmed delegation needs a leader: give a member the role “Leader”.")
            )
        if not delegation.memberships.filter(answer=DelegationMember.Answer.CONFIRMED).exists():
            reasons.append(_("At least one member must have confirmed their place."))
        if settings.TRIP_APPROVAL_REQUIRED and not has_approval(delegation):
            reasons.append(
                _(
                    "Record the approval first: the deciding body, the date of the decision, "
                    "the case number and the purpose as approved."
                )
            )
    elif to == S.TRAVELLING:
        if not delegation.travel_legs.filter(direction=TravelLeg.Direction.OUTBOUND).exists():
            reasons.append(_("Plan the outbound travel before the delegation leaves."))
        if delegation.starts_on > timezone.localdate() + dt.timedelta(days=2):
            reasons.append(_("The trip has not started yet."))
    elif to == S.RETURNED:
        if delegation.ends_on > timezone.localdate():
            reasons.append(_("The trip is not over yet."))
    elif to == S.CLOSED:
        if delegation.follow_ups.open().exists():
            reasons.append(_("Finish or cancel the open follow-ups first."))
    return reasons


def has_approval(delegation):
    """True when the trip's approval is recorded (its fields are all required)."""
    return Approval.objects.filter(delegation=delegation).exists()


def allowed_moves(delegation):
    """The statuses `delegation` could move to from where it is (rules on moves only)."""
    return sorted(MOVES.get(delegation.status, set()), key=list(S).index)


def advance(delegation, to, *, by=None):
    """Move `delegation` to status `to`, or raise MoveRefused saying why not."""
    to = S(to)
    if to == delegation.status:
        raise MoveRefused(_("The delegation is already “%(status)s”.") % {"status": to.label})
    if to not in MOVES.get(delegation.status, set()):
        raise MoveRefused(
            _("A delegation cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(delegation.status).label, "to": to.label}
        )
    reasons = preconditions(delegation, to)
    if reasons:
        raise MoveRefused(" ".join(str(r) for r in reasons))
    with transaction.atomic():
        delegation.status = to
        if by is not None:
            delegation._history_user = by
        delegation.save(update_fields=["status", "updated_at"])
    return delegation


def answer_invitation(invitation, answer, *, on=None):
    """Record the answer to an invitation (accepted or declined) and when it was given."""
    if answer not in (Invitation.Answer.ACCEPTED, Invitation.Answer.DECLINED):
        raise ValidationError(_("Answer with accepted or declined."))
    invitation.answer = answer
    invitation.answered_on = on or timezone.localdate()
    invitation.save(update_fields=["answer", "answered_on", "updated_at"])
    return invitation


# Where an invitation does not say, the country's main zone (staff can change it).
COUNTRY_TIME_ZONES = {
    "CN": "Asia/Shanghai",
    "DK": "Europe/Copenhagen",
    "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul",
    "DE": "Europe/Berlin",
    "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo",
    "GB": "Europe/London",
    "IN": "Asia/Kolkata",
    "SG": "Asia/Singapore",
}


def delegation_from_invitation(invitation, **overrides):
    """Turn an accepted invitation into a delegation in one step. A second call returns the
    delegation made the first time."""
    existing = Delegation.objects.filter(invitation=invitation).first()
    if existing is not None:
        return existing
    if invitation.answer != Invitation.Answer.ACCEPTED:
        raise ValidationError(_("Only an accepted invitation becomes a delegation."))
    if invitation.invitee_organisation_id is None:
        raise ValidationError(_("The invitation names no organisation to send a delegation."))
    if not (invitation.starts_on and invitation.city and invitation.country):
        raise ValidationError(_("Fill in the invitation's dates, city and country first."))
    values = {
        "slug": unique_slug(Delegation, invitation.occasion_en or invitation.occasion),
        "sending_organisation_id": invitation.invitee_organisation_id,
        "destination_country": invitation.country,
        "destination_time_zone": COUNTRY_TIME_ZONES.get(invitation.country, "UTC"),
        "starts_on": invitation.starts_on,
        "ends_on": invitation.ends_on or invitation.starts_on,
        "status": S.INVITED,
        "invitation": invitation,
    }
    for code in content_languages():
        values[localized("name", code)] = getattr(invitation, localized("occasion", code)) or ""
        values[localized("destination_city", code)] = (
            getattr(invitation, localized("city", code)) or ""
        )
    values.update(overrides)
    with transaction.atomic():
        delegation = Delegation.objects.create(**values)
        if invitation.invitee_person_id is not None:
            # The person invited leads the trip: the leader is a member (membership.py).
            DelegationMember.objects.create(
                delegation=delegation,
                person_id=invitation.invitee_person_id,
                role=DelegationMember.Role.LEADER,
                precedence=1,
            )
            delegation.refresh_from_db(fields=["leader", "updated_at"])
    return delegation


def unknown_status_message():
    return _("Choose one of the statuses offered.")


def moved_message(delegation):
    return _("“%(trip)s” is now “%(status)s”.") % {
        "trip": delegation.name,
        "status": S(delegation.status).label,
    }
