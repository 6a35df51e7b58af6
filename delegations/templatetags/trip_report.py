"""The trip page's block on the public trip report (one line in the trip page's template)."""

from django import template
from django.db.models import Count, Q
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag
def visit_details(visit):
    """The line under a visit in the report: the host (in the page's language and in its own
    script, each only when the title does not say it already) and the topic, joined by " · "."""
    host, title = visit.host, visit.title
    parts = []
    if host.name and host.name not in title:
        parts.append(conditional_escape(host.name))
    if host.name_native and host.name_native != host.name and host.name_native not in title:
        parts.append(format_html('<span lang="zh-Hans">{}</span>', host.name_native))
    names = mark_safe(" ".join(parts))  # noqa: S308 (each part escaped above)
    pieces = [piece for piece in (names, conditional_escape(visit.topic)) if piece]
    return mark_safe(" · ".join(pieces))  # noqa: S308 (each piece escaped above)
