"""Shared fixtures.

The test database is created once per run (per xdist worker) with the Beijing demo loaded,
so every `db` test starts from the reference case; each test's changes are rolled back.
Transactional tests (live server, browser) flush the tables afterwards; pytest-django runs
them after the others, and `demo_in_live_db` loads the demo again where they need it.
"""

import os

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import translation

from tests.smtp import smtp_server  # noqa: F401 (a real SMTP server on localhost)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + ORM in one test


def _flushes_the_database(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db", "demo_in_live_db"} & set(fixtures)
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that flush the database (live server, threads) run last, after every test that
    relies on the demo loaded once per run. pytest-django orders them so, but other plugins
    (pytest-playwright's browser parametrisation) may reorder after it."""
    items.sort(key=_flushes_the_database)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.conf import settings

    # Real hashing costs ~0.3 s a sign-in; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The manifest storage needs collectstatic; tests serve files from the source folders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Tests run inside a transaction that never commits, so page counters are never raised
    # (they are raised on commit). Pages are built afresh here; tests/test_page_cache.py turns
    # a real cache on and commits with django_capture_on_commit_callbacks.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def site_language():
    # Each test starts in the site's default language: the test client leaves the language of
    # the last request active in the thread, so a test after a Chinese page would otherwise
    # read Chinese messages (xdist puts tests in a different order on each run).
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    # Tests of other behaviour sign staff in with force_login; tests/test_two_factor.py
    # switches the second factor on and covers it.
    settings.REQUIRE_SECOND_FACTOR = False


@pytest.fixture
def demo_in_live_db(transactional_db):
    """The demo, for transactional tests whose database was flushed by an earlier one (the
    flush also removes the groups made by migrations: seed_demo repairs them)."""
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def staff_user(db):
    return User.objects.get(username="staff")


@pytest.fixture
def delegate_user(db):
    return User.objects.get(username="delegate")


@pytest.fixture
def embassy_user(db):
    return User.objects.get(username="embassy")


@pytest.fixture
def other_delegate(db):
    """Christian Boel as a second delegate login (delegate B), in the Beijing delegation too."""
    from django.contrib.auth.models import Group

    from delegations.models import Person

    user = User.objects.create_user("christian", password="x-unused-9")
    user.groups.add(Group.objects.get(name="Delegates"))
    Person.objects.filter(email="christian.boel@example.org").update(user=user)
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def other_embassy(db):
    """(user, forum): the Danish embassy in Tokyo with its own published forum and staff login."""
    import datetime as dt

    from django.contrib.auth.models import Group

    from delegations.models import Organisation, Person
    from forum.models import Forum

    org = Organisation.objects.create(
        slug="embassy-tokyo", name="Embassy in Tokyo", country="JP", kind="embassy"
    )
    forum = Forum.objects.create(
        slug="tokyo-forum",
        name="Tokyo forum",
        starts_on=dt.date(2027, 5, 1),
        ends_on=dt.date(2027, 5, 2),
        city="Tokyo",
        country="JP",
        time_zone="Asia/Tokyo",
        is_published=True,
    )
    forum.hosts.add(org)
    user = User.objects.create_user("embassy-tokyo", password="x-unused-9")
    user.groups.add(Group.objects.get(name="Embassy staff"))
    Person.objects.create(given_name="Kenji", family_name="Sato", organisation=org, user=user)
    return user, forum


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: `playwright install` cannot download browsers here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture
def frozen_now(monkeypatch):
    """`frozen_now(instant)` stops the clock at an aware instant for the rest of the test:
    Django's `timezone.now()` (and so `localdate()`), which the app reads everywhere, in this
    process (the live server's thread too). Call it again to move the clock."""
    from django.utils import timezone

    def freeze(instant):
        monkeypatch.setattr(timezone, "now", lambda: instant)
        return instant

    return freeze


@pytest.fixture
def before_the_beijing_forum(monkeypatch):
    """The clock set to 1 December 2016, before the demo forum (5–6 December): its sessions
    can be booked (forum/capacity.py refuses sessions that have begun). Returns that time."""
    import datetime as dt

    from django.utils import timezone

    moment = dt.datetime(2016, 12, 1, 8, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment
