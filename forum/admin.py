"""Admin for regional staff: forums, tracks, sessions with their speakers, registrations."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

import jobs
from accounts.decorators import requires
from delegations.admin import (
    ConcurrentEditForm,
    ConcurrentEditInline,
    HistoryTranslationAdmin,
    ReadOnlyHistory,
    local_span_column,
)
from delegations.admin_forms import LocalTimesForm, RelatedZone
from delegations.models import Organisation

from . import checkin, imports
from . import rules as _rules  # noqa: F401  (registers the rules the custom views name)
from .imports import report_csv
from .models import (
    CheckInEvent,
    ExportLog,
    ExportProfile,
    Forum,
    Registration,
    Session,
    SessionRole,
    Track,
)


class ImportUploadForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=Forum.objects.all())
    file = forms.FileField(label=_("Spreadsheet (.csv or .xlsx)"))
    language = forms.ChoiceField(
        label=_("Language of the titles in the file"),
        choices=settings.LANGUAGES,
        required=False,  # the page's language
        help_text=_("Titles and positions go into this language's column."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = imports.file_language(None)


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


FORUM_TIME = _("the forum's time")


class SessionForm(LocalTimesForm, ConcurrentEditForm):
    """A session starts and ends in its forum's zone."""

    local_times = {
        "starts_at": RelatedZone("forum", "time_zone", FORUM_TIME),
        "ends_at": RelatedZone("forum", "time_zone", FORUM_TIME),
    }
    time_order = [("starts_at", "ends_at")]


class ForumForm(LocalTimesForm, ConcurrentEditForm):
    zone_fields = ("time_zone",)


@admin.register(Forum)
class ForumAdmin(HistoryTranslationAdmin):
    form = ForumForm
    list_display = ["name", "city", "starts_on", "ends_on", "is_published"]
    list_filter = ["is_published", "country"]
    search_fields = ["name", "slug", "city", "venue"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["hosts", "delegations"]
    inlines = [TrackInline]
    # The name first: the slug is made from it.
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "hosts", "is_published"]}),
        (
            _("Where and when"),
            {
                "fields": [
                    ("starts_on", "ends_on"),
                    ("city", "country"),
                    "time_zone",
                    "venue",
                    "venue_address",
                    "venue_address_native",
                ]
            },
        ),
        (None, {"fields": ["expected_participants", "delegations"]}),
    ]


@admin.register(Track)
class TrackAdmin(HistoryTranslationAdmin):
    list_display = ["name", "forum", "order"]
    list_filter = ["forum"]
    search_fields = ["name", "slug"]
    list_select_related = ["forum"]
    autocomplete_fields = ["forum", "leads"]


@admin.register(Session)
class SessionAdmin(HistoryTranslationAdmin):
    form = SessionForm
    list_display = [
        "title",
        "forum",
        "track",
        "kind",
        local_span_column("starts_at", "ends_at", SessionForm.local_times["starts_at"], _("When")),
        "room",
        "capacity",
    ]
    list_filter = ["forum", "kind", "track", "language"]
    search_fields = ["title", "description", "room", "roles__person__family_name"]
    list_select_related = ["forum", "track"]
    autocomplete_fields = ["forum", "track"]
    date_hierarchy = "starts_at"
    inlines = [SessionRoleInline]

    def get_list_display(self, request):
        """The forum's column only when the list can hold sessions of several forums: one
        forum's long name repeated on every row, five lines high, pushed the room and the
        capacity out of sight at 1366 px (Danish)."""
        columns = list(super().get_list_display(request))
        one_forum = "forum__id__exact" in request.GET or Forum.objects.count() < 2
        return [c for c in columns if c != "forum"] if one_forum else columns


