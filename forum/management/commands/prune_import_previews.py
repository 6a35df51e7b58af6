"""`manage.py prune_import_previews`: remove uploaded participant files kept for a preview
longer than IMPORT_PREVIEW_HOURS (forum/imports.py). Run by `run_periodic`."""

from django.core.management.base import BaseCommand

from forum.imports import remove_old_previews


class Command(BaseCommand):
    help = "Remove import previews older than IMPORT_PREVIEW_HOURS."

    def handle(self, *args, **options):
        count = remove_old_previews()
        self.stdout.write(f"{count} import preview(s) removed.")
