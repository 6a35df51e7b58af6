"""Read-only sharing of a delegate's itinerary (delegations/sharing.py): the page an assistant
or family opens by link, and the delegate's own making and stopping of those links."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import pagecache
from accounts.decorators import for_anyone, requires
from config.caching import no_store
from delegations.itinerary import Itinerary, choose_trip, kept_itinerary
from delegations.membership import memberships_of
from delegations.models import Person
from delegations.rules import own_person, shared_link_from_pk
from delegations.sharing import SharingRefused, find, for_viewer, new_link, revoke


def back_to_trip(slug):
    """/me/ on the trip the person was looking at (the slug only ever goes into the query)."""
    url = reverse("me:itinerary")
    return f"{url}?{urlencode({'delegation': slug})}" if slug else url


def private(response):
    """Nothing of a shared page is kept by browsers or proxies, indexed, or sent on as a
    referrer (the token is in the address)."""
    no_store(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def viewer_context(request, person):
    """The trip asked for (?delegation=) or the current one, with its items as a viewer may
    see them (no booking references, phone numbers or needs)."""
    memberships = list(memberships_of(person))
    try:
        trip = choose_trip(memberships, request.GET.get("delegation"), timezone.now())
    except LookupError:
        raise Http404("Not one of this person's delegations.") from None
    kept = kept_itinerary(person, trip)
    itinerary = Itinerary(
        person=person,
        items=[for_viewer(item) for item in kept.items],
        warnings=[],  # they name other people's clashes: for the delegate and staff only
        home_zone=kept.home_zone,
    )
    return {
        "person": person,
        "trip": trip,
        "memberships": memberships,
        "itinerary": itinerary,
        "days": itinerary.days(),
        "show_home": request.GET.get("home") == "1",
        "viewer": True,
        "today": timezone.localdate(),
    }


@for_anyone  # the token in the address is the only credential
def itinerary(request, token):
    """The itinerary a delegate shared, read-only. Unknown, revoked or malformed tokens answer
    404. Visitors who are not signed in get the page from the cache, kept per link and
    address while the person's generation stays (one query: the link with that generation)."""
    found = find(token)
    if found is None:
        raise Http404
    link_id, person_id = found

    def build():
        person = Person.objects.select_related("organisation").get(pk=person_id)
        return render_to_string(
            "delegations/shared/itinerary.html", viewer_context(request, person), request
        )

    # A signed-in nav has a sign-out form for this browser; messages are shown once.
    if request.user.is_authenticated or len(messages.get_messages(request)):
        content = build()
    else:
        content = pagecache.cached(
            [pagecache.key("person", person_id)],
            ["shared-page", link_id, request.get_full_path()],
            build,
        )
    return private(HttpResponse(content))


@require_POST
@requires("delegations.share_itinerary", object=own_person)
def create(request, person):
    """Make a link; the page shows it once (only its digest is kept)."""
    trip = request.POST.get("trip", "")
    try:
        link, token = new_link(person, request.POST.get("label", ""))
    except SharingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(back_to_trip(trip))
    url = request.build_absolute_uri(reverse("shared:itinerary", args=[token]))
    return private(
        render(
            request,
            "delegations/shared/created.html",
            {"link": link, "url": url, "back": back_to_trip(trip)},
        )
    )


@require_POST
@requires("delegations.revoke_shared_link", object=shared_link_from_pk)
def stop(request, link):
    """Stop a link at once; the message names it."""
    revoke(link)
    messages.success(
        request, _("The link for “%(label)s” no longer works.") % {"label": link.label}
    )
    return redirect(back_to_trip(request.POST.get("trip", "")))
