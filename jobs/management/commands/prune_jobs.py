"""`manage.py prune_jobs`: remove job files older than JOB_FILE_HOURS (and month-old jobs)."""

from django.core.management.base import BaseCommand

from jobs.runner import prune


class Command(BaseCommand):
    help = "Remove the files of finished jobs after JOB_FILE_HOURS, and jobs after 30 days."

    def handle(self, *args, **options):
        count = prune()
        self.stdout.write(f"{count} job file(s) removed.")
