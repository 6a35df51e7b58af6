"""E-mail through the outbox: stored, sent by the real task worker to a real SMTP server
(aiosmtpd on localhost), in the recipient's language, retried while the server is down."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import outbox
from delegations.models import Organisation, Person
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
# The worker sees only committed rows, and closes a connection left inside a transaction:
# tests that run it commit for real (and flush the database afterwards).
uses_worker = pytest.mark.django_db(transaction=True)
TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def test_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def make_due(message):
    """As if the wait before the next attempt had passed."""
    now = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=now)
    DBTaskResult.objects.filter(status="READY").update(run_after=now)


@uses_worker
@pytest.mark.parametrize(
    ("language", "greeting", "subject"),
    [
        ("da", "Log ind", "Delegation Desk"),
        ("en", "Log in", "Delegation Desk"),
        ("zh-hans", "登录", "代表团事务台"),
    ],
)
def test_a_message_arrives_with_text_and_html_in_the_recipients_language(
    smtp_server,
    language,
    greeting,
    subject,
):
    message = outbox.send(
        to="anders.kuhnau@example.org",
        template="outbox_test/greeting",
        context={"name": "Anders <Kühnau>", "link": "https://desk.example.org/x"},
        language=language,
        kind="test",
    )
    assert message.state == "queued" and smtp_server.messages == []  # the worker sends it

    run_worker()

    (received,) = smtp_server.messages
    assert received["To"] == "anders.kuhnau@example.org"
    assert received["Subject"] == f"{subject}: Anders <Kühnau>"
    assert received["Content-Language"] == language
    parts = smtp_server.parts(received)
    assert parts["text/plain"].strip() == f"{greeting}, Anders <Kühnau>: https://desk.example.org/x"
    assert f'<p lang="{language}">{greeting}, <b>Anders &lt;Kühnau&gt;</b>' in parts["text/html"]
    message.refresh_from_db()
    assert (message.state, message.attempts, message.language) == ("sent", 1, language)
    assert message.sent_at is not None and message.kind == "test"


@uses_worker
def test_without_an_html_template_the_text_is_laid_out_as_html(smtp_server):
    outbox.send(
        to="a@example.org",
        template="outbox_test/plain",
        context={"name": "Lü", "link": "https://desk.example.org/me/"},
        language="en",
    )
    run_worker()
    parts = smtp_server.parts(smtp_server.messages[0])
    assert "Log in, Lü: https://desk.example.org/me/" in parts["text/plain"]
    assert '<a href="https://desk.example.org/me/"' in parts["text/html"]
    assert '<html lang="en">' in parts["text/html"]


@uses_worker
def test_smtp_down_means_retried_with_backoff_and_delivered_once(smtp_server, settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    smtp_server.stop()
    message = outbox.send(
        to="a@example.org", template="outbox_test/greeting", context={"name": "A"}, language="en"
    )
    before = timezone.now()
    run_worker()

    message.refresh_from_db()
    assert (message.state, message.attempts) == ("queued", 1)
    assert "Connection refused" in message.last_error or "Errno" in message.last_error
    wait = message.next_attempt_at - before
    assert dt.timedelta(seconds=55) < wait < dt.timedelta(seconds=70)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == message.next_attempt_at

    # The second failure waits twice as long.
    make_due(message)
    before = timezone.now()
    run_worker()
    message.refresh_from_db()
    assert message.attempts == 2
    assert dt.timedelta(seconds=115) < message.next_attempt_at - before < dt.timedelta(seconds=130)

    smtp_server.start()
    run_worker()  # the retry is not due yet
    assert smtp_server.messages == []

    make_due(message)
    run_worker()
    run_worker()
    assert len(smtp_server.messages) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 3)
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@uses_worker
def test_a_message_fails_after_the_last_attempt_and_staff_send_it_again(
    smtp_server,
    settings,
    client,
    demo_in_live_db,
):
    staff_client = client
    staff_client.force_login(User.objects.get(username="staff"))
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.stop()
    message = outbox.send(
        to="b@example.org", template="outbox_test/greeting", context={"name": "B"}, language="da"
    )
    run_worker()
    make_due(message)
    run_worker()
    message.refresh_from_db()
    assert (message.state, message.attempts, message.next_attempt_at) == ("failed", 2, None)

    listing = staff_client.get("/admin/outbox/outboxmessage/")
    assert listing.status_code == 200
    page = listing.content.decode()
    for shown in ("b@example.org", "Delegation Desk: B", "Failed", "ConnectionRefusedError"):
        assert shown in page, shown

    smtp_server.start()
    response = staff_client.post(
        "/admin/outbox/outboxmessage/",
        {"action": "retry_now", "_selected_action": [message.pk]},
        follow=True,
    )
    assert "1 message queued to be sent now." in response.content.decode()
    run_worker()
    assert [m["To"] for m in smtp_server.messages] == ["b@example.org"]
    message.refresh_from_db()
    assert message.state == "sent"

    # Sending a sent message again does nothing.
    staff_client.post(
        "/admin/outbox/outboxmessage/", {"action": "retry_now", "_selected_action": [message.pk]}
    )
    run_worker()
    assert len(smtp_server.messages) == 1


@uses_worker
def test_retry_now_while_a_retry_waits_sends_once(smtp_server):
    smtp_server.stop()
    message = outbox.send(to="c@example.org", template="outbox_test/greeting", language="en")
    run_worker()
    smtp_server.start()
    assert outbox.mail.retry_now(OutboxMessage.objects.filter(pk=message.pk)) == 1
    run_worker()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()  # the old scheduled retry finds it sent
    assert len(smtp_server.messages) == 1


def test_the_outbox_is_read_only_and_for_regional_staff(staff_client, client, delegate_user):
    message = outbox.send(to="d@example.org", template="outbox_test/greeting", language="en")
    detail = staff_client.get(f"/admin/outbox/outboxmessage/{message.pk}/change/")
    assert detail.status_code == 200
    assert 'name="subject"' not in detail.content.decode()  # shown, not editable
    assert staff_client.get("/admin/outbox/outboxmessage/add/").status_code == 403
    client.force_login(delegate_user)
    assert client.get("/admin/outbox/outboxmessage/").status_code == 302


@uses_worker
def test_console_backend_sends_too(settings, capsys):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    message = outbox.send(to="e@example.org", template="outbox_test/greeting", language="en")
    run_worker()
    message.refresh_from_db()
    assert message.state == "sent"
    assert "To: e@example.org" in capsys.readouterr().out


@uses_worker
def test_a_rolled_back_change_sends_nothing(smtp_server):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.send(to="f@example.org", template="outbox_test/greeting", language="en")
        raise RuntimeError
    run_worker()
    assert smtp_server.messages == []
    assert not OutboxMessage.objects.filter(to="f@example.org").exists()


@uses_worker
def test_password_reset_goes_through_the_outbox(client, smtp_server, demo_in_live_db):
    response = client.post("/zh-hans/accounts/password/reset/", {"email": "delegate@example.org"})
    assert response.status_code == 302
    message = OutboxMessage.objects.get(kind="password_reset")
    assert (message.to, message.language) == ("delegate@example.org", "zh-hans")
    run_worker()
    (received,) = smtp_server.messages
    parts = smtp_server.parts(received)
    assert "请在此设置新密码：" in parts["text/plain"]
    assert re.search(
        r'href="http://testserver/zh-hans/accounts/password/reset/\S+/"', parts["text/html"]
    )


@pytest.mark.parametrize(
    ("country", "chosen", "language"),
    [
        ("CN", "", "zh-hans"),
        ("TW", "", "zh-hans"),
        ("SG", "", "zh-hans"),
        ("DK", "", "da"),
        ("DE", "", "en"),
        (None, "", "en"),
        ("CN", "da", "da"),
        ("DK", "en", "en"),
    ],
)
def test_a_persons_language_is_their_choice_or_their_countrys(country, chosen, language):
    organisation = (
        Organisation.objects.create(slug=f"org-{country}", name="Org", country=country)
        if country
        else None
    )
    person = Person.objects.create(
        given_name="P", family_name="Q", organisation=organisation, preferred_language=chosen
    )
    assert person.language() == language
