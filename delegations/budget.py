"""A trip's costs: planned against actual, per category and per traveller, in DKK; and the
export for the finance department (an `exporting.ListExporter`, CSV or XLSX).

Sums are Decimal, made in the database from the stored DKK amounts (each rounded to the øre
when it was saved), so the page, the overview and the export add up to the same øre.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import exporting
from exporting import Column, Translated

from .models import Cost, format_latin_name

ZERO = Decimal("0.00")
C = Cost.Category


@dataclass
class Line:
    """Planned and actual DKK of one category (or of all)."""

    label: str
    planned: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def difference(self):
        return self.actual - self.planned


@dataclass
class Budget:
    categories: list  # [Line] in the order of Cost.Category, every category
    total: Line
    travellers: list = field(default_factory=list)  # [(name, Line)]; shared costs last

    @property
    def category_rows(self):
        return [(line.label, line) for line in self.categories]

    @property
    def empty(self):
        return self.total.planned == ZERO and self.total.actual == ZERO


def _lines(rows):
    """{category: Line} from (category, stage, sum) rows, every category present."""
    lines = {value: Line(str(label)) for value, label in C.choices}
    for category, stage, amount in rows:
        line = lines[category]
        setattr(line, stage, (getattr(line, stage) + (amount or ZERO)).quantize(ZERO))
    return lines


def _total(lines):
    total = Line(gettext("Total"))
    for line in lines:
        total.planned += line.planned
        total.actual += line.actual
    return total


def trip_budget(delegation):
    """Planned against actual per category and per traveller for one trip (two queries)."""
    costs = Cost.objects.filter(delegation=delegation).order_by()
    lines = _lines(costs.values_list("category", "stage").annotate(s=Sum("amount_dkk")))
    categories = list(lines.values())
    people = {}
    shared = gettext("Shared")
    rows = (
        costs.values_list(
            "traveller_id",
            "traveller__given_name",
            "traveller__family_name",
            "traveller__name_order",
            "stage",
        )
        .annotate(s=Sum("amount_dkk"))
        .order_by("traveller__family_name", "traveller__given_name", "traveller_id")
    )
    for pk, given, family, order, stage, amount in rows:
        name = format_latin_name(given, family, order) if pk else shared
        line = people.setdefault(pk, Line(name))
        setattr(line, stage, getattr(line, stage) + (amount or ZERO))
    travellers = [(line.label, line) for pk, line in people.items() if pk is not None]
    if None in people:
        travellers.append((shared, people[None]))
    return Budget(categories=categories, total=_total(categories), travellers=travellers)


def all_trips_budget(delegations=None):
    """Planned against actual per category over `delegations` (all trips if None): one query."""
    costs = Cost.objects.order_by()
    if delegations is not None:
        costs = costs.filter(delegation__in=delegations)
    lines = _lines(costs.values_list("category", "stage").annotate(s=Sum("amount_dkk")))
    categories = list(lines.values())
    return Budget(categories=categories, total=_total(categories))


def _choice(choices):
    labels = dict(choices)
    return lambda export, value: str(labels.get(value, value))


def _money(export, value):
    return "" if value is None else f"{value:.2f}"


def _rate(export, value):
    return "" if value is None else f"{value.normalize():f}"


COLUMNS = {
    "delegation": Column(_("Delegation"), reads=(Translated("delegation__name"),)),
    "case_number": Column(_("Case number"), reads=("delegation__approval__case_number",)),
    "traveller": Column(
        _("Traveller"),
        reads=("traveller__given_name", "traveller__family_name", "traveller__name_order"),
        cell=lambda export, given, family, order: (
            format_latin_name(given, family, order) if family else gettext("Shared")
        ),
    ),
    "category": Column(_("Category"), reads=("category",), cell=_choice(C.choices)),
    "stage": Column(_("Planned or actual"), reads=("stage",), cell=_choice(Cost.Stage.choices)),
    "description": Column(_("Description"), reads=("description",)),
    "currency": Column(_("Currency"), reads=("currency",)),
    "amount": Column(_("Amount"), reads=("amount",), cell=_money),
    "rate": Column(_("Rate to DKK"), reads=("rate",), cell=_rate),
    "amount_dkk": Column(_("Amount in DKK"), reads=("amount_dkk",), cell=_money),
}


@exporting.register
class TripCosts(exporting.ListExporter):
    """Every cost of one trip (or of all trips) for the finance department."""

    identifier = "trip_costs"
    verbose_name = _("Trip costs")
    columns = COLUMNS
    default_columns = list(COLUMNS)

    def __init__(self, delegation=None, **options):
        super().__init__(**options)
        self.delegation = delegation

    def get_queryset(self):
        costs = Cost.objects.order_by("delegation__starts_on", "delegation_id", "category", "pk")
        if self.delegation is not None:
            costs = costs.filter(delegation=self.delegation)
        return costs

    def title(self):
        with translation.override(self.language):
            if self.delegation is None:
                return gettext("Trip costs")
            return f"{self.delegation.name} – {gettext('Trip costs')}"

    def sheet_name(self):
        with translation.override(self.language):
            return gettext("Trip costs")

    def filename(self, extension):
        name = self.delegation.slug if self.delegation else "trips"
        return f"{name}-costs-{timezone.localdate():%Y%m%d}.{extension}"
