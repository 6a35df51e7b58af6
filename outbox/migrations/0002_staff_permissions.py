"""Regional staff see the outbox and the jobs (the models came after the roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [("outbox", "view_outboxmessage"), ("jobs", "view_job")]


def grant(apps, schema_editor):
    for label in ("outbox", "jobs"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name="Regional staff")
    for app_label, codename in PERMISSIONS:
        staff.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("jobs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
