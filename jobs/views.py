"""A job's page and its file: for the user who started it; 404 for everybody else."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from accounts.decorators import requires

from .models import Job
from .rules import job_from_id
from .runner import files_root


@requires("jobs.own_job", object=job_from_id)
def status(request, job):
    """Who: the job's owner. Progress while it runs (the page reloads itself), then the file."""
    return render(request, "jobs/job.html", {"job": job})


@requires("jobs.own_job", object=job_from_id)
def download(request, job):
    """Who: the job's owner, while the file is kept."""
    if job.state != Job.State.DONE or not job.file:
        raise Http404
    path = files_root() / job.file
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=job.content_type or "application/octet-stream",
    )
