"""The trip page's budget and briefings, and the overview's budget, as small includes: the
pages that show them add one line each (templates/delegations/partners/)."""

from django import template
from django.db.models import Q

from delegations.budget import all_trips_budget, trip_budget
from delegations.models import Delegation, Organisation, Visit

register = template.Library()


@register.inclusion_tag("delegations/partners/_trip_budget.html")
def trip_accounts(delegation):
    """Planned against actual costs of the trip, and a briefing per organisation it visits,
    that invited it or that is party to a partnership it serves (three queries)."""
    hosts = (
        Organisation.objects.filter(
            Q(pk__in=Visit.objects.filter(delegation=delegation).values("host"))
            | Q(invitations_sent__delegation=delegation)
            | Q(partnerships__delegations=delegation)
        )
        .exclude(pk=delegation.sending_organisation_id)
        .distinct()
        .order_by("name")
    )
    return {"trip": delegation, "budget": trip_budget(delegation), "hosts": list(hosts)}


@register.inclusion_tag("delegations/partners/_overview_budget.html")
def budget_overview():
    """Planned against actual per category over the trips still in play (one query)."""
    in_play = Delegation.objects.filter(status__in=Delegation.Status.in_play())
    return {"budget": all_trips_budget(in_play)}
