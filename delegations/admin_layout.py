"""A change page that fits on a screen.

- Translated fields side by side: modeltranslation puts "name [da]", "name [en]" and
  "name [zh-hans]" in three stacked rows (its tabbed variant needs jQuery UI from a CDN);
  `SideBySideTranslations` puts the three on one line instead (CSS in
  static/admin-extra/admin-extra.css gives each a third of it).
- Inline rows as compact summaries: `compact_inlines()` turns each inline of the delegation
  page into two. Saved rows are one line each (what, when in the place's own time, who) with
  a link to the row's own page and the delete box; new rows get the full form as before. The
  demo delegation's page went from about 16,000 px to about 3,000 px (notes in the branch).
- After saving a row opened from such a link, `ReturnToParent` goes back to the page the
  link came from (`?return_to=`, only a path on this site).
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import IS_POPUP_VAR
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import zones
from .admin_widgets import PersonChoiceLabels, person_label
from .concurrency import ConcurrentEditInline

RETURN_TO = "return_to"


class SideBySideTranslations:
    """Puts the languages of each translated field on one line (model admins and inlines).

    modeltranslation has already replaced each field by its languages, one after another
    (also inside a line such as ("origin", "destination")); each field's languages become a
    line of their own here, and a line's untranslated fields stay together after them."""

    def _get_declared_fieldsets(self, request, obj=None):
        return self._side_by_side(super()._get_declared_fieldsets(request, obj))

    def _get_fieldsets_post_form_or_formset(self, request, form, obj=None):
        return self._side_by_side(super()._get_fieldsets_post_form_or_formset(request, form, obj))

    def _side_by_side(self, fieldsets):
        if not fieldsets:
            return fieldsets
        base = {
            field.name: original
            for original, fields in self.trans_opts.all_fields.items()
            for field in fields
        }
        return [
            (name, {**options, "fields": _regroup(options.get("fields", []), base)})
            for name, options in fieldsets
        ]


def _regroup(fields, base):
    lines = []
    for line in fields:
        if isinstance(line, str):
            previous = lines[-1] if lines else None
            if line in base and isinstance(previous, tuple) and base.get(previous[0]) == base[line]:
                lines[-1] = (*previous, line)
            else:
                lines.append((line,) if line in base else line)
            continue
        names = list(line)
        if not any(name in base for name in names):
            lines.append(line)
            continue
        groups, plain = {}, []
        for name in names:
            if name in base:
                groups.setdefault(base[name], []).append(name)
            else:
                plain.append(name)
        lines.extend(tuple(group) for group in groups.values())
        if plain:
            lines.append(plain[0] if len(plain) == 1 else tuple(plain))
    return lines


