"""The staff trip page: the delegation's programme day by day, what is missing, the workflow,
print, PDF, every member's itinerary in one PDF, the whole trip as a calendar."""

import datetime as dt
import subprocess

import pytest
from icalendar import Calendar

from delegations.models import Delegation, DelegationMember, Person, TravelLeg

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
PAGE = f"/en/staff/trips/{BEIJING}/"


def test_staff_see_the_programme_day_by_day_with_who_is_where(staff_client):
    html = staff_client.get(PAGE).content.decode()
    assert "Programme day by day" in html
    assert "Anders Kühnau" in html and "What is still missing" in html
    trip = Delegation.objects.get(slug=BEIJING)
    leg = trip.travel_legs.order_by("departs_at").first()
    assert f"/admin/delegations/travelleg/{leg.pk}/change/" in html  # edit links


def test_the_checklist_names_what_is_missing(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    newcomer = Person.objects.create(given_name="Nina", family_name="Newcomer")
    DelegationMember.objects.create(delegation=trip, person=newcomer, answer="confirmed")
    html = staff_client.get(PAGE).content.decode()
    assert "Everyone has travel home" in html
    assert "Nina Newcomer" in html.split("Everyone has travel home", 1)[1].split("</li>")[0]


def test_only_allowed_moves_are_offered_and_a_blocked_one_says_why(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    trip.status = "planning"
    trip.save()
    trip.memberships.update(answer="pending")
    html = staff_client.get(PAGE).content.decode()
    assert 'value="confirmed" disabled' in html
    assert "At least one member must have confirmed their place." in html
    assert 'value="travelling"' not in html  # not a move from planning
    refused = staff_client.post(f"{PAGE}move/", {"to": "confirmed"}, follow=True)
    assert "At least one member must have confirmed their place." in refused.content.decode()
    trip.refresh_from_db()
    assert trip.status == "planning"
    staff_client.post(f"{PAGE}move/", {"to": "invited"})
    trip.refresh_from_db()
    assert trip.status == "invited"


def test_queries_do_not_grow_with_the_trip(staff_client, django_assert_max_num_queries):
    staff_client.get(PAGE)
    with django_assert_max_num_queries(40) as before:
        staff_client.get(PAGE)
    count = len(before.captured_queries)
    trip = Delegation.objects.get(slug=BEIJING)
    leg = trip.travel_legs.first()
    for number in range(10):
        person = Person.objects.create(given_name=f"Extra{number}", family_name="Member")
        DelegationMember.objects.create(delegation=trip, person=person, answer="confirmed")
        leg.travellers.add(person)
        TravelLeg.objects.create(
            delegation=trip,
            origin="Beijing",
            destination="Shanghai",
            departs_at=dt.datetime(2016, 12, 6, 8, tzinfo=dt.UTC),
            arrives_at=dt.datetime(2016, 12, 6, 10, tzinfo=dt.UTC),
            departure_time_zone="Asia/Shanghai",
            arrival_time_zone="Asia/Shanghai",
        ).travellers.add(person)
    with django_assert_max_num_queries(count):
        staff_client.get(PAGE)


def pdf_text(content, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(content, tmp_path):
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


def test_print_view_and_pdf(staff_client, tmp_path):
    printable = staff_client.get(f"{PAGE}print/").content.decode()
    assert "Anders Kühnau" in printable and "Back" in printable
    response = staff_client.get(f"{PAGE}trip.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Anders Kühnau" in text and "SK 995" in text


def test_every_members_itinerary_in_one_pdf_a_member_per_section(staff_client, tmp_path):
    trip = Delegation.objects.get(slug=BEIJING)
    members = trip.memberships.exclude(answer="declined").select_related("person")
    response = staff_client.get(f"{PAGE}itineraries.pdf")
    text = pdf_text(response.content, tmp_path)
    for member in members:
        assert f"Itinerary: {member.person.latin_name}" in text
    assert pdf_pages(response.content, tmp_path) >= members.count()


def test_the_whole_trip_as_a_calendar(staff_client):
    response = staff_client.get(f"{PAGE}trip.ics")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert events and all(e.get("dtend") for e in events)
    assert any("SK 995" in str(e.get("summary")) for e in events)
    uids = [str(e.get("uid")) for e in events]
    assert len(uids) == len(set(uids))  # every item once, with everyone


@pytest.mark.parametrize("username", ["delegate", "embassy"])
def test_nobody_else_sees_a_trip_page(client, username):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    for suffix in ("", "print/", "trip.pdf", "itineraries.pdf", "trip.ics"):
        assert client.get(f"{PAGE}{suffix}").status_code == 404
    assert client.post(f"{PAGE}move/", {"to": "planning"}).status_code == 404
