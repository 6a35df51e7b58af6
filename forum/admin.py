"""Admin for regional staff: forums, tracks, sessions with their speakers, registrations."""

from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from delegations.admin import HistoryTranslationAdmin

from .models import Forum, Registration, Session, SessionRole, Track


class TrackInline(TranslationTabularInline):
    model = Track
    extra = 0
    fields = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name_en"]}


class SessionRoleInline(admin.TabularInline):
    model = SessionRole
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "order"]


@admin.register(Forum)
class ForumAdmin(HistoryTranslationAdmin):
    list_display = ["name", "city", "starts_on", "ends_on", "is_published"]
    list_filter = ["is_published", "country"]
    search_fields = ["name", "slug", "city", "venue"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["hosts", "delegations"]
    inlines = [TrackInline]


@admin.register(Track)
class TrackAdmin(HistoryTranslationAdmin):
    list_display = ["name", "forum", "order"]
    list_filter = ["forum"]
    search_fields = ["name", "slug"]
    list_select_related = ["forum"]
    autocomplete_fields = ["forum", "leads"]


@admin.register(Session)
class SessionAdmin(HistoryTranslationAdmin):
    list_display = ["title", "forum", "track", "kind", "starts_at", "ends_at", "room", "capacity"]
    list_filter = ["forum", "kind", "track", "language"]
    search_fields = ["title", "description", "room", "roles__person__family_name"]
    list_select_related = ["forum", "track"]
    autocomplete_fields = ["forum", "track"]
    date_hierarchy = "starts_at"
    inlines = [SessionRoleInline]


@admin.register(SessionRole)
class SessionRoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "session"]
    list_filter = ["role", "session__forum"]
    search_fields = ["person__given_name", "person__family_name", "session__title"]
    list_select_related = ["person", "session"]
    autocomplete_fields = ["person", "session"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "forum", "organisation", "delegation", "status", "checked_in_at"]
    list_filter = ["forum", "status", "delegation", "organisation__country"]
    search_fields = [
        "person__given_name",
        "person__family_name",
        "person__native_name",
        "person__email",
        "badge_name",
        "organisation__name",
    ]
    list_select_related = ["person", "forum", "organisation", "delegation"]
    autocomplete_fields = ["forum", "person", "organisation", "delegation", "sessions"]
