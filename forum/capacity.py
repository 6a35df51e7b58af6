"""Seats in sessions: a registration joins a session only while the session has room.

Race-free: the session row is locked (`SELECT … FOR UPDATE` on PostgreSQL) before counting, so
concurrent requests for the last seat queue behind each other and exactly `capacity` succeed.
SQLite has no row locks; there the IMMEDIATE transaction mode (settings) takes the database
write lock at BEGIN, which serialises the same critical section.

Not every session has seats to book: breaks never, receptions only when they have a capacity,
and nothing once it has begun. People on stage keep their session (`leave_session` refuses).
`clashes()` names what else on the person's itinerary a session overlaps, so the page can ask
before booking it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.itinerary import gather

from .models import Registration, Session, SessionRole


class SessionFull(Exception):
    """The session has no seat left; the message says so in the user's language."""


class NoSeats(ValueError):
    """The session cannot be booked (a break, a reception without capacity, begun already)."""


class OnStage(ValueError):
    """The person speaks, moderates or sits on the panel: their session is not a seat."""


def has_seats(session):
    """Breaks have no seats; receptions only when a capacity is set."""
    if session.kind == Session.Kind.BREAK:
        return False
    return session.kind != Session.Kind.RECEPTION or session.capacity is not None


def booking_refusal(session, now=None):
    """Why `session` cannot be booked now (a message for people), or None."""
    if not has_seats(session):
        return _("“%(session)s” has no seats to book.") % {"session": session}
    if session.starts_at <= (now or timezone.now()):
        return _("“%(session)s” has begun: its seats can no longer be booked.") % {
            "session": session
        }
    return None


def on_stage(person_id, session):
    return SessionRole.objects.filter(person_id=person_id, session_id=session.pk).exists()


def clashes(registration, session):
    """The items on the registered person's itinerary that `session` overlaps (itself and
    moments such as a check-in left out), for a warning before booking."""
    person = registration.person
    items = gather([person], session.starts_at, session.ends_at).get(person.pk, [])
    return [
        item
        for item in items
        if item.uid != f"session-{session.pk}"
        and not item.is_moment
        and item.starts_at < session.ends_at
        and session.starts_at < item.ends_at
    ]


def join_session(registration, session, now=None):
    """Add `session` to `registration`'s sessions if there is a seat; return True if it was
    added, False if the registration already had it. Raises SessionFull when no seat is left,
    NoSeats for a session that cannot be booked (now), ValueError when the session belongs to
    another forum or the registration is cancelled."""
    refusal = booking_refusal(session, now)
    if refusal:
        raise NoSeats(refusal)
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


def leave_session(registration, session, now=None):
    """Give the seat back. Returns True if the registration had the session. Raises OnStage
    for a person on stage in it, NoSeats once it has begun (attendance is history then)."""
    if on_stage(registration.person_id, session):
        raise OnStage(
            _("You are on stage in “%(session)s”: it stays on your itinerary.")
            % {"session": session}
        )
    if session.starts_at <= (now or timezone.now()):
        raise NoSeats(
            _("“%(session)s” has begun: its seat can no longer be given back.")
            % {"session": session}
        )
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
