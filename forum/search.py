"""Finding registrations by name: the door and the attendee list use the same matcher.

Each Registration keeps `search_text`: the person's names folded (delegations/names.py), their
native-script name, the name on the badge and the e-mail. A search is one `LIKE '%word%'` per
word typed, so "Chen Jing", "Jing Chen", "陈静" and "Sorensen" find who they should in a
fixed number of queries; on PostgreSQL a trigram GIN index (migration
0008_registration_search_text) answers these without reading the table.

The text is written by Registration.save(), by a Person's save (signal registered in
forum/apps.py), and for bulk writes (the demo, imports, bench), which skip both, by
`text_of()` before bulk_create and `refresh()` after bulk updates.
"""

from django.db.models import Q

from delegations.names import fold, name_tokens, search_text

from .models import Registration

READS = (
    "person__given_name",
    "person__family_name",
    "person__native_name",
    "person__email",
    "badge_name",
)


def text_for(given_name, family_name, native_name, email, badge_name):
    """What one registration is found by (see the module docstring)."""
    text = search_text(given_name, family_name, native_name, badge_name)
    if email:
        text = f"{text} {fold(email)}"
    return text[: Registration._meta.get_field("search_text").max_length]


def text_of(registration):
    """The search text of an unsaved or changed Registration (its person loaded)."""
    person = registration.person
    return text_for(
        person.given_name,
        person.family_name,
        person.native_name,
        person.email,
        registration.badge_name,
    )


def refresh(registrations, batch_size=2000):
    """Write the search text of `registrations` (a queryset) where it is out of date: one
    read, then one UPDATE per batch of changed rows. Returns how many changed."""
    changed = []
    rows = registrations.order_by().values_list("pk", "search_text", *READS)
    for pk, current, *values in rows.iterator(chunk_size=batch_size):
        text = text_for(*values)
        if text != current:
            changed.append(Registration(pk=pk, search_text=text))
    Registration.objects.bulk_update(changed, ["search_text"], batch_size=batch_size)
    return len(changed)


def person_saved(sender, instance, raw=False, **kwargs):
    """A Person's names or e-mail may have changed: their registrations follow."""
    if not raw:
        refresh(Registration.objects.filter(person=instance))


def matching(query):
    """A filter for registrations whose search text holds every word of `query`; None when
    the query has no words (only punctuation, say)."""
    words = sorted(name_tokens(query))
    if not words:
        return None
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return condition
