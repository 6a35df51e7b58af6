"""Rendered page parts kept in the cache until what they show changes.

The programme of a hundred sessions, a delegate's itinerary and their calendar feed cost tens of
milliseconds of queries and template work, and only change when somebody edits the data. Each
kind of page has a scope (PROGRAMME, ITINERARY) with a counter in the database
(`ContentVersion`), raised after every committed change to a watched model; cache keys carry the
counter. So every server process sees a change at once, whatever the cache backend (even one
local-memory cache per gunicorn worker), and an outdated part is never served again: it ages
out of the cache. A third scope, ACCOUNTS, covers users, their Person, groups and permissions:
the signed-in user is read from the cache while it stays (`accounts/backends.py`).

All counters are read in one query, once per request (a request that commits a change reads
them again); signed-in requests read them with their session (accounts/sessions.py).

Models are watched with `watch()` (each app's `ready()`); writes that skip model signals
(`QuerySet.update()`, `bulk_create()`) call `changed()` themselves.
"""

import functools
import hashlib
import threading

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models import F, signals
from django.http import HttpResponse
from django.utils import timezone, translation

PROGRAMME = "programme"
ITINERARY = "itinerary"
ACCOUNTS = "accounts"
CONTENT = (PROGRAMME, ITINERARY)
SCOPES = (*CONTENT, ACCOUNTS)


class _RequestVersions(threading.local):
    """The counters as read once in the current request; `values` is None until then (and
    outside requests, where `active` is False and every call reads them)."""

    active = False
    values = None


_request = _RequestVersions()


def _request_started(**kwargs):
    _request.active, _request.values = True, None


def _request_finished(**kwargs):
    _request.active, _request.values = False, None


request_started.connect(_request_started, weak=False, dispatch_uid="page_cache:started")
request_finished.connect(_request_finished, weak=False, dispatch_uid="page_cache:finished")


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
        _request.values = None  # this request reads the new counters if it reads again


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


def counters_table(db=connection):
    from .models import ContentVersion

    return db.ops.quote_name(ContentVersion._meta.db_table)


def read_with_session(values):
    """The counters as the session's query read them (accounts/sessions.py): this request
    needs no query of its own for them."""
    if _request.active:
        _request.values = values


def _read_versions():
    """Every scope's counter: one query, written as plain SQL because building it with the ORM
    took four times as long as running it (docs/benchmarks.md)."""
    table = counters_table()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scope, value FROM {table}")
        return dict(cursor.fetchall())


def version(scope):
    """The scope's counter now (read once per request)."""
    if not _request.active:
        return _read_versions().get(scope, 0)
    if _request.values is None:
        _request.values = _read_versions()
    return _request.values.get(scope, 0)


def _key(scope, parts):
    name = "|".join(
        str(part)
        for part in (*parts, translation.get_language(), timezone.get_current_timezone_name())
    )
    digest = hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
    return f"pc:{scope}:{version(scope)}:{digest}"


def cached(scope, parts, build):
    """`build()`'s result from the cache, or built and kept. `parts` name what the result
    depends on besides the watched data; the language and time zone are always part of the key."""
    return cache.get_or_set(_key(scope, parts), build, settings.PAGE_CACHE_SECONDS)


def _whole_page(key, build, may_keep):
    """The response kept under `key`, or `build()`'s, kept when it is a complete 200 that sets
    no cookie, was not kept out (`keep_out`) and `may_keep(response)` agrees."""
    kept = cache.get(key)
    if kept is not None:
        content, headers = kept
        return HttpResponse(content, headers=headers)
    response = build()
    if (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(response, "page_cache_keep_out", False)
        and may_keep(response)
    ):
        headers = {k: v for k, v in response.items() if k != "Content-Length"}
        cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
    return response


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
            return _whole_page(
                _key(scope, ["visitor-page", request.path]),
                lambda: view(request, *args, **kwargs),
                # A page that made a CSRF token has a form for this browser only.
                lambda response: not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"),
            )

        return wrapper

    return decorator


def keep_out(response):
    """Tell the page decorators not to keep this response (it depends on more than its key)."""
    response.page_cache_keep_out = True
    return response


def for_owner(scope):
    """View decorator for a signed-in person's own page (outermost, so a kept response has
    all the headers the other decorators add; visitors not signed in get the view): the whole
    page from the cache while nothing in `scope` and nothing about the user (ACCOUNTS)
    changes. The key holds the user, the browser's CSRF secret, the address with its query,
    the host, the language, the time zone and today's date: a kept page only ever goes back to
    the browser it was made for, and the CSRF tokens in its forms are valid there (masked
    tokens, so they differ from the secret). Requests without a CSRF cookie yet, with messages
    to show, and anything but GET/HEAD, get the view."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            secret = request.META.get("CSRF_COOKIE")
            if (
                request.method not in ("GET", "HEAD")
                or secret is None
                or not request.user.is_authenticated
                or len(messages.get_messages(request))  # counts without marking them shown
            ):
                return view(request, *args, **kwargs)
            parts = [
                "owner-page",
                request.user.pk,
                version(ACCOUNTS),
                secret,
                request.scheme,
                request.META.get("HTTP_HOST", ""),  # checked by CommonMiddleware
                request.get_full_path(),
                timezone.localdate(),
            ]
            return _whole_page(
                _key(scope, parts),
                lambda: view(request, *args, **kwargs),
                # Its CSRF tokens were made for the secret in the key.
                lambda response: request.META.get("CSRF_COOKIE") == secret,
            )

        return wrapper

    return decorator


def watch(*models, scopes=CONTENT):
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
