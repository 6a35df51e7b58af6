"""Admin for regional staff: every model of the region's side, with history.

modeltranslation's tabbed admin pulls jQuery UI from a CDN (blocked in China and here), so
the plain TranslationAdmin is used: one input per language, side by side.
"""

import datetime as dt
import json

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.views.main import SOURCE_MODEL_VAR
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from accounts.decorators import requires

from . import overview as staff_overview
from . import rules as _rules  # noqa: F401  (registers the rules the custom views name)
from . import sign_in, workflow, zones
from .admin_cars import CarAdminParts, CarSeatAdminParts, TransferAdminParts
from .admin_duplicates import MergePeople, OrganisationDuplicates, PersonDuplicates
from .admin_forms import LocalTimesForm, OwnZone, ParentInlineFormSet, RelatedZone
from .admin_history import TripHistory
from .admin_layout import ReturnToParent, SideBySideTranslations, compact_inlines
from .admin_travel import (
    HandOffPackList,
    TravelDocumentInline,
    TravelDocumentList,
    VisaInline,
    VisaList,
)
from .admin_widgets import PersonAutocompleteLabels, PersonChoiceLabels
from .bulk_entry import PrefilledAddForm, copy_action, preselecting
from .concurrency import ConcurrentEditForm, ConcurrentEditInline
from .document_widgets import PrivateFileWidget
from .models import (
    Car,
    CarSeat,
    Delegation,
    DelegationMember,
    FollowUp,
    HandOffPack,
    Invitation,
    Organisation,
    Partnership,
    PartnershipDocument,
    Person,
    Stay,
    Transfer,
    TravelDocument,
    TravelLeg,
    TripContact,
    Visa,
    Visit,
)
from .personal_data import anonymise_person, export_person_data


class LocalHistoryContextHelper(HistoricalRecordContextHelper):
    """History in words: choice labels instead of codes, times in the place's zone."""

    def __init__(self, model, historical_record, *, local_times=None, **kwargs):
        super().__init__(model, historical_record, **kwargs)
        self.local_times = local_times or {}

    def context_for_delta_changes(self, delta):
        self.delta = delta
        return super().context_for_delta_changes(delta)

    def prepare_delta_change_value(self, change, value):
        # Called for change.old, then change.new: each time is read in its own record's zone.
        record = self.delta.old_record if value is change.old else self.delta.new_record
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return value
        if getattr(field, "flatchoices", None):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, dt.datetime) and change.field in self.local_times:
            return zones.format_local(value, record_zone(record, self.local_times[change.field]))
        return value


def record_zone(record, source):
    """The zone a LocalTimesForm source names, read from a record (or a historical record)."""
    if isinstance(source, OwnZone):
        return getattr(record, source.field, None)
    related = getattr(record, source.relation, None)
    return getattr(related, source.field, None)


def local_time_column(field, source, description):
    """A change-list column showing `field` in the record's own zone."""

    @admin.display(description=description, ordering=field)
    def column(obj):
        return zones.format_local(getattr(obj, field), record_zone(obj, source))

    column.__name__ = f"{field}_local"
    return column


def local_span_column(start, end, source, description):
    """One change-list column from `start` to `end` in the record's own zone, the day and
    the zone said once: two full columns ("5. december 2016 09:45 Kinesisk tid" twice) made
    the Danish session list scroll sideways at 1366 px. Sorted by the start."""

    @admin.display(description=description, ordering=start)
    def column(obj):
        return zones.format_local_span(
            getattr(obj, start), getattr(obj, end), record_zone(obj, source)
        )

    column.__name__ = f"{start}_{end}_local"
    return column


class ReadOnlyHistory:
    """History to read, never to revert: a revert would write an old row back past the
    workflow's rules (a status no move allows) and the concurrent-edit guard. The button is
    hidden (SIMPLE_HISTORY_REVERT_DISABLED) and a POST to a past version is refused."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)


class LocalHistoryMixin(ReadOnlyHistory):
    """History of a model whose form reads local times: shows them in the place's zone."""

    def get_historical_record_context_helper(self, request, historical_record):
        return LocalHistoryContextHelper(
            self.model,
            historical_record,
            local_times=getattr(self.form, "local_times", {}),
        )


