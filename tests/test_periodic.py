"""Periodic work: `manage.py run_periodic` runs what PERIODIC_COMMANDS lists, and the compose
file and `make run` start the worker and the scheduler."""

import datetime as dt
import io
import pathlib

import pytest
from django.contrib.sessions.backends.base import SessionBase
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from ruamel.yaml import YAML

import jobs
from jobs.models import Job
from outbox.models import OutboxMessage

ROOT = pathlib.Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


@jobs.register("test-periodic")
def nothing(job, params, progress):
    return "x.txt", "text/plain", b"x"


def test_run_periodic_recovers_jobs_prunes_files_and_results_and_clears_sessions(
    settings, tmp_path, staff_user
):
    from accounts.models import UserSession

    settings.JOB_FILES_ROOT = tmp_path
    long_ago = timezone.now() - dt.timedelta(days=2)
    stale = Job.objects.create(
        owner=staff_user, kind="test-periodic", state="running", attempts=1, heartbeat_at=long_ago
    )
    expired = Job.objects.create(
        owner=staff_user, kind="test-periodic", state="done", expires_at=long_ago
    )
    (tmp_path / str(expired.pk) / "1").mkdir(parents=True)
    (tmp_path / str(expired.pk) / "1" / "x.txt").write_bytes(b"x")
    Job.objects.filter(pk=expired.pk).update(file=f"{expired.pk}/1/x.txt")
    old_result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="jobs.tasks.run_job",
        backend_name="default",
        run_after=long_ago,
        status="SUCCESSFUL",
        finished_at=timezone.now() - dt.timedelta(days=30),
    )
    UserSession.objects.create(
        session_key="x" * 40, session_data=SessionBase().encode({}), expire_date=long_ago
    )
    message = OutboxMessage.objects.create(
        to="a@example.org",
        language="en",
        subject="s",
        body_text="t",
        body_html="h",
        next_attempt_at=long_ago,
    )

    out = io.StringIO()
    call_command("run_periodic", stdout=out)

    stale.refresh_from_db()
    assert stale.state == "queued"  # and a task to run it again:
    assert DBTaskResult.objects.filter(status="READY", task_path="jobs.tasks.run_job").exists()
    assert not (tmp_path / str(expired.pk)).exists()
    assert not DBTaskResult.objects.filter(pk=old_result.pk).exists()
    assert not UserSession.objects.filter(session_key="x" * 40).exists()
    assert DBTaskResult.objects.filter(
        status="READY", task_path="outbox.tasks.deliver", args_kwargs__args=[message.pk]
    ).exists()
    assert "1 interrupted job(s) recovered." in out.getvalue()
    assert "1 job file(s) removed." in out.getvalue()


def test_one_failing_command_does_not_stop_the_others(settings, staff_user, tmp_path):
    settings.JOB_FILES_ROOT = tmp_path
    settings.PERIODIC_COMMANDS = [("apply_retention", []), ("prune_jobs", [])]
    settings.PARTICIPANT_RETENTION_DAYS = None  # apply_retention refuses to run without it
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Failed: apply_retention"):
        call_command("run_periodic", stdout=out, stderr=err)
    assert "No retention period" in err.getvalue()
    assert "job file(s) removed" in out.getvalue()


def test_retention_is_periodic_only_when_configured():
    import subprocess
    import sys

    code = (
        "import django, os; django.setup(); from django.conf import settings; "
        "print([n for n, a in settings.PERIODIC_COMMANDS])"
    )
    listed = {}
    for days in ("", "30"):
        env = {"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin"}
        if days:
            env["PARTICIPANT_RETENTION_DAYS"] = days
        listed[days] = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    assert "apply_retention" not in listed[""] and "clearsessions" in listed[""]
    assert "apply_retention" in listed["30"]


def test_compose_runs_a_worker_and_a_scheduler_on_the_web_image():
    compose = YAML(typ="safe").load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name, command in (("worker", "db_worker"), ("scheduler", "run_periodic")):
        service = services[name]
        assert service["build"] == services["web"]["build"]
        assert service["entrypoint"] == ["python", "manage.py"]
        assert service["command"][0] == command
        assert (
            service["environment"]["DATABASE_URL"] == services["web"]["environment"]["DATABASE_URL"]
        )
        assert service["volumes"] == services["web"]["volumes"]  # job files are shared


def test_make_run_starts_a_worker_beside_the_server_and_stops_it_with_the_server():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nrun: demo\n", 1)[1].split("\n\n", 1)[0]
    assert "manage.py db_worker & worker=$$!" in recipe
    assert "trap 'kill $$worker" in recipe and "EXIT" in recipe
    assert recipe.rstrip().endswith("manage.py runserver $(HOST):$(PORT)")
