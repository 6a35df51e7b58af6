"""In a real Chromium, what the walk through the product as delegate and embassy found: a
check-in at the door leaves the list where it was under the thumb; the attendee list on a
laptop shows every column and its check-in buttons without scrolling sideways; another
trip's name is read whole on a phone."""

import pytest
from playwright.sync_api import expect

from forum.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "china-denmark-cities-regions-forum-2016"
PHONE = {"width": 390, "height": 844}


def sign_in(page, base, username, lang="en"):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


@pytest.mark.parametrize("lang", ["zh-hans", "da"])
def test_a_check_in_at_the_door_leaves_the_list_where_it_was(
    browser, live_server, demo_in_live_db, lang
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server.url, "embassy", lang)
    page.goto(f"{live_server.url}/{lang}/embassy/{SLUG}/door/?q=chen")
    cards = page.locator("#door-cards li.door-card")
    guest = Registration.objects.filter(
        forum__slug=SLUG, person__family_name="Chen", status="registered"
    ).order_by("-person__given_name")[0]
    card = page.locator(f"#r{guest.pk}")
    assert cards.count() > 3
    card.scroll_into_view_if_needed()
    before = card.bounding_box()["y"]
    height = card.bounding_box()["height"]
    arrived = int(page.locator("[data-arrived]").inner_text())
    card.locator("button").click()
    expect(card.locator(".checked")).to_be_visible()
    expect(page.locator("[data-arrived]")).to_have_text(str(arrived + 1))
    page.wait_for_timeout(300)
    # Sent at once: no queue line pushed in above the cards, the pressed card did not move.
    assert page.locator("#door-queue").is_hidden()
    assert abs(card.bounding_box()["y"] - before) < 1
    # The check-in line ("✓ Checked in 09:12 China Time") stays one line: the cards below,
    # and the next tap, stay where they were.
    assert abs(card.bounding_box()["height"] - height) < 1
    card.locator("button").click()  # Undo, where the thumb still is
    expect(page.locator("[data-arrived]")).to_have_text(str(arrived))
    assert abs(card.bounding_box()["y"] - before) < 1
    guest.refresh_from_db()
    assert guest.status == "registered" and guest.checked_in_at is None
    context.close()


def test_the_attendee_list_fits_a_laptop_screen(browser, live_server, demo_in_live_db):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "embassy", "da")
    page.goto(f"{live_server.url}/da/embassy/{SLUG}/attendees/")
    wrap = page.locator(".table-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), "the table scrolls sideways"
    button = page.locator("table.attendees tbody tr").first.locator("button")
    box = button.bounding_box()
    assert box["x"] + box["width"] <= 1366
    assert "Kinesisk tid" in page.locator("table.attendees thead").inner_text()
    context.close()


def test_another_trips_name_is_read_whole_on_a_phone(browser, live_server, demo_in_live_db):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "delegate")
    page.goto(f"{live_server.url}/en/me/?delegation=region-midtjylland-beijing-2016")
    chip = page.locator(".trip-switcher a").first
    assert "Shanghai 2027" in chip.inner_text()
    box = chip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert chip.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
