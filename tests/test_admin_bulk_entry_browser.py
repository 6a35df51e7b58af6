"""In a real Chromium at 1366 px: staff enter a 12-person Beijing trip in one sitting. The new
flight and hotel rows start with the twelve confirmed members chosen (not the thirteenth, who
has not confirmed), the way back is a copy of the flight out, and every member's itinerary
and the one PDF of them all show the flights and the hotel in local time.

Screenshots go to $SCREENSHOT_DIR (default: a temporary folder) for people to look at.
"""

import datetime as dt
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SLUG = "region-midtjylland-beijing-2027"
NAMES = [
    ("Anders", "Kühnau"),
    ("Christian", "Boel"),
    ("Bettina", "Sørensen"),
    ("Mette", "Lund"),
    ("Jonas", "Kjær"),
    ("Lars", "Friis"),
    ("Anne", "Winther"),
    ("Peter", "Dam"),
    ("Sofie", "Bach"),
    ("Karen", "Holm"),
    ("Signe", "Madsen"),
    ("Ida", "Nørgaard"),
]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1366, "height": 900},
        "timezone_id": "Europe/Copenhagen",
        "locale": "en-GB",
    }


@pytest.fixture
def shots():
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="bulk-entry-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def twelve_person_trip():
    """The Beijing trip of a 12-person delegation, members only: nothing booked yet."""
    from delegations.models import Delegation, DelegationMember, Organisation, Person

    region = Organisation.objects.get(slug="region-midtjylland")
    trip = Delegation.objects.create(
        slug=SLUG,
        name_en="Region Midtjylland delegation to Beijing 2027",
        name_da="Region Midtjyllands delegation til Beijing 2027",
        name_zh_hans="中日德兰大区2027年访京代表团",
        sending_organisation=region,
        destination_city_en="Beijing",
        destination_country="CN",
        destination_time_zone="Asia/Shanghai",
        home_time_zone="Europe/Copenhagen",
        starts_on=dt.date(2027, 12, 4),
        ends_on=dt.date(2027, 12, 7),
    )
    people = []
    for number, (given, family) in enumerate(NAMES, start=1):
        person = Person.objects.create(
            given_name=given,
            family_name=f"{family} ({number})",
            email=f"member{number}@beijing-2027.example.org",
            organisation=region,
        )
        DelegationMember.objects.create(
            delegation=trip,
            person=person,
            role="leader" if number == 1 else "member",
            precedence=number,
            answer="confirmed",
        )
        people.append(person)
    late = Person.objects.create(given_name="Pending", family_name="Person", organisation=region)
    DelegationMember.objects.create(delegation=trip, person=late, precedence=99)
    return trip, people, late


def sign_in_staff(page, live_server):
    page.goto(f"{live_server.url}/en/accounts/login/?next=/admin/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def chosen(page, select):
    """Ids selected in a <select multiple>."""
    return set(
        page.eval_on_selector(
            select, "s => Array.from(s.selectedOptions).map(o => Number(o.value))"
        )
    )


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        return subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"], capture_output=True, text=True, check=True
        ).stdout


