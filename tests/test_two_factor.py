"""Staff and embassy accounts need a TOTP code after the password; delegates do not."""

import re

import pytest
from django.contrib.auth.models import User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
TWO_FACTOR = "/en/accounts/two-factor/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.REQUIRE_SECOND_FACTOR = True


def current_code(device):
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)  # token() is an int: keep leading zeros


def password_sign_in(client, username):
    assert client.login(username=username, password="demo-password")


def mailed_code(username):
    """The code in the latest enrolment e-mail to `username`'s address (the outbox)."""
    from outbox.models import OutboxMessage

    address = User.objects.get(username=username).email
    message = OutboxMessage.objects.filter(to=address, kind="enrolment_code").first()
    return re.search(r"\b(\d{6})\b", message.body_text).group(1)


def confirm_address(client, username, next_url="/admin/"):
    """The step before a first enrolment: the code e-mailed to the account's address."""
    page = client.get(TWO_FACTOR + f"?next={next_url}")
    assert page.status_code == 200 and "<svg" not in page.content.decode()
    response = client.post(
        TWO_FACTOR + f"?next={next_url}",
        {"address_code": mailed_code(username), "next": next_url},
    )
    assert response.status_code == 302


def test_staff_must_enrol_before_opening_the_admin(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling has its own test below
    password_sign_in(client, "staff")
    response = client.get("/admin/delegations/delegation/")
    assert response.status_code == 302
    assert response["Location"].startswith(TWO_FACTOR)
    confirm_address(client, "staff")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user__username="staff")
    assert not device.confirmed

    wrong = client.post(TWO_FACTOR, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "not right" in wrong.content.decode()

    right = client.post(TWO_FACTOR, {"code": current_code(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/delegations/delegation/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_enrolled_staff_enters_a_code_at_the_next_sign_in(client):
    device = TOTPDevice.objects.create(user_id=_user_id("staff"), name="phone", confirmed=True)
    password_sign_in(client, "staff")
    page = client.get(TWO_FACTOR + "?next=/admin/")
    assert "<svg" not in page.content.decode()  # no new enrolment offered
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_throttle_the_next_try(client):
    device = TOTPDevice.objects.create(user_id=_user_id("staff"), name="phone", confirmed=True)
    password_sign_in(client, "staff")
    client.post(TWO_FACTOR, {"code": "000000", "next": "/admin/"})
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": "/admin/"})
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_embassy_staff_are_asked_too(client):
    password_sign_in(client, "embassy")
    response = client.get("/en/embassy/")
    assert response.status_code == 302
    assert response["Location"].startswith(TWO_FACTOR)


def test_delegates_are_not_asked(client):
    password_sign_in(client, "delegate")
    response = client.get("/en/me/")
    assert not response.get("Location", "").startswith(TWO_FACTOR)


def test_next_cannot_leave_the_site(client):
    device = TOTPDevice.objects.create(user_id=_user_id("staff"), name="phone", confirmed=True)
    password_sign_in(client, "staff")
    for target in ("https://evil.example.org/", "//evil.example.org/", "javascript:alert(1)"):
        client.logout()
        password_sign_in(client, "staff")
        # A code is accepted once (replay protection): forget the last use between rounds.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        response = client.post(TWO_FACTOR, {"code": current_code(device), "next": target})
        assert response.status_code == 302
        assert "evil" not in response["Location"] and "javascript" not in response["Location"]


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(TWO_FACTOR)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _user_id(username):
    return User.objects.get(username=username).pk


def test_the_first_enrolment_waits_for_the_code_sent_to_the_accounts_address(client, settings):
    from outbox.models import OutboxMessage

    password_sign_in(client, "embassy")
    page = client.get(TWO_FACTOR + "?next=/en/embassy/").content.decode()
    assert "embassy@example.org" in page and "<svg" not in page
    assert not TOTPDevice.objects.filter(user__username="embassy").exists()
    (message,) = OutboxMessage.objects.filter(kind="enrolment_code")
    assert message.to == "embassy@example.org" and message.language == "en"
    client.get(TWO_FACTOR)  # a reload sends no second code
    assert OutboxMessage.objects.filter(kind="enrolment_code").count() == 1

    wrong_code = "000000" if mailed_code("embassy") != "000000" else "111111"
    wrong = client.post(TWO_FACTOR, {"address_code": wrong_code, "next": "/en/embassy/"})
    assert "That code is not right" in wrong.content.decode()
    # Five wrong tries use the code up: a new one is sent.
    for _ in range(4):
        client.post(TWO_FACTOR, {"address_code": wrong_code})
    assert OutboxMessage.objects.filter(kind="enrolment_code").count() == 1
    client.post(TWO_FACTOR, {"address_code": mailed_code("embassy")})  # too late: a new one
    assert OutboxMessage.objects.filter(kind="enrolment_code").count() == 2
    # A TOTP code without the address step confirms nothing.
    assert client.post(TWO_FACTOR, {"code": "123456"}).status_code == 200
    assert not TOTPDevice.objects.filter(user__username="embassy").exists()

    confirm_address(client, "embassy", "/en/embassy/")
    page = client.get(TWO_FACTOR + "?next=/en/embassy/").content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user__username="embassy", confirmed=False)
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    done = client.post(TWO_FACTOR, {"code": current_code(device), "next": "/en/embassy/"})
    assert done["Location"] == "/en/embassy/"


def test_an_account_without_an_address_cannot_enrol_and_is_told_why(client):
    User.objects.filter(username="staff").update(email="")
    password_sign_in(client, "staff")
    page = client.get(TWO_FACTOR).content.decode()
    assert "this account has none" in page and "<svg" not in page
    assert not TOTPDevice.objects.filter(user__username="staff").exists()


@pytest.mark.django_db(transaction=True)
def test_the_enrolment_code_arrives_by_smtp_in_the_pages_language(demo_in_live_db, smtp_server):
    from django.test import Client

    from tests.worker import start_worker

    client = Client()
    password_sign_in(client, "staff")
    page = client.get("/da/accounts/two-factor/?next=/admin/").content.decode()
    assert "staff@example.org" in page
    worker = start_worker("--batch", env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}"})
    output = worker.communicate(timeout=120)[0].decode()
    assert worker.returncode == 0, output
    (received,) = smtp_server.messages
    assert received["To"] == "staff@example.org" and received["Content-Language"] == "da"
    assert received["Subject"] == "Din kode til Delegation Desk"
    parts = smtp_server.parts(received)
    code = re.search(r"Din kode: (\d{6})", parts["text/plain"]).group(1)
    assert f"<strong>{code}</strong>" in parts["text/html"]
    confirmed = client.post("/da/accounts/two-factor/", {"address_code": code, "next": "/admin/"})
    assert confirmed.status_code == 302
    assert "<svg" in client.get("/da/accounts/two-factor/?next=/admin/").content.decode()
