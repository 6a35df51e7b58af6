"""Slugs for records made from a name (delegations from invitations, organisations from
imports): the name's slug, numbered until no other row of the model has it."""

from django.utils.text import slugify

# Room for "-" and a number behind a shortened name.
NUMBER_ROOM = 10


def unique_slug(model, text, *, fallback=None, field="slug"):
    """A slug for `text` that no `model` row has yet: "forum-2016", then "forum-2016-2", …
    Text without Latin letters (e.g. only Chinese) gives `fallback` (default: the model's
    name). The caller saves inside a transaction if two writers could race for it; the
    unique constraint on the field stays the last word."""
    max_length = model._meta.get_field(field).max_length - NUMBER_ROOM
    base = slugify(text)[:max_length] or fallback or model._meta.model_name
    candidate, number = base, 2
    while model._default_manager.filter(**{field: candidate}).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate
