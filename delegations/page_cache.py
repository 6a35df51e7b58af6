"""Rendered page parts kept in the cache until what they show changes.

The programme of a hundred sessions, a delegate's itinerary and their calendar feed cost tens of
milliseconds of queries and template work, and only change when somebody edits the data. Each
kind of page has a scope (PROGRAMME, ITINERARY) with a counter in the database
(`ContentVersion`), raised after every committed change to a watched model; cache keys carry the
counter. So every server process sees a change at once, whatever the cache backend (even one
local-memory cache per gunicorn worker), and an outdated part is never served again: it ages
out of the cache.

Models are watched with `watch()` (each app's `ready()`); writes that skip model signals
(`QuerySet.update()`, `bulk_create()`) call `changed()` themselves.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, signals
from django.http import HttpResponse
from django.utils import timezone, translation

PROGRAMME = "programme"
ITINERARY = "itinerary"
SCOPES = (PROGRAMME, ITINERARY)


class _Raise:
    """The on-commit callback of one transaction: raises each scope's counter once."""

    def __init__(self, scopes):
        self.scopes = set(scopes)
        self.done = False

    def __call__(self):
        from .models import ContentVersion

        self.done = True
        for scope in sorted(self.scopes):
            raised = ContentVersion.objects.filter(scope=scope).update(value=F("value") + 1)
            if not raised:
                ContentVersion.objects.get_or_create(scope=scope, defaults={"value": 1})


def changed(*scopes):
    """Mark `scopes` (default: all) as changed once the current transaction commits; at once
    outside a transaction. One raise per scope and transaction, however many rows change."""
    scopes = scopes or SCOPES
    db = transaction.get_connection()
    if db.in_atomic_block:
        for _savepoints, callback, _robust in db.run_on_commit:
            if isinstance(callback, _Raise) and not callback.done:
                callback.scopes.update(scopes)
                return
    transaction.on_commit(_Raise(scopes))


def version(scope):
    """The scope's counter now: one query on every cached page, written as plain SQL because
    building it with the ORM took four times as long as running it (docs/benchmarks.md)."""
    from .models import ContentVersion

    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE scope = %s", [scope])
        row = cursor.fetchone()
    return row[0] if row else 0


def _key(scope, parts, current=None):
    name = "|".join(
        str(part)
        for part in (*parts, translation.get_language(), timezone.get_current_timezone_name())
    )
    digest = hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
    if current is None:
        current = version(scope)
    return f"page:{scope}:{current}:{digest}"


def cached(scope, parts, build, *, version=None):
    """`build()`'s result from the cache, or built and kept. `parts` name what the result
    depends on besides the watched data; the language and time zone are always part of the key.
    `version`: the scope's counter when the caller has already read it for this request."""
    return cache.get_or_set(_key(scope, parts, version), build, settings.PAGE_CACHE_SECONDS)


def _plain_visit(request):
    """A GET without query, session or pending messages: a visitor who is not signed in sees
    the same page as every other such visitor."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def for_visitors(scope):
    """View decorator: whole pages for visitors who are not signed in, from the cache while
    nothing in `scope` changes. Signed-in users, queries and pages that carry a CSRF token
    always get the view itself."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _plain_visit(request):
                return view(request, *args, **kwargs)
            key = _key(scope, ["visitor-page", request.path])
            kept = cache.get(key)
            if kept is not None:
                content, content_type = kept
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form with a token
            ):
                kept = (response.content, response["Content-Type"])
                cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def watch(*models, scopes=SCOPES):
    """Raise `scopes` after every save or delete of `models`, and every change to their
    many-to-many links."""

    def on_change(sender, **kwargs):
        changed(*scopes)

    # Signals hold weak references by default; this receiver must live as long as the process.
    for model in models:
        uid = f"page_cache:{model._meta.label}:{','.join(scopes)}"
        signals.post_save.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
        signals.post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            through_uid = f"page_cache:{through._meta.label}:{','.join(scopes)}"
            signals.m2m_changed.connect(
                on_change, sender=through, weak=False, dispatch_uid=through_uid
            )
            signals.post_delete.connect(
                on_change, sender=through, weak=False, dispatch_uid=through_uid
            )
