"""Regional staff: a trip's page (the delegation's programme day by day, conflicts, what is
missing, the workflow), its print view and PDF, every member's itinerary in one PDF, and the
whole trip as a calendar. Everyone else gets 404."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.decorators import requires
from config.caching import no_store
from delegations import workflow
from delegations.itinerary import Itinerary, gather, item_warnings, trip_window
from delegations.rules import delegation_from_slug
from delegations.trip_plan import trip_calendar, trip_plan
from delegations.views.me import pdf_response


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def trip(request, delegation):
    """Regional staff: the trip page."""
    plan = trip_plan(delegation)
    return no_store(render(request, "delegations/staff/trip.html", {"plan": plan}))


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def trip_print(request, delegation):
    """Regional staff: the trip's programme to print."""
    context = {"plan": trip_plan(delegation), "printing": True}
    return no_store(render(request, "delegations/staff/trip_print.html", context))


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def trip_pdf(request, delegation):
    """Regional staff: the trip's programme as PDF."""
    context = {"plan": trip_plan(delegation), "printing": True}
    filename = f"trip-{delegation.slug}.pdf"
    return pdf_response(request, context, filename, "delegations/staff/trip_print.html")


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def itineraries_pdf(request, delegation):
    """Regional staff: every member's own itinerary, a member per section, in one PDF."""
    plan = trip_plan(delegation)
    people = [member.person for member in plan.members]
    start, end = trip_window(delegation)
    items = gather(people, start, end)
    itineraries = []
    for person in people:
        own = items.get(person.pk, [])
        itinerary = Itinerary(
            person=person,
            items=own,
            warnings=item_warnings(own),
            home_zone=delegation.home_time_zone,
        )
        itineraries.append((person, itinerary, itinerary.days()))
    context = {"plan": plan, "itineraries": itineraries}
    filename = f"itineraries-{delegation.slug}.pdf"
    return pdf_response(request, context, filename, "delegations/staff/itineraries_pdf.html")


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def trip_ics(request, delegation):
    """Regional staff: the whole trip as one calendar (every item once, with everyone)."""
    response = HttpResponse(trip_calendar(delegation), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="trip-{delegation.slug}.ics"'
    return no_store(response)


@require_POST
@requires("delegations.plan_trip", object=delegation_from_slug)
def trip_move(request, delegation):
    """Regional staff: move the trip to another status (only the moves the rules allow)."""
    try:
        workflow.advance(delegation, request.POST.get("to", ""), by=request.user)
    except ValueError:
        messages.error(request, workflow.unknown_status_message())
    except workflow.MoveRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, workflow.moved_message(delegation))
    return redirect("staff:trip", slug=delegation.slug)
