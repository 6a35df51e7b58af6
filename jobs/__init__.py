"""Jobs: heavy work (badges, long PDFs, large exports and imports) run by the task worker.

A job is a function registered under a kind, in a module `<app>/jobs.py` (imported at start-up
by every process, the worker included):

    import jobs

    @jobs.register("badges", title=_("Name badges (PDF)"))
    def badges(job, params, progress):
        people = ...
        for done, person in enumerate(people, 1):
            ...
            progress(done, len(people))      # shown to the user; also proves the job is alive
        if not people:
            raise jobs.JobError(_("Nobody to make badges for."))   # shown to the user
        return "badges.pdf", "application/pdf", pdf_bytes    # or a path to a file it wrote
                                                             # (in jobs.work_folder(job))

A view starts it and sends the user to its page:

    job = jobs.start(request.user, "badges", {"forum": forum.pk},   # params: JSON
                     back=request.get_full_path())
    return redirect(job)                                            # /<lang>/jobs/<id>/

The page shows the progress (it reloads itself every 2 s, no script needed), then a download
link (`/<lang>/jobs/<id>/download`): only for the user who started the job, 404 for anybody
else. The file is kept privately under JOB_FILES_ROOT and removed JOB_FILE_HOURS after the job
finished (`manage.py prune_jobs`). A `JobError` fails the job with its message for the user;
any other exception fails it with a general message (the traceback goes to the log). A job
runs once: a second task for it does nothing; a job whose worker died (no progress for
JOB_STALE_MINUTES) is queued again by `manage.py recover_jobs` and its result is taken only
from the last attempt. Call `progress` at least that often.
"""

from .registry import JobError, register


def start(owner, kind, params=None, *, back=""):
    """Store a job of `kind` for `owner` and queue it (in the caller's transaction). `back`:
    the page it was asked from (a path on this site), linked from the job's page."""
    from .runner import start as _start

    return _start(owner, kind, params, back=back)


def work_folder(job):
    """A private folder for the job's files in the making; a file returned from it is kept,
    everything else in it removed when the job ends."""
    from .runner import work_folder as _work_folder

    return _work_folder(job)


__all__ = ["JobError", "register", "start", "work_folder"]
