"""Admin for regional staff: every model of the region's side, with history.

modeltranslation's tabbed admin pulls jQuery UI from a CDN (blocked in China and here), so
the plain TranslationAdmin is used: one input per language, side by side.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Delegation,
    DelegationMember,
    FollowUp,
    Invitation,
    Organisation,
    Partnership,
    Person,
    Stay,
    TravelLeg,
    Visit,
)


class HistoryTranslationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Translated fields plus the history of every change."""


class DelegationMemberInline(admin.TabularInline):
    model = DelegationMember
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "precedence", "answer", "arrives_at", "departs_at"]


class TravelLegInline(TranslationStackedInline):
    model = TravelLeg
    extra = 0
    autocomplete_fields = ["travellers"]
    fields = [
        ("kind", "direction", "reference"),
        ("origin", "destination"),
        ("departs_at", "departure_time_zone"),
        ("arrives_at", "arrival_time_zone"),
        "travellers",
        "notes",
    ]


class StayInline(TranslationStackedInline):
    model = Stay
    extra = 0
    autocomplete_fields = ["hotel", "guests"]
    fields = [
        "hotel",
        ("check_in", "check_out", "time_zone"),
        "booking_reference",
        "guests",
        "notes",
    ]


class VisitInline(TranslationStackedInline):
    model = Visit
    extra = 0
    show_change_link = True
    autocomplete_fields = ["host", "host_contact", "interpreter", "participants"]
    fields = [
        "title",
        "host",
        ("starts_at", "ends_at", "time_zone"),
        ("host_contact", "interpreter"),
        "participants",
    ]


@admin.register(Organisation)
class OrganisationAdmin(HistoryTranslationAdmin):
    list_display = ["name", "name_native", "kind", "country", "city"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "name_native", "short_name", "city", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["name", "name_native", "short_name", "slug", "kind"]}),
        (
            _("Place"),
            {"fields": ["country", "city", "address", "address_native", "phone", "website"]},
        ),
    ]


@admin.register(Person)
class PersonAdmin(HistoryTranslationAdmin):
    list_display = ["__str__", "native_name", "kind", "position", "organisation", "email"]
    list_filter = ["kind", "name_order", "organisation__kind", "organisation__country"]
    search_fields = ["given_name", "family_name", "native_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation", "user"]
    fieldsets = [
        (
            _("Name"),
            {"fields": [("given_name", "family_name"), "name_order", "native_name", "kind"]},
        ),
        (_("Position"), {"fields": ["position", "organisation"]}),
        (_("Contact"), {"fields": ["email", "phone", "languages", "user"]}),
        (
            _("Needs (sensitive: staff only)"),
            {"fields": ["dietary_needs", "access_needs"], "classes": ["collapse"]},
        ),
    ]


@admin.register(Invitation)
class InvitationAdmin(HistoryTranslationAdmin):
    list_display = ["occasion", "host", "received_on", "reply_due", "answer"]
    list_filter = ["answer", "host__country"]
    search_fields = ["occasion", "host__name", "invitee_organisation__name", "notes"]
    list_select_related = ["host"]
    autocomplete_fields = ["host", "invitee_organisation", "invitee_person"]
    date_hierarchy = "received_on"


@admin.register(Delegation)
class DelegationAdmin(HistoryTranslationAdmin):
    list_display = [
        "name",
        "sending_organisation",
        "destination_city",
        "starts_on",
        "ends_on",
        "status",
        "leader",
    ]
    list_filter = ["status", "destination_country", "sending_organisation", "is_public"]
    search_fields = ["name", "slug", "destination_city", "purpose", "leader__family_name"]
    list_select_related = ["sending_organisation", "leader"]
    autocomplete_fields = ["sending_organisation", "leader", "invitation"]
    prepopulated_fields = {"slug": ["name_en"]}
    date_hierarchy = "starts_on"
    inlines = [DelegationMemberInline, TravelLegInline, StayInline, VisitInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "sending_organisation", "leader", "status"]}),
        (
            _("Where and when"),
            {
                "fields": [
                    ("destination_city", "destination_country"),
                    ("starts_on", "ends_on"),
                    ("destination_time_zone", "home_time_zone"),
                ]
            },
        ),
        (None, {"fields": ["purpose", "invitation", "is_public"]}),
    ]


@admin.register(DelegationMember)
class DelegationMemberAdmin(SimpleHistoryAdmin):
    list_display = ["person", "delegation", "role", "precedence", "answer"]
    list_filter = ["role", "answer", "delegation"]
    search_fields = ["person__given_name", "person__family_name", "delegation__name"]
    list_select_related = ["person", "delegation"]
    autocomplete_fields = ["person", "delegation"]


@admin.register(TravelLeg)
class TravelLegAdmin(HistoryTranslationAdmin):
    list_display = ["__str__", "delegation", "kind", "direction", "departs_at", "arrives_at"]
    list_filter = ["kind", "direction", "delegation"]
    search_fields = ["reference", "origin", "destination", "delegation__name"]
    list_select_related = ["delegation"]
    autocomplete_fields = ["delegation", "travellers"]
    date_hierarchy = "departs_at"


@admin.register(Stay)
class StayAdmin(HistoryTranslationAdmin):
    list_display = ["hotel", "delegation", "check_in", "check_out"]
    list_filter = ["delegation"]
    search_fields = ["hotel__name", "delegation__name", "booking_reference"]
    list_select_related = ["hotel", "delegation"]
    autocomplete_fields = ["delegation", "hotel", "guests"]


@admin.register(Visit)
class VisitAdmin(HistoryTranslationAdmin):
    list_display = ["title", "host", "delegation", "starts_at", "host_contact", "interpreter"]
    list_filter = ["host__kind", "delegation", "is_public"]
    search_fields = ["title", "topic", "host__name", "host__name_native"]
    list_select_related = ["host", "delegation", "host_contact", "interpreter"]
    autocomplete_fields = ["delegation", "host", "participants", "host_contact", "interpreter"]
    date_hierarchy = "starts_at"


@admin.register(Partnership)
class PartnershipAdmin(HistoryTranslationAdmin):
    list_display = ["name", "kind", "status", "signed_on", "renewed_on", "expires_on"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["name", "description", "parties__name"]
    autocomplete_fields = ["parties", "delegations", "visits"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(FollowUp)
class FollowUpAdmin(HistoryTranslationAdmin):
    list_display = ["action", "owner", "due_on", "status", "delegation", "partnership"]
    list_filter = ["status", "owner", "delegation"]
    search_fields = ["action", "notes", "owner__family_name"]
    list_select_related = ["owner", "delegation", "partnership"]
    autocomplete_fields = ["owner", "delegation", "partnership", "organisation", "person", "visit"]
    date_hierarchy = "due_on"
