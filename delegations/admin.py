"""Admin for regional staff: every model of the region's side, with history.

modeltranslation's tabbed admin pulls jQuery UI from a CDN (blocked in China and here), so
the plain TranslationAdmin is used: one input per language, side by side.
"""

import datetime as dt
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from . import overview as staff_overview
from . import workflow
from .document_widgets import PrivateFileWidget
from .models import (
    Delegation,
    DelegationMember,
    FollowUp,
    Invitation,
    Organisation,
    Partnership,
    PartnershipDocument,
    Person,
    Stay,
    TravelLeg,
    Visit,
)
from .personal_data import anonymise_person, export_person_data


class ConcurrentEditForm(forms.ModelForm):
    """Refuses to save over a change someone else saved after this form was loaded."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stamp = getattr(self.instance, "updated_at", None)
        if self.instance.pk and stamp:
            self.fields["loaded_version"].initial = stamp.isoformat()

    def clean(self):
        cleaned = super().clean()
        loaded = self.data.get(self.add_prefix("loaded_version"))
        if self.instance.pk and loaded and hasattr(self.instance, "updated_at"):
            current = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if current is not None and current.isoformat() != loaded:
                raise ValidationError(
                    _(
                        "Someone else saved this record while you were editing it. Your "
                        "changes were not saved: open the record again to see theirs, then "
                        "make yours."
                    ),
                    code="concurrent_edit",
                )
        return cleaned


class HistoryTranslationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Translated fields, the history of every change, and no silent overwrites."""

    form = ConcurrentEditForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        named = {f for _name, opts in fieldsets for f in _flatten(opts.get("fields", []))}
        if "loaded_version" not in named:
            fieldsets.append((None, {"fields": ["loaded_version"], "classes": ["hidden"]}))
        return fieldsets


class ConcurrentEditInline:
    """Inline rows refuse to save over a change saved since the page was loaded too: a
    delegate's answer, given on their own page while staff had the delegation open, is not
    overwritten by the staff's older copy of the row."""

    form = ConcurrentEditForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "loaded_version" in fields else [*fields, "loaded_version"]


def _flatten(fields):
    for field in fields:
        if isinstance(field, (list, tuple)):
            yield from field
        else:
            yield field


class DelegationMemberInline(ConcurrentEditInline, admin.TabularInline):
    model = DelegationMember
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "precedence", "answer", "arrives_at", "departs_at"]


class TravelLegInline(ConcurrentEditInline, TranslationStackedInline):
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


class StayInline(ConcurrentEditInline, TranslationStackedInline):
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


class VisitInline(ConcurrentEditInline, TranslationStackedInline):
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
    actions = ["export_personal_data", "anonymise"]

    @admin.action(description=_("Export personal data (JSON)"), permissions=["view"])
    def export_personal_data(self, request, queryset):
        """Everything held about the selected people, as one JSON file (data access requests)."""
        data = {str(person.pk): export_person_data(person) for person in queryset}
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        response["Cache-Control"] = "no-store, private"
        return response

    @admin.action(description=_("Erase: anonymise the selected people"), permissions=["delete"])
    def anonymise(self, request, queryset):
        """Erasure on request: names, contact details and their traces everywhere go."""
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/delegations/person/anonymise_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": gettext("Erase personal data"),
                    "people": queryset,
                    "action": "anonymise",
                },
            )
        count = 0
        for person in queryset:
            anonymise_person(person)
            count += 1
        self.message_user(
            request, gettext("%(count)d people anonymised.") % {"count": count}, messages.SUCCESS
        )
        return None

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
    actions = ["mark_accepted", "mark_declined", "create_delegation"]
    formfield_overrides = {models.FileField: {"widget": PrivateFileWidget}}

    def _answer(self, request, queryset, answer):
        for invitation in queryset:
            workflow.answer_invitation(invitation, answer)
        self.message_user(request, gettext("Answer recorded."), messages.SUCCESS)

    @admin.action(description=_("Answer: accepted"), permissions=["change"])
    def mark_accepted(self, request, queryset):
        self._answer(request, queryset, Invitation.Answer.ACCEPTED)

    @admin.action(description=_("Answer: declined"), permissions=["change"])
    def mark_declined(self, request, queryset):
        self._answer(request, queryset, Invitation.Answer.DECLINED)

    @admin.action(description=_("Create a delegation from the invitation"), permissions=["change"])
    def create_delegation(self, request, queryset):
        for invitation in queryset:
            try:
                delegation = workflow.delegation_from_invitation(invitation)
            except ValidationError as error:
                self.message_user(
                    request, f"{invitation}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    gettext("Delegation “%(name)s” is ready.") % {"name": delegation},
                    messages.SUCCESS,
                )


