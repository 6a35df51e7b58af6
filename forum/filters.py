"""The attendee list's filters and column choice (also what an export profile stores)."""

from django import forms
from django.conf import settings
from django.db.models import Prefetch
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, Organisation
from exporting.base import first_filled, translated_names

from . import search
from .exports import COLUMNS, DEFAULT_COLUMNS, NAME_ORDERS
from .models import Registration, Session


class QuickSelect(forms.Select):
    """A <select> written in Python. Django renders every <option> through a template, which
    took 150 ms for the ~300 sessions and organisations of a large forum (docs/benchmarks.md)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if key in chosen else "", label)
                for key, label in ((str(v), str(label)) for v, label in self.choices)
            ),
        )
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


def _choices(queryset, label):
    """(pk, label in this language) from plain values: model instances with translated fields
    cost more than the rest of the filter form (docs/benchmarks.md)."""
    columns = translated_names(label, translation.get_language())
    return [("", _("Any"))] + [
        (pk, first_filled(texts)) for pk, *texts in queryset.values_list("pk", *columns)
    ]


YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def language_choices():
    """The site's languages (settings.LANGUAGES), each named in itself."""
    return [("", _("This page's"))] + [
        (code, capfirst(translation.get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    ]


def _colon():
    """After a label: "：" in Chinese, else ": " (delegations/templatetags/people.py colon)."""
    return "：" if (translation.get_language() or "").startswith("zh") else ": "


class AttendeeFilter(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False)
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Any"),
        widget=QuickSelect,
    )
    delegation = forms.ModelChoiceField(
        label=_("Delegation"),
        queryset=Delegation.objects.none(),
        required=False,
        empty_label=_("Any"),
        widget=QuickSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Any"),
        widget=QuickSelect,
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
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
        choices=language_choices,
        required=False,
    )

    FILTERS = ("q", "session", "delegation", "organisation", "country", "status", "checked_in")

    def __init__(self, forum, data=None, *args, **kwargs):
        if data is not None and not data.get("columns"):
            # No column chosen: the defaults are shown, so their boxes are ticked, and ticking
            # one more adds it to them.
            data = data.copy()
            if hasattr(data, "setlist"):
                data.setlist("columns", DEFAULT_COLUMNS)
            else:
                data["columns"] = DEFAULT_COLUMNS
        # Labels end in the page's colon: full width on Chinese pages ("导出语言：").
        kwargs.setdefault("label_suffix", _colon().rstrip())
        super().__init__(data, *args, **kwargs)
        self.forum = forum
        self.fields["columns"].initial = DEFAULT_COLUMNS
        registered = Organisation.objects.filter(
            pk__in=Registration.objects.filter(forum=forum).values("organisation")
        )
        for name, queryset, label in (
            ("session", forum.sessions.order_by("starts_at", "pk"), "title"),
            ("delegation", forum.delegations.order_by("name"), "name"),
            ("organisation", registered.order_by("name"), "name"),
        ):
            field = self.fields[name]
            field.queryset = queryset  # what a chosen value is checked against
            field.widget.choices = _choices(queryset, label)
        countries = registered.order_by("country").values_list("country", flat=True).distinct()
        self.fields["country"].choices = [("", _("Any"))] + [(c, c) for c in countries]

    def description(self):
        """The filters used, as "label: value" lines in the active language."""
        if not self.is_bound or not self.is_valid():
            return []
        lines = []
        for name in self.FILTERS:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.fields[name]
            if hasattr(value, "pk"):
                shown = str(value)
            elif isinstance(field, forms.ChoiceField) and name != "country":
                shown = str(dict(field.choices).get(value, value))
            else:
                shown = str(value)
            lines.append(f"{field.label}{_colon()}{shown}")
        return lines

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
            # Every word typed, in any order, script or accents (forum/search.py).
            found = search.matching(data["q"])
            queryset = queryset.filter(found) if found is not None else queryset.none()
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
