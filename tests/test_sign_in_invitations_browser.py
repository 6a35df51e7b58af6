"""In a real Chromium: staff invite a delegation's members from the admin; a member opens the
e-mailed link in Chinese, chooses a password and signs in to their itinerary."""

import re

import pytest
from django.contrib.auth.models import User

from delegations.models import Delegation, Person
from outbox.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = "/tmp/notify-screenshots"


def sign_in(page, live_server, username, password="demo-password"):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def test_staff_invite_the_delegation_and_a_member_chooses_a_password(
    page, live_server, demo_in_live_db, settings
):
    settings.SITE_URL = live_server.url
    trip = Delegation.objects.get(slug="region-midtjylland-beijing-2016")
    bettina = Person.objects.get(email="bettina.sorensen@example.org")
    Person.objects.filter(pk=bettina.pk).update(preferred_language="zh-hans")

    sign_in(page, live_server, "staff")
    page.goto(f"{live_server.url}/admin/delegations/delegation/?q=Beijing")
    page.check(f"input[name=_selected_action][value='{trip.pk}']")
    page.select_option("select[name=action]", "invite_members")
    page.click("button[name=index]")
    assert "invitations to sign in are on their way" in page.inner_text(".messagelist")
    page.set_viewport_size({"width": 1800, "height": 900})
    page.goto(f"{live_server.url}/admin/delegations/person/?q=Balslev")
    assert "sign-in" in page.inner_text("#result_list thead").lower()
    invited, signed_in = page.inner_text("#result_list td.field-sign_in").split("\n")
    assert invited.startswith("invited ") and "–" not in invited
    assert signed_in == "signed in –"  # not yet
    page.screenshot(path=f"{SCREENSHOTS}/invited-people.png", full_page=True)
    page.context.clear_cookies()  # the member's own browser

    message = OutboxMessage.objects.get(kind="invitation", to=bettina.email)
    link = re.search(r"https?://\S+/zh-hans/accounts/welcome/\S+/", message.body_text).group(0)
    page.goto(link)
    assert page.locator("h1").inner_text() == "设置您的密码"
    assert "bettina.sorensen@example.org" in page.inner_text("main")
    page.fill("input[name=new_password1]", "a-Long-new-pass-42")
    page.fill("input[name=new_password2]", "a-Long-new-pass-42")
    page.screenshot(path=f"{SCREENSHOTS}/choose-password-zh.png", full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_url("**/zh-hans/accounts/welcome/done/")
    assert "已保存" in page.inner_text("main")

    sign_in(page, live_server, "bettina.sorensen@example.org", "a-Long-new-pass-42")
    page.wait_for_url("**/me/**")
    user = User.objects.get(username="bettina.sorensen@example.org")
    assert user.last_login is not None
