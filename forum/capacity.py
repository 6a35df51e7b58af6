"""Seats in sessions: a registration joins a session only while the session has room.

Race-free: the session row is locked (`SELECT … FOR UPDATE` on PostgreSQL) before counting, so
concurrent requests for the last seat queue behind each other and exactly `capacity` succeed.
SQLite has no row locks; there the IMMEDIATE transaction mode (settings) takes the database
write lock at BEGIN, which serialises the same critical section.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Registration, Session


class SessionFull(Exception):
    """The session has no seat left; the message says so in the user's language."""


def join_session(registration, session):
    """Add `session` to `registration`'s sessions if there is a seat; return True if it was
    added, False if the registration already had it. Raises SessionFull when no seat is left,
    ValueError when the session belongs to another forum or the registration is cancelled."""
    if session.forum_id != registration.forum_id:
        raise ValueError(_("This session belongs to another forum."))
    if registration.status == Registration.Status.CANCELLED:
        raise ValueError(_("A cancelled registration cannot join sessions."))
    through = Registration.sessions.through
    with transaction.atomic():
        locked = Session.objects.select_for_update().only("pk", "capacity").get(pk=session.pk)
        seats = through.objects.filter(session_id=locked.pk)
        if seats.filter(registration_id=registration.pk).exists():
            return False
        if locked.capacity is not None and seats.count() >= locked.capacity:
            raise SessionFull(_("“%(session)s” is full.") % {"session": session})
        # Through the related manager: it sends m2m_changed, which kept itineraries and
        # feeds watch (forum/page_keys.py); the link model itself sends no save signals.
        registration.sessions.add(locked)
    return True


def leave_session(registration, session):
    """Give the seat back. Returns True if the registration had the session."""
    had = registration.sessions.filter(pk=session.pk).exists()
    if had:
        registration.sessions.remove(session)  # sends m2m_changed, as join_session
    return had


def seats_left(session):
    """Free seats, or None for a session without a capacity limit."""
    if session.capacity is None:
        return None
    taken = Registration.sessions.through.objects.filter(session_id=session.pk).count()
    return max(0, session.capacity - taken)
