"""Embassy staff keep their own export profiles; regional staff get every new permission."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("forum")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    new = Permission.objects.filter(
        content_type__app_label="forum", content_type__model__in=["exportprofile", "exportlog"]
    )
    Group.objects.get(name="Regional staff").permissions.add(*new)
    embassy = Group.objects.get(name="Embassy staff")
    embassy.permissions.add(*new.filter(content_type__model="exportprofile"))


class Migration(migrations.Migration):
    dependencies = [("forum", "0003_export_profiles_and_log")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
