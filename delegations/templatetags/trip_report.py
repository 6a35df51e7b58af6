"""The trip page's block on the public trip report (one line in the trip page's template)."""

from django import template
from django.db.models import Count, Q

from delegations.models import DelegationMember, TripReport

register = template.Library()


@register.inclusion_tag("delegations/report/_trip_block.html")
def trip_report_block(trip):
    """Whether the report is published and how many members agreed to be named (two queries)."""
    counts = (
        DelegationMember.objects.filter(delegation=trip)
        .exclude(answer=DelegationMember.Answer.DECLINED)
        .aggregate(going=Count("pk"), named=Count("pk", filter=Q(report_consent__named=True)))
    )
    return {
        "trip": trip,
        "report": TripReport.objects.filter(delegation=trip).first(),
        "going": counts["going"],
        "named": counts["named"],
    }
