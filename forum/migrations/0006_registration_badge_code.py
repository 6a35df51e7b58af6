"""Registration.badge_code: a random code for the badge's QR code, given to existing rows too.

Added as an empty column, filled row by row with a code of its own, then made unique and
required (a default on AddField would give every existing row the same code)."""

import base64
import secrets

from django.db import migrations, models

import forum.models


def fill_badge_codes(apps, schema_editor):
    Registration = apps.get_model("forum", "Registration")
    batch = []
    for registration in Registration.objects.filter(badge_code__isnull=True).only("pk").iterator():
        registration.badge_code = base64.b32encode(secrets.token_bytes(15)).decode("ascii")
        batch.append(registration)
        if len(batch) >= 1000:
            Registration.objects.bulk_update(batch, ["badge_code"])
            batch = []
    Registration.objects.bulk_update(batch, ["badge_code"])


class Migration(migrations.Migration):

    dependencies = [
        ("forum", "0005_member_and_role_timestamps"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="badge_code",
            field=models.CharField(
                editable=False, max_length=32, null=True, verbose_name="badge code"
            ),
        ),
        migrations.RunPython(fill_badge_codes, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="registration",
            name="badge_code",
            field=models.CharField(
                default=forum.models.new_badge_code,
                editable=False,
                max_length=32,
                unique=True,
                verbose_name="badge code",
            ),
        ),
    ]
