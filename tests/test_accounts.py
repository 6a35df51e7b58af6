"""Sign-in, sign-out, password change and reset, in three languages."""

import re

import pytest
from django.core import mail

from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["da", "en", "zh-hans"])
def test_login_page_in_every_language(client, language):
    response = client.get(f"/{language}/accounts/login/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_delegate_signs_in_and_lands_on_the_itinerary(client):
    response = client.post(
        "/en/accounts/login/", {"username": "delegate", "password": "demo-password"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/me/"


def test_wrong_password_says_so(client):
    response = client.post("/en/accounts/login/", {"username": "delegate", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


@pytest.mark.parametrize(
    "target", ["https://evil.example.org/", "//evil.example.org/x", "http:/evil.example.org"]
)
def test_next_cannot_send_users_elsewhere(client, target):
    response = client.post(
        "/en/accounts/login/",
        {"username": "delegate", "password": "demo-password", "next": target},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_logout_needs_post_and_ends_the_session(client, delegate_user):
    client.force_login(delegate_user)
    assert client.get("/en/accounts/logout/").status_code == 405
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/en/me/").status_code == 302


def test_password_change(client, delegate_user):
    client.force_login(delegate_user)
    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": "demo-password",
            "new_password1": "a-much-Longer-pass-2026",
            "new_password2": "a-much-Longer-pass-2026",
        },
    )
    assert response.status_code == 302
    delegate_user.refresh_from_db()
    assert delegate_user.check_password("a-much-Longer-pass-2026")


def test_password_reset_by_mail(client, delegate_user):
    # The mail goes through the outbox (tests/test_outbox.py follows it to an SMTP server).
    response = client.post("/da/accounts/password/reset/", {"email": "delegate@example.org"})
    assert response.status_code == 302
    (message,) = OutboxMessage.objects.filter(to="delegate@example.org")
    link = re.search(r"http://testserver(/da/accounts/password/reset/\S+/)", message.body_text)
    assert link, message.body_text
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Brand-new-pass-77", "new_password2": "Brand-new-pass-77"},
    )
    assert done.status_code == 302
    delegate_user.refresh_from_db()
    assert delegate_user.check_password("Brand-new-pass-77")


def test_reset_does_not_reveal_unknown_addresses(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert not OutboxMessage.objects.exists()
    assert len(mail.outbox) == 0


@pytest.mark.parametrize(
    ("username", "landing"),
    [("delegate", "/en/me/"), ("embassy", "/en/embassy/"), ("staff", "/admin/")],
)
def test_each_role_lands_where_its_work_is(client, username, landing):
    response = client.post(
        "/en/accounts/login/", {"username": username, "password": "demo-password"}
    )
    assert response.status_code == 302 and response["Location"] == landing
    assert client.get(landing).status_code == 200
