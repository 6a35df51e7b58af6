"""Public pages of the forum: anyone may see published forums, their programme and speakers."""

import itertools
import zoneinfo

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import pagecache
from accounts.decorators import for_anyone, requires
from accounts.rules import linked_person
from delegations.zones import zone_label
from forum.capacity import (
    NoSeats,
    OnStage,
    SessionFull,
    booking_refusal,
    clashes,
    join_session,
    leave_session,
    on_stage,
    seats_left,
)
from forum.models import Forum, Registration, Session, SessionRole
from forum.page_keys import FORUMS, PROGRAMME
from forum.public import programme_sessions, published_forum, published_forums, speaker_roles
from forum.rules import own_registration


def forum_keys(request, slug, *args, **kwargs):
    """The generations a published forum's pages carry, read with the forum's id in one
    query: "forum:<id>" (the forum and its tracks) and "programme:<id>" (its sessions and who
    is on stage). 404 for a forum that is not published."""
    if getattr(request, "_forum_keys", None) is None:
        found = pagecache.find(Forum, also=[PROGRAMME], slug=slug, is_published=True)
        if found is None:
            raise Http404("No such forum.")
        request._forum_keys = found
    return request._forum_keys


def kept_forum(request, slug):
    """(forum, tracks) of a published forum, from the cache while the forum and its tracks
    stay ("forum:<id>"): after a session is edited the programme reads neither again."""
    forum_key = forum_keys(request, slug)[0]
    pk = int(forum_key.split(":")[1])

    def load():
        forum = Forum.objects.get(pk=pk)
        return forum, list(forum.tracks.all())

    return pagecache.cached([forum_key], ["forum", pk], load)


@for_anyone
@pagecache.for_visitors([FORUMS])
def home(request):
    """Public: the published forums."""
    forums = list(published_forums().prefetch_related("hosts"))
    return render(request, "forum/public/home.html", {"forums": forums})


@for_anyone
@pagecache.for_visitors(forum_keys)
def programme(request, slug):
    """Public: a published forum's programme by day, each session with its track. Each
    session's block is kept under that session's generation: after an edit only the edited
    session is rendered again (forum/page_keys.py says what raises which)."""
    forum, tracks = kept_forum(request, slug)
    zone = zoneinfo.ZoneInfo(forum.time_zone)
    # (id, start, generation) of every session: plain values, no model instances.
    sessions = list(
        Session.objects.filter(forum=forum)
        .order_by("starts_at", "track__order", "pk")
        .annotate(page_generation=pagecache.generation("session"))
        .values_list("pk", "starts_at", "page_generation")
    )
    blocks = pagecache.cached_many(
        {
            pk: ["session-block", pk, generation, forum.slug, forum.time_zone]
            for pk, _starts, generation in sessions
        },
        lambda missing: _render_blocks(forum, missing),
    )
    days = [
        (day, [mark_safe(blocks[pk]) for pk, _starts, _generation in items])
        for day, items in itertools.groupby(sessions, key=lambda s: s[1].astimezone(zone).date())
    ]
    return render(
        request,
        "forum/public/programme.html",
        {"forum": forum, "days": days, "tracks": tracks},
    )


def _render_blocks(forum, session_ids):
    """{session id: its block of the programme} for `session_ids`: the sessions come with their
    people on stage in one query (a second only for sessions nobody is on stage in)."""
    found = {}
    roles = (
        SessionRole.objects.filter(session_id__in=session_ids)
        .select_related("person", "session__track")
        .order_by("session_id", "order", "pk")
    )
    for role in roles:
        found.setdefault(role.session_id, (role.session, []))[1].append(role)
    bare = [pk for pk in session_ids if pk not in found]
    if bare:
        for session in Session.objects.filter(pk__in=bare).select_related("track"):
            found[session.pk] = (session, [])
    return {
        pk: render_to_string(
            "forum/public/_session_block.html",
            {"forum": forum, "session": session, "roles": on_stage},
        )
        for pk, (session, on_stage) in found.items()
    }


@for_anyone
@pagecache.for_visitors(forum_keys)
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
            context["on_stage"] = on_stage(person.pk, session)
            context["booking_refusal"] = booking_refusal(session)
    return render(request, "forum/public/session.html", context)


@require_POST
@requires("forum.take_seat", object=own_registration)
def attend(request, registration, pk):
    """A registered participant takes a seat in a session (race-free, see forum/capacity.py).
    A session that overlaps something on their itinerary asks first (a confirmation page)."""
    session = get_object_or_404(registration.forum.sessions, pk=pk)
    if request.POST.get("confirmed") != "1" and booking_refusal(session) is None:
        overlapping = clashes(registration, session)
        if overlapping:
            return render(
                request,
                "forum/public/seat_clash.html",
                {
                    "forum": registration.forum,
                    "session": session,
                    # Each in its own place's time, the zone in words.
                    "clashes": [(item, zone_label(item.start_zone)) for item in overlapping],
                },
            )
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
    try:
        leave_session(registration, session)
    except (OnStage, NoSeats) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(
            request, _("Your seat in “%(session)s” is free again.") % {"session": session}
        )
    return redirect(session.get_absolute_url())


@for_anyone
@pagecache.for_visitors(forum_keys)
def speakers(request, slug):
    """Public: everyone on stage at a published forum, with their sessions."""
    forum = published_forum(slug)
    people = []
    for person, roles in itertools.groupby(speaker_roles(forum), key=lambda r: r.person):
        people.append((person, list(roles)))
    return render(request, "forum/public/speakers.html", {"forum": forum, "people": people})
