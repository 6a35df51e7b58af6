"""Project-level checks: migrations complete, compose file valid, setup files consistent."""

import io
import pathlib
import shutil
import subprocess
import sys

import pytest
from django.core.management import call_command

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_missing_migrations():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_docker_compose_matches_the_compose_spec():
    check = shutil.which("check-jsonschema") or str(
        pathlib.Path(sys.executable).parent / "check-jsonschema"
    )
    result = subprocess.run(
        [check, "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_gunicorn_with_postgres_and_migrates():
    from ruamel.yaml import YAML

    compose = YAML(typ="safe").load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["db"]["image"].startswith("postgres")
    web = compose["services"]["web"]
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    assert "migrate" in entrypoint and "collectstatic" in entrypoint and "gunicorn" in entrypoint


def test_find_python_picks_312_or_newer():
    result = subprocess.run([str(ROOT / "bin" / "find-python")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info[:2] >= (3, 12))"],
        capture_output=True,
        text=True,
    )
    assert version.stdout.strip() == "True"


def test_find_python_explains_when_none_is_suitable(tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "bin" / "find-python")],
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path), "HOME": str(tmp_path)},
    )
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
