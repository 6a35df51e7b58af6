"""Heavy work as jobs: run by the real task worker, progress on a page, the file for its owner
only, errors shown, files removed after their time, a job surviving a worker's death."""

import datetime as dt
import signal
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

import jobs
from jobs.models import Job
from jobs.runner import recover_stale
from tests.worker import start_worker

# The worker sees only committed rows: these tests commit (and flush the database afterwards).
pytestmark = pytest.mark.django_db(transaction=True)


@jobs.register("test-rows")
def rows(job, params, progress):
    """Counts to params["n"], reporting progress; a log file (if given) records each run."""
    log = Path(params["log"]) if params.get("log") else None
    if log:
        with log.open("a") as f:
            f.write("start\n")
    flag = Path(params["wait_for"]) if params.get("wait_for") else None
    deadline = time.monotonic() + 30
    while flag and not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    n = params["n"]
    for i in range(1, n + 1):
        progress(i, n, f"row {i}")
    if log:
        with log.open("a") as f:
            f.write("end\n")
    return "rows.csv", "text/csv", "".join(f"{i}\n" for i in range(1, n + 1)).encode()


@jobs.register("test-file")
def written_file(job, params, progress):
    path = Path(params["dir"]) / "written.txt"
    path.write_text("written by the job")
    return "Report 2026.txt", "text/plain", path


@jobs.register("test-refused")
def refused(job, params, progress):
    raise jobs.JobError(params["error"])


@jobs.register("test-broken")
def broken(job, params, progress):
    return 1 / 0


@pytest.fixture
def files(settings, tmp_path):
    settings.JOB_FILES_ROOT = tmp_path / "jobs"
    return settings.JOB_FILES_ROOT


@pytest.fixture
def owner():
    return User.objects.create_user("owner", password="x-unused-9")


