# ruff: noqa: F811 (pytest fixtures imported from tests/test_page_cache.py)
"""The cache rules (pagecache.watch in each app's apps.py): what a change rebuilds, and what it
leaves kept. A kept page is one that comes back without rendering (`response.context is None`)
and with the kept query count.

Here a real local-memory cache is on and changes are committed (the `commit` fixture of
tests/test_page_cache.py); the seat test commits for real in a live database.
"""

import asyncio
import datetime as dt
import re

import pytest
from asgiref.sync import async_to_sync
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import AsyncClient, Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pagecache
from delegations.calendar_feed import new_token
from delegations.models import Person
from forum.models import Forum, Registration, Session
from pagecache import core
from tests.test_page_cache import (  # noqa: F401 (fixtures)
    BEIJING,
    ME,
    PROGRAMME,
    SLUG,
    TOKEN,
    commit,
    delegate_client,
    opening,
    page_cache_on,
)

pytestmark = pytest.mark.django_db


def kept(client, url, queries, assert_max_num_queries):
    """GET `url` and check it came from the cache in at most `queries` queries."""
    with assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200 and response.context is None, url
    return response


@pytest.fixture
def kept_me(delegate_client):
    """The delegate's /me/ page, kept for their browser."""
    delegate_client.get(ME)  # the browser gets its CSRF cookie
    assert delegate_client.get(ME).context is not None  # built and kept
    return delegate_client


def test_a_check_in_at_the_door_rebuilds_nothing_the_delegate_sees(
    kept_me, commit, delegate_user, django_assert_max_num_queries
):
    kept(kept_me, ME, 1, django_assert_max_num_queries)
    registration = Registration.objects.get(person=delegate_user.person, forum__slug=SLUG)
    with commit() as callbacks:
        # What the embassy's check-in does (forum/views/embassy.py).
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["status", "checked_in_at", "updated_at"])
    assert not callbacks  # no generation raised
    kept(kept_me, ME, 1, django_assert_max_num_queries)


def test_a_cancelled_registration_drops_its_sessions(kept_me, commit, delegate_user):
    reception = "Reception hosted by the Danish Embassy"  # he has a seat, not a role
    assert reception in kept_me.get(ME).content.decode()
    registration = Registration.objects.get(person=delegate_user.person, forum__slug=SLUG)
    with commit():
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
    assert reception not in kept_me.get(ME).content.decode()


def test_someone_elses_edit_and_sign_in_keep_your_page(
    kept_me, commit, other_delegate, django_assert_max_num_queries
):
    stranger = Person.objects.create(given_name="Unrelated", family_name="Visitor")
    with commit():
        stranger.phone = "+45 11 22 33 44"
        stranger.save()
        # Somebody else signs in: Django saves their last_login.
        other_delegate.last_login = timezone.now()
        other_delegate.save(update_fields=["last_login"])
    kept(kept_me, ME, 1, django_assert_max_num_queries)


def test_a_fellow_travellers_new_name_shows_on_your_page(kept_me, commit, delegate_user):
    leg = delegate_user.person.travel_legs.prefetch_related("travellers").first()
    fellow = next(p for p in leg.travellers.all() if p.pk != delegate_user.person.pk)
    with commit():
        fellow.given_name = "Renamed"
        fellow.save()
    assert f"Renamed {fellow.family_name}" in kept_me.get(ME).content.decode()


def test_a_new_calendar_link_rebuilds_the_own_page_but_not_the_feed(
    kept_me, commit, delegate_user, django_assert_max_num_queries
):
    person = delegate_user.person
    with commit():
        token = new_token(person)
    feed = Client()
    assert feed.get(f"/calendar/{token}.ics").status_code == 200  # kept
    with django_assert_max_num_queries(1):  # the person with their generation
        assert feed.get(f"/calendar/{token}.ics").status_code == 200
    kept_me.get(ME)
    assert kept_me.get(ME).context is None
    with commit() as callbacks:
        rotated = new_token(Person.objects.get(pk=person.pk))
    raised = callbacks[0].keys
    assert raised == {pagecache.key("user", delegate_user.pk)}  # not the feed's person:<id>
    with django_assert_max_num_queries(1):  # the same kept calendar under the new address
        assert feed.get(f"/calendar/{rotated}.ics").status_code == 200
    assert feed.get(f"/calendar/{token}.ics").status_code == 404
    page = kept_me.get(ME)
    assert page.context is not None and rotated in page.content.decode()


