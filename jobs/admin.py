"""Jobs for regional staff to look at (what ran, for whom, how it ended); read-only."""

from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "owner", "state", "progress_done", "progress_total"]
    list_filter = ["state", "kind"]
    list_select_related = ["owner"]
    fields = readonly_fields = [
        "kind",
        "owner",
        "language",
        "params",
        "state",
        "progress_done",
        "progress_total",
        "message",
        "error",
        "attempts",
        "filename",
        "created_at",
        "started_at",
        "finished_at",
        "expires_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
