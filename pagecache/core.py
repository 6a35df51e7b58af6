"""Rendered pages and parts kept in the cache until what they show changes.

Each object that pages show has a generation in the database (`Generation`: "forum:12",
"session:40", "person:5", "user:3", "roles"), raised after a committed change to it; a kept
page or part carries the generations of the objects it shows in its cache key. So every server
process sees a change at once, whatever the cache backend (even one local-memory cache per
gunicorn worker); an outdated entry is never served again and ages out of the cache; and a
change to one forum or one person leaves every other page where it is.

Which generations a changed row raises is declared beside its model, in each app's `ready()`:
`watch(Model, keys=lambda row: [...])`, called with the row as saved and as it was before a
delete (many-to-many links are watched through their link rows). Writes that skip model
signals (`QuerySet.update()`, `bulk_create()`) call `changed(keys)` themselves.

A request reads the generations it needs once, in one query (a signed-in request reads the
user's and their person's with its session, accounts/sessions.py); they are kept in a context
variable, so requests served side by side under ASGI (one thread, many tasks) or WSGI (one
thread each) never see each other's.
"""

import contextvars
import functools
import hashlib
import itertools
import logging

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models import CharField, OuterRef, Subquery, Value, signals
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

# {key: generation} as read in the current request; None outside requests (every call reads).
_known = contextvars.ContextVar("pagecache_known", default=None)


def _request_started(**kwargs):
    _known.set({})


def _request_finished(**kwargs):
    _known.set(None)


request_started.connect(_request_started, weak=False, dispatch_uid="pagecache:started")
request_finished.connect(_request_finished, weak=False, dispatch_uid="pagecache:finished")


def key(kind, pk):
    """The generation key of one object: key("forum", 12) == "forum:12"."""
    return f"{kind}:{pk}"


def key_of(instance):
    return key(instance._meta.model_name, instance.pk)


# --- generations ------------------------------------------------------------------------------


def table(db=connection):
    from .models import Generation

    return db.ops.quote_name(Generation._meta.db_table)


def _read(keys):
    """The generations of `keys` (0 for one never raised), in one plain SQL query: building it
    with the ORM took several times as long as running it (docs/benchmarks.md)."""
    if not keys:
        return {}
    placeholders = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name('key')}, value FROM {table()} "
            f"WHERE {connection.ops.quote_name('key')} IN ({placeholders})",
            list(keys),
        )
        found = dict(cursor.fetchall())
    return {k: found.get(k, 0) for k in keys}


def generations(keys):
    """{key: generation} for `keys`: what this request already read, the rest in one query."""
    known = _known.get()
    if known is None:
        return _read(list(keys))
    missing = [k for k in keys if k not in known]
    if missing:
        known.update(_read(missing))
    return {k: known[k] for k in keys}


def note(values):
    """Generations read by another query of this request (the session's, or a queryset
    annotated with `generation()`): no query of their own is needed for them."""
    known = _known.get()
    if known is not None:
        known.update(values)


def find(model, also=(), **equals):
    """The keys ["<model>:<pk>", *("<kind>:<pk>" for kind in `also`)] of the first row of
    `model` whose fields equal `equals`, read with their generations in one plain SQL query
    (the first query of a kept page); None if there is no such row. The generations are
    noted for the request."""
    kinds = [model._meta.model_name, *also]
    found = rows(model, kinds, limit=1, **equals)
    if not found:
        return None
    pk, *values = found[0]
    keys = [key(kind, pk) for kind in kinds]
    note(dict(zip(keys, values, strict=True)))
    return keys


def rows(model, kinds, fields=(), *, limit=None, **equals):
    """[(pk, *values of `fields`, *generations of "<kind>:<pk>" for each of `kinds`)] of the
    rows of `model` whose fields equal `equals` (at most `limit` of them, in no particular
    order), in one plain SQL query: it is the first query of a kept page or the first after
    an edit, where building it with the ORM costs more than running it (docs/benchmarks.md).
    Each generation is a subquery per row (0 if never raised): an index lookup each, where a
    join would scan the whole generation table. Values come converted as the ORM gives them
    (e.g. aware datetimes on SQLite too)."""
    columns = [model._meta.get_field(name) for name in fields]
    sql = _rows_sql(connection.vendor, model, tuple(kinds), tuple(fields), tuple(equals), limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(f"{kind}:" for kind in kinds), *equals.values()])
        found = cursor.fetchall()
    convert = []
    for index, field in enumerate(columns, start=1):
        column = field.cached_col
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            convert.append((index, column, converters))
    if not convert:
        return found
    result = []
    for row in found:
        row = list(row)
        for index, column, converters in convert:
            for converter in converters:
                row[index] = converter(row[index], column, connection)
        result.append(tuple(row))
    return result


