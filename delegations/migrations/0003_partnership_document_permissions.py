"""Regional staff may manage partnership documents (the model came after the roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("delegations")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name="Regional staff")
    staff.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="delegations",
            content_type__model__in=["partnershipdocument", "historicalpartnershipdocument"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0002_partnership_documents"),
        ("forum", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
