"""The outbox for regional staff: what was sent to whom, what is waiting, what failed."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import mail
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "language", "state", "attempts", "last_error"]
    list_filter = ["state", "language", "kind"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [
        "to",
        "language",
        "kind",
        "subject",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "body_text",
        "body_html",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only: the detail page shows the message; nothing in it can be edited.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again now"), permissions=["view"])
    def retry_now(self, request, queryset):
        count = mail.retry_now(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message queued to be sent now.",
                "%(count)d messages queued to be sent now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
