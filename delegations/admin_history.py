"""A trip's history: the delegation's own changes and those of its members, legs, stays and
visits, in words (choice labels, names instead of ids, times in the zone of their place).

The rows of each part are read in one query per model (all versions that belonged to the
delegation) and compared with the version before them in Python, so the page costs a fixed
number of queries however long the trip's history is. Reverting is not offered anywhere
(`ReadOnlyHistory` in delegations/admin.py).
"""

import datetime as dt
from collections import defaultdict

from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from . import zones
from .admin_forms import OwnZone
from .models import DelegationMember, Organisation, Person, Stay, TravelLeg, Visit

# The parts of a trip whose history the delegation's history page includes.
PARTS = [DelegationMember, TravelLeg, Stay, Visit]
ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}
# Bookkeeping columns that say nothing to a reader.
SKIPPED = {"id", "created_at", "updated_at", "delegation"}
# Most recent changes shown on the page (the full record stays in the database).
SHOWN = 300


def part_changes(delegation, site, limit=SHOWN):
    """[{when, model, what, action, by, reason, changes: [(label, old, new)]}], newest first."""
    entries = []
    names = NameLookup()
    for model in PARTS:
        local_times = getattr(site._registry.get(model), "form", None)
        local_times = getattr(local_times, "local_times", {})
        records = list(
            model.history.filter(delegation_id=delegation.pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = {}
        fields = _tracked_fields(model)
        for record in records:
            prior = previous.get(record.id)
            previous[record.id] = record
            if prior is None:
                changed = [f for f in fields if getattr(record, f.attname) not in (None, "")]
            else:
                changed = [
                    f for f in fields if getattr(record, f.attname) != getattr(prior, f.attname)
                ]
            if record.history_type == "~" and not changed:
                continue
            if model is DelegationMember:
                names.want(Person, record.person_id)
            elif model is Stay:
                names.want(Organisation, record.hotel_id)
            for field in changed:
                if field.is_relation:
                    names.want(field.related_model, getattr(record, field.attname))
                    if prior is not None:
                        names.want(field.related_model, getattr(prior, field.attname))
            entries.append(
                {
                    "record": record,
                    "prior": prior,
                    "model": model,
                    "fields": changed if record.history_type != "-" else [],
                    "local_times": local_times,
                }
            )
    entries.sort(key=lambda e: (e["record"].history_date, e["record"].history_id), reverse=True)
    entries = entries[:limit]
    names.fetch()
    return [_entry(e, delegation, names) for e in entries]


def _tracked_fields(model):
    """The history columns worth reading: each language of a translated field, not the
    untranslated base column that mirrors one of them."""
    own = {f.name for f in model._meta.concrete_fields}
    try:
        base = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        base = set()
    return [
        field
        for field in model.history.model._meta.concrete_fields
        if field.name in own and field.name not in SKIPPED and field.name not in base
    ]


def _entry(entry, delegation, names):
    record, prior, model = entry["record"], entry["prior"], entry["model"]
    changes = []
    for field in entry["fields"]:
        label = capfirst(model._meta.get_field(field.name).verbose_name)
        new = _value(model, field, record, delegation, entry["local_times"], names)
        old = (
            _value(model, field, prior, delegation, entry["local_times"], names)
            if prior is not None
            else ""
        )
        changes.append((label, old, new))
    return {
        "when": record.history_date,
        "model": capfirst(model._meta.verbose_name),
        "what": _what(model, record, names),
        "action": ACTIONS.get(record.history_type, record.history_type),
        "by": record.history_user,
        "reason": record.history_change_reason or "",
        "changes": changes,
    }


def _what(model, record, names):
    if model is DelegationMember:
        return names.get(Person, record.person_id)
    if model is Stay:
        return names.get(Organisation, record.hotel_id)
    if model is TravelLeg:
        what = record.reference or record.get_kind_display()
        return f"{what}: {record.origin} → {record.destination}"
    return record.title


def _value(model, field, record, delegation, local_times, names):
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(field.name)
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if field.is_relation:
        return names.get(field.related_model, value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        source = local_times.get(field.name)
        if isinstance(source, OwnZone):
            zone = getattr(record, source.field, None)
        else:
            zone = getattr(delegation, getattr(source, "field", "destination_time_zone"), None)
        return zones.format_local(value, zone)
    if field.name.endswith("time_zone") and zones.is_known(value):
        return zones.zone_label(value)
    return str(value)


class NameLookup:
    """Names of the people, organisations and the like that changed rows point at, read in
    one query per model."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.found = {}

    def want(self, model, pk):
        if pk is not None:
            self.wanted[model].add(pk)

    def fetch(self):
        for model, pks in self.wanted.items():
            rows = model._default_manager.filter(pk__in=pks)
            for obj in rows:
                self.found[(model, obj.pk)] = str(obj)

    def get(self, model, pk):
        if pk is None:
            return "—"
        if (model, pk) not in self.found:
            self.want(model, pk)
            self.fetch()
        return self.found.get((model, pk), f"#{pk}")


class TripHistory:
    """DelegationAdmin mixin: its history page also lists the changes to the trip's parts."""

    object_history_template = "admin/delegations/delegation/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        from django.contrib.admin.utils import unquote

        delegation = self.model._default_manager.filter(pk=_pk(unquote(object_id))).first()
        context = {**(extra_context or {})}
        if delegation is not None and self.has_view_or_change_permission(request, delegation):
            context["part_changes"] = part_changes(delegation, self.admin_site)
        return super().history_view(request, object_id, context)


def _pk(value):
    """The id from the URL, or None for text that is not one (no 500 for odd input)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