@functools.lru_cache(maxsize=64)
def _rows_sql(vendor, model, kinds, fields, equals, limit):
    """The SQL of `rows()`, built once per process for each shape of query."""
    quote = connection.ops.quote_name
    meta = model._meta
    pk = f"t.{quote(meta.pk.column)}"
    generations = [
        f"COALESCE((SELECT g.value FROM {table()} AS g "
        f"WHERE g.{quote('key')} = %s || CAST({pk} AS VARCHAR(20))), 0)"
        for _kind in kinds
    ]
    selected = [pk, *(f"t.{quote(meta.get_field(name).column)}" for name in fields)]
    where = " AND ".join(f"t.{quote(meta.get_field(name).column)} = %s" for name in equals)
    return (
        f"SELECT {', '.join([*selected, *generations])} FROM {quote(meta.db_table)} AS t"
        + (f" WHERE {where}" if where else "")
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )


def generation(kind, field="pk"):
    """An expression for querysets: the generation of "<kind>:<field's value>" of each row
    (0 if never raised), read in the same query as the rows."""
    from .models import Generation

    wanted = Concat(Value(f"{kind}:"), Cast(OuterRef(field), CharField()))
    return Coalesce(Subquery(Generation.objects.filter(key=wanted).values("value")[:1]), 0)


class _Raise:
    """The on-commit callback of one transaction: raises each key once."""

    def __init__(self, keys):
        self.keys = set(keys)
        self.done = False

    def __call__(self):
        self.done = True
        # One transaction (one commit) for the raise and what listeners write; a listener
        # that fails is rolled back alone and logged: the change itself is committed already.
        with transaction.atomic():
            _raise(sorted(self.keys))
            for listener in _listeners:
                try:
                    with transaction.atomic():
                        listener(self.keys)
                except Exception:
                    logger.exception("pagecache listener %r failed", listener)
        known = _known.get()
        if known is not None:  # this request reads the new generations if it reads again
            for k in self.keys:
                known.pop(k, None)


def _raise(keys, chunk=500):
    quote = connection.ops.quote_name
    name = table()
    with connection.cursor() as cursor:
        for start in range(0, len(keys), chunk):
            part = keys[start : start + chunk]
            rows = ", ".join(["(%s, 1)"] * len(part))
            cursor.execute(
                f"INSERT INTO {name} ({quote('key')}, value) VALUES {rows} "
                f"ON CONFLICT ({quote('key')}) DO UPDATE SET value = {name}.value + 1",
                part,
            )


_listeners = []


def on_changed(listener):
    """Call `listener(keys)` after each committed transaction that raised the generations of
    `keys` (once per transaction, after the raise): the objects whose pages changed are the
    objects a change concerns, e.g. "person:<id>" for someone's itinerary (delegations/notices.py
    tells that person). Registered once, from an app's `ready()`."""
    if listener not in _listeners:
        _listeners.append(listener)


def changed(keys):
    """Raise the generations of `keys` once the current transaction commits (at once outside
    a transaction). One raise per key and transaction, however many rows change."""
    keys = set(keys)
    if not keys:
        return
    db = transaction.get_connection()
    if db.in_atomic_block:
        for _savepoints, callback, _robust in db.run_on_commit:
            if isinstance(callback, _Raise) and not callback.done:
                callback.keys.update(keys)
                return
    transaction.on_commit(_Raise(keys))


# --- cache keys and kept parts ----------------------------------------------------------------


def _cache_key(values, parts):
    """`values` ({key: generation}) and `parts` (what else the entry depends on) with the
    language and the time zone, which every entry depends on."""
    name = "|".join(
        str(part)
        for part in (
            *itertools.chain.from_iterable(sorted(values.items())),
            "/",
            *parts,
            translation.get_language(),
            timezone.get_current_timezone_name(),
        )
    )
    return "pc:" + hashlib.blake2b(name.encode(), digest_size=16).hexdigest()


