"""Tasks of this app, run by the task worker (`manage.py db_worker`)."""

from django.tasks import task


@task
def send_due_notices(spread=True):
    """Tell the people whose itinerary notices are due (delegations/notices.py); with
    `spread`, a big batch is shared with a few more tasks."""
    from .notices import send_due

    return send_due(spread=spread)
