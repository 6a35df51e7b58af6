"""Settings come from the environment (django-environ); defaults are safe for local use."""

import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; print(json.dumps({"
    "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'tz': s.TIME_ZONE, 'engine': db['ENGINE'], "
    "'name': str(db['NAME']), 'host': db.get('HOST'), 'secret': s.SECRET_KEY, "
    "'languages': [code for code, _ in s.LANGUAGES], 'use_tz': s.USE_TZ, "
    "'static': s.STORAGES['staticfiles']['BACKEND'], 'conn_max_age': db.get('CONN_MAX_AGE'), "
    "'hsts': s.SECURE_HSTS_SECONDS}))"
)


def read_settings(**environment):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    env.update(environment, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_are_local_sqlite_in_var():
    values = read_settings()
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("var/delegation-desk.sqlite3")
    assert values["debug"] is False
    assert values["languages"] == ["da", "en", "zh-hans"]
    assert values["use_tz"] is True
    assert values["tz"] == "Europe/Copenhagen"


def test_environment_overrides():
    values = read_settings(
        DATABASE_URL="postgres://dd:secret@db.example.internal:5432/desk",
        DEBUG="true",
        SECRET_KEY="from-the-environment",
        ALLOWED_HOSTS="desk.example.org,www.desk.example.org",
        TIME_ZONE="Asia/Shanghai",
        CONN_MAX_AGE="30",
        SECURE_HSTS_SECONDS="31536000",
    )
    assert values["engine"] == "config.postgresql"  # Django's, with a cheaper health check
    assert values["host"] == "db.example.internal"
    assert values["name"] == "desk"
    assert values["debug"] is True
    assert values["secret"] == "from-the-environment"
    assert values["hosts"] == ["desk.example.org", "www.desk.example.org"]
    assert values["tz"] == "Asia/Shanghai"
    assert values["conn_max_age"] == 30
    assert values["hsts"] == 31536000
    assert values["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_production_serves_hashed_static_files():
    assert read_settings(DEBUG="false")["static"].startswith("whitenoise.storage.")