def cached(keys, parts, build):
    """`build()`'s result from the cache, or built and kept while the generations of `keys`
    stay. `parts` name what the result depends on besides those objects."""
    return cache.get_or_set(
        _cache_key(generations(keys), parts), build, settings.PAGE_CACHE_SECONDS
    )


def cached_many(group, entries, build):
    """Many kept parts held together in one cache entry (one round trip, one unpickling):
    `group` names the set (e.g. a forum's session blocks in one language), `entries` is
    {name: parts}, each `parts` holding the generations its part depends on (e.g. read with
    `generation()`); `build(names)` makes {name: value} for those whose parts moved, which
    are kept. Returns {name: value} for every name."""
    cache_key = _cache_key({}, ["many", *group])
    kept = cache.get(cache_key) or {}
    entries = {name: tuple(map(str, parts)) for name, parts in entries.items()}
    result = {}
    for name, parts in entries.items():
        held_parts, value = kept.get(name, (None, None))
        if held_parts == parts:
            result[name] = value
    missing = [name for name in entries if name not in result]
    if missing:
        result.update(build(missing))
        # Parts of names no longer asked for (a deleted session) are dropped.
        cache.set(
            cache_key,
            {name: (parts, result[name]) for name, parts in entries.items() if name in result},
            settings.PAGE_CACHE_SECONDS,
        )
    return result


SLOT = mark_safe("<!--pagecache:slot-->")  # safe: templates put it in unescaped


def shell(request, keys, build):
    """The page around a part that changes more often than the page (the programme around its
    sessions): `build()` renders the page with `SLOT` where that part goes. For visitors who
    are not signed in (who all see the same page) it is kept while the generations of `keys`
    stay, so the first request after an edit of the part renders only the part; for everyone
    else it is built each time. Returns the page's text with `SLOT` in it."""
    if not _plain_visit(request):
        return build()
    return cache.get_or_set(
        _cache_key(generations(keys), ["shell", request.path]), build, settings.PAGE_CACHE_SECONDS
    )


def _whole_page(cache_key, build, may_keep):
    """The response kept under `cache_key`, or `build()`'s, kept when it is a complete 200
    that sets no cookie, was not kept out (`keep_out`) and `may_keep(response)` agrees."""
    kept = cache.get(cache_key)
    if kept is not None:
        content, headers, until = kept if len(kept) == 3 else (*kept, None)
        if until is None or timezone.now() < until:
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
        until = getattr(response, "page_cache_until", None)
        cache.set(cache_key, (response.content, headers, until), settings.PAGE_CACHE_SECONDS)
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


def for_visitors(keys):
    """View decorator: whole pages for visitors who are not signed in, from the cache while the
    generations of `keys(request, *args, **kwargs)` stay (a list, or a function that may raise
    Http404 and `note()` what it read). Signed-in users, queries and pages that carry a CSRF
    token always get the view itself."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _plain_visit(request):
                return view(request, *args, **kwargs)
            wanted = keys(request, *args, **kwargs) if callable(keys) else keys
            return _whole_page(
                _cache_key(generations(wanted), ["visitor-page", request.path]),
                lambda: view(request, *args, **kwargs),
                # A page that made a CSRF token has a form for this browser only.
                lambda response: not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"),
            )

        return wrapper

    return decorator


def keep_until(response, when):
    """Keep this response only until the instant `when` (aware): the page depends on the
    time of day too (what is "today" and "next" on a delegate's itinerary)."""
    response.page_cache_until = when
    return response


def keep_out(response):
    """Tell the page decorators not to keep this response (it depends on more than its key)."""
    response.page_cache_keep_out = True
    return response


def for_owner(keys):
    """View decorator for a signed-in person's own page (outermost, so a kept response has
    all the headers the other decorators add; visitors not signed in get the view): the whole
    page from the cache while the generations of `keys(request)` stay. The key holds the
    user, the browser's CSRF secret, the address with its query, the host, the language, the
    time zone and today's date (the server's; a page whose "today" is another zone's, or that
    changes during the day, says until when it holds with `keep_until`): a kept page only
    ever goes back to the browser it was made
    for, and the CSRF tokens in its forms are valid there (masked tokens, so they differ from
    the secret). Requests without a CSRF cookie yet, with messages to show, and anything but
    GET/HEAD, get the view."""

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
                secret,
                request.scheme,
                request.META.get("HTTP_HOST", ""),  # checked by CommonMiddleware
                request.get_full_path(),
                timezone.localdate(),
            ]
            return _whole_page(
                _cache_key(generations(keys(request)), parts),
                lambda: view(request, *args, **kwargs),
                # Its CSRF tokens were made for the secret in the key.
                lambda response: request.META.get("CSRF_COOKIE") == secret,
            )

        return wrapper

    return decorator


