"""Entering a whole trip without a pick per person: new legs, stays and visits start with the
delegation's confirmed members chosen (staff take away who does not come), and a leg or a
visit can be copied into a prefilled add form (the way home: from and to reversed, zones
swapped, the same travellers).

Used by the admin (delegations/admin.py) and the trip page's links (delegations/trip_plan.py).
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext

from .admin_forms import ParentInlineFormSet
from .languages import content_languages, localized
from .models import DelegationMember, TravelLeg, Visit

# Which field of each item holds the delegation's people.
PEOPLE_FIELD = {"travelleg": "travellers", "stay": "guests", "visit": "participants"}

OPPOSITE_DIRECTION = {
    TravelLeg.Direction.OUTBOUND: TravelLeg.Direction.HOME,
    TravelLeg.Direction.HOME: TravelLeg.Direction.OUTBOUND,
    TravelLeg.Direction.LOCAL: TravelLeg.Direction.LOCAL,
}


def confirmed_people(delegation_id):
    """Ids of the delegation's confirmed members in protocol order (one query)."""
    if not delegation_id:
        return []
    return list(
        DelegationMember.objects.filter(
            delegation_id=delegation_id, answer=DelegationMember.Answer.CONFIRMED
        )
        .order_by("precedence", "person__family_name", "pk")
        .values_list("person_id", flat=True)
    )


class MembersPreselectedFormSet(ParentInlineFormSet):
    """Inline rows added on a delegation start with its confirmed members chosen in
    `people_field` (set by `preselecting()`); rows already saved keep their own people."""

    people_field = None

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None or index >= self.initial_form_count():
            if not hasattr(self, "_confirmed"):
                self._confirmed = confirmed_people(self.instance.pk)
            kwargs["initial"] = {**kwargs.get("initial", {}), self.people_field: self._confirmed}
        return kwargs


def preselecting(people_field):
    """A MembersPreselectedFormSet class for an inline whose people are in `people_field`."""
    return type(
        f"Preselecting{people_field.title()}FormSet",
        (MembersPreselectedFormSet,),
        {"people_field": people_field},
    )


def _translated(obj, name, **renamed):
    """{field_<lang>: value} for every content language (what the admin's form fields are
    called), read from `obj`'s field `renamed.get(name, name)`."""
    source = renamed.get(name, name)
    return {
        localized(name, code): getattr(obj, localized(source, code)) or ""
        for code in content_languages()
    }


def way_home(leg):
    """Initial values for the leg back: from and to reversed, zones swapped, direction turned,
    the same travellers; times and booking left to fill in."""
    return {
        "delegation": leg.delegation_id,
        "kind": leg.kind,
        "direction": OPPOSITE_DIRECTION.get(leg.direction, leg.direction),
        **_translated(leg, "origin", origin="destination"),
        **_translated(leg, "destination", destination="origin"),
        "departure_time_zone": leg.arrival_time_zone,
        "arrival_time_zone": leg.departure_time_zone,
        "travellers": list(leg.travellers.values_list("pk", flat=True)),
    }


def visit_copy(visit):
    """Initial values for another visit like `visit`: host, place, topic, time zone and
    everyone on it; the time left to fill in."""
    values = {
        "delegation": visit.delegation_id,
        "host": visit.host_id,
        "address_native": visit.address_native,
        "time_zone": visit.time_zone,
        "host_contact": visit.host_contact_id,
        "interpreter": visit.interpreter_id,
        "is_public": visit.is_public,
        "participants": list(visit.participants.values_list("pk", flat=True)),
        "escorts": list(visit.escorts.values_list("pk", flat=True)),
    }
    for name in ("title", "topic", "address"):
        values.update(_translated(visit, name))
    return values


COPIES = {TravelLeg: way_home, Visit: visit_copy}


def copy_initial(model, pk):
    """Initial values copied from row `pk` of `model`, or {} if there is none to copy."""
    copy = COPIES.get(model)
    if copy is None or not str(pk).isdigit():
        return {}
    row = model._default_manager.filter(pk=pk).first()
    return copy(row) if row is not None else {}


def add_url(model_name, delegation_id):
    """The admin's add form for a leg, stay or visit of a delegation (its members chosen)."""
    return f"{reverse(f'admin:delegations_{model_name}_add')}?delegation={delegation_id}"


def copy_url(model_name, pk):
    """The admin's add form prefilled from leg or visit `pk`."""
    return f"{reverse(f'admin:delegations_{model_name}_add')}?copy={pk}"


class PrefilledAddForm:
    """Admin mixin for legs, stays and visits: the add form opened from a delegation
    (`?delegation=<id>`) starts with its confirmed members chosen, and `?copy=<id>` starts it
    as a copy of that leg (the way home) or visit."""

    def get_changeform_initial_data(self, request):
        initial = without_odd_ids(self.model, super().get_changeform_initial_data(request))
        initial = {**copy_initial(self.model, request.GET.get("copy", "")), **initial}
        people = PEOPLE_FIELD[self.model._meta.model_name]
        delegation = str(initial.get("delegation") or "")
        if people not in initial and delegation.isdigit():
            initial[people] = confirmed_people(int(delegation))
        return initial


def without_odd_ids(model, initial):
    """`initial` (from the address) without values of relation fields that are not ids: the
    form's widgets would look them up and fail."""
    clean = {}
    for name, value in initial.items():
        field = next((f for f in model._meta.get_fields() if f.name == name), None)
        if field is not None and field.is_relation:
            values = value if isinstance(value, list) else [value]
            if not all(str(v).isdigit() for v in values):
                continue
        clean[name] = value
    return clean


def copy_action(description):
    """An admin action that opens the add form as a copy of the one row selected."""

    def action(modeladmin, request, queryset):
        chosen = list(queryset.order_by("pk").values_list("pk", flat=True)[:2])
        if len(chosen) != 1:
            modeladmin.message_user(
                request, gettext("Choose exactly one to copy."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(copy_url(modeladmin.model._meta.model_name, chosen[0]))

    action.__name__ = "copy_one"
    action.short_description = description
    action.allowed_permissions = ("add",)
    return action
