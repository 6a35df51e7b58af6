"""After the password and the second factor, each role lands on its own page."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.test_two_factor import TWO_FACTOR, current_code, mailed_code

pytestmark = pytest.mark.django_db
LANDING = {"staff": "/admin/", "embassy": "/en/embassy/", "delegate": "/en/me/"}


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.REQUIRE_SECOND_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.mark.parametrize("username", LANDING)
def test_each_role_lands_on_its_own_page(client, username):
    signed_in = client.post(
        "/en/accounts/login/", {"username": username, "password": "demo-password"}
    )
    assert signed_in.status_code == 302
    if username != "delegate":
        # The second factor, opened without a `next` (a bookmark, a reload after enrolling).
        assert client.get(TWO_FACTOR).status_code == 200
        # The first enrolment: the code e-mailed to the account's address first.
        client.post(TWO_FACTOR, {"address_code": mailed_code(username)})
        assert client.get(TWO_FACTOR).status_code == 200
        device = TOTPDevice.objects.get(user__username=username)
        verified = client.post(TWO_FACTOR, {"code": current_code(device)})
        assert verified.status_code == 302
        assert verified["Location"] == LANDING[username]
    else:
        assert signed_in["Location"] == LANDING[username]
    assert client.get(LANDING[username]).status_code == 200
