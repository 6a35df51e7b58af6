"""Which kept pages a changed row of this app concerns (pagecache.watch in apps.py).

A forum's programme, session and speaker pages carry the generations "forum:<id>" (the forum
and its tracks) and "programme:<id>" (its sessions and who is on stage), the list of forums
"forums", each session's block of the programme "session:<id>" (forum/views/public.py);
a person's itinerary and feed "person:<id>" (delegations/page_keys.py). Each function names the
generations that show a row, in as few queries as it can.
"""

import pagecache

from .models import Forum, Registration, Session, SessionRole

FORUMS = "forums"  # the list of published forums (the forum home page)
PROGRAMME = "programme"  # "programme:<forum id>": a forum's sessions and who is on stage
SEATS = Registration.sessions.through
HOSTS = Forum.hosts.through
PARTICIPATING = Forum.delegations.through


def people(ids):
    return {pagecache.key("person", pk) for pk in ids if pk is not None}


def in_sessions(sessions):
    """Everyone with a session of `sessions` (a queryset of ids) on their itinerary: who has a
    seat and who is on stage (who is on stage is shown to everyone with the session)."""
    seated = (
        SEATS.objects.filter(session_id__in=sessions)
        .order_by()
        .values_list("registration__person_id")
    )
    on_stage = (
        SessionRole.objects.filter(session_id__in=sessions).order_by().values_list("person_id")
    )
    return people(pk for (pk,) in seated.union(on_stage))


def forum(forum):
    """Its pages, the forums list, and every itinerary with one of its sessions (the venue)."""
    sessions = Session.objects.filter(forum_id=forum.pk).values("pk")
    return {FORUMS, pagecache.key_of(forum), *in_sessions(sessions)}


def host(row):
    return {FORUMS}  # only the list of forums shows the hosts


def track(track):
    sessions = track.sessions.values_list("pk", flat=True)
    return {
        pagecache.key("forum", track.forum_id),
        *(pagecache.key("session", pk) for pk in sessions),
    }


def session(session):
    return {
        pagecache.key(PROGRAMME, session.forum_id),
        pagecache.key_of(session),
        *in_sessions([session.pk]),
    }


def session_role(role):
    forum_id = Session.objects.values_list("forum_id", flat=True).get(pk=role.session_id)
    return {
        pagecache.key(PROGRAMME, forum_id),
        pagecache.key("session", role.session_id),
        pagecache.key("person", role.person_id),
        *in_sessions([role.session_id]),
    }


def session_role_shown(role):
    """With the row as it was read first, a role handed to someone else raises the itinerary
    of whoever had it too."""
    return (role.session_id, role.person_id, role.role, role.order)


def registration(registration):
    return people([registration.person_id])


def registration_shown(registration):
    """The itinerary shows the sessions of registrations that are not cancelled: checking in
    at the door, a badge name or a status between the others changes nothing there."""
    return (
        registration.person_id,
        registration.forum_id,
        registration.status == Registration.Status.CANCELLED,
    )


def seat(row):
    person_id = Registration.objects.values_list("person_id", flat=True).get(pk=row.registration_id)
    return people([person_id])


def person(person):
    """A person on stage: the programme's blocks of their sessions, their forums' pages and
    everyone with those sessions on their itinerary (two queries)."""
    roles = list(
        SessionRole.objects.filter(person_id=person.pk).values_list(
            "session_id", "session__forum_id"
        )
    )
    if not roles:
        return set()
    sessions = [session_id for session_id, _forum in roles]
    return {
        *(pagecache.key("session", pk) for pk in sessions),
        *(pagecache.key(PROGRAMME, forum_id) for _session, forum_id in roles),
        *in_sessions(sessions),
    }


def organisation(organisation):
    """Hosts are on the forums list; speakers' organisations on the speaker pages."""
    hosted = (
        HOSTS.objects.filter(organisation_id=organisation.pk).order_by().values_list("forum_id")
    )
    speaking = (
        SessionRole.objects.filter(person__organisation_id=organisation.pk)
        .order_by()
        .values_list("session__forum_id")
    )
    keys = {pagecache.key(PROGRAMME, pk) for (pk,) in speaking}
    return keys | {FORUMS} if hosted.exists() else keys


def delegation(delegation):
    """The programmes that link a participating delegation's public page (one query)."""
    forums = PARTICIPATING.objects.filter(delegation_id=delegation.pk).values_list(
        "forum_id", flat=True
    )
    return {pagecache.key("forum", pk) for pk in forums}


def participating(row):
    return {pagecache.key("forum", row.forum_id)}
