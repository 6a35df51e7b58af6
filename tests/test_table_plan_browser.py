"""In a real Chromium: staff drag a guest onto another seat of the Beijing banquet's table
(static/js/table-plan.js under the strict CSP), and the swap is saved; without the script the
"Who sits where" forms do the same."""

import pytest

from delegations.models import DelegationMember, Seat, TablePlan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
BEIJING = "region-midtjylland-beijing-2016"


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def seat_number(family_name):
    member = DelegationMember.objects.get(delegation__slug=BEIJING, person__family_name=family_name)
    return Seat.objects.get(member=member).number


def test_dragging_a_guest_onto_a_seat_swaps_and_saves(page, live_server, demo_in_live_db):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    plan = TablePlan.objects.get(delegation__slug=BEIJING)
    page.set_viewport_size({"width": 1280, "height": 1000})  # the whole table on screen
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/en/staff/trips/{BEIJING}/banquets/{plan.pk}/")
    assert page.locator(".drag-hint").is_visible()  # the script ran
    assert (seat_number("Kühnau"), seat_number("Boel")) == (2, 10)
    boel = page.locator('.seat .name[data-who^="g"]', has_text="Christian Boel")
    with page.expect_navigation():  # the script submits the form on drop
        boel.drag_to(page.locator('.seat[data-table="1"][data-seat="2"]'))
    assert (seat_number("Boel"), seat_number("Kühnau")) == (2, 10)
    seat_two = page.locator('.seat[data-table="1"][data-seat="2"]')
    assert "Christian Boel" in seat_two.inner_text()
    assert not [e for e in errors if "Content Security Policy" in e]


def test_without_javascript_the_forms_move_a_guest(browser, live_server, demo_in_live_db):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    plan = TablePlan.objects.get(delegation__slug=BEIJING)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/en/staff/trips/{BEIJING}/banquets/{plan.pk}/")
    assert not page.locator(".drag-hint").is_visible()
    member = DelegationMember.objects.get(delegation__slug=BEIJING, person__family_name="Boel")
    row = page.locator(f"#who-g{member.pk}")
    row.locator("input[name=seat]").fill("6")
    with page.expect_navigation():
        row.locator("button[value=place]").click()
    assert seat_number("Boel") == 6
    assert "Christian Boel" in page.locator('.seat[data-table="1"][data-seat="6"]').inner_text()
    context.close()
