"""The three roles as Django groups, and the permissions each holds: defined here once.

The data migrations (forum/migrations/0002_roles.py and later) froze copies of these lists;
tests/test_roles.py holds the groups in the database to this definition. `sync_roles()` runs
after every `migrate` (accounts/apps.py) and repairs groups that are missing or lack a
permission (a new model's permissions for regional staff, a group deleted by mistake); it
never takes a permission away, so a deliberate extra grant stays. Who belongs to a role, and
what each role may see, is asked through accounts/rules.py.
"""

REGIONAL_STAFF = "Regional staff"
EMBASSY_STAFF = "Embassy staff"
DELEGATES = "Delegates"

# Regional staff: every permission of these apps, plus the pairs below.
REGIONAL_STAFF_APPS = ["delegations", "forum"]
REGIONAL_STAFF_EXTRA = [
    ("auth", "view_user"),
    ("outbox", "view_outboxmessage"),
    ("jobs", "view_job"),
]
EMBASSY_PERMISSIONS = [
    ("forum", "view_forum"),
    ("forum", "view_track"),
    ("forum", "view_session"),
    ("forum", "view_sessionrole"),
    ("forum", "view_registration"),
    ("forum", "export_registration"),
    ("forum", "check_in_registration"),
    ("forum", "add_exportprofile"),
    ("forum", "change_exportprofile"),
    ("forum", "delete_exportprofile"),
    ("forum", "view_exportprofile"),
    ("delegations", "view_organisation"),
    ("delegations", "view_person"),
    ("delegations", "view_delegation"),
]
DELEGATE_PERMISSIONS = [("delegations", "view_own_itinerary")]


def role_permissions():
    """{group name: set of "app_label.codename"} as the roles should hold them now."""
    from django.contrib.auth.models import Permission

    every = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        ).order_by()
    }
    staff = {p for p in every if p.split(".")[0] in REGIONAL_STAFF_APPS}
    staff |= {f"{app}.{codename}" for app, codename in REGIONAL_STAFF_EXTRA}
    return {
        REGIONAL_STAFF: staff & every,
        EMBASSY_STAFF: {f"{a}.{c}" for a, c in EMBASSY_PERMISSIONS} & every,
        DELEGATES: {f"{a}.{c}" for a, c in DELEGATE_PERMISSIONS} & every,
    }


def sync_roles():
    """Create missing role groups and give each role the permissions it lacks."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():  # what post_migrate makes, in case it is gone
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for name, wanted in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        held = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        missing = wanted - held
        if missing:
            group.permissions.add(*(by_name[p] for p in missing))


def ensure_roles():
    """Repair the role groups (seed_demo calls it before making logins)."""
    sync_roles()
