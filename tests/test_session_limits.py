"""Staff and embassy sessions time out when idle and end after an absolute limit."""

import time

import pytest

from delegations.session_limits import PRIVILEGED_SINCE

pytestmark = pytest.mark.django_db


def sign_in(client, username):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": "demo-password"}
    )
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