class ReturnToParent:
    """After a save, back to the page that sent the staff member here (`?return_to=`)."""

    def _return_to(self, request):
        target = request.GET.get(RETURN_TO, "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return None

    def response_change(self, request, obj):
        target = self._return_to(request)
        if target and "_continue" not in request.POST and "_addanother" not in request.POST:
            self.message_user(request, gettext("Saved: %(object)s") % {"object": obj})
            return HttpResponseRedirect(target)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        """A leg, stay or visit added (or copied) from the trip page goes back there."""
        target = self._return_to(request)
        if (
            target
            and IS_POPUP_VAR not in request.POST
            and "_continue" not in request.POST
            and "_addanother" not in request.POST
        ):
            self.message_user(
                request, gettext("Saved: %(object)s") % {"object": obj}, messages.SUCCESS
            )
            return HttpResponseRedirect(target)
        return super().response_add(request, obj, post_url_continue)

    def response_delete(self, request, obj_display, obj_id):
        target = self._return_to(request)
        if target:
            return HttpResponseRedirect(target)
        return super().response_delete(request, obj_display, obj_id)


def _when(start, end, start_zone, end_zone):
    """ "4 Dec 2016 09:10–11:15 China Time": the zone named once when both ends share it."""
    if start is None:
        return ""
    if end is None or start_zone != end_zone:
        return " – ".join(
            filter(None, [zones.format_local(start, start_zone), zones.format_local(end, end_zone)])
        )
    begin, finish = zones.naive_local(start, start_zone), zones.naive_local(end, end_zone)
    day = formats.date_format(begin, "DATE_FORMAT")
    if begin.date() == finish.date():
        return f"{day} {begin:%H:%M}–{finish:%H:%M} {zones.zone_label(start_zone)}"
    last = formats.date_format(finish, "DATE_FORMAT")
    return f"{day} {begin:%H:%M} – {last} {finish:%H:%M} {zones.zone_label(start_zone)}"


def _people(people):
    people = list(people)
    if not people:
        return format_html('<span class="summary-missing">{}</span>', gettext("nobody"))
    return format_html_join(", ", "{}", ((person_label(p, short=True),) for p in people))


def member_summary(member):
    parts = [format_html("<strong>{}</strong>", person_label(member.person, short=True))]
    zone = member.delegation.destination_time_zone
    if member.arrives_at or member.departs_at:
        parts.append(
            format_html(
                "{} {} · {} {}",
                gettext("own arrival"),
                zones.format_local(member.arrives_at, zone) or "—",
                gettext("own departure"),
                zones.format_local(member.departs_at, zone) or "—",
            )
        )
    if member.decline_reason:  # what the member said when declining (/me/)
        parts.append(format_html("{}: {}", gettext("reason for declining"), member.decline_reason))
    return format_html_join(" · ", "{}", ((p,) for p in parts))


def leg_summary(leg):
    return format_html(
        "<strong>{}</strong> {} · {} → {} · {} · {}: {}",
        leg.reference or leg.get_kind_display(),
        leg.get_direction_display(),
        leg.origin,
        leg.destination,
        _when(leg.departs_at, leg.arrives_at, leg.departure_time_zone, leg.arrival_time_zone),
        gettext("travellers"),
        _people(leg.travellers.all()),
    )


def stay_summary(stay):
    return format_html(
        "<strong>{}</strong>{} · {} · {}: {}",
        stay.hotel,
        format_html(" ({})", stay.booking_reference) if stay.booking_reference else "",
        _when(stay.check_in, stay.check_out, stay.time_zone, stay.time_zone),
        gettext("guests"),
        _people(stay.guests.all()),
    )


def visit_summary(visit):
    lines = [
        format_html(
            "<strong>{}</strong> · {} · {}",
            visit.title,
            visit.host,
            _when(visit.starts_at, visit.ends_at, visit.time_zone, visit.time_zone),
        )
    ]
    address = " / ".join(filter(None, [visit.address, visit.address_native]))
    if address:
        lines.append(format_html("{}: {}", gettext("address"), address))
    if visit.topic:
        lines.append(format_html("{}: {}", gettext("topic"), visit.topic))
    lines.append(
        format_html(
            "{}: {} · {}: {} · {}: {}",
            gettext("host contact"),
            person_label(visit.host_contact, short=True) if visit.host_contact else "—",
            gettext("interpreter"),
            person_label(visit.interpreter, short=True) if visit.interpreter else "—",
            gettext("participants"),
            _people(visit.participants.all()),
        )
    )
    return format_html_join("", '<span class="summary-line">{}</span>', ((line,) for line in lines))


def _money(amount):
    return formats.number_format(amount, 2, force_grouping=True)


def gift_summary(gift):
    if gift.value is None:
        value = gettext("value not known")
    else:
        value = f"{_money(gift.value)} {gift.currency}"
        if gift.currency != "DKK" and gift.value_dkk is not None:
            value += " " + gettext("(%(amount)s DKK)") % {"amount": _money(gift.value_dkk)}
    if gift.declared:
        declared = gettext("declared")
    else:
        declared = format_html('<span class="summary-missing">{}</span>', gettext("not declared"))
    return format_html(
        "<strong>{}</strong> · {} · {} · {} · {} · {}",
        gift.description,
        gift.get_direction_display(),
        gift.organisation,
        formats.date_format(gift.exchanged_on, "DATE_FORMAT"),
        value,
        declared,
    )


SUMMARIES = {
    "delegationmember": (member_summary, ["person", "delegation"], []),
    "travelleg": (leg_summary, ["delegation"], ["travellers"]),
    "stay": (stay_summary, ["hotel", "delegation"], ["guests"]),
    "visit": (
        visit_summary,
        ["host", "host_contact", "interpreter", "delegation"],
        ["participants"],
    ),
    "gift": (gift_summary, ["organisation", "delegation"], []),
}


class SummaryFormSet:
    """The saved rows' formset, under a prefix of its own (the new rows keep the usual one)."""

    @classmethod
    def get_default_prefix(cls):
        return f"{super().get_default_prefix()}_saved"


# Fields of a saved row still edited in its summary line (one select each).
EDITABLE = {"delegationmember": ["role", "precedence", "answer"]}


def summary_inline(inline):
    """The saved rows of `inline`'s model, one line each, with an edit link; a member's
    role, precedence and answer stay editable in the line (with the concurrent-edit guard)."""
    model = inline.model
    summarise, related, many = SUMMARIES[model._meta.model_name]
    editable = EDITABLE.get(model._meta.model_name, [])

    class Summary(*([ConcurrentEditInline] if editable else []), admin.TabularInline):
        extra = 0
        fields = ["summary", *editable, "edit"]
        readonly_fields = ["summary", "edit"]
        # An inline folded on the page (e.g. gifts) keeps its saved rows folded too.
        classes = ["compact-inline", *(c for c in inline.classes or () if c == "collapse")]
        verbose_name = model._meta.verbose_name
        verbose_name_plural = model._meta.verbose_name_plural

        def get_formset(self, request, obj=None, **kwargs):
            formset = super().get_formset(request, obj, **kwargs)
            return type(formset.__name__, (SummaryFormSet, formset), {})

        def get_queryset(self, request):
            return (
                super()
                .get_queryset(request)
                .select_related(*related)
                .prefetch_related(*many)
                .order_by(*_order(model))
            )

        def has_add_permission(self, request, obj=None):
            return False

        @admin.display(description=model._meta.verbose_name)
        def summary(self, obj):
            return summarise(obj)

        @admin.display(description=_("edit"))
        def edit(self, obj):
            back = reverse("admin:delegations_delegation_change", args=[obj.delegation_id])
            return edit_link(obj, back)

    Summary.model = model
    Summary.__name__ = f"{model.__name__}SummaryInline"
    return Summary


def _order(model):
    return {
        "delegationmember": ["precedence", "person__family_name"],
        "travelleg": ["departs_at"],
        "stay": ["check_in"],
        "visit": ["starts_at"],
        "gift": ["exchanged_on", "pk"],
    }[model._meta.model_name]


def new_rows_inline(inline):
    """`inline` offering new rows only (its full form, defaults and all); saved rows are in
    the summary above it."""

    class NewRows(PersonChoiceLabels, *_side_by_side_for(inline), inline):
        verbose_name_plural = format_lazy(
            _("New {things}"), things=inline.model._meta.verbose_name_plural
        )

        def get_queryset(self, request):
            return super().get_queryset(request).none()

    NewRows.__name__ = f"New{inline.__name__}"
    return NewRows


def _side_by_side_for(inline):
    return [SideBySideTranslations] if hasattr(inline, "_get_declared_fieldsets") else []


def compact_inlines(inlines):
    """Each inline as a summary of its saved rows followed by a form for new rows."""
    return [
        part for inline in inlines for part in (summary_inline(inline), new_rows_inline(inline))
    ]


def edit_link(obj, back):
    """An inline summary's "Edit" link to the row's own change page, which returns to `back`
    after saving."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html(
        '<a class="changelink" href="{}?{}" aria-label="{}: {}">{}</a>',
        url,
        urlencode({RETURN_TO: back}),
        gettext("Edit"),
        obj,
        gettext("Edit"),
    )
