"""Regional staff: a trip's car plan (who rides in which car and seat for each transfer),
filled in protocol order and edited with plain forms (no script), its print view and PDF.
Everyone else gets 404."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.decorators import requires
from config.caching import no_store
from delegations import cars
from delegations.models import Car, Transfer
from delegations.rules import delegation_from_slug
from delegations.views.me import pdf_response


class SeatForm(forms.Form):
    """Move someone (`who`: "person:<pk>" or "seat:<pk>") to a car and seat, or take them out;
    or seat a name not on record."""

    who = forms.CharField(required=False, max_length=40)
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=200)
    car = forms.ModelChoiceField(label=gettext_lazy("Car"), queryset=Car.objects.none())
    position = forms.IntegerField(label=gettext_lazy("Seat"), min_value=1, max_value=99)

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["car"].queryset = Car.objects.filter(transfer=transfer).order_by("number")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("who") and not cleaned.get("name", "").strip():
            self.add_error("name", _("Write the name of the person to seat."))
        return cleaned


def _transfer(delegation, pk):
    transfer = Transfer.objects.filter(delegation=delegation, pk=pk).first()
    if transfer is None:
        raise Http404("No such transfer.")
    return transfer


def _page(request, delegation, failed=None, status=200):
    context = {
        "trip": delegation,
        "plans": cars.car_plan(delegation),
        "failed": failed or {},
        "editing": True,
    }
    return no_store(render(request, "delegations/staff/cars.html", context, status=status))


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def car_plan(request, delegation):
    """The trip's transfers with their cars and seats, and the forms that change them."""
    return _page(request, delegation)


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def car_plan_print(request, delegation):
    context = {"trip": delegation, "plans": cars.car_plan(delegation), "printing": True}
    return no_store(render(request, "delegations/staff/cars_print.html", context))


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def car_plan_pdf(request, delegation):
    context = {"trip": delegation, "plans": cars.car_plan(delegation), "printing": True}
    filename = f"cars-{delegation.slug}.pdf"
    return pdf_response(request, context, filename, "delegations/staff/cars_print.html")


@require_POST
@requires("delegations.plan_trip", object=delegation_from_slug)
def car_plan_fill(request, delegation, pk):
    """Seat everyone of the transfer afresh, by precedence."""
    plan = cars.fill(_transfer(delegation, pk))
    if plan.warnings:
        messages.warning(request, " ".join(plan.warnings))
    else:
        messages.success(
            request,
            _("Everyone of %(transfer)s has a seat, in protocol order.")
            % {"transfer": plan.transfer},
        )
    return redirect("staff:cars", slug=delegation.slug)


@require_POST
@requires("delegations.plan_trip", object=delegation_from_slug)
def car_plan_seat(request, delegation, pk):
    """Move someone to a car and seat, take them out, or seat a name (action "move", "out"
    or "name"). A refused change shows the page again with the reason beside the form."""
    transfer = _transfer(delegation, pk)
    action = request.POST.get("action", "move")
    who = request.POST.get("who", "")
    key = who or "new"
    if action == "out":
        try:
            cars.take_out(transfer, who)
        except cars.CarPlanError as error:
            return _page(request, delegation, _failed(request, transfer, key, [str(error)]))
        messages.success(request, _("Taken out of the car."))
        return redirect("staff:cars", slug=delegation.slug)
    form = SeatForm(request.POST, transfer=transfer)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "name" or not data["who"]:
                cars.add_name(transfer, data["name"].strip(), data["car"], data["position"])
            else:
                cars.move(transfer, data["who"], data["car"], data["position"])
        except cars.CarPlanError as error:
            form.add_error("position", str(error))
        else:
            messages.success(request, _("The car plan is saved."))
            return redirect("staff:cars", slug=delegation.slug)
    errors = [str(message) for messages_ in form.errors.values() for message in messages_]
    return _page(request, delegation, _failed(request, transfer, key, errors))


def _failed(request, transfer, who, errors):
    """Which form of the page was refused, why (shown beside that form) and what was typed."""
    return {
        "transfer": transfer.pk,
        "who": who,
        "errors": errors,
        "car": request.POST.get("car", ""),
        "position": request.POST.get("position", "")[:4],
        "name": request.POST.get("name", "")[:200],
    }
