"""A delegate's own pages: itinerary (web, print, PDF), calendar feed link, answering their
place in a delegation. Regional staff also get every person's itinerary from the admin."""

import datetime as dt

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

import pagecache
from accounts.decorators import for_anyone, requires
from config.caching import no_store
from delegations.calendar_feed import calendar_for, new_token, person_for_token, revoke_token
from delegations.itinerary import build_itinerary, itinerary_warnings
from delegations.membership import answer_membership, memberships_of
from delegations.rules import (
    delegation_from_slug,
    membership_from_pk,
    own_person,
    person_from_pk,
)


def choose_trip(request, memberships):
    """The trip to show: ?delegation=<slug> among the person's own, else the current or next
    one, else the most recent. 404 for a delegation the person is not part of."""
    trips = [m.delegation for m in memberships]
    wanted = request.GET.get("delegation")
    if wanted:
        for trip in trips:
            if trip.slug == wanted:
                return trip
        raise Http404("Not one of your delegations.")
    today = timezone.localdate()
    coming = sorted((t for t in trips if t.ends_on >= today), key=lambda t: t.starts_on)
    if coming:
        return coming[0]
    return trips[0] if trips else None


def itinerary_context(request, person, memberships=None):
    if memberships is None:
        memberships = list(memberships_of(person))
    trip = choose_trip(request, memberships)
    if trip is not None:
        itinerary = build_itinerary(person, delegation=trip)
    else:
        itinerary = build_itinerary(person, start=timezone.now() - dt.timedelta(days=1))
    return {
        "person": person,
        "trip": trip,
        "memberships": memberships,
        "itinerary": itinerary,
        "days": itinerary.days(),
        "show_home": request.GET.get("home") == "1",
    }


@requires("delegations.view_itinerary", object=own_person)  # before a kept page is served
@pagecache.for_owner(pagecache.ITINERARY)  # keeps the response with the headers below
@never_cache
def itinerary(request, person):
    """The signed-in person's own itinerary (delegates; staff with a linked person).
    The page, and on a miss their trips and the rendered items, come from the cache until
    something they show changes (page_cache), so a visit costs a fixed handful of queries."""
    scope = pagecache.ITINERARY
    memberships = pagecache.cached(
        scope, ["memberships", person.pk], lambda: list(memberships_of(person))
    )
    trip = choose_trip(request, memberships)
    if trip is not None:
        show_home = request.GET.get("home") == "1"
        items = pagecache.cached(
            scope,
            ["itinerary", person.pk, trip.pk, show_home],
            lambda: render_to_string(
                "delegations/me/_items.html", itinerary_context(request, person, memberships)
            ),
        )
        context = {
            "person": person,
            "trip": trip,
            "memberships": memberships,
            "show_home": show_home,
            "items": mark_safe(items),
        }
    else:
        # No trip: the items depend on the time of day; rare enough to build each time.
        context = itinerary_context(request, person, memberships)
    context["feed_url"] = (
        request.build_absolute_uri(reverse("calendar:feed", args=[person.calendar_token]))
        if person.calendar_token
        else None
    )
    context["today"] = timezone.localdate()
    response = no_store(render(request, "delegations/me/itinerary.html", context))
    return response if trip is not None else pagecache.keep_out(response)


@requires("delegations.view_itinerary", object=own_person)
@never_cache
def print_view(request, person):
    """Printable version of the signed-in person's own itinerary."""
    context = itinerary_context(request, person)
    return no_store(render(request, "delegations/me/print.html", context))


def pdf_response(request, context, filename):
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    html = render_to_string("delegations/me/print.html", {**context, "pdf": True}, request)
    stylesheet = CSS(filename=finders.find("css/print.css"))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[stylesheet]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return no_store(response)


@requires("delegations.view_itinerary", object=own_person)
@never_cache
def pdf(request, person):
    """PDF of the signed-in person's own itinerary (WeasyPrint, Chinese glyphs included)."""
    context = itinerary_context(request, person)
    slug = context["trip"].slug if context["trip"] else "itinerary"
    return pdf_response(request, context, f"itinerary-{slug}.pdf")


@require_POST
@requires("delegations.view_itinerary", object=own_person)
def calendar_token(request, person):
    """Create, rotate or revoke the signed-in person's own calendar feed token."""
    if request.POST.get("action") == "revoke":
        revoke_token(person)
        messages.success(request, _("Your calendar link no longer works."))
    else:
        new_token(person)
        messages.success(
            request, _("Your new calendar link is ready. Any older link no longer works.")
        )
    return redirect("me:itinerary")


@require_POST
@requires("delegations.answer_membership", object=membership_from_pk)
def answer(request, member):
    """A member confirms or declines their own place in a delegation."""
    try:
        answer_membership(member, request.POST.get("answer", ""))
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Thank you: your answer for “%(trip)s” is saved.") % {"trip": member.delegation.name},
        )
    return redirect(f"{reverse('me:itinerary')}?delegation={member.delegation.slug}")


@for_anyone
def feed(request, token):
    """Public by token: the person's calendar feed. Unknown or revoked tokens answer 404."""
    person = person_for_token(token)
    if person is None:
        raise Http404
    calendar = pagecache.cached(
        pagecache.ITINERARY, ["calendar", person.pk], lambda: calendar_for(person)
    )
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="itinerary.ics"'
    return no_store(response)


@requires("delegations.view_anyones_itinerary", object=person_from_pk)
@never_cache
def staff_person(request, person):
    """Regional staff: any person's itinerary (404 for everyone else)."""
    context = itinerary_context(request, person)
    context["staff_view"] = True
    return no_store(render(request, "delegations/me/itinerary.html", context))


@requires("delegations.view_delegation_warnings", object=delegation_from_slug)
@never_cache
def staff_delegation(request, delegation):
    """Regional staff: every member's itinerary warnings for one delegation."""
    members = delegation.memberships.select_related("person").order_by("precedence")
    warnings = itinerary_warnings(delegation)
    return no_store(
        render(
            request,
            "delegations/me/delegation_warnings.html",
            {"delegation": delegation, "members": members, "warnings": warnings},
        )
    )
