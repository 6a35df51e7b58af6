"""Admin for protocol: banquet table plans with their tables and the host side inline, and
the seats (made by delegations/seating.py, moved on the plan's staff page).

Imported from delegations/admin.py, like admin_partners."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from .admin import HistoryTranslationAdmin
from .concurrency import ConcurrentEditInline
from .models import HostAttendee, Seat, Table, TablePlan


class TableInline(admin.TabularInline):
    model = Table
    extra = 0
    fields = ["number", "name", "seats"]


class HostAttendeeInline(ConcurrentEditInline, TranslationTabularInline):
    """The host side, in the host's order (precedence 1 is the principal host)."""

    model = HostAttendee
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = [
        "precedence",
        "person",
        "family_name",
        "given_name",
        "name_order",
        "native_name",
        "title",
        "organisation",
    ]


@admin.register(TablePlan)
class TablePlanAdmin(HistoryTranslationAdmin):
    list_display = ["name", "delegation", "held_on", "venue", "seating_page"]
    list_filter = ["delegation"]
    search_fields = ["name", "venue", "delegation__name"]
    list_select_related = ["delegation"]
    autocomplete_fields = ["delegation", "host_organisation"]
    date_hierarchy = "held_on"
    inlines = [HostAttendeeInline, TableInline]

    @admin.display(description=_("seating"))
    def seating_page(self, obj):
        url = reverse("staff:table_plan", args=[obj.delegation.slug, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Seat and print"))


@admin.register(HostAttendee)
class HostAttendeeAdmin(HistoryTranslationAdmin):
    list_display = ["__str__", "native_name", "title", "organisation", "precedence", "plan"]
    list_filter = ["plan"]
    search_fields = ["family_name", "given_name", "native_name", "person__family_name"]
    list_select_related = ["plan", "person", "organisation"]
    autocomplete_fields = ["plan", "person", "organisation"]


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "seats"]
    list_filter = ["plan"]
    search_fields = ["name", "plan__name"]
    list_select_related = ["plan"]
    autocomplete_fields = ["plan"]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "member", "host"]
    list_filter = ["plan"]
    search_fields = ["member__person__family_name", "host__family_name", "plan__name"]
    list_select_related = ["plan", "table", "member__person", "member__delegation", "host__person"]
    autocomplete_fields = ["plan", "table", "member", "host"]
