"""Sign-ins, sign-outs and failures are logged as JSON lines without passwords."""

import io
import json
import logging

import pytest

from config.logging import JsonLines

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("delegation_desk")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_failed_and_successful_login_are_logged(client, event_lines):
    client.post(
        "/admin/login/?next=/admin/", {"username": "staff", "password": "wrong-password-123"}
    )
    client.post("/admin/login/?next=/admin/", {"username": "staff", "password": "demo-password"})
    client.logout()
    events = event_lines()
    assert [e["event"] for e in events] == ["login_failed", "login", "logout"]
    assert events[0]["username"] == "staff"
    assert events[0]["ip"] == "127.0.0.1"
    assert isinstance(events[1]["user_id"], int)
    raw = json.dumps(events)
    assert "wrong-password-123" not in raw and "demo-password" not in raw


def test_secret_fields_are_dropped():
    record = logging.LogRecord("delegation_desk.x", logging.INFO, "", 0, "feed", (), None)
    record.token = "abc-secret-token"
    record.event = "calendar_feed"
    line = json.loads(JsonLines().format(record))
    assert line["event"] == "calendar_feed"
    assert "token" not in line