class HistoryTranslationAdmin(
    ReturnToParent,
    PersonChoiceLabels,
    SideBySideTranslations,
    LocalHistoryMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    """Translated fields, the history of every change, and no silent overwrites."""

    form = ConcurrentEditForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        named = {f for _name, opts in fieldsets for f in _flatten(opts.get("fields", []))}
        if "loaded_version" not in named:
            fieldsets.append((None, {"fields": ["loaded_version"], "classes": ["hidden"]}))
        return fieldsets


class TravelLegForm(LocalTimesForm, ConcurrentEditForm):
    """A leg departs in its departure zone and arrives in its arrival zone."""

    local_times = {
        "departs_at": OwnZone("departure_time_zone"),
        "arrives_at": OwnZone("arrival_time_zone"),
    }
    time_order = [("departs_at", "arrives_at")]
    default_from = RelatedZone("delegation", "destination_time_zone", "")
    home_from = RelatedZone("delegation", "home_time_zone", "")
    LONGEST_FLIGHT = dt.timedelta(hours=20)

    def default_zone(self, zone_field):
        """A new leg is outbound unless said otherwise: it leaves from home (the
        delegation's home zone) and arrives at the destination; a leg home the other way
        round. Both started in the destination's zone, so Copenhagen's departure time of
        the first flight was read as China time unless staff noticed."""
        direction = self.initial.get("direction") or TravelLeg.Direction.OUTBOUND
        from_home = (direction, zone_field) in {
            (TravelLeg.Direction.OUTBOUND, "departure_time_zone"),
            (TravelLeg.Direction.HOME, "arrival_time_zone"),
        }
        if from_home:
            return self._zone(self.home_from, submitted=False) or super().default_zone(zone_field)
        return super().default_zone(zone_field)

    def check_times(self):
        super().check_times()
        departs, arrives = self.cleaned_data.get("departs_at"), self.cleaned_data.get("arrives_at")
        kind = self.cleaned_data.get("kind", self.instance.kind)
        if (
            kind == TravelLeg.Kind.FLIGHT
            and isinstance(departs, dt.datetime)
            and isinstance(arrives, dt.datetime)
            and departs.tzinfo
            and arrives.tzinfo
            and arrives - departs > self.LONGEST_FLIGHT
            and "arrives_at" not in self.errors
        ):
            hours = (arrives - departs).total_seconds() / 3600
            self.add_error(
                "arrives_at",
                ValidationError(
                    _(
                        "This flight would take %(hours).0f hours: check the dates and the "
                        "two time zones."
                    ),
                    code="flight_too_long",
                    params={"hours": hours},
                ),
            )


class StayForm(LocalTimesForm, ConcurrentEditForm):
    local_times = {"check_in": OwnZone("time_zone"), "check_out": OwnZone("time_zone")}
    time_order = [("check_in", "check_out")]
    default_from = RelatedZone("delegation", "destination_time_zone", "")


class VisitForm(LocalTimesForm, ConcurrentEditForm):
    local_times = {"starts_at": OwnZone("time_zone"), "ends_at": OwnZone("time_zone")}
    time_order = [("starts_at", "ends_at")]
    default_from = RelatedZone("delegation", "destination_time_zone", "")


DESTINATION_TIME = _("the delegation's destination time")


class DelegationMemberForm(LocalTimesForm, ConcurrentEditForm):
    """A member's own arrival and departure are at the destination."""

    local_times = {
        "arrives_at": RelatedZone("delegation", "destination_time_zone", DESTINATION_TIME),
        "departs_at": RelatedZone("delegation", "destination_time_zone", DESTINATION_TIME),
    }
    time_order = [("arrives_at", "departs_at")]


class DelegationForm(LocalTimesForm, ConcurrentEditForm):
    zone_fields = ("destination_time_zone", "home_time_zone")


def _flatten(fields):
    for field in fields:
        if isinstance(field, (list, tuple)):
            yield from field
        else:
            yield field


class DelegationMemberInline(ConcurrentEditInline, admin.TabularInline):
    model = DelegationMember
    form = DelegationMemberForm
    formset = ParentInlineFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = [
        "person",
        "role",
        "precedence",
        "answer",
        "decline_reason",
        "arrives_at",
        "departs_at",
    ]
    # The member's own words when they declined (the "Decline" page on /me/).
    readonly_fields = ["decline_reason"]


class TripContactInline(TranslationTabularInline):
    """Whom the members call on the trip (their contacts card on /me/ and in the PDF)."""

    model = TripContact
    extra = 0
    classes = ["collapse"]  # folded on the delegation page: opened when they are set
    autocomplete_fields = ["person", "organisation"]
    fields = ["order", "kind", "person", "organisation", "name", "phone", "note"]


class TravelLegInline(ConcurrentEditInline, TranslationStackedInline):
    model = TravelLeg
    form = TravelLegForm
    formset = preselecting("travellers")  # new rows start with the confirmed members
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
    form = StayForm
    formset = preselecting("guests")
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
    form = VisitForm
    formset = preselecting("participants")
    extra = 0
    show_change_link = True
    autocomplete_fields = ["host", "host_contact", "interpreter", "participants", "escorts"]
    fields = [
        "title",
        "host",
        ("starts_at", "ends_at", "time_zone"),
        "topic",
        ("address", "address_native"),
        ("host_contact", "interpreter"),
        "participants",
        "escorts",
    ]


@admin.register(Organisation)
class OrganisationAdmin(OrganisationDuplicates, HistoryTranslationAdmin):
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

    def get_changeform_initial_data(self, request):
        """A new organisation added from a picker that offers one kind only (the stay's
        hotel: limit_choices_to) starts as that kind; it started as "other", and the hotel
        just made was then refused by the very picker it was made for."""
        initial = super().get_changeform_initial_data(request)
        source = request.GET.get(SOURCE_MODEL_VAR, "")
        try:
            model = apps.get_model(source) if "." in source else None
        except LookupError:
            model = None
        kinds = {
            field.remote_field.limit_choices_to.get("kind")
            for field in (model._meta.get_fields() if model else [])
            if field.many_to_one
            and field.related_model is Organisation
            and isinstance(field.remote_field.limit_choices_to, dict)
        } - {None}
        if len(kinds) == 1 and "kind" not in request.GET:
            initial["kind"] = kinds.pop()
        return initial


def report_invitations(modeladmin, request, people):
    """Invite `people` to sign in and tell staff how it went (delegations/sign_in.py)."""
    invited, problems = sign_in.invite_all(people)
    for problem in problems:
        modeladmin.message_user(request, problem, messages.WARNING)
    if invited:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d invitation to sign in is on its way.",
                "%(count)d invitations to sign in are on their way.",
                invited,
            )
            % {"count": invited},
            messages.SUCCESS,
        )


@admin.register(Person)
class PersonAdmin(MergePeople, PersonDuplicates, PersonAutocompleteLabels, HistoryTranslationAdmin):
    actions = ["export_personal_data", "anonymise", "invite_to_sign_in"]

    @admin.action(description=_("Invite to sign in (e-mail a link)"), permissions=["change"])
    def invite_to_sign_in(self, request, queryset):
        report_invitations(self, request, queryset.select_related("organisation", "user"))

    @admin.display(description=_("sign-in"), ordering="invited_at")
    def sign_in(self, person):
        """Invited when, signed in when: one column, so the list fits beside its filters."""

        def short(moment):
            return (
                date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else "–"
            )

        return format_html(
            "{} {}<br>{} {}",
            gettext("invited"),
            short(person.invited_at),
            gettext("signed in"),
            short(self._last_login(person)),
        )

    @staticmethod
    def _last_login(person):
        return person.user.last_login if person.user_id and person.user.last_login else None

    @admin.display(description=_("last sign-in"), ordering="user__last_login")
    def last_sign_in(self, person):
        """In the office's time and the page's language: a read-only method's None read
        "None" on the Danish page, and a time its UTC repr."""
        moment = self._last_login(person)
        if moment is None:
            return self.get_empty_value_display()
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")

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

    # The kind is a filter beside the list (a column too many at 1366 px).
    list_display = ["__str__", "native_name", "position", "organisation", "email", "sign_in"]
    inlines = [TravelDocumentInline]
    list_filter = ["kind", "name_order", "organisation__kind", "organisation__country"]
    search_fields = ["given_name", "family_name", "native_name", "email", "organisation__name"]
    list_select_related = ["organisation", "user"]
    readonly_fields = ["invited_at", "last_sign_in"]
    autocomplete_fields = ["organisation", "user"]
    fieldsets = [
        (
            _("Name"),
            {"fields": [("given_name", "family_name"), "name_order", "native_name", "kind"]},
        ),
        (_("Position"), {"fields": ["position", "organisation"]}),
        (_("Contact"), {"fields": ["email", "phone", "languages", "user"]}),
        (
            _("E-mails and sign-in"),
            {
                "fields": [
                    "preferred_language",
                    ("itinerary_notices", "tomorrow_summary"),
                    ("invited_at", "last_sign_in"),
                ]
            },
        ),
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
                    format_html(
                        gettext("Delegation {name} is ready: {link}."),
                        name=f"“{delegation}”",
                        link=format_html(
                            '<a href="{}">{}</a>',
                            reverse("admin:delegations_delegation_change", args=[delegation.pk]),
                            gettext("open it"),
                        ),
                    ),
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
    # Lazy all the way: formatted now, the label would stay in the language of start-up.
    action.short_description = format_lazy(_("Move to “{status}”"), status=status.label)
    action.allowed_permissions = ("change",)
    return action


@admin.register(Delegation)
class DelegationAdmin(TripHistory, HistoryTranslationAdmin):
    form = DelegationForm

    def view_on_site(self, obj):
        """Only a public delegation has a page on the site (others answer 404 there)."""
        return obj.get_absolute_url() if obj.is_public else None

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
    autocomplete_fields = ["sending_organisation", "invitation"]
    prepopulated_fields = {"slug": ["name_en"]}
    date_hierarchy = "starts_on"
    # Saved rows as one-line summaries with an edit link, new rows as full forms; trip
    # contacts and visas are short rows already.
    inlines = [
        *compact_inlines([DelegationMemberInline, TravelLegInline, StayInline, VisitInline]),
        TripContactInline,
        VisaInline,
    ]
    # Status changes only through the move actions, where workflow.py enforces the rules.
    # The leader is the member with the role "Leader" (delegations/membership.py).
    readonly_fields = ["status", "leader"]
    actions = [*(move_action(status) for status in Delegation.Status), "invite_members"]

    @admin.action(description=_("Invite members to sign in"), permissions=["change"])
    def invite_members(self, request, queryset):
        report_invitations(self, request, sign_in.members_to_invite(queryset))

    def get_urls(self):
        return [
            path(
                "overview/",
                self.admin_site.admin_view(self.overview_view),
                name="delegations_overview",
            ),
            *super().get_urls(),
        ]

    @method_decorator(requires("delegations.view_overview"))
    def overview_view(self, request):
        """Regional staff (admin login and view permission): the overview page."""
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


@admin.register(TravelDocument)
class TravelDocumentAdmin(TravelDocumentList, LocalHistoryMixin, SimpleHistoryAdmin):
    pass


@admin.register(Visa)
class VisaAdmin(VisaList, LocalHistoryMixin, SimpleHistoryAdmin):
    pass


@admin.register(HandOffPack)
class HandOffPackAdmin(HandOffPackList, admin.ModelAdmin):
    pass


@admin.register(DelegationMember)
class DelegationMemberAdmin(
    ReturnToParent, PersonChoiceLabels, LocalHistoryMixin, SimpleHistoryAdmin
):
    form = DelegationMemberForm
    list_display = ["person", "delegation", "role", "precedence", "answer"]
    list_filter = ["role", "answer", "delegation"]
    search_fields = ["person__given_name", "person__family_name", "delegation__name"]
    list_select_related = ["person", "delegation"]
    autocomplete_fields = ["person", "delegation"]


@admin.register(TravelLeg)
class TravelLegAdmin(PrefilledAddForm, HistoryTranslationAdmin):
    form = TravelLegForm
    actions = [copy_action(_("Copy as the way back (opens a prefilled form)"))]
    list_display = [
        "__str__",
        "delegation",
        "kind",
        "direction",
        local_time_column("departs_at", TravelLegForm.local_times["departs_at"], _("departs")),
        local_time_column("arrives_at", TravelLegForm.local_times["arrives_at"], _("arrives")),
    ]
    list_filter = ["kind", "direction", "delegation"]
    search_fields = ["reference", "origin", "destination", "delegation__name"]
    list_select_related = ["delegation"]
    autocomplete_fields = ["delegation", "travellers"]
    date_hierarchy = "departs_at"


@admin.register(Stay)
class StayAdmin(PrefilledAddForm, HistoryTranslationAdmin):
    form = StayForm
    list_display = [
        "hotel",
        "delegation",
        local_time_column("check_in", StayForm.local_times["check_in"], _("check-in")),
        local_time_column("check_out", StayForm.local_times["check_out"], _("check-out")),
    ]
    list_filter = ["delegation"]
    search_fields = ["hotel__name", "delegation__name", "booking_reference"]
    list_select_related = ["hotel", "delegation"]
    autocomplete_fields = ["delegation", "hotel", "guests"]


@admin.register(Visit)
class VisitAdmin(PrefilledAddForm, HistoryTranslationAdmin):
    form = VisitForm
    actions = [copy_action(_("Copy the visit (opens a prefilled form)"))]
    list_display = [
        "title",
        "host",
        "delegation",
        local_time_column("starts_at", VisitForm.local_times["starts_at"], _("starts")),
        "host_contact",
        "interpreter",
    ]
    list_filter = ["host__kind", "delegation", "is_public"]
    search_fields = ["title", "topic", "host__name", "host__name_native"]
    list_select_related = ["host", "delegation", "host_contact", "interpreter"]
    autocomplete_fields = [
        "delegation",
        "host",
        "participants",
        "host_contact",
        "interpreter",
        "escorts",
    ]
    date_hierarchy = "starts_at"


@admin.register(Transfer)
class TransferAdmin(TransferAdminParts, HistoryTranslationAdmin):
    """A transfer with its cars (delegations/admin_cars.py)."""


@admin.register(Car)
class CarAdmin(
    CarAdminParts, ReturnToParent, PersonChoiceLabels, LocalHistoryMixin, SimpleHistoryAdmin
):
    """A car with its seats."""


@admin.register(CarSeat)
class CarSeatAdmin(
    CarSeatAdminParts, ReturnToParent, PersonChoiceLabels, LocalHistoryMixin, SimpleHistoryAdmin
):
    pass


class ExpiresSoonFilter(admin.SimpleListFilter):
    title = _("expiry")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [("soon", _("Expires within 6 months")), ("expired", _("Expired"))]

    def queryset(self, request, queryset):
        if self.value() == "soon":
            return queryset.expiring(timezone.localdate())
        if self.value() == "expired":
            return queryset.expired(timezone.localdate())
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
        return partnership.expires_soon(timezone.localdate())

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

    @method_decorator(requires("delegations.view_follow_up_reminders"))
    def reminders_view(self, request):
        """Regional staff: open follow-ups grouped by owner, overdue ones marked."""
        today = timezone.localdate()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Follow-up reminders"),
            "owners": staff_overview.reminders_by_owner(today),
            "today": today,
        }
        return TemplateResponse(request, "admin/delegations/reminders.html", context)


from . import admin_partners  # noqa: E402, F401, I001  (meetings, approval, costs, gifts)
from . import admin_protocol  # noqa: E402, F401, I001  (table plans, the host side, seats)
