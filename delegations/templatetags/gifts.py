"""The trip page's gifts as one include: the page adds one line (`{% trip_gifts trip %}`),
nothing in delegations/trip_plan.py."""

from django import template

from delegations import gifts

register = template.Library()


@register.inclusion_tag("delegations/staff/_gifts.html")
def trip_gifts(delegation):
    """The trip's gifts given and received, with values and declarations (one query)."""
    return {"trip": delegation, "gifts": gifts.trip_gifts(delegation)}
