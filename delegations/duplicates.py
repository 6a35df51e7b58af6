"""People and organisations that may already exist, and merging two records into one.

`person_candidates()` finds who a new entry may be (same e-mail; the same name in either
order or script, with or without accents); staff see them before a second "Karen Holm" is
saved. `merge_people()` moves every link of one record to the other through the model graph
(every foreign key and many-to-many that points at Person, in any app, like the personal-data
export), keeps the history of both and records the merge in the kept person's history.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

import pagecache

from .models import Organisation, Person
from .names import fold, has_han, name_tokens
from .personal_data import links_to


def person_candidates(*, given_name="", family_name="", native_name="", email="", exclude=None):
    """People who may be the one described: a fixed number of queries."""
    query = Q()
    if email:
        query |= Q(email__iexact=email.strip())
    if native_name:
        query |= Q(native_name=native_name.strip())
    words = name_tokens(f"{given_name} {family_name}")
    if words:
        # Either name in either field, as typed; accents are compared in Python below.
        typed = {w for w in (given_name.strip(), family_name.strip()) if w}
        query |= Q(family_name__in=typed) | Q(given_name__in=typed)
        query |= Q(family_name__iregex=_loose_pattern(family_name)) if family_name else Q()
    if not query:
        return []
    found = Person.objects.filter(query).select_related("organisation")
    if exclude is not None:
        found = found.exclude(pk=exclude)
    candidates = []
    for person in found[:50]:
        same_email = email and person.email.lower() == email.strip().lower()
        same_native = native_name and person.native_name == native_name.strip()
        same_name = words and name_tokens(f"{person.given_name} {person.family_name}") == words
        if same_email or same_native or same_name:
            candidates.append(person)
    return candidates


def _loose_pattern(name):
    """A case-insensitive pattern that also finds the name written with accents or special
    letters ("Sorensen" finds "Sørensen")."""
    import re

    loose = {"o": "[oøöó]", "a": "[aåäáà]", "e": "[eéèë]", "u": "[uüú]", "i": "[iíï]"}
    folded = fold(name.strip())
    return "^" + "".join(loose.get(c, re.escape(c)) for c in folded) + "$"


def organisation_candidates(*, name="", name_native="", exclude=None):
    query = Q()
    if name:
        query |= Q(name__iexact=name.strip()) | Q(name_native=name.strip())
    if name_native:
        query |= Q(name_native=name_native.strip())
    if not query:
        return []
    found = Organisation.objects.filter(query)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found[:20])


class MergeRefused(Exception):
    """The two records cannot be merged; the message says why."""


def _is_history(model):
    return hasattr(model, "instance_type")


@transaction.atomic
def merge_people(keep, remove, *, by=None):
    """Move everything that points at `remove` to `keep`, fill `keep`'s empty fields from
    `remove`, and delete `remove`. Rows that would then exist twice (the same person twice in
    one delegation or forum) keep `keep`'s row. History rows keep pointing at what they
    recorded. Raises MergeRefused for one record merged into itself or two logins."""
    if keep.pk == remove.pk:
        raise MergeRefused(_("A record cannot be merged into itself."))
    if keep.user_id and remove.user_id:
        raise MergeRefused(_("Both people have a login; remove one login before merging."))
    for model, field in links_to(Person):
        if _is_history(model):
            continue
        if field.many_to_many:
            through = getattr(model, field.name).through
            target = field.m2m_reverse_field_name()
            owners = set(
                through.objects.filter(**{target: keep.pk}).values_list(
                    field.m2m_field_name(), flat=True
                )
            )
            moving = through.objects.filter(**{target: remove.pk})
            moving.filter(**{f"{field.m2m_field_name()}__in": owners}).delete()
            moving.update(**{target: keep.pk})
            continue
        rows = model._default_manager.filter(**{field.name: remove})
        for row in rows:
            setattr(row, field.name, keep)
            try:
                with transaction.atomic():
                    row.save(update_fields=[field.name])
            except IntegrityError:
                row.delete()  # keep already has this place (a unique pair)
    for field in Person._meta.concrete_fields:
        if field.primary_key or field.name in ("created_at", "updated_at", "calendar_token"):
            continue
        if isinstance(field, (models.CharField, models.TextField)) and not getattr(
            keep, field.attname
        ):
            setattr(keep, field.attname, getattr(remove, field.attname))
    if remove.user_id and not keep.user_id:
        keep.user_id = remove.user_id
        Person.objects.filter(pk=remove.pk).update(user=None)
    if not has_han(keep.native_name) and has_han(remove.native_name):
        keep.native_name = remove.native_name
    removed = {"name": remove.latin_name, "pk": remove.pk}
    remove.delete()
    keep._change_reason = _("Merged with %(name)s (#%(pk)d)") % removed
    if by is not None:
        keep._history_user = by
    keep.save()
    # Links moved with QuerySet.update() send no signals: both people's pages, and the pages
    # that show the kept person (the watch rules), learn of it here.
    pagecache.changed([pagecache.key("person", removed["pk"])])
    pagecache.changed_rows([keep])
    return keep
