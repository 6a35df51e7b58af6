"""Hand-off packs: one versioned pack answers the embassy's "please send the delegation list,
rooming list and dietary needs"; each version shows what changed since the receiver's last."""

import datetime as dt
import io
import subprocess

import openpyxl
import pytest
from django.db import connection

from delegations import handoff
from delegations.models import Delegation, HandOffPack, Organisation, TravelLeg

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
URL = f"/en/staff/trips/{BEIJING}/handoff/"


def embassy():
    return Organisation.objects.get(slug="danish-embassy-beijing")


def make(client, sections=("delegation", "rooming", "needs"), language="en"):
    response = client.post(
        URL,
        {
            "receiver": embassy().pk,
            "language": language,
            "sections": list(sections),
            "sent_to": "protocol@example.org",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return HandOffPack.objects.filter(delegation__slug=BEIJING).order_by("-version").first()


def workbook(client, pack):
    response = client.get(f"{URL}{pack.pk}/pack.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def cells(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_a_new_version_is_kept_and_says_nothing_changed(staff_client):
    pack = make(staff_client)
    assert pack.version == 2  # the demo's embassy had version 1
    assert pack.made_by.username == "staff" and pack.sent_to == "protocol@example.org"
    page = staff_client.get(f"{URL}{pack.pk}/").content.decode()
    assert "Nothing changed since version 1." in page
    assert "Anders Kühnau" in page and "Kempinski Hotel Beijing Lufthansa Center" in page


def test_a_moved_flight_shows_old_and_new(staff_client):
    make(staff_client)
    leg = TravelLeg.objects.get(reference="SK 996")
    leg.departs_at += dt.timedelta(hours=2)
    leg.arrives_at += dt.timedelta(hours=2)
    leg.save()
    pack = make(staff_client)
    page = staff_client.get(f"{URL}{pack.pk}/").content.decode()
    assert "Since version 2, which the receiver had before:" in page
    changes = handoff.changes(handoff.content(handoff.previous(pack)), handoff.content(pack))
    departures = [c for c in changes if c.column == "Departure"]
    assert {c.row for c in departures} == {
        "Anders Kühnau",
        "Christian Boel",
        "Bettina Balslev Sørensen",
    }
    assert "11:45" in departures[0].old and "13:45" in departures[0].new


def test_the_workbook_has_a_sheet_per_section_and_passports_only_when_asked(staff_client):
    plain = workbook(staff_client, make(staff_client))
    assert plain.sheetnames == ["Delegation list", "Rooming list", "Dietary and access needs"]
    rows = cells(plain["Delegation list"])
    assert rows[0][:3] == ["No.", "Name", "Name in Chinese"]
    assert rows[1][1] == "Anders Kühnau" and "SK 995" in rows[1][6]
    needs = cells(plain["Dietary and access needs"])
    assert ["Each meal", None, "Vegetarian: 1", None] in needs
    assert plain["Delegation list"].freeze_panes == "A2"
    assert not any("DK0000001" in str(v) for s in plain for r in cells(s) for v in r)

    visa = workbook(staff_client, make(staff_client, sections=("delegation", "visa")))
    data = cells(visa["Visa-letter data"])
    assert ["KUHNAU ANDERS", None, "Diplomatic passport", "DK0000001", "DK"] == data[1][:5]


def test_the_pack_is_in_the_receivers_language_and_encrypted_at_rest(staff_client):
    pack = make(staff_client, sections=("delegation", "visa"), language="zh-hans")
    sheet_names = workbook(staff_client, pack).sheetnames
    assert sheet_names == ["代表团名单", "签证邀请函资料"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT content FROM {HandOffPack._meta.db_table} WHERE id = %s", [pack.pk])
        raw = cursor.fetchone()[0]
    assert "DK0000001" not in raw and "Kühnau" not in raw


def test_the_pdf_reads_back(staff_client, tmp_path):
    pack = make(staff_client)
    response = staff_client.get(f"{URL}{pack.pk}/pack.pdf")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "pack.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Delegation list" in text and "Rooming list" in text and "Kühnau" in text
    assert "DEMO-4711" in text and "SK 995" in text


def test_building_a_pack_costs_the_same_queries_for_a_bigger_trip(django_assert_max_num_queries):
    trip = Delegation.objects.get(slug=BEIJING)
    sections = list(handoff.SECTIONS)
    with django_assert_max_num_queries(12) as first:
        handoff.build(trip, "en", sections)
    # Ten more members, each on the flights and in the hotel.
    from delegations.models import DelegationMember, Person

    legs, stays = list(trip.travel_legs.all()), list(trip.stays.all())
    for n in range(10):
        person = Person.objects.create(
            given_name=f"Extra{n}", family_name="Member", kind="official"
        )
        DelegationMember.objects.create(delegation=trip, person=person, precedence=50 + n)
        for leg in legs:
            leg.travellers.add(person)
        for stay in stays:
            stay.guests.add(person)
    with django_assert_max_num_queries(len(first.captured_queries)):
        built = handoff.build(trip, "en", sections)
    assert len(built["sections"][0]["rows"]) == 13


def test_other_trips_packs_answer_404(staff_client):
    pack = HandOffPack.objects.get(delegation__slug=BEIJING, version=1)
    other = Delegation.objects.exclude(slug=BEIJING).first()
    assert staff_client.get(f"/en/staff/trips/{other.slug}/handoff/{pack.pk}/").status_code == 404
