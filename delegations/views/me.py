"""A delegate's own pages: itinerary (web, print, PDF), calendar feed link, answering their
place in a delegation. Regional staff also get every person's itinerary from the admin."""

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

import accounts
import pagecache
from accounts.decorators import for_anyone, requires
from config.caching import no_store
from delegations.calendar_feed import kept_calendar, new_token, revoke_token
from delegations.contacts import emergency_numbers
from delegations.itinerary import choose_trip, itinerary_warnings, kept_itinerary, trip_zone
from delegations.membership import answer_membership, memberships_of
from delegations.rules import (
    delegation_from_slug,
    membership_from_pk,
    own_person,
    person_from_pk,
)
from delegations.views.shared import back_to_trip


def itinerary_context(request, person, memberships=None):
    """What every view of one person's itinerary shows: the trip asked for (?delegation=)
    or the current one, and its items as kept (delegations/itinerary.py)."""
    if memberships is None:
        memberships = list(memberships_of(person))
    now = timezone.now()
    try:
        trip = choose_trip(memberships, request.GET.get("delegation"), now)
    except LookupError:
        raise Http404("Not one of your delegations.") from None
    itinerary = kept_itinerary(person, trip)
    zone = trip_zone(trip)
    plan = itinerary.plan(now, zone, trip)
    return {
        "person": person,
        "trip": trip,
        "trip_zone": zone,
        "memberships": memberships,
        "itinerary": itinerary,
        "days": itinerary.days(),
        "plan": plan,
        "card_uids": itinerary.card_uids(),
        "today": plan.today,
        "contacts": itinerary.contacts,
        "emergency_numbers": emergency_numbers(trip.destination_country) if trip else [],
        "show_home": request.GET.get("home") == "1",
    }


@requires("delegations.view_itinerary", object=own_person)  # before a kept page is served
@pagecache.for_owner(accounts.own_page_keys)  # keeps the response with the headers below
@never_cache
def itinerary(request, person):
    """The signed-in person's own itinerary (delegates; staff with a linked person). The
    whole page is kept for their browser while nothing on it changes (pagecache), so a visit
    costs one query: the session, read with the generations of the user and the person."""
    context = itinerary_context(request, person)
    context["feed_url"] = (
        request.build_absolute_uri(reverse("calendar:feed", args=[person.calendar_token]))
        if person.calendar_token
        else None
    )
    response = no_store(render(request, "delegations/me/itinerary.html", context))
    # Without a trip the items depend on the time of day: never kept whole. With one, the
    # page holds until the next item starts or ends or the day changes at the destination.
    if context["trip"] is None:
        return pagecache.keep_out(response)
    return pagecache.keep_until(response, context["plan"].valid_until)


@requires("delegations.view_itinerary", object=own_person)
@never_cache
def print_view(request, person):
    """Printable version of the signed-in person's own itinerary."""
    context = itinerary_context(request, person)
    return no_store(render(request, "delegations/me/print.html", context))


def pdf_response(request, context, filename, template="delegations/me/print.html"):
    """`template` rendered for print and written as PDF (WeasyPrint, print.css)."""
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    html = render_to_string(template, {**context, "pdf": True}, request)
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
    """Create, rotate or revoke the signed-in person's own calendar feed token. Rotating and
    revoking break the subscriptions made with the old address: they ask first (a page with
    a confirming form, no script needed), then say what happened, back on the same trip."""
    action = request.POST.get("action", "create")
    trip = request.POST.get("trip", "")
    back = back_to_trip(trip)
    if action == "revoke" and not person.calendar_token:
        messages.info(request, _("You have no calendar link."))
    elif action in ("rotate", "revoke") and person.calendar_token:
        if request.POST.get("confirmed") != "1":
            return no_store(
                render(
                    request,
                    "delegations/me/calendar_confirm.html",
                    confirm_calendar(action, trip, back),
                )
            )
        if action == "revoke":
            revoke_token(person)
            messages.success(
                request,
                _("Your calendar link is stopped: calendars subscribed to it no longer update."),
            )
        else:
            new_token(person)
            messages.success(
                request,
                _(
                    "Your calendar link is replaced: the old address no longer works. "
                    "Subscribe to the new one below."
                ),
            )
    else:  # create (a second click keeps the address the first one made)
        if not person.calendar_token:
            new_token(person)
        messages.success(
            request, _("Your calendar link is ready: subscribe to it in your calendar app.")
        )
    return redirect(back)


def confirm_calendar(action, trip, back):
    """What the confirmation page asks before a calendar link is replaced or stopped."""
    if action == "revoke":
        return {
            "action": action,
            "trip": trip,
            "back": back,
            "question": _("Stop your calendar link?"),
            "explanation": _(
                "Calendars subscribed to the current address stop updating, and anyone who has "
                "it can no longer read your itinerary. You can make a new link later."
            ),
            "confirm_label": _("Yes, stop the calendar link"),
        }
    return {
        "action": action,
        "trip": trip,
        "back": back,
        "question": _("Make a new calendar address?"),
        "explanation": _(
            "The current address stops working: calendars subscribed to it no longer update "
            "until you subscribe to the new one."
        ),
        "confirm_label": _("Yes, make a new address"),
    }


@require_POST
@requires("delegations.answer_membership", object=membership_from_pk)
def answer(request, member):
    """A member confirms or declines their own place in a delegation."""
    try:
        answer_membership(member, request.POST.get("answer", ""), request.POST.get("reason", ""))
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Thank you: your answer for “%(trip)s” is saved: %(answer)s.")
            % {"trip": member.delegation.name, "answer": member.get_answer_display()},
        )
    return redirect(f"{reverse('me:itinerary')}?delegation={member.delegation.slug}")


@requires("delegations.answer_membership", object=membership_from_pk)
@never_cache
def decline(request, member):
    """A member is about to decline their place: asks them to confirm, with an optional
    reason that staff see (the form posts to `answer`)."""
    return no_store(
        render(
            request, "delegations/me/decline.html", {"member": member, "trip": member.delegation}
        )
    )


@for_anyone
def feed(request, token):
    """Public by token: the person's calendar feed. Unknown or revoked tokens answer 404."""
    kept = kept_calendar(token)
    if kept is None:
        raise Http404
    calendar, language = kept
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Language"] = language  # the person's, which the feed is written in
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
