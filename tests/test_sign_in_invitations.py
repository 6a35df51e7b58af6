"""Invitations to sign in: staff invite people or a delegation's members from the admin; each
gets a login, the Delegates group and a one-time link to choose a password, in their language."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from accounts.invitations import tokens
from delegations.models import Delegation, DelegationMember, Person
from outbox.models import OutboxMessage
from tests.worker import start_worker

pytestmark = pytest.mark.django_db
PEOPLE = "/admin/delegations/person/"
DELEGATIONS = "/admin/delegations/delegation/"
LINK = re.compile(r"https?://[^/\s]+(/[a-z-]+/accounts/welcome/[^/\s]+/[^/\s]+/)")


def invite(client, *people):
    return client.post(
        PEOPLE,
        {"action": "invite_to_sign_in", "_selected_action": [p.pk for p in people]},
        follow=True,
    )


def link_in(message):
    return LINK.search(message.body_text).group(1)


def choose_password(client, path, password="a-Long-new-pass-42"):
    """Open the link and choose a password; returns the final page."""
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    return client.post(
        form_url, {"new_password1": password, "new_password2": password}, follow=True
    )


@pytest.fixture
def christian():
    return Person.objects.get(email="christian.boel@example.org")


def test_inviting_a_person_makes_a_login_and_sends_a_one_time_link(staff_client, christian, client):
    assert christian.user is None
    page = invite(staff_client, christian)
    assert "1 invitation to sign in is on its way." in page.content.decode()

    christian.refresh_from_db()
    user = christian.user
    assert user.username == "christian.boel@example.org" and user.email == christian.email
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["Delegates"]
    assert christian.invited_at is not None
    (message,) = OutboxMessage.objects.filter(kind="invitation", to=christian.email)
    assert message.language == "da"
    assert message.subject == "Dit login til Delegation Desk"
    assert "Dit brugernavn: christian.boel@example.org" in message.body_text
    assert "i 7 dage" in message.body_text
    path = link_in(message)
    assert path.startswith("/da/accounts/welcome/")
    assert f'href="http://127.0.0.1:8000{path}"' in message.body_html

    done = choose_password(client, path)
    assert "Adgangskoden er gemt" in done.content.decode()
    assert client.login(username=user.username, password="a-Long-new-pass-42")
    # The link worked once.
    again = client.get(path, follow=True)
    assert "udløbet eller allerede brugt" in again.content.decode()


def test_staff_see_who_was_invited_when_and_who_signed_in(staff_client, christian, client):
    invite(staff_client, christian)
    christian.refresh_from_db()
    christian.user.last_login = timezone.now()
    christian.user.save()
    listing = staff_client.get(PEOPLE, {"q": "Boel"}).content.decode()
    assert "column-sign_in" in listing  # invited when and signed in when, in one column
    row = listing.split("Christian Boel", 1)[1].split("</tr>", 1)[0]
    cell = row.split('class="field-sign_in">', 1)[1].split("</td>", 1)[0]
    invited, signed_in = cell.split("<br>")
    assert invited.startswith("invited ") and "–" not in invited  # a date, not the empty mark
    assert signed_in.startswith("signed in ") and "–" not in signed_in
    change = staff_client.get(reverse("admin:delegations_person_change", args=[christian.pk]))
    assert "field-invited_at" in change.content.decode()


def test_a_person_without_an_e_mail_address_gets_a_clear_message_and_nothing_is_sent(
    staff_client, christian
):
    christian.email = ""
    christian.save()
    page = invite(staff_client, christian).content.decode()
    assert "Christian Boel has no e-mail address: nothing was sent." in page
    assert not OutboxMessage.objects.filter(kind="invitation").exists()
    christian.refresh_from_db()
    assert christian.user is None and christian.invited_at is None


def test_inviting_again_sends_a_new_link_and_the_old_one_stops_working(
    staff_client, christian, client
):
    invite(staff_client, christian)
    first = link_in(OutboxMessage.objects.get(kind="invitation"))
    invite(staff_client, christian)
    assert User.objects.filter(email=christian.email).count() == 1
    second = link_in(OutboxMessage.objects.filter(kind="invitation").first())
    assert first != second
    assert "udløbet" in client.get(first, follow=True).content.decode()
    assert "Adgangskoden er gemt" in choose_password(client, second).content.decode()


def test_the_link_expires_after_the_set_days(
    staff_client, christian, client, monkeypatch, settings
):
    settings.INVITATION_LINK_DAYS = 7
    invite(staff_client, christian)
    path = link_in(OutboxMessage.objects.get(kind="invitation"))
    real_now = tokens._now
    monkeypatch.setattr(tokens, "_now", lambda: real_now() + dt.timedelta(days=7, hours=1))
    assert "udløbet" in client.get(path, follow=True).content.decode()
    monkeypatch.setattr(tokens, "_now", lambda: real_now() + dt.timedelta(days=6))
    assert "Vælg din adgangskode" in client.get(path, follow=True).content.decode()


def test_a_delegations_members_are_invited_except_those_who_declined(staff_client):
    trip = Delegation.objects.get(slug="region-midtjylland-beijing-2016")
    places = list(trip.memberships.select_related("person"))
    declined = places[0]
    DelegationMember.objects.filter(pk=declined.pk).update(answer="declined")
    Person.objects.filter(pk=places[1].person_id).update(preferred_language="zh-hans")
    page = staff_client.post(
        DELEGATIONS, {"action": "invite_members", "_selected_action": [trip.pk]}, follow=True
    ).content.decode()
    invited = {m.to: m for m in OutboxMessage.objects.filter(kind="invitation")}
    wanted = {p.person.email for p in places[1:] if p.person.email}
    assert set(invited) == wanted
    assert f"{len(wanted)} invitations to sign in are on their way." in page
    chinese = invited[places[1].person.email]
    assert chinese.language == "zh-hans" and chinese.subject == "您的代表团事务台登录"
    assert "/zh-hans/accounts/welcome/" in chinese.body_text
    assert declined.person.email not in invited


@pytest.mark.django_db(transaction=True)
def test_end_to_end_the_invitation_arrives_by_smtp_and_its_link_signs_in(
    demo_in_live_db, smtp_server, client
):
    staff = User.objects.get(username="staff")
    client.force_login(staff)
    person = Person.objects.get(email="bettina.sorensen@example.org")
    Person.objects.filter(pk=person.pk).update(preferred_language="zh-hans")
    invite(client, person)
    client.logout()

    worker = start_worker("--batch", env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}"})
    output = worker.communicate(timeout=120)[0].decode()
    assert worker.returncode == 0, output
    (received,) = [m for m in smtp_server.messages if m["To"] == person.email]
    assert received["Subject"] == "您的代表团事务台登录"
    assert received["Content-Language"] == "zh-hans"
    parts = smtp_server.parts(received)
    assert "您的用户名：bettina.sorensen@example.org" in parts["text/plain"]
    assert 'lang="zh-hans"' in parts["text/html"] and "<a href=" in parts["text/html"]
    path = LINK.search(parts["text/plain"]).group(1)
    assert "已保存" in choose_password(client, path).content.decode()
    assert client.login(username="bettina.sorensen@example.org", password="a-Long-new-pass-42")
