"""Who someone is: the role predicates every app's rules are composed from, and `may()`.

Rules are named ("forum.check_in") and registered once in the `rules` package's permission
registry by each app's `rules.py` (this module, delegations/rules.py, forum/rules.py), which
Django imports at start-up (rules.apps.AutodiscoverRulesConfig in config/settings.py). Views
declare the rule they need with accounts/decorators.py; templates ask with the `may` and
`may_open` tags (accounts/templatetags/access.py). Nothing else decides who sees what.

A predicate takes `(user)` or `(user, obj)` and composes with `|`, `&` and `~`. Roles are the
groups of accounts/roles.py; `holds()` asks for one Django permission the role was given.
"""

import rules
from django.core.exceptions import ObjectDoesNotExist

from .roles import DELEGATES, EMBASSY_STAFF, REGIONAL_STAFF


def linked_person(user):
    """The Person linked to a signed-in, active login, or None."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def load_roles(user):
    """Read the user's group names once; the cached signed-in user carries them
    (accounts/backends.py), so most requests ask no query for a role."""
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def in_group(user, name):
    """True if the signed-in, active `user` belongs to the group called `name`."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return name in load_roles(user)


@rules.predicate
def is_signed_in(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_regional_staff(user):
    # Checked before the groups, so that nobody else pays a query for it.
    return bool(user and user.is_active and user.is_staff) and (
        user.is_superuser or in_group(user, REGIONAL_STAFF)
    )


@rules.predicate
def is_embassy_staff(user):
    return in_group(user, EMBASSY_STAFF)


@rules.predicate
def is_delegate(user):
    return in_group(user, DELEGATES)


@rules.predicate
def has_person(user):
    return linked_person(user) is not None


@rules.predicate
def may_open_the_admin(user):
    """What the Django admin itself lets in (AdminSite.has_permission)."""
    return bool(user and user.is_active and user.is_staff)


def holds(*permissions):
    """Predicate: the user holds every one of these Django permissions ("app.codename")."""

    @rules.predicate(name="holds:" + ",".join(permissions))
    def holds_them(user):
        return bool(user) and all(user.has_perm(permission) for permission in permissions)

    return holds_them


# A delegate's own itinerary, or regional staff's own (when their login has a Person).
has_itinerary = has_person & (holds("delegations.view_own_itinerary") | is_regional_staff)


def may(user, rule, obj=None):
    """True if `user` may do what the rule called `rule` names, to `obj`.

    Asks the rules themselves, without Django's superuser shortcut (`user.has_perm`), so the
    superuser flag gives nobody a page that expects, say, a linked Person. An unknown name is a
    programming error, not a refusal."""
    if not rules.perm_exists(rule):
        raise LookupError(f"No rule named {rule!r} (see accounts/rules.py).")
    return rules.has_perm(rule, user, obj)


rules.add_perm("accounts.signed_in", is_signed_in)
rules.add_perm("accounts.open_admin", may_open_the_admin)
