"""`manage.py advance_delegation <slug> <status>`: a status move under the workflow's rules."""

from django.core.management.base import BaseCommand, CommandError

from delegations import workflow
from delegations.models import Delegation


class Command(BaseCommand):
    help = "Move a delegation to another status; refused moves say why."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("status", choices=[s.value for s in Delegation.Status])

    def handle(self, *args, slug, status, **options):
        delegation = Delegation.objects.filter(slug=slug).first()
        if delegation is None:
            raise CommandError(f"No delegation with the slug “{slug}”.")
        try:
            workflow.advance(delegation, status)
        except workflow.MoveRefused as refusal:
            raise CommandError(" ".join(refusal.messages)) from refusal
        self.stdout.write(
            self.style.SUCCESS(f"{delegation} is now “{delegation.get_status_display()}”.")
        )
