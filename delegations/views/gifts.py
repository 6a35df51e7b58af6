"""Regional staff: the gift register (every gift of a year, filtered by direction and declared
or not) and its export for the annual declaration (CSV, XLSX). Everyone else gets 404."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

import exporting
from accounts.decorators import requires
from config.caching import no_store
from delegations.gifts import GiftRegister, register_queryset, total_dkk
from delegations.models import Gift

FORMATS = ("csv", "xlsx")
# What the page's table shows (the export has every column).
PAGE_COLUMNS = [
    "exchanged_on",
    "direction",
    "description",
    "occasion",
    "partner",
    "delegation",
    "our_side",
    "their_side",
    "value",
    "currency",
    "value_dkk",
    "declared",
    "declared_on",
]


class RegisterFilter(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    direction = forms.ChoiceField(
        label=_("Given or received"),
        required=False,
        choices=[("", _("Both")), *Gift.Direction.choices],
    )
    declared = forms.ChoiceField(
        label=_("Declared"),
        required=False,
        choices=[("", _("Either")), ("yes", _("Declared")), ("no", _("Not declared"))],
    )

    def filters(self):
        """Keyword arguments for GiftRegister and register_queryset()."""
        data = self.cleaned_data
        declared = {"yes": True, "no": False}.get(data["declared"])
        return {"year": data["year"], "direction": data["direction"] or None, "declared": declared}


def _form(request):
    data = request.GET.copy()
    if "year" not in data:
        data["year"] = str(timezone.localdate().year)
    return RegisterFilter(data)


def _page(request, form, status=200):
    context = {"form": form, "formats": FORMATS}
    if form.is_valid():
        filters = form.filters()
        export = GiftRegister(columns=PAGE_COLUMNS, **filters)
        gifts = register_queryset(**filters)
        context.update(
            rows=list(export.rows(gifts, extra=("pk",))),
            header=export.header(),
            total_dkk=total_dkk(gifts),
            query=request.GET.urlencode() or f"year={form.cleaned_data['year'] or ''}",
        )
    response = render(request, "delegations/staff/gift_register.html", context, status=status)
    return no_store(response)


@never_cache
@requires("delegations.view_gift_register")
def register(request):
    """Regional staff: the gifts of a year, with the export for the annual declaration."""
    return _page(request, _form(request))


@never_cache
@requires("delegations.view_gift_register")
def register_export(request, fmt):
    """Regional staff: the register as CSV or XLSX, with the page's filters (none: every
    year); filters that do not make sense show the page with the errors beside them."""
    if fmt not in FORMATS:
        raise Http404
    form = RegisterFilter(request.GET)
    if not form.is_valid():
        return _page(request, form, status=400)
    return no_store(exporting.response(GiftRegister(**form.filters()), fmt))
