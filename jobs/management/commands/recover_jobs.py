"""`manage.py recover_jobs`: queue again jobs whose worker died (see jobs/__init__.py)."""

from django.core.management.base import BaseCommand

from jobs.runner import recover_stale


class Command(BaseCommand):
    help = "Queue again running jobs that reported no progress for JOB_STALE_MINUTES."

    def handle(self, *args, **options):
        count = recover_stale()
        self.stdout.write(f"{count} interrupted job(s) recovered.")
