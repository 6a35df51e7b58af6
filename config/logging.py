"""One JSON object per line for the app's own events (logins, refusals, exports).

Events are logged as `logger.info("login", extra={"event": "login", "user_id": 3})`; every key
in `extra` that is not a standard LogRecord attribute becomes a field. Secrets never reach
here: callers pass ids and counts, never tokens or passwords; `SECRET_FIELDS` are dropped as a
second line of defence.
"""

import json
import logging

STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
SECRET_FIELDS = {"password", "token", "calendar_token", "sessionid", "csrftoken", "secret"}


class JsonLines(logging.Formatter):
    def format(self, record):
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in STANDARD or key.startswith("_") or key in SECRET_FIELDS:
                continue
            payload[key] = (
                value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
            )
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)
