"""Regional staff: a partner's page (one timeline of everything done with an organisation,
filtered by year and kind), the briefing for the next trip to a partner (web and PDF), and a
trip's costs for the finance department (CSV, XLSX). Everyone else gets 404."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

import exporting
from accounts.decorators import requires
from config.caching import no_store
from delegations.budget import TripCosts
from delegations.models import Organisation
from delegations.partners import KINDS, filtered, partner_history
from delegations.rules import delegation_from_slug, organisation_from_pk
from delegations.views.me import pdf_response


class TimelineFilter(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything")), *KINDS.items()]
        self.years = years


@never_cache
@requires("delegations.view_partner", object=organisation_from_pk)
def partner(request, organisation):
    """Regional staff: everything the region has done with one organisation."""
    history = partner_history(organisation)
    form = TimelineFilter(request.GET or None, years=history.years)
    year = kind = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        kind = form.cleaned_data["kind"] or None
    context = {
        "history": history,
        "form": form,
        "entries": filtered(history.entries, year=year, kind=kind),
    }
    return no_store(render(request, "delegations/partners/partner.html", context))


def _briefing_context(delegation, organisation_pk):
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    return {"trip": delegation, "history": partner_history(organisation)}


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def briefing(request, delegation, organisation):
    """Regional staff: what to know before meeting this partner on this trip."""
    context = _briefing_context(delegation, organisation)
    return no_store(render(request, "delegations/partners/briefing.html", context))


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def briefing_pdf(request, delegation, organisation):
    """Regional staff: the briefing as PDF."""
    context = {**_briefing_context(delegation, organisation), "printing": True}
    filename = f"briefing-{delegation.slug}-{organisation}.pdf"
    return pdf_response(request, context, filename, "delegations/partners/briefing.html")


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def trip_costs(request, delegation, fmt):
    """Regional staff: every cost of the trip for the finance department."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return no_store(exporting.response(TripCosts(delegation), fmt))
