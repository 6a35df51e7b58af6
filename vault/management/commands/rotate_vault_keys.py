"""Encrypt every stored encrypted value again under the first key of VAULT_KEYS."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from vault.crypto import new_key, rotate
from vault.fields import EncryptedCharField


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value under the first key of VAULT_KEYS (after putting a "
        "new key first; the old key can be dropped afterwards). --new-key prints a new key "
        "and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="print a new key and stop")

    def handle(self, *args, **options):
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        for model in apps.get_models():
            columns = [
                f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)
            ]
            if columns:
                try:
                    done = rotate_table(model._meta.db_table, model._meta.pk.column, columns)
                except ValueError as error:  # nothing was changed: one transaction per table
                    raise CommandError(f"{model._meta.label}: {error}") from error
                self.stdout.write(f"{model._meta.label}: {done} rows now under the first key")


def rotate_table(table, pk, columns):
    """Re-encrypt `columns` of every row of `table`, reading and writing the tokens as they are
    stored (the field would decrypt on read and encrypt on write), in one transaction."""
    quote = connection.ops.quote_name
    done = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(pk)}, {', '.join(map(quote, columns))} FROM {quote(table)}")
        rows = cursor.fetchall()
        for row_pk, *tokens in rows:
            cursor.execute(
                f"UPDATE {quote(table)} SET "
                + ", ".join(f"{quote(column)} = %s" for column in columns)
                + f" WHERE {quote(pk)} = %s",
                [rotate(token) if token else token for token in tokens] + [row_pk],
            )
            done += 1
    return done
