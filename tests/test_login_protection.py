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


PROXY = "172.18.0.2"  # the TLS proxy's address, as the app sees it behind compose


def attempt_via_proxy(client, password, client_address, forged=None):
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return client.post(
        LOGIN,
        {"username": "staff", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_the_proxy_each_real_client_is_locked_on_its_own(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # BEHIND_TLS_PROXY=true
    for _ in range(6):
        attempt_via_proxy(client, "wrong-password", "203.0.113.5")
    assert attempt_via_proxy(client, "demo-password", "203.0.113.5").status_code == 429
    # The same proxy forwards another client: not locked out.
    assert attempt_via_proxy(client, "demo-password", "198.51.100.7").status_code == 302
    client.logout()
    # An address the attacker writes into the header himself is not believed: the proxy
    # appends the real one, and that one is locked.
    forged = attempt_via_proxy(client, "demo-password", "203.0.113.5", forged="198.51.100.7")
    assert forged.status_code == 429


def test_without_the_proxy_the_forwarded_header_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(6):
        client.post(
            LOGIN,
            {"username": "staff", "password": "wrong-password"},
            REMOTE_ADDR="10.9.8.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",  # a new address each time, all ignored
        )
    assert attempt(client, "demo-password").status_code == 429


def test_client_ip_reads_only_the_trusted_entry(rf, settings):
    from config.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2, 10.0.0.1")
    assert client_ip(request) == "2.2.2.2"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"  # not via the proxies
    garbage = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="x, nonsense\x00")
    assert client_ip(garbage) == "10.0.0.2"
