"""Ride out a short database outage (a PostgreSQL restart, a failover) on safe requests.

When a GET or HEAD fails with a database connection error, the connections are closed and the
request is run again, a bounded number of times with growing pauses. Unsafe methods are never
repeated: a POST may have half-happened, so it gets its error.

A try that is going to be repeated is logged once, at WARNING, by this middleware: Django's
"Internal Server Error" line for it (logger django.request, at ERROR) is dropped by
`DropRetriedErrors`, so a request that succeeds after a retry leaves no ERROR line. The last
try's failure is logged by Django at ERROR as usual.
"""

import logging
import sys
import time

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver

log = logging.getLogger("delegation_desk.database")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ERROR_ATTRIBUTE = "_database_connection_error"
RETRY_ATTRIBUTE = "_database_retry_follows"


class DropRetriedErrors(logging.Filter):
    """Filter for the django.request logger (config/settings.py LOGGING): drops the error
    record of a try that RetrySafeRequestsOnDatabaseErrors is about to repeat."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return not (
            request is not None
            and getattr(request, RETRY_ATTRIBUTE, False)
            and getattr(request, ERROR_ATTRIBUTE, None) is not None
        )


@receiver(got_request_exception)
def remember_database_error(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, (OperationalError, InterfaceError)):
        setattr(request, ERROR_ATTRIBUTE, error)


class RetrySafeRequestsOnDatabaseErrors:
    """Outermost middleware (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pauses = list(settings.DATABASE_RETRY_PAUSES)
        while True:
            setattr(request, RETRY_ATTRIBUTE, request.method in SAFE_METHODS and bool(pauses))
            response = self.get_response(request)
            error = getattr(request, ERROR_ATTRIBUTE, None)
            if error is None or request.method not in SAFE_METHODS or not pauses:
                return response
            setattr(request, ERROR_ATTRIBUTE, None)
            pause = pauses.pop(0)
            log.warning(
                "database error, retrying",
                extra={
                    "event": "db_retry",
                    "path": request.path,
                    "pause": pause,
                    "error": f"{type(error).__name__}: {error}",
                },
            )
            for connection in connections.all(initialized_only=True):
                if not connection.in_atomic_block:  # (only inside tests' transactions)
                    connection.close()
            time.sleep(pause)


class RejectNulCharacters:
    """A NUL character in the address, the query string or a form field answers 400 (the
    site's page, in the visitor's language: config/views.py). Nobody types one; PostgreSQL
    refuses them in text, so further in they would end as a 500. After LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or self._in(request.GET)
            or (request.method == "POST" and self._in(request.POST))
        ):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)

    @staticmethod
    def _in(data):
        return any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data)
