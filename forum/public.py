"""What the public may see of forums: published forums and their sessions and speakers."""

import functools
import itertools

from django.db import connection
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from delegations.models import Person

from .models import Forum, Session, SessionRole


def published_forums():
    return Forum.objects.filter(is_published=True).order_by("-starts_on")


def published_forum(slug):
    """The published forum with this slug, or 404 (an unpublished one does not exist here)."""
    return get_object_or_404(published_forums(), slug=slug)


def programme_sessions(forum):
    """All sessions of `forum` with track and people on stage, in a fixed number of queries."""
    return (
        Session.objects.filter(forum=forum)
        .select_related("track")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=SessionRole.objects.select_related("person").order_by("order", "pk"),
            )
        )
        .order_by("starts_at", "track__order", "pk")
    )


def speaker_roles(forum):
    return (
        SessionRole.objects.filter(session__forum=forum)
        .select_related("person", "person__organisation", "session")
        .order_by("person__family_name", "person__given_name", "session__starts_at")
    )


def sessions_on_stage(session_ids):
    """[(session, [its roles, in order, each with its person])] for `session_ids`, in one
    plain SQL query built once per process (per number of ids): this is the edited block's
    query, the only one of the programme after an edit besides the generations, and the
    ORM's building of it cost more than running it (docs/benchmarks.md). The rows come as
    the ORM would make them (`Model.from_db`, the fields' converters applied)."""
    if not session_ids:
        return []
    models = (Session, SessionRole, Person)
    fields = [field for model in models for field in model._meta.concrete_fields]
    converters = []
    for index, field in enumerate(fields):
        column = field.cached_col
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, column, found))
    with connection.cursor() as cursor:
        cursor.execute(_on_stage_sql(connection.vendor, len(session_ids)), list(session_ids))
        rows = cursor.fetchall()
    sizes = [len(model._meta.concrete_fields) for model in models]
    ends = list(itertools.accumulate(sizes))
    db = connection.alias
    sessions = {}
    for row in rows:
        row = list(row)
        for index, column, column_converters in converters:
            for converter in column_converters:
                row[index] = converter(row[index], column, connection)
        session_values, role_values, person_values = (
            row[end - size : end] for size, end in zip(sizes, ends, strict=True)
        )
        pk = session_values[0]
        if pk not in sessions:
            sessions[pk] = (Session.from_db(db, _attnames(Session), session_values), [])
        if role_values[0] is not None:  # a session nobody is on stage in: no role, one row
            session, roles = sessions[pk]
            role = SessionRole.from_db(db, _attnames(SessionRole), role_values)
            role.session = session
            role.person = Person.from_db(db, _attnames(Person), person_values)
            roles.append(role)
    return list(sessions.values())


@functools.cache
def _attnames(model):
    return [field.attname for field in model._meta.concrete_fields]


@functools.lru_cache(maxsize=32)
def _on_stage_sql(vendor, count):
    """Sessions, their roles and people on stage: a left join, so a session without
    anyone on stage comes too (in one row with empty role and person columns)."""
    quote = connection.ops.quote_name
    aliases = ("s", "r", "p")
    columns = ", ".join(
        f"{alias}.{quote(field.column)}"
        for alias, model in zip(aliases, (Session, SessionRole, Person), strict=True)
        for field in model._meta.concrete_fields
    )
    role = SessionRole._meta
    return (
        f"SELECT {columns} FROM {quote(Session._meta.db_table)} AS s "
        f"LEFT JOIN {quote(role.db_table)} AS r "
        f"ON r.{quote(role.get_field('session').column)} = s.{quote(Session._meta.pk.column)} "
        f"LEFT JOIN {quote(Person._meta.db_table)} AS p "
        f"ON p.{quote(Person._meta.pk.column)} = r.{quote(role.get_field('person').column)} "
        f"WHERE s.{quote(Session._meta.pk.column)} IN ({', '.join(['%s'] * count)}) "
        f"ORDER BY s.{quote(Session._meta.pk.column)}, r.{quote(role.get_field('order').column)}, "
        f"r.{quote(role.pk.column)}"
    )
