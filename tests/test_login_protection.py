"""django-axes: the 6th failure for one username from one address locks that pair out."""

import io
import json
import logging

import pytest

from config.logging import JsonLines

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


def attempt(client, password, ip="10.9.8.7", username="staff"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_sixth_failure_locks_username_and_address(client):
    for _ in range(5):
        response = attempt(client, "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    locked = attempt(client, "wrong-password")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # Even the right password is refused for this pair now…
    assert attempt(client, "demo-password").status_code == 429
    # …but the same user from another address, and another user from this one, may sign in.
    assert attempt(client, "demo-password", ip="10.9.8.8").status_code == 302
    client.logout()
    other = attempt(client, "demo-password", username="embassy")
    assert other.status_code in (200, 302)  # embassy is no admin user: form error, not 429
    assert other.status_code != 429


def test_success_before_the_limit_resets_the_count(client):
    for _ in range(5):
        attempt(client, "wrong-password")
    assert attempt(client, "demo-password").status_code == 302
    client.logout()
    for _ in range(5):
        assert attempt(client, "wrong-password").status_code == 200


def test_lockout_is_logged_without_the_password(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("delegation_desk")
    logger.addHandler(handler)
    try:
        for _ in range(6):
            attempt(client, "secret-guess-77")
    finally:
        logger.removeHandler(handler)
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [e["event"] for e in events].count("lockout") == 1
    assert "secret-guess-77" not in stream.getvalue()
