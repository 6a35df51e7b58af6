"""The door in a real Chromium at phone width (390 px): search by name and check in, the same
without JavaScript, a badge read through the decoders' entry point, the vendored decoder on
a real badge QR code, and a round offline then online where nobody is lost or doubled."""

import base64
import io
import os
import pathlib

import pytest
from playwright.sync_api import expect

from forum.models import CheckInEvent, Registration
from tests.qr import qr_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "china-denmark-cities-regions-forum-2016"
PHONE = {"width": 390, "height": 844}


def sign_in(page, base, lang="en"):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.fill("#id_username", "embassy")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


@pytest.fixture
def phone(browser, live_server, demo_in_live_db):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url)
    page.errors = errors
    yield page
    context.close()


def door(base, lang="en"):
    return f"{base}/{lang}/embassy/{SLUG}/door/"


def fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def test_search_by_name_in_the_other_order_and_check_in(phone, live_server):
    guest = Registration.objects.get(forum__slug=SLUG, person__email="chen.jing@example.org")
    before = int(Registration.objects.filter(forum__slug=SLUG, status="attended").count())
    phone.goto(door(live_server.url))
    phone.fill("#door-q", "Jing Chen")
    phone.click("#door-search button[type=submit]")
    phone.wait_for_url("**/door/?q=Jing+Chen")
    card = phone.locator(f"#r{guest.pk}")
    button = card.locator("button", has_text="Check in")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb's target
    fits_the_screen(phone)
    button.click()
    expect(card.locator(".checked")).to_contain_text("China")
    expect(card.locator("button")).to_have_text("Undo")
    expect(phone.locator("[data-arrived]")).to_have_text(str(before + 1))
    assert phone.url.endswith("?q=Jing+Chen")  # no reload, the search stays
    guest.refresh_from_db()
    assert guest.status == "attended" and guest.checked_in_at is not None
    assert CheckInEvent.objects.filter(registration=guest, changed=True).count() == 1
    card.locator("button", has_text="Undo").click()
    expect(card.locator("button")).to_have_text("Check in")
    guest.refresh_from_db()
    assert guest.status == "registered" and guest.checked_in_at is None
    assert phone.errors == []


def test_without_javascript_the_forms_come_back_to_the_same_card(
    browser, live_server, demo_in_live_db
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url)
    guest = Registration.objects.get(forum__slug=SLUG, person__email="bettina.sorensen@example.org")
    page.goto(door(live_server.url))
    assert page.locator("#door-scan").is_hidden()  # the camera needs the script
    page.fill("#door-q", "bettina sorensen")
    page.click("#door-search button[type=submit]")
    page.locator(f"#r{guest.pk} button", has_text="Check in").click()
    page.wait_for_url(f"**/door/?q=bettina+sorensen#r{guest.pk}")
    assert "✓" in page.locator(f"#r{guest.pk} .state").inner_text()
    assert page.evaluate("window.scrollY") > 0 or page.evaluate(
        "document.documentElement.scrollHeight <= window.innerHeight"
    )
    guest.refresh_from_db()
    assert guest.status == "attended"
    fits_the_screen(page)
    context.close()


def test_a_scanned_badge_checks_in_once_and_can_be_undone(phone, live_server):
    guest = Registration.objects.filter(forum__slug=SLUG, status="invited").first()
    phone.goto(door(live_server.url))
    expect(phone.locator("#door-scan")).to_be_visible()
    # What BarcodeDetector or jsQR hand over when they read a badge (static/js/door.js).
    phone.evaluate("code => DoorDesk.scanned(code)", guest.badge_code)
    phone.evaluate("code => DoorDesk.scanned(code)", guest.badge_code)  # still in view
    result = phone.locator("#door-result")
    expect(result).to_contain_text(f"{guest.person} is checked in.")
    guest.refresh_from_db()
    assert guest.status == "attended"
    assert CheckInEvent.objects.filter(registration=guest).count() == 1
    result.locator("button", has_text="Undo").click()
    expect(result).to_contain_text("Check-in undone")
    guest.refresh_from_db()
    assert guest.status == "invited" and guest.checked_in_at is None
    cancelled = Registration.objects.filter(forum__slug=SLUG, status="cancelled").first()
    phone.evaluate("code => DoorDesk.scanned(code)", cancelled.badge_code)
    expect(result).to_contain_text("A cancelled registration cannot be checked in.")
    expect(result).to_have_class("door-result is-error")
    phone.evaluate("code => DoorDesk.scanned(code)", "NOT-A-BADGE")
    expect(result).to_contain_text("No registration for this forum has this badge.")
    assert phone.errors == [] or all("409" in e or "404" in e for e in phone.errors)


def test_the_vendored_decoder_reads_a_badges_qr_code(phone, live_server):
    guest = Registration.objects.filter(forum__slug=SLUG).first()
    png = "data:image/png;base64," + base64.b64encode(qr_png(guest.badge_code)).decode()
    phone.goto(door(live_server.url))
    assert phone.evaluate("'BarcodeDetector' in window") is False  # Chromium on Linux: jsQR
    code = phone.evaluate(
        """async (src) => {
            const img = new Image();
            img.src = src;
            await img.decode();
            const scale = 8;
            const canvas = document.createElement("canvas");
            canvas.width = img.width * scale;
            canvas.height = img.height * scale;
            const context = canvas.getContext("2d");
            context.imageSmoothingEnabled = false;
            context.fillStyle = "#fff";
            context.fillRect(0, 0, canvas.width, canvas.height);
            context.drawImage(img, 0, 0, canvas.width, canvas.height);
            return DoorDesk.decode(canvas, canvas.width, canvas.height);
        }""",
        png,
    )
    assert code == guest.badge_code
    assert phone.evaluate("typeof window.jsQR") == "function"  # loaded from static files


