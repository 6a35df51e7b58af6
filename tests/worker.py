"""A real task worker in its own process (`manage.py db_worker`), on the test database."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url():
    """The test database as a DATABASE_URL the worker process reads in config/settings.py."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*arguments, imports=(), env=None):
    """Start `db_worker` with `arguments` after importing `imports` (e.g. a test module that
    registers job kinds); returns the Popen."""
    code = (
        # This checkout's code only: the shared virtualenv's editable install would otherwise
        # fill in modules this checkout lacks from another one.
        "import sys; sys.meta_path[:] = [f for f in sys.meta_path"
        " if '__editable__' not in getattr(f, '__module__', '')]\n"
        "import django; django.setup()\n"
        + "".join(f"import {module}\n" for module in imports)
        + "from django.core.management import call_command\n"
        + f"call_command('db_worker', '--no-startup-delay', '--no-reload', *{list(arguments)!r})\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(),
            "DEBUG": "false",
            **(env or {}),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
