"""`python manage.py seed_demo`: the Beijing 2016 reference case as demo data. Safe to run twice."""

from django.core.management.base import BaseCommand

from forum.demo import DemoLoader
from forum.models import Forum


class Command(BaseCommand):
    help = (
        "Load the demo: Region Midtjylland's delegation to the China Denmark Cities and Regions "
        "Forum, Beijing 2016, with other delegations, programme, visits, partnerships, follow-ups "
        "and 300+ Chinese participants. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for the demo logins (default: demo-password). Given, it also resets "
            "the password of existing demo logins.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds a forum (used by `make run`).",
        )

    def handle(self, *args, password=None, if_empty=False, verbosity=1, **options):
        if if_empty and Forum.objects.exists():
            if verbosity:
                self.stdout.write("Demo data not loaded: the database already holds forums.")
            return

        def progress(line):
            if verbosity:
                self.stdout.write(line)

        loader = DemoLoader(password=password, reset_passwords=bool(password), progress=progress)
        report = loader.run()
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo ready: {report.created} rows created, {report.updated} updated."
                )
            )
            self.stdout.write("Demo logins (username, password, role):")
            for line in report.lines:
                self.stdout.write(line)
