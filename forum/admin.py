"""Admin for regional staff: forums, tracks, sessions with their speakers, registrations."""

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from accounts.decorators import requires
from delegations.admin import ConcurrentEditForm, ConcurrentEditInline, HistoryTranslationAdmin

from . import imports
from . import rules as _rules  # noqa: F401  (registers the rules the custom views name)
from .models import ExportLog, ExportProfile, Forum, Registration, Session, SessionRole, Track

IMPORT_DIR = Path(tempfile.gettempdir()) / "delegation-desk-imports"


class ImportUploadForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=Forum.objects.all())
    file = forms.FileField(label=_("Spreadsheet (.csv or .xlsx)"))


def _stash(data, name):
    """Keep the uploaded file between preview and confirmation, under a random token."""
    IMPORT_DIR.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(16)
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    (IMPORT_DIR / f"{token}{suffix}").write_bytes(data)
    return f"{token}{suffix}"


def _unstash(token):
    if not token or "/" in token or not token.endswith((".csv", ".xlsx")):
        return None
    path = IMPORT_DIR / token
    return path.read_bytes() if path.exists() else None


class TrackInline(TranslationTabularInline):
    model = Track
    extra = 0
    fields = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name_en"]}


class SessionRoleInline(ConcurrentEditInline, admin.TabularInline):
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
    form = ConcurrentEditForm  # no silent overwrites here either
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

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="forum_registration_import",
            ),
            *super().get_urls(),
        ]

    @method_decorator(requires("forum.import_participants"))
    def import_view(self, request):
        """Regional staff: upload, map columns, preview row by row, then import all or nothing."""
        context = {**self.admin_site.each_context(request), "title": gettext("Import participants")}
        step = request.POST.get("step")
        if request.method != "POST" or step is None:
            context["upload"] = ImportUploadForm()
            return TemplateResponse(request, "admin/forum/registration/import.html", context)
        if step == "upload":
            upload = ImportUploadForm(request.POST, request.FILES)
            if not upload.is_valid():
                context["upload"] = upload  # the template shows the form instead of a preview
                return TemplateResponse(request, "admin/forum/registration/import.html", context)
            uploaded = upload.cleaned_data["file"]
            # One byte over the limit is enough for read_table to refuse it.
            data = uploaded.read(imports.settings.IMPORT_MAX_BYTES + 1)
            name = uploaded.name
            forum = upload.cleaned_data["forum"]
            token = _stash(data, name)
        else:
            token = request.POST.get("token")
            data = _unstash(token)
            forum = Forum.objects.filter(pk=request.POST.get("forum")).first()
            if data is None or forum is None:
                messages.error(request, gettext("The uploaded file has expired. Upload it again."))
                return redirect("admin:forum_registration_import")
            name = token
        try:
            headers, rows = imports.read_table(name, data)
        except imports.ImportRefused as refusal:
            context["upload"] = ImportUploadForm(initial={"forum": forum})
            context["refusal"] = str(refusal)
            return TemplateResponse(request, "admin/forum/registration/import.html", context)
        guessed = imports.guess_mapping(headers)
        if step != "upload":
            mapping = {}
            for target in imports.TARGETS:
                value = request.POST.get(f"map_{target}", "")
                if value.isdigit() and int(value) < len(headers):
                    mapping[target] = int(value)
        else:
            mapping = guessed
        dry_run = step != "confirm"
        report = imports.import_participants(forum, headers, rows, mapping, dry_run=dry_run)
        if report.written:
            (IMPORT_DIR / token).unlink(missing_ok=True)
            messages.success(
                request,
                gettext(
                    "Imported: %(people)d new people, %(updated)d updated, "
                    "%(registrations)d new registrations."
                )
                % {
                    "people": report.people_created,
                    "updated": report.people_updated,
                    "registrations": report.registrations_created,
                },
            )
            return redirect("admin:forum_registration_changelist")
        context.update(
            forum=forum,
            token=token,
            headers=list(enumerate(headers)),
            targets=[(key, label, mapping.get(key)) for key, label in imports.TARGETS.items()],
            report=report,
            preview=report.rows[:200],
            confirm_refused=step == "confirm" and bool(report.errors),
        )
        return TemplateResponse(request, "admin/forum/registration/import.html", context)


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Read-only: who exported which list, when, how many rows."""

    list_display = ["created_at", "user", "forum", "kind", "row_count"]
    list_filter = ["kind", "forum"]
    list_select_related = ["user", "forum"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportProfile)
class ExportProfileAdmin(admin.ModelAdmin):
    """Saved attendee lists of embassy and regional staff."""

    list_display = ["name", "owner", "forum", "created_at"]
    list_filter = ["forum"]
    list_select_related = ["owner", "forum"]
    search_fields = ["name", "owner__username"]
