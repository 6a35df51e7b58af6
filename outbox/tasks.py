"""The task that sends one stored message (queued by outbox.mail)."""

from django.tasks import task


@task
def deliver(message_id):
    from .mail import deliver as _deliver

    return _deliver(message_id)
