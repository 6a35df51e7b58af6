"""In a real Chromium: the installed site keeps the delegate's last itinerary readable without
a connection (service worker, static/js/sw.js), stamped "as of"; signing out forgets it."""

import json

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
BEIJING = "region-midtjylland-beijing-2016"


def sign_in(page, live_server, lang="en"):
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_username", "delegate")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/{lang}/me/")


def test_manifest_and_worker_are_served_for_installing(client):
    manifest = client.get("/zh-hans/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = json.loads(manifest.content)
    assert data["start_url"] == "/zh-hans/me/" and data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    assert data["lang"] == "zh-hans" and "Delegation" not in data["name"]  # in Chinese
    worker = client.get("/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/"
    assert b"caches" in worker.content


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_itinerary_stays_readable_offline_with_its_stamp(
    browser, live_server, demo_in_live_db, lang
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server, lang)
    page.goto(f"{live_server.url}/{lang}/me/?delegation={BEIJING}")
    page.wait_for_selector("html[data-offline=kept]", state="attached", timeout=15000)
    online = page.inner_text("main")
    assert page.locator("[data-offline-stamp]").is_hidden()  # online: no stamp

    context.set_offline(True)
    page.reload()
    assert page.locator("h1").first.is_visible()
    offline = page.inner_text("main")
    stamp = page.locator("[data-offline-stamp]")
    assert stamp.is_visible()
    assert ("as of" if lang == "en" else "截至") in stamp.inner_text()
    assert page.locator("[data-offline-time]").get_attribute("datetime")
    # The same itinerary, driver card (Chinese address) included, and styled from the cache.
    assert "北京市" in offline
    for line in online.splitlines()[:5]:
        assert line in offline
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle")
        == "solid"
    )
    # Another trip of hers never kept: the last itinerary kept is shown.
    page.goto(f"{live_server.url}/{lang}/me/")
    assert page.locator("[data-offline-stamp]").is_visible()
    page.screenshot(path=f"var/screens/offline-{lang}.png", full_page=True)

    # Back online, signing out forgets the copy: offline, /me/ no longer opens.
    context.set_offline(False)
    page.goto(f"{live_server.url}/{lang}/me/?delegation={BEIJING}")
    page.click("form[data-sign-out] button")
    page.wait_for_load_state()
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 (Chromium's own "no connection" error)
        page.goto(f"{live_server.url}/{lang}/me/?delegation={BEIJING}")
    context.close()
