"""The door: check-in on a phone by name or by scanning a badge (embassy and regional staff).

One search box (forum/search.py: any order, script or accents), big buttons, the count of
arrivals, times in the forum's zone with its name in words. Without JavaScript the search and
the buttons are plain forms that come back to the same search and card. With it
(static/js/door.js) check-ins go through a queue kept on the phone, each with a nonce the
phone chose, so a lost connection loses nothing and a resend changes nothing
(forum/checkin.py, check_in_once).
"""

import re
import uuid
import zoneinfo
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import requires
from config.caching import no_store
from delegations.zones import zone_label
from forum import checkin, search
from forum.models import Registration
from forum.rules import forum_from_slug

SHOWN = 30  # cards per search: enough for a common family name, small for a phone
RECENT = 5  # arrivals shown before anything is searched, to undo a mistaken scan
NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")
S = Registration.Status


def counts(forum):
    """(arrived, expected): attended, and everyone not cancelled, in one query (read from
    the index on forum and status, not the table)."""
    by_status = dict(
        Registration.objects.filter(forum=forum)
        .order_by()
        .values("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    expected = sum(count for status, count in by_status.items() if status != S.CANCELLED)
    return by_status.get(S.ATTENDED, 0), expected


def _cards(forum, query):
    registrations = Registration.objects.filter(forum=forum).select_related(
        "person", "organisation", "delegation"
    )
    if query:
        found = search.matching(query)
        if found is None:
            return [], False
        chosen = registrations.filter(found).order_by(
            "person__family_name", "person__given_name", "pk"
        )
    else:
        chosen = registrations.filter(checked_in_at__isnull=False).order_by("-checked_in_at")
    limit = SHOWN if query else RECENT
    cards = list(chosen[: limit + 1])
    return cards[:limit], len(cards) > limit


def local_time(forum, moment):
    return moment.astimezone(zoneinfo.ZoneInfo(forum.time_zone)).strftime("%H:%M")


@requires("forum.check_in", object=forum_from_slug)
def door(request, forum):
    """Embassy and regional staff who check people in: search, scan, arrivals."""
    query = request.GET.get("q", "").strip()[:200]
    cards, more = _cards(forum, query)
    for card in cards:
        card.local_check_in = local_time(forum, card.checked_in_at) if card.checked_in_at else ""
        card.nonce = uuid.uuid4().hex  # the form's own: sending it twice checks in once
    arrived, expected = counts(forum)
    context = {
        "forum": forum,
        "query": query,
        "cards": cards,
        "more": more,
        "arrived": arrived,
        "expected": expected,
        "zone": zone_label(forum.time_zone),
    }
    return no_store(render(request, "forum/embassy/door.html", context))


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _find(forum, post):
    """The registration a check-in names: by id (a card) or by badge code (a scan)."""
    registrations = Registration.objects.filter(forum=forum).select_related("person")
    code = post.get("code", "").strip().upper()
    if code:
        return registrations.filter(badge_code=code[:32]).first()
    pk = post.get("registration", "")
    return registrations.filter(pk=pk).first() if pk.isdigit() else None


def _message(registration, changed, undo):
    """What the door is told, from the registration's state after the request (a resend,
    changed None, reads like the first answer)."""
    name = {"name": registration.person}
    if undo:
        if changed is False:
            return _("%(name)s was not checked in.") % name
        return _("Check-in undone for %(name)s.") % name
    if changed is False:
        return _("%(name)s was checked in already.") % name
    return _("%(name)s is checked in.") % name


def _answer(request, forum, status, message, registration=None, query=""):
    if _wants_json(request):
        arrived, expected = counts(forum)
        body = {"ok": status == 200, "message": message, "arrived": arrived, "expected": expected}
        if registration is not None:
            at = registration.checked_in_at
            body.update(
                registration=registration.pk,
                name=str(registration.person),
                checked_in=at is not None,
                time=local_time(forum, at) if at else "",
                status=registration.get_status_display(),
            )
        response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
        return no_store(response)
    (messages.success if status == 200 else messages.error)(request, message)
    url = reverse("embassy:door", args=[forum.slug])
    if query:
        url += "?" + urlencode({"q": query})
    if registration is not None:
        url += f"#r{registration.pk}"
    return redirect(url)


@require_POST
@requires("forum.check_in", object=forum_from_slug)
def door_check_in(request, forum):
    """Check one registration in (or undo, with `undo`), named by id or badge code, once per
    nonce. Answers JSON to the page's script, otherwise goes back to the same search and card."""
    query = request.POST.get("q", "").strip()[:200]
    nonce = request.POST.get("nonce", "")
    if not NONCE.fullmatch(nonce):
        return _answer(request, forum, 400, _("This check-in came without its code; try again."))
    registration = _find(forum, request.POST)
    if registration is None:
        return _answer(
            request, forum, 404, _("No registration for this forum has this badge."), query=query
        )
    undo = bool(request.POST.get("undo"))
    try:
        changed = checkin.check_in_once(registration, nonce=nonce, undo=undo, by=request.user)
    except checkin.CheckInRefused as refusal:
        return _answer(request, forum, 409, refusal.message, registration, query)
    return _answer(request, forum, 200, _message(registration, changed, undo), registration, query)
