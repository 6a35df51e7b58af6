"""Rendering, storing and sending messages (the public entry point is `outbox.send`)."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .models import OutboxMessage

logger = logging.getLogger("delegation_desk.outbox")


def render(language, context, subject_template, text_template, html_template=None):
    """(subject, text, html) rendered in `language`. Without an HTML template (or when it does
    not exist) the text is laid out in outbox/message.html, links made clickable."""
    context = dict(context or {}, language=language)
    with translation.override(language):
        # A header holds one line; templates end with a newline.
        subject = " ".join(render_text(subject_template, context).split())
        text = render_text(text_template, context)
        try:
            if not html_template:
                raise TemplateDoesNotExist("no HTML template")
            html = render_to_string(html_template, context)
        except TemplateDoesNotExist:
            html = render_to_string(
                "outbox/message.html", {"subject": subject, "text": text, "language": language}
            )
    return subject, text, html


def render_text(template_name, context):
    """A plain-text template, rendered without HTML escaping (a name like "A & B" stays so)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send(*, to, template, context=None, language=None, kind=""):
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    subject, text, html = render(
        language, context, f"{template}_subject.txt", f"{template}.txt", f"{template}.html"
    )
    return store(to=to, language=language, subject=subject, text=text, html=html, kind=kind)


def store(*, to, language, subject, text, html, kind=""):
    """Store a rendered message and queue its sending (in the caller's transaction)."""
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            to=to,
            language=language,
            subject=subject[:300],
            body_text=text,
            body_html=html,
            kind=kind,
            next_attempt_at=timezone.now(),
        )
        queue(message)
    return message


def queue(message, run_after=None):
    """Queue the task that sends `message` (now, or not before `run_after`)."""
    from .tasks import deliver

    task = deliver.using(run_after=run_after) if run_after else deliver
    task.enqueue(message.pk)


def retry_delay(attempts):
    """Wait after the `attempts`-th failure: OUTBOX_RETRY_SECONDS, doubled each time."""
    return dt.timedelta(seconds=settings.OUTBOX_RETRY_SECONDS * 2 ** (attempts - 1))


def deliver(message_id):
    """Send a queued message whose time has come; returns what happened.

    The row stays locked while the mail server is asked, so two workers (a retry and a "retry
    now") never send one message twice; a task that finds the message sent, or not yet due
    (a newer schedule replaced its own), does nothing. On PostgreSQL the lock is this row's
    only; SQLite locks the whole database for writing meanwhile, so EMAIL_TIMEOUT bounds it.
    """
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != OutboxMessage.State.QUEUED:
            return "skipped"
        now = timezone.now()
        if message.next_attempt_at and message.next_attempt_at > now + dt.timedelta(seconds=1):
            return "not due"
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Content-Language": message.language},
        )
        email.attach_alternative(message.body_html, "text/html")
        message.attempts += 1
        try:
            email.send()
        except Exception as error:  # any failure of the mail server: try again later
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.state = OutboxMessage.State.FAILED
                message.next_attempt_at = None
            else:
                message.next_attempt_at = now + retry_delay(message.attempts)
                queue(message, run_after=message.next_attempt_at)
            message.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
            logger.warning(
                "mail not sent",
                extra={
                    "event": "mail_failed",
                    "message_id": message.pk,
                    "error": message.last_error,
                },
            )
            return "failed"
        message.state = OutboxMessage.State.SENT
        message.sent_at = timezone.now()
        message.next_attempt_at = None
        message.save(update_fields=["attempts", "state", "sent_at", "next_attempt_at"])
        return "sent"


def retry_now(messages):
    """Queue `messages` (not yet sent) to be sent at once, failed ones included."""
    count = 0
    with transaction.atomic():
        for message in messages.select_for_update().exclude(state=OutboxMessage.State.SENT):
            message.state = OutboxMessage.State.QUEUED
            message.next_attempt_at = timezone.now()
            message.save(update_fields=["state", "next_attempt_at"])
            queue(message)
            count += 1
    return count


def requeue_overdue(grace=dt.timedelta(minutes=10)):
    """Queue again messages whose retry is long overdue (their task was lost, e.g. pruned)."""
    overdue = OutboxMessage.objects.filter(
        state=OutboxMessage.State.QUEUED, next_attempt_at__lt=timezone.now() - grace
    )
    count = 0
    for message in overdue:
        queue(message)
        count += 1
    return count
