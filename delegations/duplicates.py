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
        for typed_name in typed:
            query |= Q(family_name__iregex=_loose_pattern(typed_name))
    if not query:
        return []
    found = Person.objects.filter(query).select_related("organisation")
    if exclude is not None:
        found = found.exclude(pk=exclude)
    candidates = []
    for person in found[:50]:
        same_email = email and person.email.lower() == email.strip().lower()
        same_native = native_name and person.native_name == native_name.strip()
        same_name = words and spelling_key(f"{person.given_name} {person.family_name}") == (
            spelling_key(f"{given_name} {family_name}")
        )
        if same_email or same_native or same_name:
            candidates.append(person)
    return candidates


# Spellings of one sound: "Soerensen" is "Sørensen", "Aarhus" is "Århus", "Lyu" and "Lv" are
# "Lü" (pinyin written without ü). Longest first; each becomes every spelling of its group.
_SPELLINGS = [
    ("lyu", "(lyu|lv|lu|lü)"),
    ("nyu", "(nyu|nv|nu|nü)"),
    ("lv", "(lyu|lv|lu|lü)"),
    ("nv", "(nyu|nv|nu|nü)"),
    ("aa", "(aa|å|a)"),
    ("oe", "(oe|ø|ö|o)"),
    ("ue", "(ue|ü|u)"),
    ("o", "(o|ø|ö|ó|oe)"),
    ("a", "(a|å|ä|á|à|aa)"),
    ("u", "(u|ü|ú|ue)"),
    ("e", "[eéèë]"),
    ("i", "[iíï]"),
]


# Longer text is no name: the pattern is cut there (a database's regex has size limits).
LONGEST_NAME = 80


def _loose_pattern(name):
    """A case-insensitive pattern that also finds the name written with accents, special
    letters or their common transliterations ("Sorensen" and "Soerensen" find "Sørensen")."""
    import re

    folded = fold(name.strip())[:LONGEST_NAME]
    parts, at = [], 0
    while at < len(folded):
        for spelling, pattern in _SPELLINGS:
            if folded.startswith(spelling, at):
                parts.append(pattern)
                at += len(spelling)
                break
        else:
            parts.append(re.escape(folded[at]))
            at += 1
    return "^" + "".join(parts) + "$"


def spelling_key(text):
    """A name's words with transliteration variants made one ("soerensen" → "sorensen")."""
    words = set()
    for word in name_tokens(text):
        for long, short in (("lyu", "lu"), ("nyu", "nu"), ("lv", "lu"), ("nv", "nu")):
            word = word.replace(long, short)
        for long, short in (("aa", "a"), ("oe", "o"), ("ue", "u")):
            word = word.replace(long, short)
        words.add(word)
    return words


def organisation_candidates(*, names=(), name="", name_native="", exclude=None):
    """Organisations that may be the one described: the same name in any language column
    (accents and transliterations aside) or the same native-script name."""
    typed = [n.strip() for n in [*names, name] if n and n.strip()]
    query = Q()
    columns = ["name_native", "short_name", *(f"name_{code}" for code in _language_columns())]
    for text in typed:
        for column in columns:
            query |= Q(**{f"{column}__iregex": _loose_pattern(text)})
    if name_native.strip():
        query |= Q(name_native=name_native.strip())
        query |= Q(**{f"name_{_han_column()}": name_native.strip()})
    if not query:
        return []
    found = Organisation.objects.filter(query)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.order_by("pk")[:20])


def _language_columns():
    from django.conf import settings

    return [code.replace("-", "_") for code, _name in settings.LANGUAGES]


def _han_column():
    return next((c for c in _language_columns() if c.startswith("zh")), "zh_hans")


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