# --- watching models --------------------------------------------------------------------------

_watched = {}  # {model: {"keys": [functions], "shown": function, "unshown": function}}


def watched():
    """The models whose changes raise generations (tests/test_page_cache_rules.py compares
    them with what the pages read)."""
    return set(_watched)


def watch(model, keys, *, shown=None, unshown=None):
    """Raise `keys(row)` after every committed save of a `model` row (as saved) and delete (as
    it was before). With `shown(row)` (what the pages show of a row), a save of an existing
    row reads the row as it was first (one query) and raises `keys` of the old and the new row
    only when `shown` differs; otherwise `unshown(row)` (default: nothing). A link model of a
    many-to-many field is watched the same way, through `add()`, `remove()` and `clear()`
    (Django sends no save or delete signals for the link models it makes itself: code that
    writes their rows directly calls `changed()`).
    Several apps may watch one model (each adds what its pages show of it); `shown` and
    `unshown` are given once."""
    if model in _watched:
        rule = _watched[model]
        rule["keys"].append(keys)
        rule["shown"] = rule["shown"] or shown
        rule["unshown"] = rule["unshown"] or unshown
        return
    rule = _watched[model] = {"keys": [keys], "shown": shown, "unshown": unshown}

    def all_keys(row):
        return set(itertools.chain.from_iterable(k(row) for k in rule["keys"]))

    def before_save(sender, instance, raw=False, **kwargs):
        if rule["shown"] is not None and not raw and not instance._state.adding:
            instance._pagecache_before = sender._base_manager.filter(pk=instance.pk).first()

    def after_save(sender, instance, created, raw=False, **kwargs):
        if raw:
            return
        before = instance.__dict__.pop("_pagecache_before", None)
        shown = rule["shown"]
        if shown is None or created or before is None:
            changed(all_keys(instance))
        elif shown(before) != shown(instance):
            changed(all_keys(before) | all_keys(instance))
        elif rule["unshown"] is not None:
            changed(rule["unshown"](instance))

    def before_delete(sender, instance, **kwargs):
        changed(all_keys(instance))

    uid = f"pagecache:{model._meta.label}"
    signals.pre_save.connect(before_save, sender=model, weak=False, dispatch_uid=uid)
    signals.post_save.connect(after_save, sender=model, weak=False, dispatch_uid=uid)
    signals.pre_delete.connect(before_delete, sender=model, weak=False, dispatch_uid=uid)
    # Sent only for link models (with the link model as sender).
    signals.m2m_changed.connect(
        _on_links(model, all_keys), sender=model, weak=False, dispatch_uid=uid
    )


def every_key(model):
    """The generation keys of every row of `model` (loaders that bulk-create a whole data set
    raise them all, a few hundred upserts per thousand rows)."""
    kind = model._meta.model_name
    return [key(kind, pk) for pk in model._default_manager.values_list("pk", flat=True)]


def changed_rows(rows):
    """Raise what the watch rules name for `rows`, for writes that skip model signals but
    change rows the rules know (e.g. anonymising a person with `QuerySet.update()`)."""
    keys = set()
    for row in rows:
        for rule in _watched.get(type(row), {"keys": []})["keys"]:
            keys.update(rule(row))
    changed(keys)


def _on_links(through, keys):
    """m2m_changed receiver: `keys` of each link row added or removed (for `clear()`, of the
    rows there before)."""

    def receiver(sender, instance, action, model, pk_set, **kwargs):
        mine = next(
            f
            for f in through._meta.fields
            if f.is_relation and isinstance(instance, f.related_model)
        )
        other = next(
            f
            for f in through._meta.fields
            if f.is_relation and f is not mine and issubclass(model, f.related_model)
        )
        if action == "pre_clear":
            rows = list(through._base_manager.filter(**{mine.attname: instance.pk}))
        elif action in ("post_add", "post_remove") and pk_set:
            rows = [through(**{mine.attname: instance.pk, other.attname: pk}) for pk in pk_set]
        else:
            return
        changed(set(itertools.chain.from_iterable(keys(row) for row in rows)))

    return receiver
