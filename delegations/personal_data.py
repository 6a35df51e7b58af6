"""A person's data rights: everything held about them, and erasure by anonymisation.

Related rows are found through the model graph (every foreign key or many-to-many that points
at Person, in any installed app, history tables included), so this module needs to know
nothing about `forum` and stays right when models are added.
"""

import json
import re
from urllib.parse import quote, quote_plus

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

import accounts
import pagecache

from .models import Person, SharedLink, TravelDocument, Visa

ANONYMISED = "Anonymised"


def links_to(target=Person):
    """(model, field) for every concrete FK/O2O/M2M in the project that points at `target`
    (history tables included), found through the model graph."""
    links = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) is not target or field.auto_created:
                continue
            if field.many_to_many or field.many_to_one or field.one_to_one:
                links.append((model, field))
    return links


def _rows_linked_to(person):
    """{model: queryset} of rows that reference the person, history tables included."""
    found = {}
    for model, field in links_to(Person):
        queryset = model._default_manager.filter(**{field.name: person})
        found[model] = (found[model] | queryset) if model in found else queryset
    return {model: qs.distinct() for model, qs in found.items()}


def _history_model(model):
    history = getattr(model, "history", None)
    return getattr(history, "model", None)


def export_person_data(person):
    """Everything held about `person` as a JSON-serialisable dict: the person, their login,
    every row that references them (with its history) and the admin log about them."""
    data = {"person": serializers.serialize("python", [person])[0]}
    person_history = _history_model(Person)
    if person_history is not None:
        data["person_history"] = serializers.serialize(
            "python", person_history.objects.filter(id=person.pk)
        )
    related = {}
    for model, queryset in _rows_linked_to(person).items():
        rows = serializers.serialize("python", queryset)
        if rows:
            related[model._meta.label] = rows
    data["related"] = related
    if person.user_id:
        user = person.user
        data["login"] = {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "groups": list(user.groups.values_list("name", flat=True)),
        }
    person_type = ContentType.objects.get_for_model(Person)
    data["admin_log"] = list(
        LogEntry.objects.filter(content_type=person_type, object_id=str(person.pk)).values(
            "action_time", "action_flag", "object_repr", "change_message"
        )
    )
    # Round-trip through JSON so callers get plain types (dates as ISO strings).
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def identifying_strings(person):
    """The strings that identify `person` and must not survive erasure anywhere: names,
    e-mail, phone and username, also as they appear URL-encoded in a saved filter or a
    logged query."""
    values = {
        person.latin_name,
        f"{person.given_name} {person.family_name}",
        person.native_name,
        person.email,
        person.phone,
    }
    if person.user_id:
        values |= {person.user.username, person.user.email}
    values = {value.strip() for value in values if value and len(value.strip()) >= 2}
    encoded = {variant for value in values for variant in (quote(value), quote_plus(value))}
    return values | encoded


def _text_fields(model):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField)) and not f.primary_key
    ]


def _mentioning(needles):
    def condition(field):
        found = models.Q()
        for needle in needles:
            found |= models.Q(**{f"{field}__icontains": needle})
        return found

    return condition


def _scrub(model, pks, needles, own_fields=()):
    """Blank every text field of these rows that contains one of `needles`, and the fields
    that hold the person's own data (`own_fields`, e.g. the name on a badge) whatever they
    hold. Written without modeltranslation's rewriting, so base columns go too."""
    if not pks:
        return
    rows = _plain(model).filter(pk__in=pks)
    mentions = _mentioning(needles)
    for field in _text_fields(model):
        if field in own_fields:
            rows.update(**{field: ""})
        else:
            rows.filter(mentions(field)).update(**{field: ""})


def _plain(model):
    """The model's rows without modeltranslation's rewriting of field names."""
    queryset = model._default_manager.all()
    return queryset.rewrite(False) if hasattr(queryset, "rewrite") else queryset


def _own_fields(model):
    """Fields that belong to the person a row is about (a model lists them as
    `personal_data_fields`; history models share their model's list)."""
    source = getattr(model, "instance_type", model)
    return tuple(getattr(source, "personal_data_fields", ()))


def _mentions_elsewhere(needles):
    """Rows that are not linked to the person but may quote them: models list such free-text
    fields (a saved filter, a logged query) as `may_mention_people`."""
    for model in apps.get_models():
        fields = getattr(model, "may_mention_people", ())
        for field in fields:
            rows = _plain(model).filter(_mentioning(needles)(field))
            rows.update(**{field: ""})


