"""Staff and embassy accounts need a TOTP code after the password; delegates do not."""

import pytest
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


def test_staff_must_enrol_before_opening_the_admin(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling has its own test below
    password_sign_in(client, "staff")
    response = client.get("/admin/delegations/delegation/")
    assert response.status_code == 302
    assert response["Location"].startswith(TWO_FACTOR)
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
    from django.contrib.auth.models import User

    return User.objects.get(username=username).pk
