"""`manage.py send_itinerary_notices`: send the itinerary notices that are due (should their
task be lost) and take a first snapshot of everyone on a trip still in play who has none
(delegations/notices.py). Run by `run_periodic`."""

from django.core.management.base import BaseCommand

from delegations import notices


class Command(BaseCommand):
    help = "Send due itinerary notices; snapshot itineraries not yet seen."

    def handle(self, *args, **options):
        sent = notices.send_due()
        seen = notices.remember_missing()
        self.stdout.write(f"{sent} itinerary notice(s) sent, {seen} itinerary(ies) first seen.")
