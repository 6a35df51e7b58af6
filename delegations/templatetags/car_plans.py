"""The car plan as a section of the trip page (`{% car_plan_section trip %}`)."""

from django import template

from delegations.cars import car_plan

register = template.Library()


@register.inclusion_tag("delegations/staff/_car_plan_section.html")
def car_plan_section(trip):
    """Read-only: the trip's transfers with their cars and seats (fixed queries)."""
    return {"trip": trip, "plans": car_plan(trip), "editing": False}
