# ruff: noqa: F811 (pytest fixtures imported from tests/test_page_cache.py)
"""The programme after an edit (forum/views/public.py): the page is assembled from kept
session blocks, the edited session's block rebuilt from one plain SQL query
(forum.public.sessions_on_stage), the sessions listed with their generations by
`pagecache.rows`. What it assembles must equal what a fresh build renders; an edit shows at
once; an edit the programme does not show rebuilds nothing."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pagecache
from delegations.models import Person
from forum.models import Forum, Session, SessionRole, Track
from forum.public import programme_sessions, sessions_on_stage
from tests.test_page_cache import (  # noqa: F401 (fixtures)
    PROGRAMME,
    SLUG,
    commit,
    opening,
    page_cache_on,
)

pytestmark = pytest.mark.django_db


def rendered(response):
    return [template.name for template in response.templates]


def fresh(client):
    """The programme as a build from an empty cache renders it."""
    cache.clear()
    response = client.get(PROGRAMME)
    assert rendered(response).count("forum/public/_session_block.html") > 10
    return response.content.decode()


def test_an_edit_to_one_session_shows_at_once_and_only_its_block_is_rendered(client, commit):
    client.get(PROGRAMME)
    session = opening()
    with commit():
        session.room = "Hall of Friendship"
        session.title_en = "Opening of the second forum"
        session.save()
    response = client.get(PROGRAMME)
    html = response.content.decode()
    assert "Hall of Friendship" in html and "Opening of the second forum" in html
    assert rendered(response).count("forum/public/_session_block.html") == 1
    # The page put together from 1 new and the kept blocks is the page a fresh build makes.
    assert html == fresh(client)


def test_a_new_person_on_stage_shows_in_that_session_only(client, commit):
    client.get(PROGRAMME)
    coffee = Session.objects.get(forum__slug=SLUG, title_en="Coffee break")
    karen = Person.objects.get(email="karen.holm@example.org")
    with commit():
        SessionRole.objects.create(session=coffee, person=karen, role=SessionRole.Role.SPEAKER)
    response = client.get(PROGRAMME)
    html = response.content.decode()
    assert rendered(response).count("forum/public/_session_block.html") == 1
    block = html[html.index(">Coffee break<") :].split("</li>", 1)[0]
    assert f"#person-{karen.pk}" in block
    assert html == fresh(client)


@pytest.mark.parametrize(
    "change",
    [
        "phone of someone not on stage",
        "a session of another forum",
        "a check-in",
    ],
)
def test_an_edit_the_programme_does_not_show_rebuilds_nothing(
    client, commit, change, django_assert_max_num_queries
):
    forum = Forum.objects.get(slug=SLUG)
    elsewhere = Forum.objects.create(
        slug="another-forum", name="Another forum", starts_on=forum.starts_on,
        ends_on=forum.ends_on, time_zone=forum.time_zone, is_published=True,
    )  # fmt: skip
    other = Session.objects.create(
        forum=elsewhere, title="Elsewhere", starts_at=opening().starts_at,
        ends_at=opening().ends_at,
    )  # fmt: skip
    on_stage = SessionRole.objects.filter(session__forum=forum).values("person")
    bystander = Person.objects.exclude(pk__in=on_stage).first()
    registration = forum.registrations.first()
    with commit():
        pass  # the setup above is committed (its generations raised) before the page is kept
    before = client.get(PROGRAMME).content.decode()
    with django_assert_max_num_queries(1):
        assert client.get(PROGRAMME).context is None  # kept
    with commit():
        if change == "phone of someone not on stage":
            bystander.phone = "+45 12 34 56 78"
            bystander.save()
        elif change == "a session of another forum":
            other.room = "Somewhere else"
            other.save()
        else:
            registration.status = registration.Status.ATTENDED
            registration.save()
    with django_assert_max_num_queries(1):
        response = client.get(PROGRAMME)
    assert response.context is None  # the whole page, kept: nothing rendered
    assert response.content.decode() == before


def test_sessions_on_stage_gives_what_the_orm_gives():
    forum = Forum.objects.get(slug=SLUG)
    expected = {session.pk: session for session in programme_sessions(forum)}
    ids = sorted(expected, reverse=True)
    with CaptureQueriesContext(connection) as queries:
        found = sessions_on_stage(ids)
    assert len(queries.captured_queries) == 1
    assert sorted(session.pk for session, _roles in found) == sorted(ids)
    assert any(not roles for _session, roles in found)  # the coffee break: nobody on stage
    fields = [f.attname for f in Session._meta.concrete_fields]
    person_fields = [f.attname for f in Person._meta.concrete_fields]
    for session, roles in found:
        orm = expected[session.pk]
        assert [getattr(session, f) for f in fields] == [getattr(orm, f) for f in fields]
        assert session.starts_at.tzinfo is not None  # converted as the ORM does (SQLite too)
        assert [(r.pk, r.role, r.person_id) for r in roles] == [
            (r.pk, r.role, r.person_id) for r in orm.roles.all()
        ]
        for role, orm_role in zip(roles, orm.roles.all(), strict=True):
            assert role.session is session
            assert [getattr(role.person, f) for f in person_fields] == [
                getattr(orm_role.person, f) for f in person_fields
            ]
    assert sessions_on_stage([]) == []


def test_the_programme_order_is_start_then_track_then_id(client, commit):
    forum = Forum.objects.get(slug=SLUG)
    first = Session.objects.filter(forum=forum, track__isnull=False).order_by("starts_at").first()
    tracks = list(Track.objects.filter(forum=forum).order_by("-order"))
    with commit():
        # Three sessions at one time: one without a track comes after those with one.
        for title, track in (("Zeta trackless", None), ("Last track", tracks[0])):
            Session.objects.create(
                forum=forum, title=title, track=track, starts_at=first.starts_at,
                ends_at=first.ends_at,
            )  # fmt: skip
    html = client.get(PROGRAMME).content.decode()
    order = [
        session.title
        for session in sorted(
            Session.objects.filter(forum=forum, starts_at=first.starts_at).select_related("track"),
            key=lambda s: (s.track is None, s.track.order if s.track else 0, s.pk),
        )
    ]
    assert order[-1] == "Zeta trackless" and len(order) >= 3
    positions = [html.index(f">{title}<") for title in order]
    assert positions == sorted(positions)


def test_rows_reads_values_and_generations_in_one_query(commit):
    forum = Forum.objects.get(slug=SLUG)
    session = opening()
    with commit():
        pagecache.changed([pagecache.key("session", session.pk)])
    with CaptureQueriesContext(connection) as queries:
        found = pagecache.rows(Session, ["session"], ["starts_at", "track_id"], forum_id=forum.pk)
    assert len(queries.captured_queries) == 1
    expected = Session.objects.filter(forum=forum).values_list("pk", "starts_at", "track_id")
    assert sorted(row[:3] for row in found) == sorted(expected)
    generations = {row[0]: row[3] for row in found}
    keys = [pagecache.key("session", pk) for pk in generations]
    assert generations == {int(k.split(":")[1]): v for k, v in pagecache.generations(keys).items()}
    assert generations[session.pk] >= 1
    assert all(isinstance(row[1], dt.datetime) and row[1].tzinfo for row in found)
    assert pagecache.rows(Session, ["session"], limit=1, forum_id=-1) == []
    assert len(pagecache.rows(Session, ["session", "forum"], limit=2, forum_id=forum.pk)) == 2
