"""Admin forms that read and show times in the zone of their place.

Django reads every datetime typed into a form in the current time zone (settings.TIME_ZONE,
the office's). A flight from Beijing to Shanghai is typed from the ticket in China time, so
these forms read each datetime field in its own zone instead: the zone chosen in the same form
(a leg's departure zone, a stay's zone), or the zone of the record it belongs to (a member's
own arrival in the delegation's destination zone, a session in its forum's). The values are
stored as aware UTC, as always. How ambiguous and skipped wall-clock times are read is
described in delegations/zones.py.
"""

import datetime as dt
import functools

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.forms.utils import flatatt
from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import zones

MEDIA = forms.Media(css={"all": ["admin-extra/admin-extra.css"]}, js=["admin-extra/zones.js"])


class ZoneSelect(forms.Widget):
    """A <select> of zones with names in words and a search box that finds a zone by city or
    country in any of the three languages (static JS, no inline script).

    The page carries the whole list once (zone_options_template(), rendered by
    templates/admin/change_form.html) and each select only the common zones and its own
    value: a delegation page has dozens of zone selects, and 450 zones in each made it 2 MB.
    The script copies the whole list into every select. Rendered without the template
    engine for the same reason."""

    media = MEDIA

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        attrs["name"] = name
        attrs["class"] = " ".join(filter(None, [attrs.get("class"), "zone-select"]))
        locale = zones.babel_locale()
        options = _common_options_html(locale)
        value = "" if value is None else str(value)
        if value and value not in zones.COMMON_ZONES:
            options = _option_html(value, locale, current=True) + options
        if value:
            marker = f'<option value="{escape(value)}"'
            options = options.replace(marker, marker + " selected", 1)
        blank = format_html('<option value=""{}>---------</option>', "" if value else " selected")
        search = format_html(
            '<input type="search" class="zone-search" hidden placeholder="{}" aria-label="{}">',
            gettext("City or country"),
            gettext("Search time zones by city or country"),
        )
        return mark_safe(
            f'<span class="zone-picker">{search}<select{flatatt(attrs)}>{blank}{options}'
            "</select></span>"
        )


def _option_html(zone, locale, current=False):
    label = zones.option_label(zone, locale) if zones.is_known(zone) else zone
    return format_html(
        '<option value="{}" data-search="{}"{}>{}</option>',
        zone,
        zones.search_terms(zone) if zones.is_known(zone) else zone.lower(),
        mark_safe(" data-current") if current else "",
        label,
    )


@functools.lru_cache(maxsize=8)
def _common_options_html(locale):
    group, options = zones.zone_groups(locale)[0]
    inner = "".join(_option_html(zone, locale) for zone, _label in options)
    return format_html('<optgroup label="{}" data-common>{}</optgroup>', group, mark_safe(inner))


@functools.lru_cache(maxsize=8)
def _all_options_html(locale):
    parts = []
    for group, options in zones.zone_groups(locale)[1:]:
        inner = "".join(_option_html(zone, locale) for zone, _label in options)
        parts.append(format_html('<optgroup label="{}">{}</optgroup>', group, mark_safe(inner)))
    return "".join(parts)


def zone_options_template():
    """Every zone, once per page, for the zone selects to copy (see ZoneSelect)."""
    return format_html(
        '<template id="zone-options">{}</template>',
        mark_safe(_all_options_html(zones.babel_locale())),
    )


def uses_zone_select(forms_):
    """Whether any of these forms has a ZoneSelect (so the page needs the zone list)."""
    return any(
        isinstance(field.widget, ZoneSelect) for form in forms_ for field in form.fields.values()
    )


class ZoneField(forms.CharField):
    """A zone chosen from the list (never free text)."""

    widget = ZoneSelect
    default_error_messages = {
        "unknown": _("Choose a time zone from the list."),
    }

    def validate(self, value):
        super().validate(value)
        if value and not zones.is_known(value):
            raise ValidationError(self.error_messages["unknown"], code="unknown")


class LocalSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, followed by the zone the time is read in."""

    zone_note = ""
    zone_field = ""
    zone = ""

    @property
    def media(self):
        return super().media + MEDIA

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Screen readers hear the zone instead of the admin's hidden browser-clock note.
        for widget in context["widget"]["subwidgets"]:
            widget["attrs"]["aria-describedby"] = f"id_{name}_zone_note"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        # data-zone lets the "Now" and "Today" links give the zone's time, not the office's.
        note = format_html(
            '<span class="zone-note" id="id_{}_zone_note" data-zone="{}"{}>{}</span>',
            name,
            self.zone or "",
            format_html(' data-zone-field="{}"', self.zone_field) if self.zone_field else "",
            self.zone_note,
        )
        return mark_safe(f"{html}{note}")


class LocalSplitDateTimeField(forms.SplitDateTimeField):
    """Date and time as typed: naive, read in a zone by LocalTimesForm afterwards."""

    def compress(self, data_list):
        if not data_list:
            return None
        if data_list[0] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if data_list[1] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return dt.datetime.combine(*data_list)


class LocalDateTimeField(forms.DateTimeField):
    """A single datetime input, naive, for forms outside the admin."""

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        return super(forms.DateTimeField, self).to_python(value.strip())


class OwnZone:
    """The time is read in a zone field of the same record (e.g. a leg's arrival zone)."""

    def __init__(self, field):
        self.field = field


class RelatedZone:
    """The time is read in a zone of the record it belongs to (e.g. a member's delegation)."""

    def __init__(self, relation, field, unknown):
        self.relation, self.field, self.unknown = relation, field, unknown


class LocalTimesForm(forms.ModelForm):
    """Reads and shows each datetime in `local_times` as wall-clock time in its zone.

    `local_times` maps a datetime field to OwnZone(...) or RelatedZone(...); `zone_fields`
    lists zone fields offered as a ZoneSelect besides those; `time_order` pairs (start, end)
    that must follow each other in real time (the message says what the start is in the
    end's zone); `default_from` (a RelatedZone) gives new records their zones. Inline
    formsets (ParentInlineFormSet) pass the parent record as `parent`.
    """

    local_times = {}
    zone_fields = ()
    time_order = ()
    default_from = None

    def __init__(self, *args, parent=None, **kwargs):
        self.parent = parent
        super().__init__(*args, **kwargs)
        own = [s.field for s in self.local_times.values() if isinstance(s, OwnZone)]
        for name in dict.fromkeys([*own, *self.zone_fields]):
            if name in self.fields:
                self.fields[name] = self._zone_field(self.fields[name])
                if not self.instance.pk and not self.initial.get(name):
                    default = self.default_zone(name)
                    if default:
                        self.initial[name] = default
        for name, source in self.local_times.items():
            if name not in self.fields:
                continue
            self.fields[name] = self._local_field(self.fields[name], source)
            zone = self._zone(source, submitted=False)
            value = self.initial.get(name)
            if isinstance(value, dt.datetime) and value.tzinfo is not None and zone:
                self.initial[name] = zones.naive_local(value, zone)

    def default_zone(self, zone_field):
        """The zone a new record starts with: that of `default_from` (a RelatedZone), e.g.
        the destination of the delegation it is added to."""
        if self.default_from is None:
            return None
        return self._zone(self.default_from, submitted=False)

    @staticmethod
    def _zone_field(old):
        return ZoneField(
            required=old.required,
            label=old.label,
            help_text=old.help_text,
            initial=old.initial,
            max_length=64,
        )

    def _local_field(self, old, source):
        zone = self._zone(source, submitted=False)
        if isinstance(old, forms.SplitDateTimeField):
            widget = LocalSplitDateTime(attrs=old.widget.attrs)
            widget.zone_note = zones.zone_label(zone) if zone else getattr(source, "unknown", "")
            widget.zone_field = source.field if isinstance(source, OwnZone) else ""
            widget.zone = zone or ""
            field = LocalSplitDateTimeField(
                required=old.required, label=old.label, help_text=old.help_text, widget=widget
            )
        else:
            label = zones.zone_label(zone) if zone else getattr(source, "unknown", "")
            field = LocalDateTimeField(
                required=old.required,
                label=old.label,
                help_text=" ".join(filter(None, [str(old.help_text), str(label)])),
            )
        return field

    def _zone(self, source, *, submitted):
        """The zone name for `source`, from the submitted form or from the initial values."""
        if isinstance(source, OwnZone):
            if source.field in self.fields:
                if submitted:
                    return self.cleaned_data.get(source.field)
                return self.initial.get(source.field) or self.fields[source.field].initial
            return getattr(self.instance, source.field, None)
        related_model = self._meta.model._meta.get_field(source.relation).related_model
        if isinstance(self.parent, related_model):
            return getattr(self.parent, source.field)
        if source.relation in self.fields:
            if submitted:
                related = self.cleaned_data.get(source.relation)
                return getattr(related, source.field, None)
            initial = self.initial.get(source.relation)
            if isinstance(initial, related_model):
                return getattr(initial, source.field)
            if initial and str(initial).isdigit():
                return (
                    related_model._default_manager.filter(pk=initial)
                    .values_list(source.field, flat=True)
                    .first()
                )
        if getattr(self.instance, f"{source.relation}_id", None):
            return getattr(getattr(self.instance, source.relation), source.field)
        return None

    def _post_clean(self):
        for name, source in self.local_times.items():
            value = self.cleaned_data.get(name)
            if name not in self.fields or not isinstance(value, dt.datetime):
                continue
            zone = self._zone(source, submitted=True)
            if not zone:
                del self.cleaned_data[name]
                if not self.errors:
                    self.add_error(name, gettext("Choose the time zone first."))
                continue
            try:
                self.cleaned_data[name] = zones.aware(value, zone)
            except zones.NonexistentLocalTime:
                self.add_error(
                    name,
                    ValidationError(
                        _(
                            "%(time)s does not exist on %(date)s in %(zone)s: the clocks are "
                            "put forward that night. Enter the time after the change (e.g. "
                            "one hour later)."
                        ),
                        code="nonexistent_time",
                        params={
                            "time": formats.time_format(value, "H:i"),
                            "date": formats.date_format(value, "DATE_FORMAT"),
                            "zone": zones.zone_label(zone),
                        },
                    ),
                )
        self.check_times()
        super()._post_clean()

    def check_times(self):
        """Each end comes after its start in real time, whatever the two zones."""
        for start, end in self.time_order:
            starts, ends = self.cleaned_data.get(start), self.cleaned_data.get(end)
            if not (isinstance(starts, dt.datetime) and isinstance(ends, dt.datetime)):
                continue
            if starts.tzinfo is None or ends.tzinfo is None or ends > starts:
                continue
            start_zone = self._zone(self.local_times[start], submitted=True)
            end_zone = self._zone(self.local_times[end], submitted=True)
            if start_zone == end_zone:
                # One zone: "09:00 China Time is 09:00 China Time" said nothing.
                self.add_error(
                    end,
                    ValidationError(
                        _("This is not after “%(start)s”, %(start_time)s %(start_zone)s."),
                        code="ends_before_start",
                        params={
                            "start": self.fields[start].label,
                            "start_time": _local_text(starts, start_zone),
                            "start_zone": zones.zone_label(start_zone),
                        },
                    ),
                )
                continue
            self.add_error(
                end,
                ValidationError(
                    _(
                        "In real time this is not after “%(start)s”: %(start_time)s "
                        "%(start_zone)s is %(start_here)s %(end_zone)s."
                    ),
                    code="ends_before_start",
                    params={
                        "start": self.fields[start].label,
                        "start_time": _local_text(starts, start_zone),
                        "start_zone": zones.zone_label(start_zone),
                        "start_here": _local_text(starts, end_zone),
                        "end_zone": zones.zone_label(end_zone),
                    },
                ),
            )


def _local_text(value, zone):
    local = zones.naive_local(value, zone)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M}"


class ParentInlineFormSet(BaseInlineFormSet):
    """Gives each row's form the record it belongs to, so that it can read times in that
    record's zone and start new rows with its destination's zone (no query per row)."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "parent": self.instance}