def move_action(status):
    """An admin action that moves the selected delegations to `status` via workflow.advance."""

    def action(modeladmin, request, queryset):
        moved = 0
        for delegation in queryset:
            try:
                workflow.advance(delegation, status, by=request.user)
            except workflow.MoveRefused as refusal:
                modeladmin.message_user(
                    request,
                    gettext("%(delegation)s: %(reason)s")
                    % {"delegation": delegation, "reason": " ".join(refusal.messages)},
                    messages.ERROR,
                )
            else:
                moved += 1
        if moved:
            modeladmin.message_user(
                request,
                gettext("%(count)d delegation(s) moved to “%(status)s”.")
                % {"count": moved, "status": status.label},
                messages.SUCCESS,
            )

    action.__name__ = f"move_to_{status.value}"
    action.short_description = _("Move to “%(status)s”") % {"status": status.label}
    action.allowed_permissions = ("change",)
    return action


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
    list_filter = ["status", "destination_country", "sending_organisation__kind", "is_public"]
    search_fields = ["name", "slug", "destination_city", "purpose", "leader__family_name"]
    list_select_related = ["sending_organisation", "leader"]
    autocomplete_fields = ["sending_organisation", "leader", "invitation"]
    prepopulated_fields = {"slug": ["name_en"]}
    date_hierarchy = "starts_on"
    inlines = [DelegationMemberInline, TravelLegInline, StayInline, VisitInline]
    # Status changes only through the move actions, where workflow.py enforces the rules.
    readonly_fields = ["status"]
    actions = [move_action(status) for status in Delegation.Status]

    def get_urls(self):
        return [
            path(
                "overview/",
                self.admin_site.admin_view(self.overview_view),
                name="delegations_overview",
            ),
            *super().get_urls(),
        ]

    def overview_view(self, request):
        """Regional staff (admin login and view permission): the overview page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Overview"),
            "overview": staff_overview.overview(timezone.localdate()),
        }
        return TemplateResponse(request, "admin/delegations/overview.html", context)

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


class ExpiresSoonFilter(admin.SimpleListFilter):
    title = _("expiry")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [("soon", _("Expires within 6 months")), ("expired", _("Expired"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "soon":
            return queryset.filter(
                expires_on__gte=today,
                expires_on__lte=today + dt.timedelta(days=staff_overview.EXPIRY_DAYS),
            )
        if self.value() == "expired":
            return queryset.filter(expires_on__lt=today)
        return queryset


class PartnershipDocumentInline(admin.TabularInline):
    model = PartnershipDocument
    extra = 0
    fields = ["title", "file", "uploaded_at"]
    readonly_fields = ["uploaded_at"]
    formfield_overrides = {models.FileField: {"widget": PrivateFileWidget}}


@admin.register(Partnership)
class PartnershipAdmin(HistoryTranslationAdmin):
    list_display = [
        "name",
        "kind",
        "status",
        "signed_on",
        "renewed_on",
        "expires_on",
        "expires_soon",
    ]
    list_filter = ["kind", "status", ExpiresSoonFilter, "is_public"]
    inlines = [PartnershipDocumentInline]

    @admin.display(boolean=True, description=_("expires within 6 months"))
    def expires_soon(self, partnership):
        if partnership.expires_on is None:
            return False
        today = timezone.localdate()
        return (
            today <= partnership.expires_on <= today + dt.timedelta(days=staff_overview.EXPIRY_DAYS)
        )

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

    def get_urls(self):
        return [
            path(
                "reminders/",
                self.admin_site.admin_view(self.reminders_view),
                name="delegations_followup_reminders",
            ),
            *super().get_urls(),
        ]

    def reminders_view(self, request):
        """Regional staff: open follow-ups grouped by owner, overdue ones marked."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Follow-up reminders"),
            "owners": staff_overview.reminders_by_owner(today),
            "today": today,
        }
        return TemplateResponse(request, "admin/delegations/reminders.html", context)
