"""Starting, running, recovering and pruning jobs (the public API is in jobs/__init__.py)."""

import datetime as dt
import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from . import registry
from .models import Job

logger = logging.getLogger("delegation_desk.jobs")

# A job whose worker died this often is not tried again.
MAX_ATTEMPTS = 3
# Finished jobs are forgotten after this many days (their files went long before).
KEEP_ROWS_DAYS = 30
# Progress is written at most this often (a job may report every row).
PROGRESS_EVERY = dt.timedelta(seconds=1)


def start(owner, kind, params=None, *, back=""):
    if registry.get(kind) is None:
        raise ValueError(f"No job function registered for {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(
            owner=owner,
            kind=kind,
            params=params or {},
            back=back if _local(back) else "",
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        queue(job)
    return job


def _local(url):
    """A path on this site (the job's page links it), not too long to keep whole."""
    return len(url) <= 2000 and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def queue(job):
    from .tasks import run_job

    run_job.enqueue(str(job.pk))


def files_root():
    return Path(settings.JOB_FILES_ROOT)


def run(job_id, task_id=""):
    """Run a queued job. A job that is not queued (done, failed, or running elsewhere) is left
    alone, so a second task for the same job does nothing."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        task_id=task_id or "",
        error="",
    )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _run(job)


def _run(job):
    this_attempt = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts)
    function = registry.get(job.kind)
    last_write = [timezone.now()]

    def progress(done, total=None, message=None):
        now = timezone.now()
        if now - last_write[0] < PROGRESS_EVERY and done != total:
            return
        last_write[0] = now
        changes = {"progress_done": done, "heartbeat_at": now}
        if total is not None:
            changes["progress_total"] = total
        if message is not None:
            changes["message"] = str(message)[:300]
        this_attempt.update(**changes)

    try:
        if function is None:
            raise registry.JobError(_("This kind of job is not known (any more)."))
        filename, content_type, content = function(job, job.params, progress)
        relative = keep_file(job, filename, content)
    except registry.JobError as error:
        remove_work(job)
        return fail(this_attempt, str(error))
    except Exception:
        logger.exception("job failed", extra={"event": "job_failed", "job": str(job.pk)})
        remove_work(job)
        return fail(this_attempt, _("The job failed. Please try again, or ask regional staff."))
    finished = timezone.now()
    # Only the last attempt may finish the job (an earlier, presumed dead one is ignored).
    updated = this_attempt.update(
        state=Job.State.DONE,
        file=relative,
        filename=get_valid_filename(filename)[:200],
        content_type=content_type[:100],
        finished_at=finished,
        heartbeat_at=finished,
        expires_at=finished + dt.timedelta(hours=settings.JOB_FILE_HOURS),
    )
    if updated:
        Job.objects.filter(pk=job.pk, progress_total__isnull=False).update(
            progress_done=F("progress_total")
        )
        return "done"
    shutil.rmtree(files_root() / relative.rsplit("/", 1)[0], ignore_errors=True)
    return "superseded"


def work_folder(job):
    """A private folder for this attempt's files in the making (JOB_FILES_ROOT/<job>/<attempt>/
    work/): a file the job returns from here is moved, and the rest removed, when it is done."""
    folder = files_root() / str(job.pk) / str(job.attempts) / "work"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_file(job, filename, content):
    """Store the job's result under JOB_FILES_ROOT/<job>/<attempt>/; returns its relative path."""
    folder = Path(str(job.pk)) / str(job.attempts)
    (files_root() / folder).mkdir(parents=True, exist_ok=True)
    relative = folder / get_valid_filename(filename)
    if isinstance(content, (bytes, bytearray)):
        (files_root() / relative).write_bytes(content)
    else:
        shutil.move(str(content), files_root() / relative)
    shutil.rmtree(files_root() / folder / "work", ignore_errors=True)
    return relative.as_posix()


def remove_work(job):
    shutil.rmtree(files_root() / str(job.pk) / str(job.attempts), ignore_errors=True)


def fail(this_attempt, error):
    this_attempt.update(state=Job.State.FAILED, error=error, finished_at=timezone.now())
    return "failed"


def recover_stale(now=None):
    """Queue again the running jobs that gave no sign of life for JOB_STALE_MINUTES (their
    worker died or was restarted); fail those that died too often. Returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = Job.objects.filter(
        state=Job.State.RUNNING,
        heartbeat_at__lt=now - dt.timedelta(minutes=settings.JOB_STALE_MINUTES),
    )
    count = 0
    for job in stale:
        with transaction.atomic():
            # The same heartbeat: nobody reported progress since we looked.
            same = Job.objects.filter(
                pk=job.pk, state=Job.State.RUNNING, heartbeat_at=job.heartbeat_at
            )
            if job.attempts >= MAX_ATTEMPTS:
                with translation.override(job.language or settings.LANGUAGE_CODE):
                    error = _("The job was interrupted too often. Please try again later.")
                same.update(state=Job.State.FAILED, finished_at=now, error=error)
            elif same.update(state=Job.State.QUEUED):
                queue(job)
            # The lost task stays "running" in the task table otherwise, and is never pruned.
            if job.task_id:
                DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                    status="FAILED", finished_at=now, exception_class_path="jobs.WorkerLost"
                )
        count += 1
    return count


def prune(now=None):
    """Remove the files of jobs past their time; returns how many were removed."""
    now = now or timezone.now()
    expired = Job.objects.filter(expires_at__lt=now).exclude(file="")
    count = 0
    for job in expired:
        shutil.rmtree(files_root() / str(job.pk), ignore_errors=True)
        Job.objects.filter(pk=job.pk).update(file="")
        count += 1
    # The rows themselves (what was asked, when) go after a month.
    old = Job.objects.filter(finished_at__lt=now - dt.timedelta(days=KEEP_ROWS_DAYS))
    for pk in old.values_list("pk", flat=True):
        shutil.rmtree(files_root() / str(pk), ignore_errors=True)
    old.delete()
    return count
