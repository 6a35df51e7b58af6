"""Pickers that tell people apart: two "Karen Holm"s differ by native-script name,
organisation and e-mail, in the autocomplete list and in the chosen value alike."""

from django.utils.translation import gettext

from .models import Person


def person_label(person, *, short=False):
    """ "Karen Holm (卡伦·霍尔姆) · Aarhus Kommune · karen@example.org"; `short`: the name and
    the native-script name only (where the organisation is beside it anyway)."""
    if person is None:
        return ""
    name = person.latin_name or gettext("(no name)")
    if person.native_name:
        name = f"{name} ({person.native_name})"
    if short:
        return name
    parts = [name]
    if person.organisation_id:
        parts.append(str(person.organisation))
    if person.email:
        parts.append(person.email)
    return " · ".join(parts)


class PersonChoiceLabels:
    """ModelAdmin and inline mixin: every picker of a Person shows `person_label()`, and the
    autocomplete list the same (config.admin_site reads `autocomplete_label`)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _labelled(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _labelled(super().formfield_for_manytomany(db_field, request, **kwargs), db_field)


def _labelled(field, db_field):
    if field is not None and db_field.related_model is Person:
        field.queryset = field.queryset.select_related("organisation")
        field.label_from_instance = person_label
    return field


class PersonAutocompleteLabels:
    """On the Person admin: the autocomplete list tells namesakes apart."""

    def autocomplete_label(self, person):
        return person_label(person)

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("organisation"), distinct