def test_editing_one_session_renders_only_that_session_again(client, commit):
    first = client.get(PROGRAMME)
    blocks = Session.objects.filter(forum__slug=SLUG).count()
    rendered = [t.name for t in first.templates].count("forum/public/_session_block.html")
    assert rendered == blocks
    session = opening()
    with commit():
        session.room_en = "Hall Z"
        session.save()
    after = client.get(PROGRAMME)
    assert "Hall Z" in after.content.decode()
    assert [t.name for t in after.templates].count("forum/public/_session_block.html") == 1


def test_a_renamed_track_shows_in_the_kept_blocks(client, commit):
    from forum.models import Track

    track = Track.objects.filter(forum__slug=SLUG, sessions__isnull=False).first()
    client.get(PROGRAMME)
    with commit():
        track.name_en = "Renamed track"
        track.save()
    html = client.get(PROGRAMME).content.decode()
    # In the list of tracks and in the blocks of its sessions.
    assert html.count("Renamed track") >= 2


def test_one_forums_edit_keeps_another_forums_pages(
    client, commit, other_embassy, django_assert_max_num_queries
):
    _user, tokyo = other_embassy
    with commit():
        pass  # the fixture's new forum counts as committed
    other = f"/en/forum/{tokyo.slug}/"
    client.get(other)
    kept(client, other, 1, django_assert_max_num_queries)
    session = opening()
    with commit():
        session.title_en = "Grand opening"
        session.save()
    kept(client, other, 1, django_assert_max_num_queries)
    assert "Grand opening" in client.get(PROGRAMME).content.decode()


def test_a_removed_group_permission_counts_for_everyone(kept_me, commit):
    from django.contrib.auth.models import Group, Permission

    delegates = Group.objects.get(name="Delegates")
    with commit():
        delegates.permissions.remove(Permission.objects.get(codename="view_own_itinerary"))
    assert kept_me.get(ME).status_code == 404


# --- the seat, with real commits -----------------------------------------------------------


def test_a_seat_taken_or_given_back_shows_on_the_next_request(
    demo_in_live_db, settings, before_the_beijing_forum
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "seat-test",
        }
    }
    from django.contrib.auth.models import User

    cache.clear()
    user = User.objects.get(username="delegate")
    token = new_token(user.person)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    session = Session.objects.get(
        forum__slug=SLUG, title_en="Sustainable city development in Aarhus"
    )
    me = f"/en/me/?delegation={BEIJING}"
    feed = f"/calendar/{token}.ics"
    browser.get(me)
    page = browser.get(me)
    assert page.context is not None and session.title not in page.content.decode()
    assert browser.get(me).context is None  # kept for this browser
    assert session.title_da not in Client().get(feed).content.decode()  # kept too (in Danish)

    def post(action):
        csrf = TOKEN.findall(browser.get(session.get_absolute_url()).content.decode())[0]
        response = browser.post(
            f"{session.get_absolute_url()}{action}/", {"csrfmiddlewaretoken": csrf}, follow=True
        )
        # The browser lands on the session page, which shows (and so uses up) the message.
        assert response.redirect_chain[-1][0] == session.get_absolute_url()
        return response.content.decode()

    assert "You have a seat in" in post("attend")
    page = browser.get(me)
    assert session.title in page.content.decode()
    assert session.title_da in Client().get(feed).content.decode()
    assert browser.get(me).context is None  # kept again

    assert "is free again" in post("leave")
    assert session.title not in browser.get(me).content.decode()
    assert session.title_da not in Client().get(feed).content.decode()
    cache.clear()


# --- request state: contextvars under WSGI and ASGI ----------------------------------------


def test_requests_side_by_side_in_one_thread_keep_their_own_generations():
    """Two ASGI requests run as tasks of one thread: each sees what it read, not the other's
    (a thread-local would mix them up)."""

    async def request(value, seen):
        core._request_started()
        core.note({"forum:1": value})
        await asyncio.sleep(0)  # the other request runs here
        seen[value] = core.generations(["forum:1"])["forum:1"]
        core._request_finished()

    async def both():
        seen = {}
        await asyncio.gather(
            asyncio.create_task(request(7, seen)), asyncio.create_task(request(9, seen))
        )
        return seen

    assert async_to_sync(both)() == {7: 7, 9: 9}


