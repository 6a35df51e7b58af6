"""The attendee list's filters and column choice (also what an export profile stores)."""

from django import forms
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, Organisation

from .exports import COLUMNS, DEFAULT_COLUMNS, NAME_ORDERS
from .models import Registration, Session

YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


class AttendeeFilter(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False)
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.none(), required=False, empty_label=_("Any")
    )
    delegation = forms.ModelChoiceField(
        label=_("Delegation"),
        queryset=Delegation.objects.none(),
        required=False,
        empty_label=_("Any"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Any"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any"))] + list(Registration.Status.choices),
        required=False,
    )
    checked_in = forms.ChoiceField(label=_("Checked in"), choices=YES_NO, required=False)
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=[(key, column.label) for key, column in COLUMNS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    name_order = forms.ChoiceField(label=_("Name order"), choices=NAME_ORDERS, required=False)
    language = forms.ChoiceField(
        label=_("Language of the export"),
        choices=[("", _("This page's"))]
        + [("da", "Dansk"), ("en", "English"), ("zh-hans", "简体中文")],
        required=False,
    )

    def __init__(self, forum, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        self.fields["session"].queryset = forum.sessions.order_by("starts_at")
        self.fields["delegation"].queryset = forum.delegations.order_by("name")
        registered = Registration.objects.filter(forum=forum)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=registered.values("organisation")
        ).order_by("name")
        countries = registered.values_list("organisation__country", flat=True).distinct()
        self.fields["country"].choices = [("", _("Any"))] + [
            (c, c) for c in sorted(c for c in set(countries) if c)
        ]

    def chosen_columns(self):
        columns = self.cleaned_data.get("columns") if self.is_bound and self.is_valid() else None
        return list(columns or DEFAULT_COLUMNS)

    def base_queryset(self):
        return (
            Registration.objects.filter(forum=self.forum)
            .select_related("person", "organisation", "delegation")
            .prefetch_related(
                Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk"))
            )
            .order_by("person__family_name", "person__given_name", "pk")
        )

    def registrations_all(self):
        """Everything, as the list shows it before any filter is chosen."""
        return self.base_queryset()

    def registrations(self):
        """The filtered registrations, with everything the columns need, in fixed queries."""
        queryset = self.base_queryset()
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            queryset = queryset.filter(
                Q(person__given_name__icontains=q)
                | Q(person__family_name__icontains=q)
                | Q(person__native_name__icontains=q)
                | Q(person__email__icontains=q)
                | Q(badge_name__icontains=q)
            )
        if data["session"]:
            queryset = queryset.filter(sessions=data["session"])
        if data["delegation"]:
            queryset = queryset.filter(delegation=data["delegation"])
        if data["organisation"]:
            queryset = queryset.filter(organisation=data["organisation"])
        if data["country"]:
            queryset = queryset.filter(organisation__country=data["country"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["checked_in"] == "yes":
            queryset = queryset.filter(checked_in_at__isnull=False)
        elif data["checked_in"] == "no":
            queryset = queryset.filter(checked_in_at__isnull=True)
        return queryset
