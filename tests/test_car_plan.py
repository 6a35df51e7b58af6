"""Cars for transfers: everyone seated once, in precedence order, never over a car's seats;
staff move people with plain forms; the plan on the trip page, in print, as PDF and as a
section of the hand-off pack (XLSX and PDF, in the receiver's language, diffed)."""

import datetime as dt
import io
import subprocess

import openpyxl
import pytest

from delegations import cars, handoff
from delegations.models import (
    Car,
    CarSeat,
    Delegation,
    DelegationMember,
    Organisation,
    Person,
    Transfer,
)

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
PAGE = f"/en/staff/trips/{BEIJING}/cars/"


def trip():
    return Delegation.objects.get(slug=BEIJING)


def airport_transfer():
    return Transfer.objects.filter(delegation__slug=BEIJING).order_by("starts_at").first()


def seated(transfer):
    """{latin name: (car number, seat)} as stored."""
    return {
        seat.shown_name: (seat.car.number, seat.position)
        for seat in CarSeat.objects.filter(car__transfer=transfer).select_related("car", "person")
    }


def pdf_text(content, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# --- the generator ---------------------------------------------------------------------------


def test_the_demo_seats_the_leader_rear_right_with_the_interpreter_beside_the_driver():
    plan = cars.transfer_plan(airport_transfer())
    first = plan.cars[0]
    assert [(row.seat.position, row.rider.latin_name) for row in first.seats] == [
        (1, "Anders Kühnau"),  # the leader, seat of honour
        (2, "Christian Boel"),  # precedence 2, rear left
        (3, "Wang Li"),  # the interpreter, beside the driver
    ]
    assert first.seats[0].label == "rear right, seat of honour"
    assert [row.rider.latin_name for row in plan.cars[1].seats] == ["Bettina Balslev Sørensen"]
    assert plan.warnings == [] and plan.unplaced == []


def test_precedence_decides_who_sits_where():
    transfer = airport_transfer()
    DelegationMember.objects.filter(
        delegation=transfer.delegation, person__family_name="Sørensen"
    ).update(precedence=1)
    DelegationMember.objects.filter(
        delegation=transfer.delegation, person__family_name="Kühnau"
    ).update(precedence=5)
    cars.fill(transfer)
    places = seated(transfer)
    assert places["Bettina Balslev Sørensen"] == (1, 1)
    assert places["Christian Boel"] == (1, 2)
    assert places["Wang Li"] == (1, 3)
    assert places["Anders Kühnau"] == (2, 1)


def test_no_car_over_its_seats_and_whoever_is_left_is_named():
    transfer = airport_transfer()
    Car.objects.filter(transfer=transfer, number=2).delete()
    Car.objects.filter(transfer=transfer, number=1).update(seats=2)
    plan = cars.fill(transfer)
    assert [len(row.seats) for row in plan.cars] == [2]
    # Two seats: the leader and the next in rank; the interpreter waits for a front seat.
    assert {r.latin_name for r in plan.unplaced} == {"Bettina Balslev Sørensen", "Wang Li"}
    assert "Bettina Balslev Sørensen has no seat." in plan.warnings
    # Everyone of the transfer is in exactly one car once there are seats enough.
    Car.objects.create(transfer=transfer, number=2, seats=4)
    plan = cars.fill(transfer)
    names = [row.rider.latin_name for car in plan.cars for row in car.seats]
    assert sorted(names) == sorted(r.latin_name for r in plan.riders) and len(names) == 4
    assert plan.warnings == []


def test_a_full_car_and_a_double_seat_are_warned_of():
    transfer = airport_transfer()
    first = Car.objects.get(transfer=transfer, number=1)
    second = Car.objects.get(transfer=transfer, number=2)
    anders = Person.objects.get(family_name="Kühnau")
    CarSeat.objects.create(car=second, position=2, person=anders)  # also in car 1
    CarSeat.objects.create(car=first, position=4, name="Host's escort")  # a fourth in 3 seats
    warnings = cars.transfer_plan(transfer).warnings
    assert "Anders Kühnau is in more than one car: Car 1 (VIP), Car 2." in warnings
    assert "Car 1 (VIP) carries 4 people but has 3 passenger seats." in warnings


def test_a_transfer_without_a_flight_or_visit_takes_every_member_who_has_not_declined():
    delegation = trip()
    transfer = Transfer.objects.create(
        delegation=delegation,
        origin="Hotel",
        destination="Embassy",
        starts_at=dt.datetime(2016, 12, 6, 1, tzinfo=dt.UTC),
        time_zone="Asia/Shanghai",
    )
    DelegationMember.objects.filter(delegation=delegation, person__family_name="Boel").update(
        answer="declined"
    )
    plan = cars.transfer_plan(transfer)
    assert [r.latin_name for r in plan.riders] == ["Anders Kühnau", "Bettina Balslev Sørensen"]
    assert "No cars yet: add them to the transfer." in plan.warnings


# --- the edit page ---------------------------------------------------------------------------


def test_moving_someone_to_a_taken_seat_swaps_the_two(staff_client):
    transfer = airport_transfer()
    bettina = Person.objects.get(family_name="Sørensen")
    first = Car.objects.get(transfer=transfer, number=1)
    response = staff_client.post(
        f"{PAGE}{transfer.pk}/seat/",
        {"action": "move", "who": f"person:{bettina.pk}", "car": first.pk, "position": 2},
    )
    assert response.status_code == 302
    places = seated(transfer)
    assert places["Bettina Balslev Sørensen"] == (1, 2)
    assert places["Christian Boel"] == (2, 1)


def test_a_refused_move_says_why_beside_the_form(staff_client):
    transfer = airport_transfer()
    christian = Person.objects.get(family_name="Boel")
    first = Car.objects.get(transfer=transfer, number=1)
    for position, reason in (
        ("7", "Car 1 (VIP) has seats 1 to 3."),
        ("x", "Enter a whole number."),
    ):
        response = staff_client.post(
            f"{PAGE}{transfer.pk}/seat/",
            {
                "action": "move",
                "who": f"person:{christian.pk}",
                "car": first.pk,
                "position": position,
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        form = html.split(f'value="person:{christian.pk}"', 1)[1].split("</form>", 1)[0]
        assert 'aria-invalid="true"' in form and reason in form
        assert f'value="{position}"' in form  # what was typed stays to correct
    assert seated(transfer)["Christian Boel"] == (1, 2)  # unchanged


def test_taking_out_and_seating_a_name_and_filling_again(staff_client):
    transfer = airport_transfer()
    christian = Person.objects.get(family_name="Boel")
    url = f"{PAGE}{transfer.pk}/seat/"
    staff_client.post(url, {"action": "out", "who": f"person:{christian.pk}"})
    html = staff_client.get(PAGE).content.decode()
    assert "Christian Boel has no seat." in html and "Without a seat" in html
    second = Car.objects.get(transfer=transfer, number=2)
    response = staff_client.post(
        url, {"action": "name", "name": "Host's escort", "car": second.pk, "position": 2}
    )
    assert response.status_code == 302
    assert seated(transfer)["Host's escort"] == (2, 2)
    staff_client.post(f"{PAGE}{transfer.pk}/fill/")
    places = seated(transfer)
    assert places["Christian Boel"] == (1, 2)
    assert places["Host's escort"] == (2, 2)  # a name is kept, after the people on record


def test_another_trips_transfer_answers_404(staff_client):
    other = Delegation.objects.exclude(slug=BEIJING).first()
    transfer = airport_transfer()
    assert (
        staff_client.post(f"/en/staff/trips/{other.slug}/cars/{transfer.pk}/fill/").status_code
        == 404
    )


# --- showing it ------------------------------------------------------------------------------


def test_the_trip_page_shows_the_car_plan(staff_client):
    html = staff_client.get(f"/en/staff/trips/{BEIJING}/").content.decode()
    section = html.split('id="cars-title"', 1)[1].split("</section>", 1)[0]
    assert "Car 1 (VIP)" in section and "rear right, seat of honour" in section
    assert "Anders Kühnau" in section and "王丽" in section
    assert "<form" not in html.split('id="cars-title"', 1)[1].split('id="programme-title"')[0]


@pytest.mark.parametrize("url", [PAGE, f"{PAGE}print/"])
def test_the_car_pages_do_not_grow_queries_with_the_plan(
    staff_client, django_assert_max_num_queries, url
):
    staff_client.get(url)
    with django_assert_max_num_queries(30) as before:
        staff_client.get(url)
    count = len(before.captured_queries)
    delegation = trip()
    for number in range(3):
        transfer = Transfer.objects.create(
            delegation=delegation,
            origin=f"Hotel {number}",
            destination="Venue",
            starts_at=dt.datetime(2016, 12, 6, number, tzinfo=dt.UTC),
            time_zone="Asia/Shanghai",
            interpreter=Person.objects.get(family_name="Wang", given_name="Li"),
        )
        for car in range(1, 4):
            Car.objects.create(transfer=transfer, number=car, seats=2)
        cars.fill(transfer)
    with django_assert_max_num_queries(count):
        html = staff_client.get(url).content.decode()
    assert "Hotel 2 → Venue" in html


def test_the_pdf_has_both_scripts_and_the_seats(staff_client, tmp_path):
    response = staff_client.get(f"{PAGE}cars.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Car plan" in text and "Anders Kühnau" in text and "王丽" in text
    assert "rear right, seat of honour" in text and "京A·D0101" in text
    chinese = pdf_text(
        staff_client.get(f"/zh-hans/staff/trips/{BEIJING}/cars/cars.pdf").content, tmp_path
    )
    assert "北京首都国际机场" in chinese and "Anders Kühnau" in chinese


def test_nobody_but_staff_sees_the_car_plan(client):
    from django.contrib.auth.models import User

    for username in ("delegate", "embassy"):
        client.force_login(User.objects.get(username=username))
        for suffix in ("", "print/", "cars.pdf"):
            assert client.get(f"{PAGE}{suffix}").status_code == 404
        assert client.post(f"{PAGE}{airport_transfer().pk}/fill/").status_code == 404


# --- the hand-off pack -----------------------------------------------------------------------


def embassy():
    return Organisation.objects.get(slug="danish-embassy-beijing")


def test_the_pack_carries_the_car_plan_read_back_from_xlsx_and_pdf(staff_client, tmp_path):
    pack = handoff.make(trip(), embassy(), "en", ["delegation", "cars"])
    url = f"/en/staff/trips/{BEIJING}/handoff/{pack.pk}/"
    book = openpyxl.load_workbook(io.BytesIO(staff_client.get(f"{url}pack.xlsx").content))
    assert book.sheetnames == ["Delegation list", "Car plan"]
    rows = [[c.value for c in row] for row in book["Car plan"].iter_rows()]
    assert rows[0] == ["Transfer", "Leaves", "Car", "Seat", "Name", "Name in Chinese", "Role"]
    assert rows[1][0].startswith("Beijing Capital International Airport (PEK) →")
    assert "10:15" in rows[1][1]
    assert rows[1][2] == "Car 1 (VIP) · Wang Jun +86 139 0000 0101 · 京A·D0101"
    assert rows[1][3:] == ["1 (rear right, seat of honour)", "Anders Kühnau", None, "Leader"]
    assert ["王丽", "Interpreter"] == rows[3][5:]
    text = pdf_text(staff_client.get(f"{url}pack.pdf").content, tmp_path)
    assert "Car plan" in text and "Wang Jun" in text and "王丽" in text


def test_a_moved_passenger_shows_in_what_changed(staff_client):
    first = handoff.make(trip(), embassy(), "en", ["cars"])
    transfer = airport_transfer()
    bettina = Person.objects.get(family_name="Sørensen")
    cars.move(transfer, f"person:{bettina.pk}", Car.objects.get(transfer=transfer, number=1), 2)
    second = handoff.make(trip(), embassy(), "en", ["cars"])
    assert handoff.previous(second).pk == first.pk
    changes = handoff.changes(handoff.content(first), handoff.content(second))
    moved = {(c.row, c.column): (c.old, c.new) for c in changes}
    old, new = moved[("Bettina Balslev Sørensen", "Car")]
    assert old.startswith("Car 2") and new.startswith("Car 1 (VIP)")
    assert moved[("Christian Boel", "Seat")] == ("2 (rear left)", "1 (seat of honour)")
    page = staff_client.get(f"/en/staff/trips/{BEIJING}/handoff/{second.pk}/").content.decode()
    assert "Car plan</strong> – Bettina Balslev Sørensen, Car" in page


def test_the_car_plan_in_the_receivers_language():
    built = handoff.build(trip(), "zh-hans", ["cars"])
    section = built["sections"][0]
    assert section["rows"][0]["cells"][0].startswith("北京首都国际机场")
    assert "中国" in section["rows"][0]["cells"][1]  # China time, in words


# --- the delegate's itinerary ----------------------------------------------------------------


def test_the_itinerary_says_which_car_and_seat(client, delegate_user, tmp_path):
    client.force_login(delegate_user)
    html = client.get(f"/en/me/?delegation={BEIJING}").content.decode()
    item = html.split("By car: Beijing Capital International Airport (PEK) →", 1)[1]
    item = item.split("</li>", 1)[0]
    assert "Car 1 (VIP), seat 1 (rear right, seat of honour)" in item
    assert "Driver: Wang Jun · +86 139 0000 0101 · 京A·D0101" in item
    # Moved to car 2, the itinerary follows.
    transfer = airport_transfer()
    cars.move(
        transfer,
        f"person:{delegate_user.person.pk}",
        Car.objects.get(transfer=transfer, number=2),
        3,
    )
    html = client.get(f"/en/me/?delegation={BEIJING}").content.decode()
    assert "Car 2, seat 3</p>" in html


def test_a_shared_itinerary_leaves_out_the_drivers_phone():
    from delegations.itinerary import build_itinerary
    from delegations.sharing import for_viewer

    anders = Person.objects.get(family_name="Kühnau")
    items = build_itinerary(anders, delegation=trip()).items
    car = next(item for item in items if item.kind == "car")
    assert "+86 139 0000 0101" in car.detail
    assert "+86" not in for_viewer(car).detail


def test_chinese_readers_get_full_width_brackets_in_car_and_seat_names():
    from django.utils import translation

    from delegations.cars import seat_text
    from delegations.models import Car

    car = Car.objects.filter(label="VIP").first()
    with translation.override("zh-hans"):
        assert "（VIP）" in str(car) and " (" not in str(car)
        assert "（" in seat_text(1) and "(" not in seat_text(1)
    with translation.override("en"):
        assert str(car).endswith(" (VIP)") and seat_text(1).startswith("seat 1 (")
