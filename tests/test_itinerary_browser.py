"""In a real Chromium: the demo delegate signs in and reads the Beijing programme in Chinese."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_delegate_reads_the_beijing_trip_in_chinese(page, live_server, demo_in_live_db):
    page.goto(f"{live_server.url}/zh-hans/accounts/login/")
    page.fill("#id_username", "delegate")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/zh-hans/me/")
    page.click("text=中日德兰大区2016年访京代表团")
    page.wait_for_url("**delegation=region-midtjylland-beijing-2016")
    body = page.inner_text("main")
    assert "论坛开幕式" in body
    assert "参观北京协和医院" in body
    address = page.locator(".native-address").first
    assert address.get_attribute("lang") == "zh-Hans"
    assert "北京市" in address.inner_text()
    # Phone width: the item list stacks and nothing overflows sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
