"""In a real Chromium: the calendar address on /me/ subscribes by webcal:// and copies with
one tap (static/js/copy.js); without script the button stays hidden and the address shows."""

import pytest

from delegations.calendar_feed import new_token
from delegations.models import Person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "delegate")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/en/me/")


def test_copy_button_copies_the_feed_address(browser, live_server, demo_in_live_db):
    token = new_token(Person.objects.get(email="anders.kuhnau@example.org"))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    sign_in(page, live_server)
    subscribe = page.locator("section.calendar a.button")
    assert (
        subscribe.get_attribute("href")
        == f"webcal://{live_server.url.split('://')[1]}/calendar/{token}.ics"
    )
    button = page.locator("button.copy[data-copy=feed-url]")
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.querySelector('button.copy').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"/calendar/{token}.ics")
    context.close()


def test_without_script_the_address_is_there_and_no_dead_button(
    browser, live_server, demo_in_live_db
):
    new_token(Person.objects.get(email="anders.kuhnau@example.org"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server)
    assert "/calendar/" in page.locator("#feed-url").inner_text()
    assert page.locator("button.copy").is_hidden()
    context.close()
