"""Admin for transfers, their cars and who sits where (registered in admin.py).

A transfer's page lists its saved cars as one-line summaries (car, driver, seats and who is
in them, an edit link to the car's own page) and offers full forms for new cars; a car's page
has its seats. The leaving time is typed in the transfer's own zone (admin_forms.py). The car
plan is filled and edited on the trip's car page (/<lang>/staff/trips/<slug>/cars/).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .admin_forms import LocalTimesForm, OwnZone, RelatedZone
from .admin_layout import edit_link
from .admin_widgets import PersonChoiceLabels, person_label
from .cars import seat_label
from .concurrency import ConcurrentEditForm, ConcurrentEditInline
from .models import Car, CarSeat, Transfer
from .zones import format_local


class TransferForm(LocalTimesForm, ConcurrentEditForm):
    local_times = {"starts_at": OwnZone("time_zone")}
    default_from = RelatedZone("delegation", "destination_time_zone", "")


def car_summary(car):
    """ "Car 1 (VIP) · Car · 3 seats · driver Wang Jun +86 … · 京A·12345 — 1 rear right: …" """
    places = list(car.places.all())
    seated = format_html_join(
        "; ",
        "{}: {}",
        (
            (seat_label(p.position, car.kind), person_label(p.person, short=True) or p.name)
            for p in places
        ),
    )
    return format_html(
        "<strong>{}</strong> · {} · {} · {} · {}{}",
        car,
        car.get_kind_display(),
        gettext("%(seats)d passenger seats") % {"seats": car.seats},
        " ".join(filter(None, [car.driver_name, car.driver_phone])) or "—",
        car.plate or "—",
        format_html(" — {}", seated)
        if places
        else format_html(' — <span class="summary-missing">{}</span>', gettext("nobody")),
    )


class CarSummaryInline(admin.TabularInline):
    """The transfer's saved cars, a line each, with a link to the car's page (its seats)."""

    model = Car
    extra = 0
    fields = ["summary", "edit"]
    readonly_fields = ["summary", "edit"]
    classes = ["compact-inline"]
    verbose_name = _("car")
    verbose_name_plural = _("cars")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Saved(formset):
            @classmethod
            def get_default_prefix(cls):
                return f"{super().get_default_prefix()}_saved"

        return Saved

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("places__person").order_by("number")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("car"))
    def summary(self, obj):
        return car_summary(obj)

    @admin.display(description=_("edit"))
    def edit(self, obj):
        back = reverse("admin:delegations_transfer_change", args=[obj.transfer_id])
        return edit_link(obj, back)


class NewCarInline(ConcurrentEditInline, admin.TabularInline):
    model = Car
    extra = 0
    verbose_name_plural = format_lazy(_("New {things}"), things=_("cars"))
    fields = ["number", "label", "kind", "seats", "driver_name", "driver_phone", "plate"]

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class CarSeatInline(PersonChoiceLabels, ConcurrentEditInline, admin.TabularInline):
    model = CarSeat
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person").order_by("position")


class TransferAdminParts:
    form = TransferForm
    inlines = [CarSummaryInline, NewCarInline]
    list_display = ["__str__", "delegation", "leaves_local", "travel_leg", "visit"]
    list_filter = ["delegation"]
    search_fields = ["origin", "destination", "delegation__name"]
    list_select_related = ["delegation", "travel_leg", "visit"]
    autocomplete_fields = ["delegation", "interpreter", "escorts"]
    date_hierarchy = "starts_at"
    fields = [
        "delegation",
        ("origin", "destination"),
        ("starts_at", "time_zone"),
        ("travel_leg", "visit"),
        "interpreter",
        "escorts",
        "notes",
    ]

    @admin.display(description=_("leaves"), ordering="starts_at")
    def leaves_local(self, obj):
        return format_local(obj.starts_at, obj.time_zone)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the legs and visits of the transfer's own trip (of any trip on a new one).
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        object_id = (
            request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        )
        if db_field.name in ("travel_leg", "visit") and object_id and str(object_id).isdigit():
            delegation_id = (
                Transfer.objects.filter(pk=int(object_id))
                .values_list("delegation_id", flat=True)
                .first()
            )
            field.queryset = field.queryset.filter(delegation_id=delegation_id)
        if db_field.name in ("travel_leg", "visit"):
            field.queryset = field.queryset.select_related("delegation")
        return field


class CarAdminParts:
    form = ConcurrentEditForm
    inlines = [CarSeatInline]
    list_display = ["__str__", "transfer", "kind", "seats", "driver_name", "driver_phone", "plate"]
    list_filter = ["kind", "transfer__delegation"]
    search_fields = ["label", "driver_name", "plate", "transfer__origin", "transfer__destination"]
    list_select_related = ["transfer"]
    autocomplete_fields = ["transfer"]
    fields = [
        "transfer",
        ("number", "label", "kind", "seats"),
        ("driver_name", "driver_phone", "plate"),
    ]


class CarSeatAdminParts:
    form = ConcurrentEditForm
    list_display = ["__str__", "car", "position", "person", "name"]
    list_filter = ["car__transfer__delegation"]
    search_fields = ["person__given_name", "person__family_name", "name", "car__label"]
    list_select_related = ["car__transfer", "person"]
    autocomplete_fields = ["car", "person"]
    fields = ["car", "position", "person", "name"]
