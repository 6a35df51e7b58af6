"""In a real Chromium: staff enter a Beijing → Shanghai flight from the ticket (14:00–16:10,
China time) on the delegation's admin page, and the traveller's itinerary shows 14:00–16:10.

The browser runs in New York time, so Django's own "you are N hours behind" note would
appear if it were not replaced by the zone beside each field.
"""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "America/New_York", "locale": "en-GB"}


def sign_in_staff(page, live_server):
    page.goto(f"{live_server.url}/en/accounts/login/?next=/admin/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_a_beijing_flight_entered_in_china_time_stays_in_china_time(
    page, live_server, demo_in_live_db
):
    from delegations.models import Delegation, Person, TravelLeg

    trip = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    row = 0  # saved legs are summaries (their own formset): the first new row is 0
    sign_in_staff(page, live_server)
    page.goto(f"{live_server.url}/admin/delegations/delegation/{trip.pk}/change/")

    page.locator("#travel_legs-group .add-row a").click()
    leg = page.locator(f"#travel_legs-{row}")
    prefix = f"#id_travel_legs-{row}-"
    # A new leg (outbound unless said otherwise) leaves from home and arrives at the
    # destination, and says so beside the times.
    assert page.input_value(f"{prefix}departure_time_zone") == "Europe/Copenhagen"
    assert leg.locator(".field-departs_at .zone-note").inner_text() == "Central European Time"
    assert page.input_value(f"{prefix}arrival_time_zone") == "Asia/Shanghai"
    assert leg.locator(".field-arrives_at .zone-note").inner_text() == "China Time"

    # Choosing another zone updates the note; the search box finds China by "北京" again.
    page.select_option(f"{prefix}departure_time_zone", "Europe/Copenhagen")
    assert leg.locator(".field-departs_at .zone-note").inner_text() == "Central European Time"
    search = leg.locator(".field-departure_time_zone .zone-search")
    assert search.is_visible()
    search.fill("北京")
    assert page.input_value(f"{prefix}departure_time_zone") == "Asia/Shanghai"
    assert leg.locator(".field-departs_at .zone-note").inner_text() == "China Time"
    leg.locator(".field-arrival_time_zone .zone-search").fill("shanghai")
    assert page.input_value(f"{prefix}arrival_time_zone") == "Asia/Shanghai"

    page.select_option(f"{prefix}direction", "local")
    page.fill(f"{prefix}reference", "CA 1501")
    page.fill(f"{prefix}origin_en", "Beijing Capital International Airport (PEK)")
    page.fill(f"{prefix}destination_en", "Shanghai Hongqiao International Airport (SHA)")
    page.fill(f"{prefix}departs_at_0", "2027-04-13")
    page.fill(f"{prefix}departs_at_1", "14:00")
    page.fill(f"{prefix}arrives_at_0", "2027-04-13")
    page.fill(f"{prefix}arrives_at_1", "16:10")
    leg.locator(".field-travellers .select2-selection").click()
    page.keyboard.type("Kühnau")
    page.locator(".select2-results__option", has_text="Kühnau").first.click()
    # The browser is in New York: Django's note about the browser's clock stays hidden.
    assert not page.locator(".timezonewarning").first.is_visible()

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    saved = TravelLeg.objects.get(reference="CA 1501")
    assert saved.departs_at.isoformat() == "2027-04-13T06:00:00+00:00"
    # Christian, the trip's one confirmed member, came preselected (delegations/bulk_entry.py).
    christian = Person.objects.get(email="christian.boel@example.org")
    assert set(saved.travellers.all()) == {christian, anders}

    page.goto(f"{live_server.url}/en/me/staff/people/{anders.pk}/")
    body = page.inner_text("main")
    assert "14:00–16:10" in body
    assert "20:00–22:10" not in body


def test_the_demo_flight_reads_in_beijing_time_and_the_admin_speaks_danish(
    page, live_server, demo_in_live_db
):
    from delegations.models import TravelLeg

    leg = TravelLeg.objects.get(reference="SK 995")
    sign_in_staff(page, live_server)
    page.select_option("#admin-language", "da")
    page.click(".language-switch button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "da"
    page.goto(f"{live_server.url}/admin/delegations/travelleg/{leg.pk}/change/")
    assert page.input_value("#id_arrives_at_1") == "09:10:00"
    assert page.locator(".field-arrives_at .zone-note").inner_text() == "Kinesisk tid"
    assert page.locator(".field-departs_at .zone-note").inner_text() == "Centraleuropæisk tid"
    assert not page.locator(".timezonewarning").first.is_visible()
    # The choice is kept: the next page is Danish too.
    page.goto(f"{live_server.url}/admin/delegations/delegation/")
    assert page.locator("html").get_attribute("lang") == "da"


def test_now_gives_the_time_in_the_fields_zone(page, live_server, demo_in_live_db):
    import datetime as dt

    from django.utils import timezone

    from delegations import zones
    from delegations.models import TravelLeg

    leg = TravelLeg.objects.get(reference="SK 995")
    sign_in_staff(page, live_server)
    page.goto(f"{live_server.url}/admin/delegations/travelleg/{leg.pk}/change/")
    page.locator(".field-arrives_at .datetimeshortcuts a", has_text="Now").first.click()
    page.locator(".field-arrives_at .datetimeshortcuts a", has_text="Today").first.click()
    # zones.js corrects Django's value just after its click handler (setTimeout 0): wait for
    # it. Read at once, the date was still the office's, which differs from China's between
    # 16:00 and 24:00 UTC.
    page.wait_for_function(
        "([id, day]) => document.getElementById(id).value === day",
        arg=[
            "id_arrives_at_0",
            zones.naive_local(timezone.now(), "Asia/Shanghai").strftime("%Y-%m-%d"),
        ],
    )
    typed = dt.datetime.strptime(
        page.input_value("#id_arrives_at_0") + " " + page.input_value("#id_arrives_at_1"),
        "%Y-%m-%d %H:%M:%S",
    )
    shanghai_now = zones.naive_local(timezone.now(), "Asia/Shanghai")
    assert abs(typed - shanghai_now) < dt.timedelta(minutes=2)


def test_the_clock_and_calendar_popups_give_the_fields_zone_too(page, live_server, demo_in_live_db):
    import datetime as dt

    from django.utils import timezone

    from delegations import zones
    from delegations.models import TravelLeg

    leg = TravelLeg.objects.get(reference="SK 995")
    sign_in_staff(page, live_server)
    page.goto(f"{live_server.url}/admin/delegations/travelleg/{leg.pk}/change/")
    field = page.locator(".field-arrives_at")
    field.locator(".datetimeshortcuts button[id^=clocklink]").click()
    page.locator(".clockbox:visible .timelist a").first.click()  # "Now"
    field.locator(".datetimeshortcuts button[id^=calendarlink]").click()
    page.locator(".calendarbox:visible .calendar-shortcuts a").nth(1).click()  # "Today"
    page.wait_for_timeout(100)
    typed = dt.datetime.strptime(
        page.input_value("#id_arrives_at_0") + " " + page.input_value("#id_arrives_at_1"),
        "%Y-%m-%d %H:%M:%S",
    )
    shanghai_now = zones.naive_local(timezone.now(), "Asia/Shanghai")
    assert abs(typed - shanghai_now) < dt.timedelta(minutes=2)
