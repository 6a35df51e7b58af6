"""Check-in at the door: `check_in()` marks a registration attended, `undo_check_in()` takes it
back to the status it had before. The embassy's attendee list and anything else that checks
people in call these; a refusal raises CheckInRefused with a message for the person at the
door.

Both are idempotent: checking in someone already checked in (or undoing a check-in that is not
there) changes nothing and returns False, so a second click at a busy door is harmless.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Registration

log = logging.getLogger("delegation_desk.check_in")
S = Registration.Status
FIELDS = ["status", "checked_in_at", "status_before_check_in"]


class CheckInRefused(ValidationError):
    """A check-in the rules do not allow; the message says why."""


def _lock(registration):
    """Read the registration's check-in state again under a row lock, so that two people at
    the door (one checking in, one undoing) cannot interleave, and copy it onto the object."""
    current = Registration.objects.select_for_update().only(*FIELDS).get(pk=registration.pk)
    for name in FIELDS:
        setattr(registration, name, getattr(current, name))


def _save(registration, by, event):
    if by is not None:
        registration._history_user = by
    registration.save(update_fields=[*FIELDS, "updated_at"])
    log.info(
        event,
        extra={
            "event": event,
            "user_id": getattr(by, "pk", None),
            "registration_id": registration.pk,
            "forum_id": registration.forum_id,
            "status": registration.status,
        },
    )


def check_in(registration, *, by=None):
    """Mark `registration` attended now. Returns True, or False when it was checked in
    already (nothing changes); raises CheckInRefused for a cancelled registration."""
    with transaction.atomic():
        _lock(registration)
        if registration.status == S.CANCELLED:
            raise CheckInRefused(_("A cancelled registration cannot be checked in."))
        if registration.checked_in_at is not None:
            return False
        registration.status_before_check_in = registration.status
        registration.status = S.ATTENDED
        registration.checked_in_at = timezone.now()
        _save(registration, by, "check_in")
    return True


def undo_check_in(registration, *, by=None):
    """Take back the check-in of `registration`: the status it had before (invited stays
    invited) and no check-in time. Returns False when it was not checked in."""
    with transaction.atomic():
        _lock(registration)
        if registration.checked_in_at is None:
            return False
        # Checked in before the previous status was kept: registered, as undo always gave.
        registration.status = registration.status_before_check_in or S.REGISTERED
        registration.status_before_check_in = ""
        registration.checked_in_at = None
        _save(registration, by, "check_in_undone")
    return True
