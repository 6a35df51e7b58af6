"""Create the three roles as groups with their permissions (accounts/roles.py holds them now).

Permissions are normally created after all migrations run (post_migrate); they are created
here first so that a fresh database gets complete groups in one `migrate`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REGIONAL_STAFF = "Regional staff"
EMBASSY_STAFF = "Embassy staff"
DELEGATES = "Delegates"

EMBASSY_PERMISSIONS = [
    ("forum", "view_forum"),
    ("forum", "view_track"),
    ("forum", "view_session"),
    ("forum", "view_sessionrole"),
    ("forum", "view_registration"),
    ("forum", "export_registration"),
    ("forum", "check_in_registration"),
    ("delegations", "view_organisation"),
    ("delegations", "view_person"),
    ("delegations", "view_delegation"),
]
DELEGATE_PERMISSIONS = [("delegations", "view_own_itinerary")]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    staff, _ = Group.objects.get_or_create(name=REGIONAL_STAFF)
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["delegations", "forum"]),
        *Permission.objects.filter(content_type__app_label="auth", codename="view_user"),
    )

    for name, wanted in ((EMBASSY_STAFF, EMBASSY_PERMISSIONS), (DELEGATES, DELEGATE_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[REGIONAL_STAFF, EMBASSY_STAFF, DELEGATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("delegations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
