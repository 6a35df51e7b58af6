"""`manage.py send_reminders`: today's reminders, each once a day (delegations/reminders.py).
Run by `run_periodic`; running it again the same day sends nothing new."""

from django.core.management.base import BaseCommand

from delegations import reminders


class Command(BaseCommand):
    help = (
        "Send follow-up, invitation-reply and travel-document digests and tomorrow's "
        "programmes, once a day."
    )

    def handle(self, *args, **options):
        counts = reminders.send_all()
        self.stdout.write(
            "{follow_ups} follow-up digest(s), {replies} reply digest(s), "
            "{documents} travel-document digest(s), "
            "{tomorrow} tomorrow summary(ies) sent.".format(**counts)
        )
