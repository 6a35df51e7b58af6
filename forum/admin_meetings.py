"""Meetings at forum sessions: the meeting's own admin page (delegations' MeetingAdmin, with
its outcomes that become follow-ups in the same save) gets a "held at forum session" row,
and each session's admin page lists the meetings held at it.

The forum adds these from its side (delegations never imports forum): it extends the
admin classes delegations registered, as delegations/admin_partners.py does.
Imported at the end of forum/admin.py.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from delegations.models import Meeting

from .models import Session, SessionMeeting


class HeldAtSessionInline(admin.StackedInline):
    """On a meeting: the forum session it was held at (at most one)."""

    model = SessionMeeting
    fk_name = "meeting"
    extra = 0
    max_num = 1
    autocomplete_fields = ["session"]
    fields = ["session"]
    verbose_name = _("held at a forum session")
    verbose_name_plural = _("held at a forum session")

    def get_formset(self, request, obj=None, **kwargs):
        # "Add a meeting at this session" (from the session's page) opens with it chosen.
        formset = super().get_formset(request, obj, **kwargs)
        session = request.GET.get("forum_session", "")
        if obj is None and session.isdigit():
            formset.extra = 1
            formset.form.base_fields["session"].initial = int(session)
        return formset


class MeetingsAtSessionInline(admin.TabularInline):
    """On a session: the meetings held at it, each a link to its notes and outcomes."""

    model = SessionMeeting
    fk_name = "session"
    extra = 0
    show_change_link = False
    fields = ["meeting", "partner", "held_on"]
    readonly_fields = ["meeting", "partner", "held_on"]
    verbose_name = _("meeting at this session")
    verbose_name_plural = _("meetings at this session")

    def has_add_permission(self, request, obj=None):
        return False  # added from the meeting's page, with its partner and outcomes

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting__organisation")

    @admin.display(description=_("partner"))
    def partner(self, link):
        return link.meeting.organisation

    @admin.display(description=_("held on"))
    def held_on(self, link):
        return link.meeting.held_on


@admin.register(SessionMeeting)
class SessionMeetingAdmin(admin.ModelAdmin):
    list_display = ["meeting", "session"]
    list_select_related = ["meeting", "session"]
    search_fields = ["meeting__title", "session__title"]
    autocomplete_fields = ["meeting", "session"]


def _add_inline(model, inline):
    cls = type(admin.site._registry[model])
    if inline not in cls.inlines:
        cls.inlines = [*cls.inlines, inline]


_add_inline(Meeting, HeldAtSessionInline)
_add_inline(Session, MeetingsAtSessionInline)
