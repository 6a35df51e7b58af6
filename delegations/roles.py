"""The three roles, as Django groups (created by forum/migrations/0002_roles.py)."""

REGIONAL_STAFF = "Regional staff"
EMBASSY_STAFF = "Embassy staff"
DELEGATES = "Delegates"


def in_group(user, name):
    """True if the signed-in, active `user` belongs to the group called `name`."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    # Several checks run per request; the user's groups are read once.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return name in user._role_names


def is_regional_staff(user):
    return bool(user and user.is_active and user.is_staff) and (
        user.is_superuser or in_group(user, REGIONAL_STAFF)
    )


def is_embassy_staff(user):
    return in_group(user, EMBASSY_STAFF)


def is_delegate(user):
    return in_group(user, DELEGATES)
