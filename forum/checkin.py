"""Check-in at the door: `check_in()` marks a registration attended, `undo_check_in()` takes it
back to the status it had before. The embassy's attendee list and anything else that checks
people in call these; a refusal raises CheckInRefused with a message for the person at the
door.

Both are idempotent: checking in someone already checked in (or undoing a check-in that is not
there) changes nothing and returns False, so a second click at a busy door is harmless.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CheckInEvent, Registration

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


def check_in_once(registration, *, nonce, undo=False, by=None):
    """Check in (or undo, with `undo`) as asked by the device that chose `nonce`, once: a
    request whose nonce was seen before changes nothing and returns None, so a door phone
    that sends its queue again after a lost answer does not check anyone in twice (or undo a
    later check-in). Otherwise returns what check_in()/undo_check_in() returned; a refusal
    (a cancelled registration) keeps no nonce, so asking again is refused again."""
    action = CheckInEvent.Action.UNDO if undo else CheckInEvent.Action.CHECK_IN
    if CheckInEvent.objects.filter(nonce=nonce).exists():
        registration.refresh_from_db(fields=FIELDS)
        return None
    try:
        with transaction.atomic():
            changed = (undo_check_in if undo else check_in)(registration, by=by)
            # A nonce seen before fails here and takes the change above back with it.
            CheckInEvent.objects.create(
                registration=registration, nonce=nonce, action=action, changed=changed, by=by
            )
    except IntegrityError:
        # The nonce is there already (unique): this request was carried out before.
        registration.refresh_from_db(fields=FIELDS)
        return None
    return changed
