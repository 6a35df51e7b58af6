"""The gift register: gifts given to and received from partners, on the trip page and for the
annual declaration (an `exporting.ListExporter`, CSV or XLSX, filtered by year, direction and
declared or not).

Values are Decimal with their DKK equivalent stored at save (models.dkk_equivalent, as for
costs), so the page and the export add up to the same øre.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import exporting
from exporting import Column, Translated

from .languages import in_brackets
from .models import Gift, format_latin_name

ZERO = Decimal("0.00")
D = Gift.Direction


@dataclass
class TripGifts:
    """A trip's gifts for its page: given and received, with their DKK totals."""

    given: list
    received: list
    given_dkk: Decimal
    received_dkk: Decimal
    undeclared_received: int

    @property
    def empty(self):
        return not self.given and not self.received


def trip_gifts(delegation):
    """The gifts of one trip, given first then received, each newest first (one query)."""
    gifts = list(
        Gift.objects.filter(delegation=delegation)
        .select_related("organisation", "person", "our_person")
        .order_by("-exchanged_on", "pk")
    )
    given = [gift for gift in gifts if gift.direction == D.GIVEN]
    received = [gift for gift in gifts if gift.direction == D.RECEIVED]
    return TripGifts(
        given=given,
        received=received,
        given_dkk=sum((g.value_dkk or ZERO for g in given), ZERO),
        received_dkk=sum((g.value_dkk or ZERO for g in received), ZERO),
        undeclared_received=sum(1 for gift in received if not gift.declared),
    )


def register_queryset(*, year=None, direction=None, declared=None):
    """The gifts of the register, filtered (None: any), oldest first as a declaration lists
    them."""
    gifts = Gift.objects.order_by("exchanged_on", "pk")
    if year is not None:
        gifts = gifts.filter(exchanged_on__year=year)
    if direction:
        gifts = gifts.filter(direction=direction)
    if declared is not None:
        gifts = gifts.filter(declared=declared)
    return gifts


def total_dkk(gifts):
    """The sum of the DKK equivalents (one query; gifts without a value count nothing)."""
    return gifts.order_by().aggregate(s=Sum("value_dkk"))["s"] or ZERO


def _money(export, value):
    return "" if value is None else f"{value:.2f}"


def _rate(export, value):
    return "" if value is None else f"{value.normalize():f}"


def _date(export, value):
    return value.isoformat() if value else ""


def _person(given, family, order, native):
    if not family and not given:
        return ""
    name = format_latin_name(given, family, order)
    if not native or native == name:
        return name
    if (translation.get_language() or "").startswith("zh"):  # Chinese readers: their script first
        return in_brackets(name, native)
    return in_brackets(native, name)


def _ours(export, given, family, order, native):
    return _person(given, family, order, native)


def _theirs(export, given, family, order, native, name):
    return _person(given, family, order, native) or name


def _person_reads(prefix):
    return tuple(
        f"{prefix}__{f}" for f in ("given_name", "family_name", "name_order", "native_name")
    )


COLUMNS = {
    "exchanged_on": Column(_("Date"), reads=("exchanged_on",), cell=_date),
    "direction": Column(
        _("Given or received"),
        reads=("direction",),
        cell=lambda export, value: export.directions.get(value, value),
    ),
    "description": Column(_("Gift"), reads=(Translated("description"),)),
    "occasion": Column(_("Occasion"), reads=(Translated("occasion"),)),
    "partner": Column(_("Partner"), reads=(Translated("organisation__name"),)),
    "partner_country": Column(_("Country"), reads=("organisation__country",)),
    "delegation": Column(_("Trip"), reads=(Translated("delegation__name"),)),
    "our_side": Column(_("On our side"), reads=_person_reads("our_person"), cell=_ours),
    "their_side": Column(
        _("On their side"), reads=(*_person_reads("person"), "their_name"), cell=_theirs
    ),
    "value": Column(_("Estimated value"), reads=("value",), cell=_money),
    "currency": Column(_("Currency"), reads=("currency",)),
    "rate": Column(_("Rate to DKK"), reads=("rate",), cell=_rate),
    "value_dkk": Column(_("Value in DKK"), reads=("value_dkk",), cell=_money),
    "declared": Column(
        _("Declared"),
        reads=("declared",),
        cell=lambda export, value: export.yes if value else export.no,
    ),
    "declared_on": Column(_("Declared on"), reads=("declared_on",), cell=_date),
    "declared_to": Column(_("Declared where"), reads=("declared_to",)),
}


@exporting.register
class GiftRegister(exporting.ListExporter):
    """Every gift of a year (or of all years) for the annual declaration."""

    identifier = "gift_register"
    verbose_name = _("Gift register")
    columns = COLUMNS
    default_columns = list(COLUMNS)

    def __init__(self, *, year=None, direction=None, declared=None, **options):
        super().__init__(**options)
        self.year, self.direction, self.declared = year, direction or None, declared

    def get_queryset(self):
        return register_queryset(year=self.year, direction=self.direction, declared=self.declared)

    def prepare(self):
        self.directions = {value: str(label) for value, label in D.choices}
        self.yes, self.no = gettext("Yes"), gettext("No")

    def title(self):
        with translation.override(self.language):
            if self.year is None:
                return gettext("Gift register")
            return gettext("Gift register %(year)s") % {"year": self.year}

    def sheet_name(self):
        with translation.override(self.language):
            return gettext("Gifts")

    def description(self):
        with translation.override(self.language):
            lines = []
            if self.direction:
                lines.append(str(D(self.direction).label))
            if self.declared is not None:
                lines.append(gettext("Declared") if self.declared else gettext("Not declared"))
            return lines

    def filename(self, extension):
        parts = ["gifts", str(self.year) if self.year else "all-years"]
        if self.direction:
            parts.append(self.direction)
        if self.declared is not None:
            parts.append("declared" if self.declared else "not-declared")
        return f"{'-'.join(parts)}-{timezone.localdate():%Y%m%d}.{extension}"
