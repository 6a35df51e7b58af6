"""Admin for the public trip report: the staff-written introduction (in every language) and
the members' consents to be named. Publishing is done on the staff preview page
(/staff/trips/<slug>/report/), which records who published and when; here it is read-only.

Imported at the end of delegations/admin_partners.py.
"""

from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .admin import HistoryTranslationAdmin, ReadOnlyHistory
from .models import ReportConsent, TripReport


@admin.register(TripReport)
class TripReportAdmin(HistoryTranslationAdmin):
    list_display = ["delegation", "published_at", "published_by"]
    list_select_related = ["delegation", "published_by"]
    search_fields = ["delegation__name", "delegation__slug"]
    autocomplete_fields = ["delegation"]
    fields = [
        "delegation",
        "summary",
        ("published_at", "published_by"),
        ("unpublished_at", "unpublished_by"),
    ]
    readonly_fields = ["published_at", "published_by", "unpublished_at", "unpublished_by"]


@admin.register(ReportConsent)
class ReportConsentAdmin(ReadOnlyHistory, SimpleHistoryAdmin):
    list_display = ["member", "named", "recorded_at", "recorded_by"]
    list_filter = ["named", "member__delegation"]
    list_select_related = ["member__person", "member__delegation", "recorded_by"]
    search_fields = ["member__person__family_name", "member__delegation__name"]
    autocomplete_fields = ["member"]
    fields = ["member", "named", "recorded_at", "recorded_by"]
    readonly_fields = ["recorded_at", "recorded_by"]

    def save_model(self, request, obj, form, change):
        obj.recorded_at = timezone.now()
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
