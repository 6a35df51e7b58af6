"""`manage.py apply_retention`: anonymise forum participants past the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forum.retention import apply_retention, expired_participants


class Command(BaseCommand):
    help = "Anonymise participants whose last forum ended more than N days ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.PARTICIPANT_RETENTION_DAYS,
            help="Retention period in days (default: PARTICIPANT_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            raise CommandError(
                "No retention period: set PARTICIPANT_RETENTION_DAYS or pass --days."
            )
        if days < 0:
            raise CommandError("--days must be zero or more.")
        if dry_run:
            count = expired_participants(days).count()
            self.stdout.write(f"{count} participant(s) would be anonymised.")
            return

        def progress(done, total):
            self.stdout.write(f"  {done}/{total} anonymised")

        count = apply_retention(days, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{count} participant(s) anonymised."))
