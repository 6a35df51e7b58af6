"""Regional staff: a trip's protocol order (proposed from role and title, moved by hand with a
note why), its speaking order, name cards, and its banquet table plans (seated by precedence,
moved seat by seat with forms, printable, PDF). Everyone else gets 404.

Every edit is a plain form (no script needed); each answers with a redirect, or the page again
with the error beside the field."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts.decorators import requires
from config.caching import no_store
from delegations import name_cards, precedence, seating
from delegations.models import TablePlan
from delegations.rules import delegation_from_slug


class MoveForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    to = forms.IntegerField(label=gettext_lazy("Place"), min_value=1, max_value=999, required=False)
    note = forms.CharField(label=gettext_lazy("Why"), max_length=200, required=False)
    action = forms.ChoiceField(choices=[("up", "up"), ("down", "down"), ("set", "set")])

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("note") or "").strip():
            self.add_error("note", precedence.note_needed())
        if cleaned.get("action") == "set" and cleaned.get("to") is None:
            self.add_error("to", _("Give the new place, e.g. 2."))
        return cleaned


def _number(value):
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _protocol_context(delegation, failed=None):
    members = precedence.ranked(delegation)
    failed_pk, failed_form = failed or (None, None)
    shown = {m.pk for m in members}
    return {
        "trip": delegation,
        "rows": precedence.rows(members),
        # A refused move of someone not in the list: its errors above the list.
        "failed_elsewhere": failed_form if failed_form and failed_pk not in shown else None,
        "occasions": precedence.speaking_order(delegation, members),
        "plans": list(TablePlan.objects.filter(delegation=delegation).order_by("held_on", "pk")),
        # The member whose move was refused, and the bound form with its errors.
        "failed_pk": failed_pk,
        "failed_form": failed_form,
    }


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def protocol(request, delegation):
    """The trip's protocol order and what follows from it; POST applies the proposal or
    moves one member."""
    if request.method == "POST":
        if request.POST.get("action") == "propose":
            precedence.apply_proposal(delegation)
            messages.success(request, _("The members are numbered in the proposed order."))
            return redirect("staff:protocol", delegation.slug)
        form = MoveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            step = {"up": -1, "down": 1}.get(data["action"], 0)
            try:
                precedence.move(
                    delegation,
                    data["member"],
                    to=data["to"] if data["action"] == "set" else None,
                    step=step,
                    note=data["note"],
                )
            except precedence.MoveRefused as refusal:
                form.add_error("note", str(refusal))
            else:
                messages.success(request, _("The order is saved with your note."))
                return redirect("staff:protocol", delegation.slug)
        context = _protocol_context(delegation, (_number(form.data.get("member")), form))
        return no_store(render(request, "delegations/staff/protocol.html", context, status=400))
    context = _protocol_context(delegation)
    return no_store(render(request, "delegations/staff/protocol.html", context))


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def protocol_print(request, delegation):
    """The order and the speaking order to print."""
    context = {**_protocol_context(delegation), "printing": True}
    return no_store(render(request, "delegations/staff/protocol_print.html", context))


def _card_options(request, kind):
    if kind not in name_cards.KINDS:
        raise Http404("No such card.")
    stock = request.GET.get("stock", "a4")
    return stock if stock in name_cards.STOCKS else "a4"


def _cards_response(cards, kind, stock, filename, title):
    response = HttpResponse(
        name_cards.pdf(cards, kind, stock, title), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return no_store(response)


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def member_cards(request, delegation, kind):
    """Tent or place cards of the trip's members, in precedence order."""
    stock = _card_options(request, kind)
    cards = [name_cards.card(seating.guest_place(m)) for m in precedence.ranked(delegation)]
    return _cards_response(
        cards, kind, stock, f"{kind}-cards-{delegation.slug}.pdf", delegation.name
    )


# --- Table plans -----------------------------------------------------------------------------