def test_offline_then_online_nobody_lost_nobody_doubled(phone, live_server):
    chosen = list(
        Registration.objects.filter(
            forum__slug=SLUG, status="registered", person__family_name="Wang"
        ).order_by("person__family_name", "person__given_name", "pk")[:2]
    )
    assert len(chosen) == 2
    phone.goto(door(live_server.url) + "?q=Wang")
    phone.context.set_offline(True)
    for guest in chosen:
        phone.locator(f"#r{guest.pk} button", has_text="Check in").click()
    expect(phone.locator("#door-queue")).to_contain_text("2")
    phone.wait_for_timeout(1000)
    assert phone.evaluate("DoorDesk.queue().length") == 2
    assert not Registration.objects.filter(pk__in=[g.pk for g in chosen], status="attended")
    phone.context.set_offline(False)
    expect(phone.locator("#door-queue")).to_contain_text("All check-ins sent.", timeout=15000)
    for guest in chosen:
        guest.refresh_from_db()
        assert guest.status == "attended"
        events = CheckInEvent.objects.filter(registration=guest)
        assert [(e.action, e.changed) for e in events] == [("check_in", True)]
        expect(phone.locator(f"#r{guest.pk} .checked")).to_be_visible()
    assert phone.evaluate("DoorDesk.queue().length") == 0


def test_an_answer_lost_on_the_way_back_is_sent_again_and_changes_nothing(phone, live_server):
    guest = Registration.objects.filter(
        forum__slug=SLUG, status="registered", person__family_name="Li"
    ).first()
    history = guest.history.count()
    lost = []

    def lose_the_first_answer(route):
        if not lost:
            route.fetch()  # the server checks in...
            lost.append(True)
            route.abort()  # ...but the phone never hears back
        else:
            route.continue_()

    phone.goto(door(live_server.url) + f"?q={guest.person.given_name}+{guest.person.family_name}")
    phone.route("**/door/check-in/", lose_the_first_answer)
    phone.locator(f"#r{guest.pk} button", has_text="Check in").click()
    expect(phone.locator(f"#r{guest.pk} .checked")).to_be_visible(timeout=15000)
    guest.refresh_from_db()
    assert lost and guest.status == "attended"
    assert CheckInEvent.objects.filter(registration=guest).count() == 1
    assert guest.history.count() == history + 1  # one check-in, not two


def test_the_door_in_chinese_at_phone_width(phone, live_server, tmp_path):
    guest = Registration.objects.get(forum__slug=SLUG, person__email="chen.jing@example.org")
    phone.goto(door(live_server.url, "zh-hans") + "?q=陈静")
    card = phone.locator(f"#r{guest.pk}")
    card.locator("button").click()
    expect(card.locator(".checked")).to_contain_text("中国")
    main = phone.inner_text("main")
    for english in ("Check in", "Undo", "Arrived", "Search", "Scan", "China"):
        assert english not in main, english
    fits_the_screen(phone)
    shots = pathlib.Path(os.environ.get("DOOR_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(shots / "door-zh-hans-390.png"), full_page=True)
    phone.goto(door(live_server.url, "zh-hans"))
    phone.screenshot(path=str(shots / "door-zh-hans-390-start.png"), full_page=True)
    assert phone.errors == []


def y4m_of_badge(code, path):
    """A still video (Y4M, 640x480) of the badge's QR code as a camera would see it."""
    from PIL import Image

    qr = Image.open(io.BytesIO(qr_png(code))).convert("L")
    qr = qr.resize((qr.width * 10, qr.height * 10), Image.NEAREST)
    frame = Image.new("L", (640, 480), 200)
    frame.paste(qr, ((640 - qr.width) // 2, (480 - qr.height) // 2))
    chroma = bytes([128]) * (320 * 240)
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            out.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


def test_the_camera_reads_a_badge_and_checks_in(
    browser_type, browser_type_launch_args, live_server, demo_in_live_db, tmp_path
):
    guest = Registration.objects.filter(forum__slug=SLUG, status="registered").last()
    video = tmp_path / "badge.y4m"
    y4m_of_badge(guest.badge_code, video)
    args = [
        *browser_type_launch_args["args"],
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    context = browser.new_context(viewport=PHONE, permissions=["camera"])
    page = context.new_page()
    sign_in(page, live_server.url)
    page.goto(door(live_server.url))
    page.click("#scan-toggle")
    expect(page.locator("#door-result")).to_contain_text(
        f"{guest.person} is checked in.", timeout=20000
    )
    assert page.evaluate("DoorDesk.isScanning()") is True
    assert page.evaluate("DoorDesk.usesBarcodeDetector()") is False  # jsQR read it
    page.wait_for_timeout(1500)  # the badge stays in view: still one check-in
    guest.refresh_from_db()
    assert guest.status == "attended"
    assert CheckInEvent.objects.filter(registration=guest).count() == 1
    page.click("#scan-toggle")
    assert page.evaluate("DoorDesk.isScanning()") is False
    context.close()
    browser.close()