def _without(text, needles):
    for needle in sorted(needles, key=len, reverse=True):
        text = re.sub(re.escape(needle), ANONYMISED, text, flags=re.IGNORECASE)
    return text


def _clean_log_entries(entries, needles):
    """Take the person out of shared admin-log entries, line by line: their name in the
    object's description and in the change message goes, other staff's edits stay."""
    for entry in entries:
        repr_ = _without(entry.object_repr, needles)
        message = entry.change_message
        try:
            parsed = json.loads(message) if message.startswith("[") else None
        except ValueError:
            parsed = None
        if parsed is not None:
            message = json.dumps(_without_in(parsed, needles))
        else:
            message = _without(message, needles)
        if (repr_, message) != (entry.object_repr, entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=repr_, change_message=message)


def _without_in(value, needles):
    if isinstance(value, str):
        return _without(value, needles)
    if isinstance(value, list):
        return [_without_in(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: _without_in(item, needles) for key, item in value.items()}
    return value


@transaction.atomic
def anonymise_person(person):
    """Erase `person` by anonymisation: their rows stay (so counts and trips still add up) but
    nothing identifies them any more, in any table, history and admin log included."""
    person = Person.objects.select_related("user").get(pk=person.pk)
    needles = identifying_strings(person)
    # Passports have no reason to outlive the person, nor visa references: gone, with their
    # history.
    TravelDocument.objects.filter(person=person).delete()  # (writes a last history row)
    TravelDocument.history.filter(person_id=person.pk).delete()
    Visa.history.filter(person_id=person.pk).update(reference="")
    _plain(Visa).filter(person=person).update(reference="")
    related = {
        model: pks
        for model, queryset in _rows_linked_to(person).items()
        if (pks := list(queryset.values_list("pk", flat=True)))
    }

    # Rows about them, and the history of those rows (badge names, notes…).
    for model, pks in related.items():
        _scrub(model, pks, needles, _own_fields(model))
        history = _history_model(model)
        if history is not None:
            _scrub(
                history,
                list(history.objects.filter(id__in=pks).values_list("pk", flat=True)),
                needles,
                _own_fields(model),
            )
    _mentions_elsewhere(needles)

    # The admin log: entries about them go whole; entries about rows they appear in (a
    # delegation they lead, a visit they join) lose only the lines that name them.
    person_type = ContentType.objects.get_for_model(Person, for_concrete_model=False)
    LogEntry.objects.filter(content_type=person_type, object_id=str(person.pk)).update(
        object_repr=ANONYMISED, change_message=""
    )
    for model, pks in related.items():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        _clean_log_entries(
            LogEntry.objects.filter(
                content_type=content_type, object_id__in=[str(pk) for pk in pks]
            ),
            needles,
        )

    user = person.user
    # Without rewriting, so `position` (the base column of the translated field) goes too.
    _plain(Person).filter(pk=person.pk).update(
        given_name=ANONYMISED,
        family_name=f"#{person.pk}",
        native_name="",
        **{f.attname: "" for f in Person._meta.concrete_fields if f.name.startswith("position")},
        email="",
        phone="",
        languages="",
        dietary_needs="",
        access_needs="",
        calendar_token=None,
        user=None,
    )
    # Like the calendar token: no read-only link opens their (anonymised) itinerary any more.
    SharedLink.objects.filter(person_id=person.pk).delete()
    # The person's own history holds every former name, e-mail and phone number.
    person_history = _history_model(Person)
    if person_history is not None:
        person_history.objects.filter(id=person.pk).delete()

    if user is not None:
        # Sign-in attempts (django-axes) carry the username.
        for label in ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"):
            apps.get_model(label)._default_manager.filter(username=user.username).delete()
        accounts.end_sessions(user.pk)
        user.username = f"anonymised-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        _clean_log_entries(LogEntry.objects.filter(user=user), needles)
    # The updates above skip model signals: no kept page may show the old name. The rules of
    # the watched models (pagecache.watch) name the pages that show the person and their rows.
    rows = [person]
    for model, pks in related.items():
        if model in pagecache.watched():
            rows.extend(model._default_manager.filter(pk__in=pks))
    pagecache.changed_rows(rows)
    return Person.objects.get(pk=person.pk)
