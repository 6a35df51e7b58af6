"""`manage.py check --deploy` is clean with the settings production uses: the web service's
environment in docker-compose.yml, with the operator's .env values filled in."""

import os
import pathlib
import re
import subprocess
import sys

from ruamel.yaml import YAML

ROOT = pathlib.Path(__file__).resolve().parent.parent
OPERATOR_ENV = {
    "POSTGRES_PASSWORD": "db-secret",
    "SECRET_KEY": "k8#p2Vq!r7Lm@x4Zt9Wn$c3Hb6Jy1Fd5Gs0Ae8Ku2Pi7Oq4Tw9Xe3Rz6Yb1Nc5Mv",
    "ALLOWED_HOSTS": "desk.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://desk.example.org",
    "EMAIL_URL": "smtp+tls://desk:secret@mail.example.org:587",
    "VAULT_KEYS": "cP2a6V0xJ1hK7mQ9sT3uW5yZ8bD4fG6hJ0kL2nP4rS8=",
}
# Set by the test run itself (Playwright, pytest); a deployment never has them.
TEST_ONLY = (
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "EMAIL_URL",
    "DATABASE_URL",
    "VAULT_KEYS",
)


def compose_environment(operator_env):
    """The web service's environment as docker compose would interpolate it."""
    compose = YAML(typ="safe").load((ROOT / "docker-compose.yml").read_text())

    def interpolate(value):
        def one(match):
            name, op, default = match.group(1), match.group(2), match.group(3)
            if name in operator_env:
                return operator_env[name]
            if op == ":?":
                raise AssertionError(f"compose requires {name}: {default}")
            return default or ""

        return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, str(value))

    return {k: interpolate(v) for k, v in compose["services"]["web"]["environment"].items()}


def check_deploy(operator_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith(TEST_ONLY)}
    env.update(compose_environment(operator_env))
    # No PostgreSQL server named "db" here; the checks do not depend on the engine.
    env["DATABASE_URL"] = "sqlite:////tmp/delegation-desk-deploy-check.sqlite3"
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_in_production():
    result = check_deploy(OPERATOR_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_compose_refuses_to_start_without_a_secret_key():
    without = {k: v for k, v in OPERATOR_ENV.items() if k != "SECRET_KEY"}
    try:
        compose_environment(without)
    except AssertionError as error:
        assert "SECRET_KEY" in str(error)
    else:
        raise AssertionError("compose accepted a missing SECRET_KEY")


def test_check_deploy_flags_a_weak_secret_key():
    result = check_deploy({**OPERATOR_ENV, "SECRET_KEY": "django-insecure-short"})
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_compose_refuses_to_start_without_keys_for_passport_numbers():
    without = {k: v for k, v in OPERATOR_ENV.items() if k != "VAULT_KEYS"}
    try:
        compose_environment(without)
    except AssertionError as error:
        assert "VAULT_KEYS" in str(error)
    else:
        raise AssertionError("compose accepted a missing VAULT_KEYS")


def test_check_deploy_warns_without_keys_for_passport_numbers(settings):
    from django.core import checks

    settings.VAULT_KEYS = []
    found = [m.id for m in checks.run_checks(include_deployment_checks=True)]
    assert "vault.W001" in found
    settings.VAULT_KEYS = ["cP2a6V0xJ1hK7mQ9sT3uW5yZ8bD4fG6hJ0kL2nP4rS8="]
    assert "vault.W001" not in [m.id for m in checks.run_checks(include_deployment_checks=True)]