def test_a_twelve_person_trip_in_one_sitting(page, live_server, demo_in_live_db, shots):
    from delegations.models import Organisation, Stay, TravelLeg

    trip, people, late = twelve_person_trip()
    everyone = {p.pk for p in people}
    sign_in_staff(page, live_server)
    page.goto(f"{live_server.url}/admin/delegations/delegation/{trip.pk}/change/")
    assert page.inner_text(".field-leader .readonly").strip().startswith("Anders Kühnau")

    # The flight out: a new row with all twelve confirmed members, no one picked by hand.
    page.locator("#travel_legs-group .add-row a").click()
    prefix = "#id_travel_legs-0-"
    leg = page.locator("#travel_legs-0")
    assert chosen(page, f"{prefix}travellers") == everyone
    assert leg.locator(".field-travellers .select2-selection__choice").count() == 12
    assert late.pk not in chosen(page, f"{prefix}travellers")
    page.select_option(f"{prefix}direction", "outbound")
    page.fill(f"{prefix}reference", "SK 995")
    page.fill(f"{prefix}origin_en", "Copenhagen Airport (CPH)")
    page.fill(f"{prefix}destination_en", "Beijing Capital International Airport (PEK)")
    page.select_option(f"{prefix}departure_time_zone", "Europe/Copenhagen")
    page.select_option(f"{prefix}arrival_time_zone", "Asia/Shanghai")
    page.fill(f"{prefix}departs_at_0", "2027-12-03")
    page.fill(f"{prefix}departs_at_1", "17:40")
    page.fill(f"{prefix}arrives_at_0", "2027-12-04")
    page.fill(f"{prefix}arrives_at_1", "09:10")

    # The hotel: all twelve again.
    page.locator("#stays-group .add-row a").click()
    stay = page.locator("#stays-0")
    assert chosen(page, "#id_stays-0-guests") == everyone
    stay.locator(".field-hotel .select2-selection").click()
    page.keyboard.type("Kempinski")
    page.locator(".select2-results__option", has_text="Kempinski").first.click()
    assert page.input_value("#id_stays-0-time_zone") == "Asia/Shanghai"
    page.fill("#id_stays-0-check_in_0", "2027-12-04")
    page.fill("#id_stays-0-check_in_1", "12:00")
    page.fill("#id_stays-0-check_out_0", "2027-12-07")
    page.fill("#id_stays-0-check_out_1", "08:15")
    leg.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "1-new-leg-twelve-preselected.png"))
    stay.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "2-new-stay-twelve-preselected.png"))

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    out = TravelLeg.objects.get(delegation=trip, reference="SK 995")
    assert {p.pk for p in out.travellers.all()} == everyone
    assert out.departs_at == dt.datetime(2027, 12, 3, 16, 40, tzinfo=dt.UTC)
    assert out.arrives_at == dt.datetime(2027, 12, 4, 1, 10, tzinfo=dt.UTC)
    hotel = Stay.objects.get(delegation=trip)
    assert hotel.hotel == Organisation.objects.get(slug="kempinski-beijing")
    assert {p.pk for p in hotel.guests.all()} == everyone

    # The way back: copied from the flight out on the trip page, reversed, same twelve.
    page.goto(f"{live_server.url}/en/staff/trips/{SLUG}/")
    page.click(f'a.copy-link[href*="copy={out.pk}&"]')
    page.wait_for_selector("#travelleg_form")
    assert page.input_value("#id_origin_en") == "Beijing Capital International Airport (PEK)"
    assert page.input_value("#id_destination_en") == "Copenhagen Airport (CPH)"
    assert page.input_value("#id_departure_time_zone") == "Asia/Shanghai"
    assert page.input_value("#id_arrival_time_zone") == "Europe/Copenhagen"
    assert page.input_value("#id_direction") == "home"
    assert chosen(page, "#id_travellers") == everyone
    page.fill("#id_reference", "SK 996")
    page.fill("#id_departs_at_0", "2027-12-07")
    page.fill("#id_departs_at_1", "11:45")
    page.fill("#id_arrives_at_0", "2027-12-07")
    page.fill("#id_arrives_at_1", "15:30")
    page.screenshot(path=str(shots / "3-way-back-copied.png"), full_page=True)
    page.click("input[name=_save]")
    # Saved, and back on the trip page the copy was opened from.
    page.wait_for_url(f"{live_server.url}/en/staff/trips/{SLUG}/")
    assert "SK 996" in page.inner_text(".messages .success")
    back = TravelLeg.objects.get(delegation=trip, reference="SK 996")
    assert {p.pk for p in back.travellers.all()} == everyone
    assert back.departs_at == dt.datetime(2027, 12, 7, 3, 45, tzinfo=dt.UTC)

    # Nothing left to pick: travel and a hotel for all twelve; only the one who has not
    # confirmed is still missing (and named).
    page.goto(f"{live_server.url}/en/staff/trips/{SLUG}/")
    checklist = page.inner_text(".checklist")
    for done in (
        "Everyone has outbound travel",
        "Everyone has travel home",
        "Everyone has a hotel",
    ):
        line = next(li for li in checklist.splitlines() if done in li)
        assert "Pending Person" in line, line
        assert not any(person.family_name in line for person in people), line
    page.screenshot(path=str(shots / "4-trip-page.png"), full_page=True)

    # Each member's itinerary, in local time at each end.
    for person in (people[0], people[11]):
        page.goto(f"{live_server.url}/en/me/staff/people/{person.pk}/?delegation={SLUG}")
        page.screenshot(path=str(shots / f"5-itinerary-{person.pk}.png"), full_page=True)
        body = page.inner_text("main")

        assert "SK 995" in body and "SK 996" in body, body
        assert "17:40–" in body and "09:10" in body
        assert "11:45–" in body and "15:30" in body
        assert "Check-in: Kempinski" in body and "12:00" in body

    # One PDF, a section per member, each with both flights and the hotel.
    response = page.request.get(f"{live_server.url}/en/staff/trips/{SLUG}/itineraries.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    (shots / "6-itineraries.pdf").write_bytes(response.body())
    text = pdf_text(response.body())
    for person in people:
        assert person.family_name in text, person
    assert text.count("SK 995") >= 12 and text.count("SK 996") >= 12
    assert text.count("17:40") >= 12 and text.count("11:45") >= 12
    assert "Kempinski" in text
