"""The itinerary merges travel, hotel, visits and sessions, in each place's own time."""

import datetime as dt
import zoneinfo

import pytest

from delegations.itinerary import build_itinerary, itinerary_warnings
from delegations.models import Delegation, Organisation, Person, TravelLeg, Visit

pytestmark = pytest.mark.django_db
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
PEK = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def anders():
    return Person.objects.get(email="anders.kuhnau@example.org")


@pytest.fixture
def beijing():
    return Delegation.objects.get(slug="region-midtjylland-beijing-2016")


def test_items_from_every_source_in_time_order(anders, beijing):
    itinerary = build_itinerary(anders, delegation=beijing)
    kinds = {item.kind for item in itinerary.items}
    assert kinds == {"travel", "check_in", "check_out", "visit", "session", "car"}
    starts = [item.starts_at for item in itinerary.items]
    assert starts == sorted(starts)
    titles = [item.title for item in itinerary.items]
    assert titles[0].startswith("SK 995")
    assert titles[-1].startswith("SK 996")
    assert "Opening of the forum" in titles and "Visit to Beijing Anding Hospital" in titles


def test_sessions_attended_and_on_stage(anders, beijing):
    sessions = [i for i in build_itinerary(anders, delegation=beijing).items if i.kind == "session"]
    roles = {i.title: i.role for i in sessions}
    assert roles["Opening of the forum"] == "Speaker"
    assert roles["Reception hosted by the Danish Embassy"] == "Attending"
    opening = next(i for i in sessions if i.title == "Opening of the forum")
    # Others on stage, not the 300 attendees.
    assert {p.latin_name for p in opening.people} == {"Chen Jing", "Lü Ming'ou"}


def test_flight_departs_in_one_zone_and_arrives_in_another(anders, beijing):
    flight = build_itinerary(anders, delegation=beijing).items[0]
    assert (flight.start_zone, flight.end_zone) == ("Europe/Copenhagen", "Asia/Shanghai")
    assert flight.local_start == dt.datetime(2016, 12, 3, 17, 40)
    assert flight.local_end == dt.datetime(2016, 12, 4, 9, 10)
    assert flight.changes_zone


def test_visit_has_native_address_interpreter_and_contact(anders, beijing):
    visit = next(
        i for i in build_itinerary(anders, delegation=beijing).items if i.uid.startswith("visit")
    )
    assert visit.address_native == "北京市东城区帅府园1号"
    assert visit.interpreter.native_name == "王丽"
    assert visit.contact.native_name == "张伟"
    assert {p.latin_name for p in visit.people} == {"Christian Boel", "Bettina Balslev Sørensen"}


def test_days_are_local_days(anders, beijing):
    days = [day for day, _ in build_itinerary(anders, delegation=beijing).days()]
    assert days == [dt.date(2016, 12, d) for d in (3, 4, 5, 6, 7)]


def test_demo_trip_has_no_warnings_for_anders(anders, beijing):
    assert build_itinerary(anders, delegation=beijing).warnings == []


def add_leg(delegation, person, departs, arrives, direction="outbound", dep=CPH, arr=PEK):
    leg = TravelLeg.objects.create(
        delegation=delegation,
        origin="A",
        destination="B",
        direction=direction,
        departs_at=departs,
        departure_time_zone=str(dep),
        arrives_at=arrives,
        arrival_time_zone=str(arr),
    )
    leg.travellers.add(person)
    return leg


def test_overlap_is_warned(anders, beijing):
    host = Organisation.objects.get(slug="pumch")
    clash = Visit.objects.create(
        delegation=beijing,
        host=host,
        title="Clashing meeting",
        time_zone="Asia/Shanghai",
        starts_at=dt.datetime(2016, 12, 4, 16, tzinfo=PEK),
        ends_at=dt.datetime(2016, 12, 4, 18, tzinfo=PEK),
    )
    clash.participants.add(anders)
    warnings = build_itinerary(anders, delegation=beijing).warnings
    assert [w.kind for w in warnings] == ["overlap"]
    assert "Clashing meeting" in warnings[0].message


