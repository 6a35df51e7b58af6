"""Public pages of the forum: anyone may see published forums, their programme and speakers."""

import itertools
import zoneinfo

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import pagecache
from accounts.decorators import for_anyone, requires
from accounts.rules import linked_person
from forum.capacity import SessionFull, join_session, leave_session, seats_left
from forum.models import Registration
from forum.public import programme_sessions, published_forum, published_forums, speaker_roles
from forum.rules import own_registration


@for_anyone
@pagecache.for_visitors(pagecache.PROGRAMME)
def home(request):
    """Public: the published forums."""
    forums = list(published_forums().prefetch_related("hosts"))
    return render(request, "forum/public/home.html", {"forums": forums})


def _local_day(session, zone):
    return timezone.localtime(session.starts_at, zone).date()


@for_anyone
@pagecache.for_visitors(pagecache.PROGRAMME)
def programme(request, slug):
    """Public: a published forum's programme by day, each session with its track. The
    programme itself is rendered once per forum, language and change (see page_cache)."""
    forum = published_forum(slug)
    content = pagecache.cached(
        pagecache.PROGRAMME, ["programme", forum.pk], lambda: _render_programme(forum)
    )
    return render(
        request, "forum/public/programme.html", {"forum": forum, "programme": mark_safe(content)}
    )


def _render_programme(forum):
    zone = zoneinfo.ZoneInfo(forum.time_zone)
    sessions = list(programme_sessions(forum))
    days = [
        (day, list(items))
        for day, items in itertools.groupby(sessions, key=lambda s: _local_day(s, zone))
    ]
    tracks = list(forum.tracks.all())
    return render_to_string(
        "forum/public/_programme.html", {"forum": forum, "days": days, "tracks": tracks}
    )


@for_anyone
@pagecache.for_visitors(pagecache.PROGRAMME)
def session_detail(request, slug, pk):
    """Public: one session of a published forum (404 for another forum's session id)."""
    forum = published_forum(slug)
    session = get_object_or_404(programme_sessions(forum), pk=pk)
    roles = {}
    for role in session.roles.all():
        roles.setdefault(role.get_role_display(), []).append(role.person)
    context = {"forum": forum, "session": session, "roles": roles.items()}
    person = linked_person(request.user)
    if person is not None:
        registration = Registration.objects.filter(forum=forum, person=person).first()
        context["registration"] = registration
        if registration is not None:
            context["attending"] = registration.sessions.filter(pk=session.pk).exists()
            context["seats_left"] = seats_left(session)
    return render(request, "forum/public/session.html", context)


@require_POST
@requires("forum.take_seat", object=own_registration)
def attend(request, registration, pk):
    """A registered participant takes a seat in a session (race-free, see forum/capacity.py)."""
    session = get_object_or_404(registration.forum.sessions, pk=pk)
    try:
        join_session(registration, session)
    except SessionFull as full:
        messages.error(request, str(full))
    except ValueError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("You have a seat in “%(session)s”.") % {"session": session})
    return redirect(session.get_absolute_url())


@require_POST
@requires("forum.take_seat", object=own_registration)
def leave(request, registration, pk):
    """A registered participant gives their seat back."""
    session = get_object_or_404(registration.forum.sessions, pk=pk)
    leave_session(registration, session)
    messages.info(request, _("Your seat in “%(session)s” is free again.") % {"session": session})
    return redirect(session.get_absolute_url())


@for_anyone
@pagecache.for_visitors(pagecache.PROGRAMME)
def speakers(request, slug):
    """Public: everyone on stage at a published forum, with their sessions."""
    forum = published_forum(slug)
    people = []
    for person, roles in itertools.groupby(speaker_roles(forum), key=lambda r: r.person):
        people.append((person, list(roles)))
    return render(request, "forum/public/speakers.html", {"forum": forum, "people": people})
