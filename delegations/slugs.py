"""Unique slugs for new rows (delegations made from invitations, organisations from imports)."""

from django.utils.text import slugify


def unique_slug(model, text, *, max_length=70, fallback="item", field="slug"):
    """A slug for `text` that no row of `model` has yet: "name", else "name-2", "name-3"…"""
    base = slugify(text)[:max_length].strip("-") or fallback
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base}).values_list(
            field, flat=True
        )
    )
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
