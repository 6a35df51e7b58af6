"""Kept pages (pagecache/core.py): served from the cache while nothing they show changes,
rebuilt after every committed change to what they show (and only then), never shared between
people, languages or browsers.

Everywhere else the tests run without a cache (tests/conftest.py); here a real local-memory
cache is on, and changes are committed with django_capture_on_commit_callbacks(execute=True),
as a real request or admin save would commit them.
"""

import contextlib
import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

import pagecache
from delegations.calendar_feed import new_token
from delegations.models import Delegation, TravelLeg, Visit
from delegations.personal_data import anonymise_person
from forum.models import Forum, Session, SessionRole
from pagecache import core as page_cache
from pagecache.models import Generation

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
PROGRAMME = f"/en/forum/{SLUG}/"
BEIJING = "region-midtjylland-beijing-2016"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-page-cache",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs what the block scheduled for after the commit, as production does.
    Counters that earlier setup left waiting (fixtures, force_login: the test transaction never
    commits) are raised first, as if that setup had committed too; otherwise the block's
    changes would join them and never be raised."""

    @contextlib.contextmanager
    def committed():
        for _savepoints, callback, _robust in list(connection.run_on_commit):
            if isinstance(callback, page_cache._Raise) and not callback.done:
                callback()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return committed


def opening():
    return Session.objects.get(forum__slug=SLUG, title_en="Opening of the forum")


def forum_key():
    return pagecache.key("forum", Forum.objects.get(slug=SLUG).pk)


def programme_key():
    return pagecache.key("programme", Forum.objects.get(slug=SLUG).pk)


def generation(key):
    return pagecache.generations([key])[key]


def test_second_visit_comes_from_the_cache(client, django_assert_max_num_queries):
    first = client.get(PROGRAMME).content.decode()
    assert "Opening of the forum" in first
    # Only the forum's generation is read (with its id): no sessions or people.
    with django_assert_max_num_queries(1):
        again = client.get(PROGRAMME).content.decode()
    assert again == first


def test_an_edit_shows_once_committed(client, commit):
    client.get(PROGRAMME)
    session = opening()
    with commit():
        session.title_en = "Grand opening"
        session.save()
    html = client.get(PROGRAMME).content.decode()
    assert "Grand opening" in html and "Opening of the forum" not in html


def test_an_uncommitted_edit_raises_nothing(client):
    before = generation(programme_key())
    with pytest.raises(RuntimeError), transaction.atomic():
        session = opening()
        session.title_en = "Never saved"
        session.save()
        raise RuntimeError("rolled back")
    assert generation(programme_key()) == before
    assert "Never saved" not in client.get(PROGRAMME).content.decode()


def test_one_raise_per_transaction_however_many_rows(commit):
    before = generation(programme_key())
    with commit() as callbacks, transaction.atomic():
        for session in Session.objects.filter(forum__slug=SLUG)[:5]:
            session.room_en = "Hall A"
            session.save()
    assert len(callbacks) == 1
    assert generation(programme_key()) == before + 1


@pytest.mark.parametrize(
    "change",
    ["rename a speaker", "remove a speaker", "add a session", "unpublish the forum"],
)
def test_what_the_programme_shows_is_watched(client, commit, change):
    role = SessionRole.objects.filter(session=opening()).select_related("person").first()
    speaker = role.person
    client.get(PROGRAMME)
    with commit():
        if change == "rename a speaker":
            speaker.family_name = "Renamed"
            speaker.save()
        elif change == "remove a speaker":
            role.delete()
        elif change == "add a session":
            first = opening()
            Session.objects.create(
                forum=first.forum,
                title="Late addition",
                starts_at=first.starts_at + dt.timedelta(hours=1),
                ends_at=first.ends_at + dt.timedelta(hours=1),
            )
        else:
            forum = Forum.objects.get(slug=SLUG)
            forum.is_published = False
            forum.save()
    response = client.get(PROGRAMME)
    if change == "unpublish the forum":
        assert response.status_code == 404
        return
    html = response.content.decode()
    if change == "rename a speaker":
        assert f"{speaker.given_name} Renamed" in html
    elif change == "remove a speaker":
        assert speaker.latin_name not in html.split("Opening of the forum", 1)[1].split("</li>")[0]
    else:
        assert "Late addition" in html


def test_each_language_has_its_own_page(client):
    english = client.get(PROGRAMME).content.decode()
    chinese = client.get(f"/zh-hans/forum/{SLUG}/").content.decode()
    danish = client.get(f"/da/forum/{SLUG}/").content.decode()
    assert "Opening of the forum" in english
    assert "论坛开幕式" in chinese and "Opening of the forum" not in chinese
    assert 'lang="da"' in danish and danish != english


def test_signed_in_users_never_get_the_visitors_page(client, delegate_user):
    client.get(PROGRAMME)  # the visitors' page is now cached
    client.force_login(delegate_user)
    html = client.get(PROGRAMME).content.decode()
    assert "Sign out" in html and "My itinerary" in html


def test_query_strings_and_errors_are_not_kept_whole(client):
    client.get(PROGRAMME + "?utm=mail")
    # The sessions' blocks (held together) and the forum with its tracks, not the whole page.
    assert len(cache._cache) == 2
    client.get(PROGRAMME)
    # Now the visitors' whole page too, and the page around the sessions.
    assert len(cache._cache) == 4
    assert client.get(f"/en/forum/{SLUG}/sessions/999999/").status_code == 404
    assert client.get("/en/forum/no-such-forum/").status_code == 404
    assert len(cache._cache) == 4


def test_anonymised_person_disappears_from_cached_pages(client, commit, delegate_user):
    speaker = SessionRole.objects.filter(session=opening()).select_related("person").first().person
    name = speaker.latin_name
    assert name in client.get(PROGRAMME).content.decode()
    with commit():
        anonymise_person(speaker)
    assert name not in client.get(PROGRAMME).content.decode()


def test_itineraries_are_kept_per_person(client, commit, delegate_user, other_delegate):
    anders = delegate_user.person
    trip = Delegation.objects.get(slug=BEIJING)
    with commit():
        visit = Visit.objects.create(
            delegation=trip,
            host=Visit.objects.filter(delegation=trip).first().host,
            title="Private briefing for Anders",
            starts_at=dt.datetime(2016, 12, 6, 12, 0, tzinfo=dt.UTC),
            ends_at=dt.datetime(2016, 12, 6, 12, 30, tzinfo=dt.UTC),
            time_zone="Asia/Shanghai",
        )
        visit.participants.add(anders)
    client.force_login(delegate_user)
    assert (
        "Private briefing for Anders"
        in client.get(f"/en/me/?delegation={BEIJING}").content.decode()
    )
    client.force_login(other_delegate)
    response = client.get(f"/en/me/?delegation={BEIJING}")
    assert response.context["person"].latin_name == "Christian Boel"
    assert "Private briefing for Anders" not in response.content.decode()


def test_itinerary_and_feed_follow_a_changed_flight(client, commit, delegate_user):
    client.force_login(delegate_user)
    anders = delegate_user.person
    leg = TravelLeg.objects.filter(delegation__slug=BEIJING, travellers=anders).first()
    with commit():
        token = new_token(anders)
    page = f"/en/me/?delegation={BEIJING}"
    feed = f"/calendar/{token}.ics"
    client.get(page)
    client.get(feed)
    with commit():
        leg.reference = "SK 9999"
        leg.save()
    assert "SK 9999" in client.get(page).content.decode()
    assert "SK 9999" in client.get(feed).content.decode()


def test_the_generation_lives_in_the_database(commit):
    with commit():
        pagecache.changed(["person:1"])
    first = Generation.objects.get(key="person:1").value
    with commit():
        pagecache.changed(["person:1", "person:2"])
    assert Generation.objects.get(key="person:1").value == first + 1
    assert generation("person:2") >= 1


def test_a_bulk_import_raises_the_forum(commit):
    from forum import imports

    text = "E-mail,Given name,Family name\nnew.guest@example.org,Guest,New\n"
    headers, rows = imports.read_table("people.csv", text.encode())
    forum = Forum.objects.get(slug=SLUG)
    before = generation(forum_key())
    with commit():
        report = imports.import_participants(
            forum, headers, rows, imports.guess_mapping(headers), dry_run=False
        )
    assert report.people_created == 1
    assert generation(forum_key()) == before + 1


ME = f"/en/me/?delegation={BEIJING}"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def delegate_client(commit, delegate_user):
    """Signed in as the delegate, with CSRF checks on as in a browser."""
    client = Client(enforce_csrf_checks=True)
    with commit():
        client.force_login(delegate_user)
    return client


def test_own_page_comes_from_the_cache_and_its_forms_work(
    delegate_client, commit, django_assert_max_num_queries
):
    delegate_client.get(ME)  # the browser gets its CSRF cookie
    first = delegate_client.get(ME)
    assert first.context is not None  # rendered, and kept
    # One query (the session with the generations of the user, the roles and the person): the
    # user, trips and page come from the cache.
    with django_assert_max_num_queries(1):
        again = delegate_client.get(ME)
    assert again.status_code == 200 and again.context is None  # nothing rendered
    html = again.content.decode()
    assert TOKEN.sub("", html) == TOKEN.sub("", first.content.decode())
    assert len(TOKEN.findall(html)) >= 2
    assert again["Cache-Control"] == first["Cache-Control"]
    assert "no-store" in again["Cache-Control"] and "private" in again["Cache-Control"]
    old_feed = delegate_client.get(ME).content.decode().count("/calendar/")
    with commit():
        rotated = delegate_client.post(
            "/en/me/calendar-link/", {"csrfmiddlewaretoken": TOKEN.findall(html)[-1]}
        )
    assert rotated.status_code == 302  # the token put in by the cache is accepted
    after = delegate_client.get(ME)
    assert after.context is not None  # a message to show: not from the cache
    assert "Your calendar link is ready" in after.content.decode()
    assert after.context["feed_url"] and old_feed <= after.content.decode().count("/calendar/")


def test_own_pages_are_never_shared(commit, delegate_client, other_delegate):
    delegate_client.get(ME)
    anders = delegate_client.get(ME)  # from the cache
    other = Client()
    with commit():
        other.force_login(other_delegate)
    christian = other.get(ME)
    assert christian.context["person"].latin_name == "Christian Boel"  # built for him
    answers = re.compile(r"/me/memberships/(\d+)/answer/")
    mine = answers.findall(anders.content.decode())
    assert mine and mine != answers.findall(christian.content.decode())


@pytest.mark.parametrize("change", ["inactive", "password", "group", "session"])
def test_account_changes_count_from_the_next_request(
    delegate_client, commit, delegate_user, change
):
    from accounts.models import UserSession as StoredSession

    assert delegate_client.get(ME).status_code == 200
    assert delegate_client.get(ME).status_code == 200  # user and page now cached
    with commit():
        user = type(delegate_user).objects.get(pk=delegate_user.pk)
        if change == "inactive":
            user.is_active = False
            user.save()
        elif change == "password":
            user.set_password("a-new-password-77")
            user.save()
        elif change == "group":
            user.groups.clear()
        else:
            StoredSession.objects.all().delete()
    response = delegate_client.get(ME)
    if change == "group":
        assert response.status_code == 404  # signed in, but no itinerary any more
    else:
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_each_browser_gets_forms_that_work_in_it(commit, delegate_client, delegate_user):
    laptop = Client(enforce_csrf_checks=True)
    with commit():
        laptop.force_login(delegate_user)  # a second sign-in of the same person
    laptop.get(ME)  # each browser gets its CSRF cookie
    delegate_client.get(ME)
    delegate_client.get(ME)
    assert delegate_client.get(ME).context is None  # kept for the first browser
    page = laptop.get(ME)
    assert page.context is not None  # not the first browser's page
    token = TOKEN.findall(page.content.decode())[-1]
    assert laptop.post("/en/me/calendar-link/", {"csrfmiddlewaretoken": token}).status_code == 302


def test_a_page_without_a_trip_is_built_each_time(commit, other_delegate):
    """Without a trip the itinerary shows what comes from now on: it is never kept whole."""
    from delegations.models import DelegationMember

    with commit():
        DelegationMember.objects.filter(person__user=other_delegate).delete()
    browser = Client()
    with commit():
        browser.force_login(other_delegate)
    for _ in range(3):
        response = browser.get("/en/me/")
        assert response.status_code == 200 and response.context is not None
        assert response.context["trip"] is None
