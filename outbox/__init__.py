"""The outbox: every e-mail the app sends, stored first, then sent by the task worker.

    import outbox

    outbox.send(
        to="anders.kuhnau@example.org",
        template="accounts/invitation",      # renders accounts/invitation_subject.txt,
        context={"link": link},              # accounts/invitation.txt and (if it exists)
        language=person.language(),          # accounts/invitation.html, in that language
        kind="invitation",                   # free text: what caused the message
    )

`send()` renders the subject, the plain text and the HTML (the HTML template is optional: the
text is then laid out in `outbox/message.html`) with the recipient's language active, stores an
`OutboxMessage` and queues the task that sends it through Django's mailer (`MAILERS`, from
`EMAIL_URL`). The message and its task are written in the caller's transaction: a rolled-back
change sends nothing, a committed one is never lost. A failed attempt (the mail server down) is
tried again later, the wait doubling each time (`OUTBOX_RETRY_SECONDS`, `OUTBOX_MAX_ATTEMPTS`);
staff see every message in the admin (Outbox) and can send a failed one again.
"""


def send(*, to, template, context=None, language=None, kind=""):
    """Render `template` in `language` for `to`, store it and queue it; returns the message."""
    from .mail import send as _send

    return _send(to=to, template=template, context=context, language=language, kind=kind)
