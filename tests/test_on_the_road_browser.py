"""In a real Chromium at phone width (390 px): the demo delegate opens the app in Chinese on
5 December 2016 in Beijing, sees today's programme first, and shows a driver the hospital's
Chinese name with a map link."""

import datetime as dt
import os
import zoneinfo

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
MORNING_IN_BEIJING = dt.datetime(2016, 12, 5, 8, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def screenshot(page, name):
    """Screenshots for people to look at, when SCREENSHOT_DIR says where."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"))


def sign_in(page, live_server, language):
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("#id_username", "delegate")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/{language}/me/")


def test_on_a_phone_in_beijing_today_comes_first_with_a_card_for_the_driver(
    page, live_server, demo_in_live_db, frozen_now
):
    frozen_now(MORNING_IN_BEIJING)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "zh-hans")
    # The trip under way, without choosing it: today first, at the top of the page.
    assert page.locator("h1").inner_text() == "中日德兰大区2016年访京代表团"
    first_day = page.locator("section.day").first
    assert "今天" in first_day.locator("h2").inner_text()
    assert "2016年12月5日 星期一" in first_day.locator("h2").inner_text()
    assert first_day.bounding_box()["y"] < 844  # on the first screen
    # The next item is the opening at 09:00, marked.
    next_item = page.locator("li.item.next")
    assert next_item.count() == 1
    assert "论坛开幕式" in next_item.inner_text() and "下一项" in next_item.inner_text()
    assert "09:00" in next_item.inner_text() and "中国时间" in next_item.inner_text()
    assert "Asia/Shanghai" not in page.inner_text("body")
    # Tomorrow follows; the day before is folded away.
    assert "明天" in page.locator("section.day").nth(1).locator("h2").inner_text()
    hospital_visit = page.locator("li.item-visit", has_text="参观北京协和医院")
    assert not hospital_visit.is_visible()
    screenshot(page, "me-zh-hans-390")
    # Open yesterday's hospital visit and show the driver its Chinese name, large, with a map.
    page.locator("details.past-day summary", has_text="2016年12月4日").click()
    assert hospital_visit.is_visible()
    card = hospital_visit.locator(".driver-card")
    name = card.locator(".native-name")
    assert name.inner_text() == "北京协和医院"
    assert name.get_attribute("lang") == "zh-Hans"
    assert float(name.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    assert "北京市东城区帅府园1号" in card.inner_text()
    amap = card.locator("a.amap")
    assert amap.get_attribute("href").startswith("https://uri.amap.com/search?keyword=")
    assert "%E5%8C%97%E4%BA%AC%E5%8D%8F%E5%92%8C%E5%8C%BB%E9%99%A2" in amap.get_attribute("href")
    assert (
        card.locator("a.osm")
        .get_attribute("href")
        .startswith("https://www.openstreetmap.org/search?query=")
    )
    card.scroll_into_view_if_needed()
    screenshot(page, "me-zh-hans-390-driver-card")
    # The hospital of tomorrow's visit, too, without opening anything.
    tomorrow = page.locator("section.day").nth(1).locator("li.item-visit")
    assert "首都医科大学附属北京安定医院" in tomorrow.locator(".native-name").inner_text()
    # Contacts and emergency numbers on the same page, to call with a tap.
    assert page.locator(".contacts a[href='tel:120']").count() == 1
    # Nothing wider than the phone.
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_the_danish_page_and_the_print_view_on_a_phone(
    page, live_server, demo_in_live_db, frozen_now
):
    frozen_now(MORNING_IN_BEIJING)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "da")
    assert "I dag" in page.locator("section.day").first.locator("h2").inner_text()
    assert "mandag 5. december 2016" in page.locator("section.day").first.inner_text()
    assert "Kinesisk tid" in page.locator("li.item.next").inner_text()
    # The header of the phone page takes at most two lines (brand and languages, then links).
    screenshot(page, "me-da-390")
    links = page.locator(".site-header a:visible, .site-header button:visible")
    rows = {round(links.nth(i).bounding_box()["y"]) // 10 for i in range(links.count())}
    assert len(rows) <= 2, rows
    page.click("text=Vis tid hjemme")
    page.click("text=Udskriftsvenlig version")
    assert "home=1" in page.url
    assert page.locator(".home-time").count() > 0
    # The Print button (static script, strict CSP) and a Back link that looks like one.
    expect(page.locator("button[data-print]")).to_be_visible()  # once its deferred script ran
    back = page.locator(".print-actions a.button")
    assert back.get_attribute("href").startswith("/da/me/?")
    screenshot(page, "print-da-390")
    back.click()
    page.wait_for_url("**/da/me/**")
    assert page.locator(".home-time").count() > 0
