"""Public pages of the forum: anyone may see published forums, their programme and speakers."""

import itertools
import zoneinfo

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from forum.public import programme_sessions, published_forum, published_forums, speaker_roles


def home(request):
    """Public: the published forums."""
    forums = list(published_forums().prefetch_related("hosts"))
    return render(request, "forum/public/home.html", {"forums": forums})


def _local_day(session, zone):
    return timezone.localtime(session.starts_at, zone).date()


def programme(request, slug):
    """Public: a published forum's programme by day, each session with its track."""
    forum = published_forum(slug)
    zone = zoneinfo.ZoneInfo(forum.time_zone)
    sessions = list(programme_sessions(forum))
    days = [
        (day, list(items))
        for day, items in itertools.groupby(sessions, key=lambda s: _local_day(s, zone))
    ]
    tracks = list(forum.tracks.all())
    return render(
        request,
        "forum/public/programme.html",
        {"forum": forum, "days": days, "tracks": tracks},
    )


def session_detail(request, slug, pk):
    """Public: one session of a published forum (404 for another forum's session id)."""
    forum = published_forum(slug)
    session = get_object_or_404(programme_sessions(forum), pk=pk)
    roles = {}
    for role in session.roles.all():
        roles.setdefault(role.get_role_display(), []).append(role.person)
    return render(
        request,
        "forum/public/session.html",
        {"forum": forum, "session": session, "roles": roles.items()},
    )


def speakers(request, slug):
    """Public: everyone on stage at a published forum, with their sessions."""
    forum = published_forum(slug)
    people = []
    for person, roles in itertools.groupby(speaker_roles(forum), key=lambda r: r.person):
        people.append((person, list(roles)))
    return render(request, "forum/public/speakers.html", {"forum": forum, "people": people})
