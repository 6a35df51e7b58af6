"""No calendar or password-reset token reaches a log line: neither Django's "Not Found"
warnings nor gunicorn's access log."""

import datetime as dt
import logging

import pytest
from gunicorn.config import Config

from config.logging import GunicornLogger, mask_secrets
from delegations.calendar_feed import new_token
from delegations.models import Person

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def django_lines():
    handler = Lines()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


@pytest.fixture
def token():
    return new_token(Person.objects.get(email="anders.kuhnau@example.org"))


def test_not_found_warning_for_a_bad_token_hides_it(client, django_lines, token):
    bad = token[:-4] + "AAAA"
    assert client.get(f"/calendar/{bad}.ics").status_code == 404
    assert django_lines, "the 404 is still logged"
    assert all(bad not in line and bad[:20] not in line for line in django_lines)
    assert any("Not Found: /calendar/[token]" in line for line in django_lines)


def test_good_token_leaves_no_line_with_it(client, django_lines, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    assert all(token not in line for line in django_lines)


def test_password_reset_token_is_masked(client, django_lines):
    client.get("/en/accounts/password/reset/MQ/abc-secret123/")
    assert all("abc-secret123" not in line for line in django_lines)


def test_gunicorn_access_log_masks_the_token(tmp_path, token):
    log_file = tmp_path / "access.log"
    cfg = Config()
    cfg.set("accesslog", str(log_file))
    logger = GunicornLogger(cfg)

    class Response:
        status = "404 Not Found"
        sent = 10
        headers = []

    for path in (f"/calendar/{token}.ics", f"/calendar/{token}.ics?x=1", "/en/forum/x/"):
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path,
            "PATH_INFO": path.split("?")[0],
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "10.0.0.1",
            "HTTP_REFERER": f"https://desk.example.org/calendar/{token}.ics",
        }
        logger.access(Response(), [], environ, dt.timedelta(seconds=0, microseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    written = log_file.read_text()
    assert token not in written
    assert written.count('"GET /calendar/[token]') == 2
    assert '"GET /en/forum/x/ HTTP/1.1" 404' in written


def test_mask_leaves_other_paths_alone():
    assert mask_secrets("Not Found: /en/forum/x/") == "Not Found: /en/forum/x/"
    assert mask_secrets("GET /calendar/abc%00.ics") == "GET /calendar/[token]"
    assert mask_secrets("/en/accounts/password/reset/sent/") == "/en/accounts/password/reset/sent/"


def test_json_events_mask_tokens_in_paths(token):
    import json

    from config.logging import JsonLines

    record = logging.LogRecord("delegation_desk.x", logging.WARNING, "", 0, "retry", (), None)
    record.path = f"/calendar/{token}.ics"
    line = JsonLines().format(record)
    assert token not in line
    assert json.loads(line)["path"] == "/calendar/[token]"