@admin.register(SessionRole)
class SessionRoleAdmin(ReadOnlyHistory, SimpleHistoryAdmin):
    list_display = ["person", "role", "session"]
    list_filter = ["role", "session__forum"]
    search_fields = ["person__given_name", "person__family_name", "session__title"]
    list_select_related = ["person", "session"]
    autocomplete_fields = ["person", "session"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyHistory, SimpleHistoryAdmin):
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
    # The model's order (forum, then the person's name) sorts every joined row before the
    # first page can be shown; newest first reads an index (the primary key's, or
    # registration_forum_newest for one forum) and stops after a page. Clicking a column
    # header still sorts by it. Measured in docs/benchmarks.md.
    ordering = ["-pk"]
    # One count (of what the filters leave), not a second of the whole table.
    show_full_result_count = False
    autocomplete_fields = ["forum", "person", "organisation", "delegation", "sessions"]

    actions = ["check_in_selected", "undo_check_in_selected"]

    def has_check_in_permission(self, request):
        return request.user.has_perm("forum.check_in_registration")

    def _check_in_many(self, request, queryset, service):
        changed = unchanged = refused = 0
        for registration in queryset.select_related("person", "forum"):
            try:
                if service(registration, by=request.user):
                    changed += 1
                else:
                    unchanged += 1
            except checkin.CheckInRefused:
                refused += 1
        return changed, unchanged, refused

    @admin.action(description=_("Check in at the door"), permissions=["check_in"])
    def check_in_selected(self, request, queryset):
        changed, unchanged, refused = self._check_in_many(request, queryset, checkin.check_in)
        messages.info(
            request,
            gettext(
                "Checked in: %(changed)d. Checked in already: %(unchanged)d. "
                "Cancelled, not checked in: %(refused)d."
            )
            % {"changed": changed, "unchanged": unchanged, "refused": refused},
        )

    @admin.action(description=_("Undo the check-in"), permissions=["check_in"])
    def undo_check_in_selected(self, request, queryset):
        changed, unchanged, _refused = self._check_in_many(request, queryset, checkin.undo_check_in)
        messages.info(
            request,
            gettext("Check-in undone: %(changed)d. Not checked in: %(unchanged)d.")
            % {"changed": changed, "unchanged": unchanged},
        )

    def action_checkbox(self, obj):
        """The same checkbox as Django's, written directly instead of rendering a form widget
        through the template engine once per row."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

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
        """Regional staff: upload, map columns, preview every change row by row, choose what
        the new organisations are, then import all or nothing."""
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
            language = imports.file_language(upload.cleaned_data.get("language"))
            token = imports.stash(data, name)
        else:
            token = request.POST.get("token")
            data = imports.unstash(token)
            forum = Forum.objects.filter(pk=_number(request.POST.get("forum"))).first()
            language = imports.file_language(request.POST.get("language"))
            if data is None or forum is None:
                messages.error(request, gettext("The uploaded file has expired. Upload it again."))
                return redirect("admin:forum_registration_import")
            name = token
        try:
            headers, rows = imports.read_table(name, data)
        except imports.ImportRefused as refusal:
            imports.forget(token)
            context["upload"] = ImportUploadForm(initial={"forum": forum, "language": language})
            context["refusal"] = str(refusal)
            return TemplateResponse(request, "admin/forum/registration/import.html", context)
        if step == "upload":
            mapping = imports.guess_mapping(headers)
        else:
            mapping = {}
            for target in imports.TARGETS:
                value = request.POST.get(f"map_{target}", "")
                if value.isdigit() and int(value) < len(headers):
                    mapping[target] = int(value)
        if step == "confirm" and len(rows) > settings.IMPORT_ROWS_IN_REQUEST:
            # A large file is checked and written by the task worker (forum/jobs.py).
            job = jobs.start(
                request.user,
                "forum.import",
                {
                    "forum": forum.pk,
                    "token": token,
                    "mapping": mapping,
                    "language": language,
                    "organisations": {
                        key: value for key, value in request.POST.items() if key.startswith("org_")
                    },
                },
                back=reverse("admin:forum_registration_changelist"),
            )
            return redirect(job)
        report = imports.import_participants(
            forum,
            headers,
            rows,
            mapping,
            dry_run=step != "confirm",
            organisations=imports.organisation_choices(request.POST),
            language=language,
        )
        if step == "report":
            response = HttpResponse(report_csv(headers, rows, report), content_type="text/csv")
            response["Content-Disposition"] = 'attachment; filename="import-report.csv"'
            return response
        if report.written:
            imports.forget(token)
            messages.success(request, imports.summary(report))
            return redirect("admin:forum_registration_changelist")
        _offer_existing_organisations(report.new_organisations)
        errors_only = request.POST.get("errors_only") == "1"
        shown = [row for row in report.rows if row.errors or not errors_only]
        # The preview's columns: those the file fills; twelve, nine of them empty, made the
        # table three screens wide at 1366 px.
        columns = [
            (key, label) for key, label in imports.TARGETS.items() if mapping.get(key) is not None
        ]
        context.update(
            forum=forum,
            token=token,
            language=language,
            languages=settings.LANGUAGES,
            headers=list(enumerate(headers)),
            targets=[(key, label, mapping.get(key)) for key, label in imports.TARGETS.items()],
            columns=[label for _key, label in columns],
            report=report,
            # Every row with an error is shown; of the rest, the first PREVIEW_ROWS.
            preview=[
                (row, [(key, row.values.get(key, "")) for key, _label in columns])
                for row in _preview_rows(shown)
            ],
            hidden=len(shown) - len(_preview_rows(shown)),
            errors_only=errors_only,
            counts=_action_counts(report),
            kinds=Organisation.Kind.choices,
            confirm_refused=step == "confirm" and bool(report.errors),
        )
        return TemplateResponse(request, "admin/forum/registration/import.html", context)


PREVIEW_ROWS = 200


def _preview_rows(rows):
    kept, others = [], 0
    for row in rows:
        if row.errors:
            kept.append(row)
        elif others < PREVIEW_ROWS:
            kept.append(row)
            others += 1
    return kept


def _action_counts(report):
    counts = {"new": 0, "update": 0, "unchanged": 0, "errors": len(report.errors)}
    for row in report.rows:
        counts[row.action] = counts.get(row.action, 0) + 1
    return counts


def _offer_existing_organisations(planned):
    """Each planned organisation gets the existing ones of its country to choose from."""
    countries = {org.country for org in planned}
    found = {}
    for pk, name, native, country in Organisation.objects.filter(country__in=countries).values_list(
        "pk", "name", "name_native", "country"
    ):
        found.setdefault(country, []).append((pk, f"{name} ({native})" if native else name))
    for org in planned:
        org.candidates = found.get(org.country, [])


def _number(value):
    return int(value) if value and str(value).isdigit() else None


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


@admin.register(CheckInEvent)
class CheckInEventAdmin(admin.ModelAdmin):
    """Read-only: each check-in or undo asked for at the door, under its device's nonce."""

    list_display = ["at", "registration", "action", "changed", "by"]
    list_filter = ["action", "changed", "registration__forum"]
    list_select_related = ["registration__person", "registration__forum", "by"]
    search_fields = ["nonce", "registration__search_text"]
    date_hierarchy = "at"

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


from . import admin_meetings  # noqa: E402, F401  (meetings at forum sessions)
