"""Who may see a job: the user who started it, nobody else (accounts/decorators.py)."""

import rules

from .models import Job


@rules.predicate
def started_it(user, job):
    return job is not None and job.owner_id == user.pk


rules.add_perm("jobs.own_job", started_it)


def job_from_id(request, job_id):
    return Job.objects.filter(pk=job_id).first()