def test_the_request_state_starts_and_ends_with_each_wsgi_request(client, commit):
    client.get(PROGRAMME)
    assert core._known.get() is None  # reset by request_finished
    with commit():
        session = opening()
        session.title_en = "Grand opening"
        session.save()
    assert "Grand opening" in client.get(PROGRAMME).content.decode()


def test_under_asgi_a_committed_edit_shows_on_the_next_request(commit):
    client = AsyncClient()
    html = async_to_sync(client.get)(PROGRAMME)
    assert "Opening of the forum" in html.content.decode()
    assert core._known.get() is None
    with commit():
        session = opening()
        session.title_en = "Grand opening"
        session.save()
    again = async_to_sync(client.get)(PROGRAMME).content.decode()
    assert "Grand opening" in again and "Opening of the forum" not in again


# --- every model a kept page reads is watched ----------------------------------------------

# Read by kept pages but never changed by people using the app, or read fresh every time.
EXEMPT = {
    "accounts.UserSession": "read on every request (accounts/sessions.py); never kept",
    "pagecache.Generation": "the generations themselves",
    "contenttypes.ContentType": "made by migrate; part of the permission query",
}


def models_read(sql_list):
    tables = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    names = set()
    for sql in sql_list:
        names.update(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', sql))
    return {tables[name]._meta.label for name in names if name in tables}


@pytest.fixture
def all_pages(commit, delegate_user):
    with commit():
        token = new_token(delegate_user.person)
    session = opening()
    tokyo = Forum.objects.get(slug=SLUG)
    return {
        "home": (None, "/en/"),
        "programme": (None, PROGRAMME),
        "session": (None, f"/en/forum/{SLUG}/sessions/{session.pk}/"),
        "speakers": (None, f"/en/forum/{tokyo.slug}/speakers/"),
        "itinerary": (delegate_user, ME),
        "itinerary without a trip": (delegate_user, "/en/me/?home=1"),
        "calendar feed": (None, f"/calendar/{token}.ics"),
    }


def test_every_model_a_kept_page_reads_is_watched(all_pages):
    watched = {model._meta.label for model in pagecache.watched()}
    read_by_all = set()
    for name, (user, url) in all_pages.items():
        cache.clear()
        client = Client()
        if user is not None:
            client.force_login(user)
            client.get(url)  # the CSRF cookie
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, name
        read = models_read(q["sql"] for q in queries.captured_queries)
        unwatched = read - watched - set(EXEMPT)
        assert not unwatched, f"{name} shows {sorted(unwatched)}: watch them or exempt them"
        read_by_all |= read
    # The walk sees what the pages show (it would pass vacuously if it saw nothing).
    for label in (
        "forum.Session",
        "forum.SessionRole",
        "forum.Track",
        "delegations.Person",
        "delegations.TravelLeg",
        "delegations.Stay",
        "delegations.Visit",
        "delegations.DelegationMember",
        "delegations.TravelLeg_travellers",
        "forum.Registration_sessions",
        "auth.User",
    ):
        assert label in read_by_all, label


def test_after_an_edit_the_programme_costs_a_fixed_handful_of_queries(
    client, commit, django_assert_max_num_queries
):
    client.get(PROGRAMME)
    session = opening()
    with commit():
        session.starts_at += dt.timedelta(minutes=5)
        session.ends_at += dt.timedelta(minutes=5)
        session.save()
    # The forum's id with its generations, the sessions with theirs, the edited session with
    # its people on stage (the forum and its tracks are kept: they did not change).
    with django_assert_max_num_queries(3):
        assert client.get(PROGRAMME).status_code == 200


def rendered(response):
    return [template.name for template in response.templates]


def test_after_an_edit_only_the_edited_session_is_rendered_for_visitors(client, commit):
    client.get(PROGRAMME)
    session = opening()
    with commit():
        session.room = "Hall of Friendship"
        session.save()
    response = client.get(PROGRAMME)
    assert "Hall of Friendship" in response.content.decode()
    # One block, the days around the kept blocks; the page around them (base.html) is kept.
    assert rendered(response).count("forum/public/_session_block.html") == 1
    assert "base.html" not in rendered(response)


def test_the_page_around_the_sessions_follows_the_forum(client, commit):
    client.get(PROGRAMME)
    forum = opening().forum
    with commit():
        forum.name = "Second China Denmark Cities and Regions Forum"
        forum.save()
    response = client.get(PROGRAMME)
    html = response.content.decode()
    assert "<h1>Second China Denmark Cities and Regions Forum</h1>" in html
    assert "base.html" in rendered(response)
    assert "forum/public/_session_block.html" not in rendered(response)  # sessions are kept


# --- everyone booked on a visit or on stage: their itinerary follows the edit ---------------


def person_key(email):
    return pagecache.key("person", Person.objects.get(email=email).pk)


def raised(keys, change, commit):
    """Which of `keys` `change()` raises once committed."""
    before = pagecache.generations(keys)
    with commit():
        change()
    after = pagecache.generations(keys)
    return {key for key in keys if after[key] != before[key]}


def anding():
    from delegations.models import Visit

    return Visit.objects.get(title_en="Visit to Beijing Anding Hospital")


def test_a_new_interpreter_and_the_one_replaced_both_see_the_change(commit):
    visit = anding()
    wang, karen = "wang.li@example.org", "karen.holm@example.org"
    keys = [person_key(wang), person_key(karen)]

    def replace():
        visit.interpreter = Person.objects.get(email=karen)
        visit.save()

    assert raised(keys, replace, commit) == set(keys)


def test_a_new_host_contact_and_the_one_replaced_both_see_the_change(commit):
    visit = anding()
    liu, zhou = "liu.fang@example.org", "zhou.min@example.org"
    keys = [person_key(liu), person_key(zhou)]

    def replace():
        visit.host_contact = Person.objects.get(email=zhou)
        visit.save()

    assert raised(keys, replace, commit) == set(keys)


def test_an_edited_visit_raises_its_interpreter_contact_and_escorts(commit):
    visit = anding()
    signe = "signe.madsen@example.org"
    keys = [person_key(e) for e in ("wang.li@example.org", "liu.fang@example.org", signe)]
    assert raised(
        [person_key(signe)], lambda: visit.escorts.add(Person.objects.get(email=signe)), commit
    )

    def retitle():
        visit.title_en = "Visit to Anding, moved"
        visit.save()

    assert raised(keys, retitle, commit) == set(keys)


def test_an_interpreters_new_name_reaches_the_host_contact_and_participants(commit):
    wang = Person.objects.get(email="wang.li@example.org")
    keys = [
        person_key("liu.fang@example.org"),  # host contact at Anding, where Wang interprets
        person_key("christian.boel@example.org"),  # a participant there
    ]

    def rename():
        wang.phone = "+86 10 0000 0000"
        wang.save()

    assert raised(keys, rename, commit) == set(keys)


def test_a_role_on_stage_handed_over_raises_both_speakers(commit):
    from forum.models import SessionRole

    role = SessionRole.objects.get(session=opening(), person__email="chen.jing@example.org")
    keys = [person_key("chen.jing@example.org"), person_key("karen.holm@example.org")]

    def hand_over():
        role.person = Person.objects.get(email="karen.holm@example.org")
        role.save()

    assert raised(keys, hand_over, commit) == set(keys)


# --- cars: a member's itinerary shows their car and seat (delegations/cars.py) ---------------


def airport_cars():
    from delegations.models import Car, Transfer

    transfer = Transfer.objects.filter(delegation__slug="region-midtjylland-beijing-2016").order_by(
        "starts_at"
    )[0]
    return transfer, Car.objects.get(transfer=transfer, number=1)


def test_a_seat_given_to_someone_else_raises_both(commit):
    from delegations.models import CarSeat

    _transfer, car = airport_cars()
    seat = CarSeat.objects.get(car=car, position=2)  # Christian Boel
    keys = [person_key("christian.boel@example.org"), person_key("karen.holm@example.org")]

    def give():
        seat.person = Person.objects.get(email="karen.holm@example.org")
        seat.save()

    assert raised(keys, give, commit) == set(keys)


def test_a_new_driver_and_a_moved_transfer_raise_everyone_in_the_car(commit):
    transfer, car = airport_cars()
    in_car = [person_key(e) for e in ("anders.kuhnau@example.org", "christian.boel@example.org")]
    other = [person_key("bettina.sorensen@example.org")]  # in car 2

    def new_driver():
        car.driver_name = "Sun Tao"
        car.save()

    assert raised(in_car + other, new_driver, commit) == set(in_car)

    def later():
        transfer.starts_at += dt.timedelta(minutes=30)
        transfer.save()

    assert raised(in_car + other, later, commit) == set(in_car + other)
