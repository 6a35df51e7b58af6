"""Read-only links to a person's itinerary, for an assistant or family (DESIGN.md: viewer).

The token (256 random bits) is shown once, when the link is made; the database keeps only
its SHA-256 digest, so the lookup compares digests (an index lookup on a hash reveals nothing
about the token) and a copy of the database opens no itinerary. The viewer sees the itinerary
without booking references, documents, anyone's phone numbers or needs: `for_viewer()` strips
them from the items themselves, so no template can show them by mistake.
"""

import dataclasses
import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

import pagecache

from .models import Person, SharedLink

TOKEN_BYTES = 32  # 256 bits
MAX_LINKS = 10  # per person: enough for an assistant and a family, not a mailing list
# Item fields a viewer never sees (booking references live in a stay's detail).
WITHHELD_DETAIL_KINDS = {"check_in", "check_out", "travel", "car"}  # car: the driver's phone


class SharingRefused(Exception):
    """The link cannot be made; the message says why in the user's language."""


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(person, label):
    """Make a link for `person`; returns (link, token). The token is not kept anywhere."""
    label = (label or "").strip()[:100]
    if not label:
        raise SharingRefused(_("Say whom the link is for, e.g. “My assistant”."))
    with transaction.atomic():
        # Counted under the person's row lock, so two clicks cannot pass the limit together.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if SharedLink.objects.filter(person=person).count() >= MAX_LINKS:
            raise SharingRefused(
                _("You have %(count)d links already: stop one you no longer need first.")
                % {"count": MAX_LINKS}
            )
        token = secrets.token_urlsafe(TOKEN_BYTES)
        link = SharedLink.objects.create(person=person, label=label, token_digest=digest(token))
    return link, token


def revoke(link):
    """The link stops working at once (its row is gone; pages kept for it are never hit)."""
    link.delete()


def find(token):
    """(link id, person id) of the link `token` opens, or None; one query that also reads the
    person's page generation (pagecache.note), so a kept page costs nothing more."""
    if not token or not 22 <= len(token) <= 100:
        return None
    row = (
        SharedLink.objects.filter(token_digest=digest(token))
        .annotate(person_generation=pagecache.generation("person", "person_id"))
        .values_list("pk", "person_id", "person_generation")
        .first()
    )
    if row is None:
        return None
    link_id, person_id, generation = row
    pagecache.note({pagecache.key("person", person_id): generation})
    return link_id, person_id


def stripped_person(person):
    """`person` with only what a viewer may read: names and position (no phone, e-mail,
    needs or login). An unsaved copy: nothing can save it by mistake."""
    if not isinstance(person, Person):
        return person
    return Person(
        pk=person.pk,
        given_name=person.given_name,
        family_name=person.family_name,
        name_order=person.name_order,
        native_name=person.native_name,
        position=person.position,
    )


def for_viewer(item):
    """A copy of an itinerary item without what a viewer may not see."""
    changes = {}
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if isinstance(value, Person):
            changes[f.name] = stripped_person(value)
        elif isinstance(value, list | tuple) and any(isinstance(v, Person) for v in value):
            changes[f.name] = [stripped_person(v) for v in value]
        elif any(word in f.name for word in ("phone", "reference", "document", "needs")):
            changes[f.name] = type(value)() if value is not None else None
    if item.kind in WITHHELD_DETAIL_KINDS:
        changes["detail"] = ""  # booking references and travel notes
    return dataclasses.replace(item, **changes)
