"""Admin for the relationship and accountability side: meetings and their outcomes (an outcome
becomes a follow-up in the same save), the trip's approval and costs, gifts, signatories.

Imported from delegations/admin.py; it adds its inlines to the delegation, visit and
partnership admins registered there instead of editing them, so both stay small.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from .admin import HistoryTranslationAdmin, ReadOnlyHistory
from .admin_layout import compact_inlines
from .concurrency import ConcurrentEditForm, ConcurrentEditInline
from .document_widgets import PrivatePhotoWidget
from .meetings import FollowUpRefused, make_follow_up
from .models import (
    Approval,
    Cost,
    Delegation,
    FollowUp,
    Gift,
    Meeting,
    Outcome,
    Partnership,
    Person,
    Visit,
)


class OutcomeForm(ConcurrentEditForm):
    """An outcome; with an owner and a due date it becomes a follow-up when saved."""

    follow_up_owner = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        required=False,
        label=_("follow-up owner"),
        widget=AutocompleteSelect(FollowUp._meta.get_field("owner"), admin.site),
    )
    follow_up_due_on = forms.DateField(
        required=False, label=_("follow-up due on"), widget=AdminDateWidget
    )

    class Meta:
        model = Outcome
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        owner, due_on = cleaned.get("follow_up_owner"), cleaned.get("follow_up_due_on")
        if owner is None and due_on is None:
            return cleaned
        if self.instance.follow_up_id is not None:
            self.add_error("follow_up_owner", gettext("This outcome is already a follow-up."))
        elif owner is None:
            self.add_error("follow_up_owner", gettext("Who owns the follow-up?"))
        elif due_on is None:
            self.add_error("follow_up_due_on", gettext("When is the follow-up due?"))
        return cleaned


class OutcomeInline(ConcurrentEditInline, TranslationStackedInline):
    model = Outcome
    form = OutcomeForm
    extra = 0
    autocomplete_fields = ["partnership"]
    fields = [
        "text",
        ("partnership", "promised", "in_report"),
        ("follow_up_owner", "follow_up_due_on"),
    ]
    readonly_fields = ["follow_up"]

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "follow_up"]


def follow_ups_from_formset(request, formset):
    """After an outcome formset is saved: the outcomes given an owner and a due date become
    follow-ups (the form has checked both are there)."""
    made = 0
    for form in formset.forms:
        owner = form.cleaned_data.get("follow_up_owner") if form.cleaned_data else None
        due_on = form.cleaned_data.get("follow_up_due_on") if form.cleaned_data else None
        if owner is None or due_on is None or form.instance.pk is None:
            continue
        try:
            make_follow_up(form.instance, owner=owner, due_on=due_on, by=request.user)
        except FollowUpRefused as refusal:
            messages.error(request, f"{form.instance}: {' '.join(refusal.messages)}")
        else:
            made += 1
    if made:
        messages.success(
            request,
            gettext("%(count)d outcome(s) became follow-ups.") % {"count": made},
        )


@admin.register(Meeting)
class MeetingAdmin(HistoryTranslationAdmin):
    list_display = ["title", "organisation", "held_on", "visit"]
    list_filter = ["organisation__kind", "organisation__country"]
    search_fields = ["title", "notes", "organisation__name", "organisation__name_native"]
    list_select_related = ["organisation", "visit"]
    autocomplete_fields = ["organisation", "visit", "people_met"]
    date_hierarchy = "held_on"
    inlines = [OutcomeInline]
    fields = ["title", ("organisation", "visit"), "held_on", "people_met", "notes"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Outcome:
            follow_ups_from_formset(request, formset)


@admin.register(Outcome)
class OutcomeAdmin(HistoryTranslationAdmin):
    form = OutcomeForm
    list_display = ["__str__", "meeting", "partnership", "promised", "in_report", "follow_up"]
    list_filter = ["promised", "in_report", "partnership", "meeting__visit__delegation"]
    search_fields = ["text", "meeting__title"]
    list_select_related = ["meeting", "partnership", "follow_up"]
    autocomplete_fields = ["meeting", "partnership"]
    fields = [
        "meeting",
        "text",
        ("partnership", "promised", "in_report"),
        ("follow_up_owner", "follow_up_due_on"),
        "follow_up",
    ]
    readonly_fields = ["follow_up"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        owner = form.cleaned_data.get("follow_up_owner")
        due_on = form.cleaned_data.get("follow_up_due_on")
        if owner is not None and due_on is not None:
            try:
                make_follow_up(obj, owner=owner, due_on=due_on, by=request.user)
            except FollowUpRefused as refusal:
                messages.error(request, " ".join(refusal.messages))
            else:
                obj.refresh_from_db()


class MeetingInline(ConcurrentEditInline, TranslationStackedInline):
    """Meetings at a visit, on the visit's page (outcomes on the meeting's own page)."""

    model = Meeting
    extra = 0
    show_change_link = True
    autocomplete_fields = ["organisation", "people_met"]
    fields = ["title", ("organisation", "held_on"), "people_met", "notes"]


class ApprovalInline(ConcurrentEditInline, TranslationStackedInline):
    model = Approval
    extra = 0
    max_num = 1
    fields = [("deciding_body", "decided_on", "case_number"), "approved_purpose"]
    verbose_name_plural = _("approval")


class CostForm(ConcurrentEditForm):
    class Meta:
        model = Cost
        fields = "__all__"


class CostInline(ConcurrentEditInline, admin.TabularInline):
    model = Cost
    form = CostForm
    extra = 0
    autocomplete_fields = ["traveller"]
    fields = [
        "traveller",
        "category",
        "stage",
        "description",
        "currency",
        "amount",
        "rate",
        "amount_dkk",
    ]
    readonly_fields = ["amount_dkk"]


@admin.register(Approval)
class ApprovalAdmin(HistoryTranslationAdmin):
    list_display = ["delegation", "deciding_body", "decided_on", "case_number"]
    search_fields = ["case_number", "deciding_body", "delegation__name"]
    list_select_related = ["delegation"]
    autocomplete_fields = ["delegation"]
    date_hierarchy = "decided_on"


@admin.register(Cost)
class CostAdmin(ReadOnlyHistory, SimpleHistoryAdmin):
    form = CostForm
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "delegation",
                    "traveller",
                    ("category", "stage"),
                    "description",
                    ("currency", "amount", "rate"),
                    "amount_dkk",
                ]
            },
        ),
        (None, {"fields": ["loaded_version"], "classes": ["hidden"]}),
    ]
    list_display = [
        "delegation",
        "traveller",
        "category",
        "stage",
        "currency",
        "amount",
        "rate",
        "amount_dkk",
    ]
    list_filter = ["category", "stage", "currency", "delegation"]
    search_fields = ["description", "delegation__name", "traveller__family_name"]
    list_select_related = ["delegation", "traveller"]
    autocomplete_fields = ["delegation", "traveller"]
    readonly_fields = ["amount_dkk"]


class GiftForm(ConcurrentEditForm):
    class Meta:
        model = Gift
        fields = "__all__"
        widgets = {"photo": PrivatePhotoWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "photo" in self.fields:  # the uploaded name is not kept (delegations/photos.py)
            self.fields["photo"].max_length = None


class GiftYearFilter(admin.SimpleListFilter):
    """The year a gift was exchanged in (the annual declaration's year)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Gift.objects.dates("exchanged_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isascii() or not value.isdigit() or not 1900 <= int(value) <= 2200:
            return queryset.none()  # an odd value matches nothing (never a database error)
        return queryset.filter(exchanged_on__year=int(value))


GIFT_FIELDS = [
    "description",
    ("organisation", "direction", "exchanged_on"),
    "occasion",
    ("our_person", "person", "their_name"),
    ("value", "currency", "rate"),
    ("declared", "declared_on", "declared_to"),
    "photo",
]


class GiftInline(ConcurrentEditInline, TranslationStackedInline):
    """New gifts on the delegation page (saved ones are one line each: admin_layout.py)."""

    model = Gift
    form = GiftForm
    extra = 0
    classes = ["collapse"]  # folded on the delegation page
    autocomplete_fields = ["organisation", "person", "our_person"]
    fields = GIFT_FIELDS


@admin.register(Gift)
class GiftAdmin(HistoryTranslationAdmin):
    form = GiftForm
    list_display = [
        "description",
        "direction",
        "organisation",
        "exchanged_on",
        "value_shown",
        "value_dkk",
        "declared",
    ]
    list_filter = [GiftYearFilter, "direction", "declared", "currency", "organisation__country"]
    search_fields = [
        "description",
        "occasion",
        "their_name",
        "declared_to",
        "organisation__name",
        "delegation__name",
        "person__family_name",
        "person__native_name",
        "our_person__family_name",
    ]
    list_select_related = ["organisation", "delegation"]
    autocomplete_fields = ["organisation", "delegation", "person", "our_person"]
    date_hierarchy = "exchanged_on"
    readonly_fields = ["value_dkk"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "description",
                    ("organisation", "delegation"),
                    ("direction", "exchanged_on"),
                    "occasion",
                ]
            },
        ),
        (_("Who"), {"fields": [("our_person", "person", "their_name")]}),
        (_("Value"), {"fields": [("value", "currency", "rate"), "value_dkk"]}),
        (_("Declaration"), {"fields": ["declared", ("declared_on", "declared_to")]}),
        (None, {"fields": ["photo"]}),
    ]

    @admin.display(description=_("estimated value"), ordering="value")
    def value_shown(self, gift):
        return "" if gift.value is None else f"{gift.value} {gift.currency}"


def _extend(model, *, inlines=(), autocomplete=()):
    model_admin = admin.site._registry[model]
    cls = type(model_admin)
    cls.inlines = [*cls.inlines, *inlines]
    cls.autocomplete_fields = [*cls.autocomplete_fields, *autocomplete]


# Costs are edited in their own list (filtered by trip): an inline row per cost on the
# delegation page would cost queries per row there.
_extend(Delegation, inlines=[ApprovalInline, *compact_inlines([GiftInline])])
_extend(Visit, inlines=[MeetingInline])
_extend(Partnership, autocomplete=["signatories"])

from . import admin_report  # noqa: E402, F401  (the public trip report)
