"""`manage.py retry_outbox`: queue again messages whose retry is long overdue (lost task)."""

from django.core.management.base import BaseCommand

from outbox.mail import requeue_overdue


class Command(BaseCommand):
    help = "Queue again outbox messages whose next attempt is more than 10 minutes overdue."

    def handle(self, *args, **options):
        count = requeue_overdue()
        self.stdout.write(f"{count} overdue message(s) queued again.")
