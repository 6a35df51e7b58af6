"""`manage.py run_periodic`: the periodic work, once (a scheduler runs it every few minutes).

It runs the commands listed in PERIODIC_COMMANDS (settings), each on its own: one that fails
is reported and the others still run. `--loop SECONDS` repeats it forever with that pause, for
a container without cron (docker-compose.yml's `scheduler`).
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Run the periodic work once (PERIODIC_COMMANDS), or every N seconds with --loop N."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, metavar="SECONDS", help="repeat with this pause")

    def handle(self, *args, loop=None, **options):
        while True:
            failed = self.run_once(options["verbosity"])
            if not loop:
                if failed:
                    raise CommandError(f"Failed: {', '.join(failed)}")
                return
            close_old_connections()
            time.sleep(loop)

    def run_once(self, verbosity):
        failed = []
        for name, arguments in settings.PERIODIC_COMMANDS:
            try:
                call_command(name, *arguments, verbosity=verbosity, stdout=self.stdout)
            except Exception as error:  # one broken command must not stop the others
                failed.append(name)
                self.stderr.write(f"{name}: {type(error).__name__}: {error}")
        return failed
