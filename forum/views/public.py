"""Public pages of the forum: anyone may see published forums, their programme and speakers."""

import itertools
import zoneinfo

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import npgettext
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
from forum.public import (
    programme_sessions,
    published_forum,
    published_forums,
    sessions_on_stage,
    speaker_roles,
)
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
    """(forum, tracks, public delegations) of a published forum, from the cache while the
    forum, its tracks and its delegations stay ("forum:<id>"): after a session is edited the
    programme reads none of them again."""
    forum_key = forum_keys(request, slug)[0]
    pk = int(forum_key.split(":")[1])

    def load():
        forum = Forum.objects.get(pk=pk)
        delegations = list(forum.delegations.filter(is_public=True).order_by("name"))
        return forum, list(forum.tracks.all()), delegations

    return pagecache.cached([forum_key], ["forum", pk, "with-delegations"], load)


@for_anyone
@pagecache.for_visitors([FORUMS])
def home(request):
    """Public: the published forums."""
    forums = list(published_forums().prefetch_related("hosts"))
    return render(request, "forum/public/home.html", {"forums": forums})


@for_anyone
def current_programme(request):
    """Public: the site menu's "Programme": to the programme of the published forum under
    way or next, else of the most recent one, else to the list of forums (one query; the
    menu on every page costs none)."""
    forums = published_forums()
    today = timezone.localdate()
    forum = forums.filter(ends_on__gte=today).order_by("starts_on").first() or forums.first()
    if forum is None:
        return redirect("forum:home")
    return redirect("forum:programme", slug=forum.slug)


@for_anyone
@pagecache.for_visitors(forum_keys)
def programme(request, slug):
    """Public: a published forum's programme by day, each session with its track. Each
    session's block is kept under that session's generation, and for visitors the page around
    the sessions under the forum's: after an edit only the edited session is rendered again
    (forum/page_keys.py says what raises which)."""
    forum, tracks, delegations = kept_forum(request, slug)
    page = pagecache.shell(
        request,
        [forum_keys(request, slug)[0]],
        lambda: render_to_string(
            "forum/public/programme.html",
            {
                "forum": forum,
                "tracks": tracks,
                "delegations": delegations,
                "days": pagecache.SLOT,
            },
            request,
        ),
    )
    return HttpResponse(page.replace(pagecache.SLOT, _days_html(forum, tracks), 1))


def _days_html(forum, tracks):
    """The programme's days, each with the kept blocks of its sessions (rendered only for the
    sessions whose generation moved)."""
    zone = zoneinfo.ZoneInfo(forum.time_zone)
    sessions = _sessions_with_generations(forum.pk, tracks)
    blocks = pagecache.cached_many(
        ["session-blocks", forum.pk, forum.slug, forum.time_zone],
        {pk: [generation] for pk, _starts, _track, generation in sessions},
        lambda missing: _render_blocks(forum, tracks, missing),
    )
    days = [
        (day, mark_safe("".join(blocks[row[0]] for row in items)))
        for day, items in itertools.groupby(sessions, key=lambda s: s[1].astimezone(zone).date())
    ]
    return render_to_string("forum/public/_programme_days.html", {"days": days})


def _sessions_with_generations(forum_id, tracks):
    """(id, start, track id, generation) of a forum's sessions in programme order (by start,
    then track, sessions without a track last, then id), in one plain SQL query
    (`pagecache.rows`): the first query after an edit. The tracks are the forum's kept ones,
    so the order needs no join."""
    track_order = {track.pk: track.order for track in tracks}
    last = max(track_order.values(), default=0) + 1
    found = pagecache.rows(Session, ["session"], ["starts_at", "track_id"], forum_id=forum_id)
    return sorted(found, key=lambda row: (row[1], track_order.get(row[2], last), row[0]))


def _render_blocks(forum, tracks, session_ids):
    """{session id: its block of the programme} for `session_ids`: the sessions with their
    people on stage in one query (forum/public.py); their tracks are the forum's kept ones."""
    by_id = {track.pk: track for track in tracks}
    template = get_template("forum/public/_session_block.html")
    blocks = {}
    for session, roles in sessions_on_stage(session_ids):
        session.track = by_id.get(session.track_id)
        html = template.render({"forum": forum, "session": session, "roles": roles})
        # Kept as plain str (the days mark their joined blocks safe): a forum's 100 blocks
        # are pickled into the cache after each edit, SafeStrings ten times slower than str.
        blocks[session.pk] = str.__str__(html)
    return blocks


@for_anyone
@pagecache.for_visitors(forum_keys)
def session_detail(request, slug, pk):
    """Public: one session of a published forum (404 for another forum's session id)."""
    forum = published_forum(slug)
    session = get_object_or_404(programme_sessions(forum), pk=pk)
    by_role = {}
    for role in session.roles.all():
        by_role.setdefault(role.role, []).append(role.person)
    roles = [(role_heading(role, len(people)), people) for role, people in by_role.items()]
    context = {"forum": forum, "session": session, "roles": roles}
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


def role_heading(role, count):
    """ "Speaker" for one, "Speakers" for more (and so on for each role)."""
    headings = {
        SessionRole.Role.SPEAKER: lambda n: npgettext("heading", "Speaker", "Speakers", n),
        SessionRole.Role.MODERATOR: lambda n: npgettext("heading", "Moderator", "Moderators", n),
        SessionRole.Role.PANELLIST: lambda n: npgettext("heading", "Panellist", "Panellists", n),
        SessionRole.Role.CHAIR: lambda n: npgettext("heading", "Chair", "Chairs", n),
    }
    heading = headings.get(role)
    return heading(count) if heading else SessionRole.Role(role).label


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
