"""Tasks of this app, run by the task worker (`manage.py db_worker`)."""

from django.tasks import task


@task
def send_due_notices():
    """Tell the people whose itinerary notices are due (delegations/notices.py)."""
    from .notices import send_due

    return send_due()