class SeatForm(forms.Form):
    who = forms.CharField(widget=forms.HiddenInput, max_length=12)
    table = forms.IntegerField(label=gettext_lazy("Table"), min_value=1, max_value=999)
    seat = forms.IntegerField(label=gettext_lazy("Seat"), min_value=1, max_value=99)


def _plan(delegation, pk):
    plan = TablePlan.objects.filter(delegation=delegation, pk=pk).select_related(
        "delegation", "host_organisation"
    )
    found = plan.first()
    if found is None:
        raise Http404("No such table plan.")
    return found


def _plan_context(plan, failed=None):
    failed_who, failed_form = failed or (None, None)
    view = seating.plan_view(plan)
    shown = {place.key for place in view.everyone}
    return {
        "trip": plan.delegation,
        "view": view,
        "failed_elsewhere": failed_form if failed_form and failed_who not in shown else None,
        "failed_who": failed_who,
        "failed_form": failed_form,
    }


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def table_plan(request, delegation, pk):
    """A banquet's tables and who sits where; POST seats everyone by precedence, puts one
    person on a seat (swapping with whoever sat there) or takes them off their seat."""
    plan = _plan(delegation, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "generate":
            try:
                count = seating.generate(plan)
            except seating.SeatingRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request, _("%(count)d people are seated by precedence.") % {"count": count}
                )
            return redirect("staff:table_plan", delegation.slug, plan.pk)
        if action == "unseat":
            seating.unseat(plan, request.POST.get("who", ""))
            messages.success(request, _("The seat is free."))
            return redirect("staff:table_plan", delegation.slug, plan.pk)
        form = SeatForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                seating.place(plan, data["who"], data["table"], data["seat"])
            except seating.SeatingRefused as refusal:
                form.add_error("seat", str(refusal))
            else:
                messages.success(request, _("The seat is saved."))
                return redirect("staff:table_plan", delegation.slug, plan.pk)
        context = _plan_context(plan, (form.data.get("who"), form))
        return no_store(render(request, "delegations/staff/table_plan.html", context, status=400))
    return no_store(render(request, "delegations/staff/table_plan.html", _plan_context(plan)))


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def table_plan_print(request, delegation, pk):
    context = {**_plan_context(_plan(delegation, pk)), "printing": True}
    return no_store(render(request, "delegations/staff/table_plan_print.html", context))


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def table_plan_pdf(request, delegation, pk):
    plan = _plan(delegation, pk)
    context = {**_plan_context(plan), "printing": True}
    filename = f"table-plan-{delegation.slug}-{plan.pk}.pdf"
    return _plan_pdf(request, context, filename)


def _plan_pdf(request, context, filename):
    """As delegations.views.me.pdf_response, with the table plan's own stylesheet too."""
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    html = render_to_string(
        "delegations/staff/table_plan_print.html", {**context, "pdf": True}, request
    )
    names = ("print.css", "protocol.css")
    stylesheets = [CSS(filename=finders.find(f"css/{name}")) for name in names]
    pdf = HTML(string=html).write_pdf(stylesheets=stylesheets)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return no_store(response)


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def table_plan_cards(request, delegation, pk, kind):
    """Cards of the plan's host side in precedence order (`?side=all`: everyone seated, in
    the order of the tables and seats), with table and seat on place cards."""
    stock = _card_options(request, kind)
    plan = _plan(delegation, pk)
    view = seating.plan_view(plan)
    if request.GET.get("side") == "all":
        people = [p for table in view.tables for _n, p in table.seats if p is not None]
    else:
        people = view.hosts
    cards = [name_cards.card(p, _where(p)) for p in people]
    return _cards_response(cards, kind, stock, f"{kind}-cards-{plan.pk}.pdf", plan.name)


def _where(place):
    if place.table is None:
        return ""
    return _("Table %(table)s · Seat %(seat)s") % {"table": place.table, "seat": place.seat}