@pytest.fixture
def stranger():
    return User.objects.create_user("stranger", password="x-unused-9", is_staff=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_job_runs_in_the_worker_and_its_owner_downloads_the_file(client, files, owner):
    job = jobs.start(owner, "test-rows", {"n": 5})
    client.force_login(owner)
    waiting = client.get(f"/en/jobs/{job.pk}/")
    assert waiting.status_code == 200
    page = waiting.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "Waiting for its turn" in page

    run_worker()

    job.refresh_from_db()
    assert (job.state, job.progress_done, job.progress_total, job.attempts) == ("done", 5, 5, 1)
    assert job.expires_at - job.finished_at == dt.timedelta(hours=24)
    assert (files / job.file).read_bytes() == b"1\n2\n3\n4\n5\n"
    page = client.get(f"/en/jobs/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert f'href="/en/jobs/{job.pk}/download"' in page
    download = client.get(f"/en/jobs/{job.pk}/download")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="rows.csv"'
    assert download["Content-Type"] == "text/csv"
    assert b"".join(download.streaming_content) == b"1\n2\n3\n4\n5\n"


def test_someone_elses_job_is_404(client, files, owner, stranger):
    job = jobs.start(owner, "test-rows", {"n": 1})
    run_worker()
    client.force_login(stranger)
    assert client.get(f"/en/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/en/jobs/{job.pk}/download").status_code == 404
    client.logout()
    assert client.get(f"/en/jobs/{job.pk}/download").status_code == 302  # to sign-in


def test_progress_shows_while_it_runs(client, files, owner, django_assert_max_num_queries):
    job = jobs.start(owner, "test-rows", {"n": 10})
    Job.objects.filter(pk=job.pk).update(
        state="running", progress_done=3, progress_total=10, message="row 3"
    )
    client.force_login(owner)
    with django_assert_max_num_queries(6):
        page = client.get(f"/da/jobs/{job.pk}/").content.decode()
    assert '<progress value="3" max="10">30 %</progress>' in page
    assert "3 af 10" in page and "row 3" in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_a_job_may_hand_over_a_file_it_wrote(client, files, owner, tmp_path):
    job = jobs.start(owner, "test-file", {"dir": str(tmp_path)})
    run_worker()
    job.refresh_from_db()
    assert job.state == "done" and job.filename == "Report_2026.txt"
    client.force_login(owner)
    download = client.get(f"/en/jobs/{job.pk}/download")
    assert b"".join(download.streaming_content) == b"written by the job"
    assert not (tmp_path / "written.txt").exists()  # moved, not copied


@pytest.mark.parametrize("language", ["da", "en", "zh-hans"])
def test_a_failed_job_shows_its_error_to_the_user(client, files, owner, language):
    job = jobs.start(owner, "test-refused", {"error": "Nobody on the list has a name."})
    run_worker()
    client.force_login(owner)
    page = client.get(f"/{language}/jobs/{job.pk}/").content.decode()
    assert "Nobody on the list has a name." in page
    assert 'role="alert"' in page and 'http-equiv="refresh"' not in page
    assert client.get(f"/{language}/jobs/{job.pk}/download").status_code == 404


def test_an_unexpected_error_shows_a_general_message_not_the_traceback(client, files, owner):
    job = jobs.start(owner, "test-broken")
    run_worker()
    job.refresh_from_db()
    assert job.state == "failed"
    client.force_login(owner)
    page = client.get(f"/da/jobs/{job.pk}/").content.decode()
    assert "Jobbet mislykkedes" in page
    assert "ZeroDivisionError" not in page and "Traceback" not in page


def test_a_job_runs_once_even_if_queued_twice(files, owner, tmp_path):
    log = tmp_path / "runs.log"
    job = jobs.start(owner, "test-rows", {"n": 2, "log": str(log)})
    jobs.runner.queue(job)  # a second task for the same job
    run_worker()
    assert log.read_text() == "start\nend\n"
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def test_unknown_kinds_are_refused_at_start(owner):
    with pytest.raises(ValueError, match="no-such-kind"):
        jobs.start(owner, "no-such-kind")


def test_a_job_survives_a_worker_restart_retried_not_doubled(client, files, owner, tmp_path):
    log, flag = tmp_path / "runs.log", tmp_path / "go"
    job = jobs.start(owner, "test-rows", {"n": 3, "log": str(log), "wait_for": str(flag)})
    env = {"JOB_FILES_ROOT": str(files)}
    worker = start_worker("--interval", "0.1", imports=["tests.test_jobs"], env=env)
    try:
        deadline = time.monotonic() + 30
        while not (log.exists() and log.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert log.read_text() == "start\n", worker.stdout.read1().decode()
    finally:
        worker.send_signal(signal.SIGKILL)  # the worker dies mid-job
        worker.wait(timeout=10)
    job.refresh_from_db()
    assert job.state == "running" and job.attempts == 1

    assert recover_stale() == 0  # not stale yet: it may still be working
    later = timezone.now() + dt.timedelta(minutes=16)
    assert recover_stale(now=later) == 1
    job.refresh_from_db()
    assert job.state == "queued"
    lost = DBTaskResult.objects.get(id=job.task_id)
    assert lost.status == "FAILED"

    flag.touch()
    worker = start_worker("--batch", imports=["tests.test_jobs"], env=env)
    output = worker.communicate(timeout=60)[0].decode()
    assert worker.returncode == 0, output
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2), output
    assert log.read_text() == "start\nstart\nend\n"  # retried once, finished once
    client.force_login(owner)
    assert b"".join(client.get(f"/en/jobs/{job.pk}/download").streaming_content) == b"1\n2\n3\n"


def test_a_job_whose_worker_died_too_often_fails_with_a_message(files, owner):
    with translation.override("da"):  # the message is in the language the job was asked in
        job = jobs.start(owner, "test-rows", {"n": 1})
    long_ago = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(state="running", attempts=3, heartbeat_at=long_ago)
    assert recover_stale() == 1
    job.refresh_from_db()
    assert job.state == "failed" and "afbrudt for mange gange" in job.error


def test_files_are_removed_after_their_time(client, files, owner, settings):
    settings.JOB_FILE_HOURS = 2
    job = jobs.start(owner, "test-rows", {"n": 1})
    run_worker()
    job.refresh_from_db()
    path = files / job.file
    assert path.exists()
    call_command("prune_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert path.exists()  # not yet

    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("prune_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not path.exists() and not (files / str(job.pk)).exists()
    client.force_login(owner)
    assert client.get(f"/en/jobs/{job.pk}/download").status_code == 404
    assert "The file was removed" in client.get(f"/en/jobs/{job.pk}/").content.decode()


def test_files_are_kept_out_of_the_public_media_folder(settings):
    from django.conf import settings as live

    assert live.JOB_FILES_ROOT == live.MEDIA_ROOT / "jobs"