def test_too_little_time_between_venues(anders, beijing):
    host = Organisation.objects.get(slug="beijing-chaoyang-hospital")
    rushed = Visit.objects.create(
        delegation=beijing,
        host=host,
        title="Rushed visit",
        time_zone="Asia/Shanghai",
        starts_at=dt.datetime(2016, 12, 4, 17, 10, tzinfo=PEK),
        ends_at=dt.datetime(2016, 12, 4, 18, tzinfo=PEK),
    )
    rushed.participants.add(anders)
    warnings = build_itinerary(anders, delegation=beijing).warnings
    assert [w.kind for w in warnings] == ["tight"]
    assert "10 minutes" in warnings[0].message


def test_trip_without_travel_home(anders):
    shanghai = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    warnings = build_itinerary(anders, delegation=shanghai).warnings
    assert [w.kind for w in warnings] == ["no_travel_home"]
    add_leg(
        shanghai,
        anders,
        dt.datetime(2027, 4, 16, 12, tzinfo=PEK),
        dt.datetime(2027, 4, 16, 18, tzinfo=CPH),
        direction="home",
        dep=PEK,
        arr=CPH,
    )
    assert build_itinerary(anders, delegation=shanghai).warnings == []


def test_dst_change_in_copenhagen_but_not_in_shanghai(anders):
    """Copenhagen leaves summer time on 25 Oct 2026 (UTC+2 → UTC+1); Shanghai stays UTC+8."""
    shanghai = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    before = add_leg(
        shanghai,
        anders,
        dt.datetime(2026, 10, 24, 12, tzinfo=CPH),
        dt.datetime(2026, 10, 25, 5, tzinfo=PEK),
    )
    after = add_leg(
        shanghai,
        anders,
        dt.datetime(2026, 10, 26, 12, tzinfo=CPH),
        dt.datetime(2026, 10, 27, 6, tzinfo=PEK),
    )
    items = {
        i.uid: i
        for i in build_itinerary(
            anders,
            start=dt.datetime(2026, 10, 20, tzinfo=dt.UTC),
            end=dt.datetime(2026, 10, 30, tzinfo=dt.UTC),
        ).items
    }
    first, second = items[f"travelleg-{before.pk}"], items[f"travelleg-{after.pk}"]
    assert first.starts_at.utcoffset() is not None
    assert first.local_start == dt.datetime(2026, 10, 24, 12) and second.local_start.hour == 12
    # Beijing is 6 hours ahead before the change, 7 after.
    assert first.home_start("Asia/Shanghai") - first.local_start == dt.timedelta(hours=6)
    assert second.home_start("Asia/Shanghai") - second.local_start == dt.timedelta(hours=7)
    # Flight times: 12:00 CEST→05:00 CST is 11 h; 12:00 CET→06:00 CST is 11 h as well.
    assert first.ends_at - first.starts_at == dt.timedelta(hours=11)
    assert second.ends_at - second.starts_at == dt.timedelta(hours=11)
    assert second.home_start("Europe/Copenhagen") == dt.datetime(2026, 10, 26, 12)


def test_warnings_for_every_member_of_a_delegation(anders):
    shanghai = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    found = itinerary_warnings(shanghai)
    people = {person.latin_name for person, warning in found if warning.kind == "no_travel_home"}
    assert people == {"Anders Kühnau", "Christian Boel", "Signe Madsen"}


def test_itinerary_queries_do_not_grow(anders, beijing, django_assert_max_num_queries):
    with django_assert_max_num_queries(15) as small:
        build_itinerary(anders, delegation=beijing)
    host = Organisation.objects.get(slug="pumch")
    for n in range(30):
        start = dt.datetime(2016, 12, 5, 20, tzinfo=PEK) + dt.timedelta(hours=n)
        visit = Visit.objects.create(
            delegation=beijing,
            host=host,
            title=f"Extra {n}",
            time_zone="Asia/Shanghai",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=30),
        )
        visit.participants.add(anders)
        add_leg(beijing, anders, start + dt.timedelta(minutes=40), start + dt.timedelta(minutes=50))
    with django_assert_max_num_queries(len(small.captured_queries)):
        itinerary = build_itinerary(anders, delegation=beijing)
    assert len(itinerary.items) > 60
