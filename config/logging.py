"""One JSON object per line for the app's own events (logins, refusals, exports).

Events are logged as `logger.info("login", extra={"event": "login", "user_id": 3})`; every key
in `extra` that is not a standard LogRecord attribute becomes a field. Secrets never reach
here: callers pass ids and counts, never tokens or passwords; `SECRET_FIELDS` are dropped and
tokens in addresses masked (`mask_secrets`) as a second line of defence.
"""

import json
import logging
import re

STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
SECRET_FIELDS = {"password", "token", "calendar_token", "sessionid", "csrftoken", "secret"}


class JsonLines(logging.Formatter):
    def format(self, record):
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_secrets(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key in STANDARD or key.startswith("_") or key in SECRET_FIELDS:
                continue
            payload[key] = mask_secrets(
                value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
            )
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


# Secrets that travel in addresses: the calendar feed's token, a password reset link's token.
SECRET_IN_PATH = re.compile(r"(?P<keep>/calendar/|/accounts/password/reset/[^/\s\"?]+/)[^\s\"?]+")


def mask_secrets(text):
    """`text` with the tokens in any address it contains replaced by `[token]`."""
    if not isinstance(text, str) or "/" not in text:
        return text
    return SECRET_IN_PATH.sub(r"\g<keep>[token]", text)


class MaskSecretsInPaths(logging.Filter):
    """Logger filter (django.request, django.server, config/settings.py LOGGING): Django's
    "Not Found: /calendar/<token>.ics" warnings carry the path; the token never reaches a
    log line."""

    def filter(self, record):
        masked = mask_secrets(record.getMessage())
        if masked != record.getMessage():
            record.msg, record.args = masked, ()
        return True


def gunicorn_logger_class():
    from gunicorn.glogging import Logger

    class GunicornLogger(Logger):
        """gunicorn's access log (docker/entrypoint.sh: --logger-class) with the tokens in
        request lines, paths and referrers masked as in Django's own log lines."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            return {key: mask_secrets(value) for key, value in atoms.items()}

    return GunicornLogger


GunicornLogger = gunicorn_logger_class()
