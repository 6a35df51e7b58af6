"""Staff and embassy sessions time out when idle and end after an absolute limit."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import UserSession
from accounts.session_limits import PRIVILEGED_SINCE, RENEW_EVERY, RENEWED_AT

pytestmark = pytest.mark.django_db


def sign_in(client, username):
    login = "/admin/login/?next=/admin/" if username == "staff" else "/en/accounts/login/"
    response = client.post(login, {"username": username, "password": "demo-password"})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("username", ["staff", "embassy"])
def test_privileged_sessions_get_the_short_idle_timeout(client, settings, username):
    settings.PRIVILEGED_SESSION_IDLE_SECONDS = 600
    assert client.login(username=username, password="demo-password")
    assert client.session.get(PRIVILEGED_SINCE) is not None
    assert client.session.get_expiry_age() == 600


def test_delegate_session_keeps_the_default_age(client, settings):
    client.login(username="delegate", password="demo-password")
    assert client.session.get(PRIVILEGED_SINCE) is None
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_session_ends_after_the_absolute_limit(client, settings):
    sign_in(client, "staff")
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[PRIVILEGED_SINCE] = int(time.time()) - settings.PRIVILEGED_SESSION_MAX_SECONDS - 1
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_activity_renews_the_idle_timeout_at_most_once_a_minute(client):
    sign_in(client, "embassy")
    key = client.cookies["sessionid"].value
    client.get("/en/embassy/")
    first_expiry = UserSession.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/embassy/").status_code == 200
    assert not [q for q in queries if "usersession" in q["sql"] and "UPDATE" in q["sql"]]
    assert UserSession.objects.get(session_key=key).expire_date == first_expiry
    # A minute later the next request renews it.
    session = client.session
    session[RENEWED_AT] = int(time.time()) - RENEW_EVERY
    session.save()
    saved_at = UserSession.objects.get(session_key=key).expire_date
    time.sleep(0.01)
    assert client.get("/en/embassy/").status_code == 200
    assert UserSession.objects.get(session_key=key).expire_date > saved_at


def test_an_idle_privileged_session_ends(client, settings):
    sign_in(client, "embassy")
    key = client.cookies["sessionid"].value
    UserSession.objects.filter(session_key=key).update(expire_date="2000-01-01T00:00:00Z")
    response = client.get("/en/embassy/")
    assert response.status_code == 302 and "/login/" in response["Location"]
