"""A job's page and its file: for the user who started it; 404 for everybody else."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .models import Job
from .runner import files_root


def own_job(request, job_id):
    return get_object_or_404(Job, pk=job_id, owner=request.user)


@login_required
def status(request, job_id):
    """Who: the job's owner. Progress while it runs (the page reloads itself), then the file."""
    job = own_job(request, job_id)
    return render(request, "jobs/job.html", {"job": job})


@login_required
def download(request, job_id):
    """Who: the job's owner, while the file is kept."""
    job = own_job(request, job_id)
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
