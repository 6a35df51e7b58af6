"""The task that runs one job (queued by jobs.runner)."""

from django.tasks import task


@task(takes_context=True)
def run_job(context, job_id):
    from .runner import run

    return run(job_id, task_id=context.task_result.id)
