"""Everyone booked on an item has it on their itinerary (interpreters, host contacts, staff
escorts, people on stage, seats) and double bookings are checked over all these roles: on
the itinerary, the trip page and the overview."""

import datetime as dt

import pytest
from django.utils import translation

from delegations.itinerary import build_itinerary
from delegations.models import Delegation, Person, Visit
from delegations.overview import overview
from delegations.trip_plan import trip_plan

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
AARHUS = "aarhus-kommune-beijing-2016"
TZ = "Asia/Shanghai"


def person(key):
    return Person.objects.get(email=f"{key}@example.org")


def at(day, hour, minute=0):
    """A Beijing wall-clock time in December 2016 as UTC."""
    return dt.datetime(2016, 12, day, hour - 8, minute, tzinfo=dt.UTC)


def roles_on(person_, trip):
    with translation.override("en"):
        items = build_itinerary(person_, delegation=trip).items
    return {(i.title, i.role) for i in items if i.kind == "visit"}


def test_interpreter_and_host_contact_have_their_visits():
    trip = Delegation.objects.get(slug=BEIJING)
    assert roles_on(person("wang.li"), trip) == {
        ("Visit to Peking Union Medical College Hospital", "Interpreter"),
        ("Visit to Beijing Anding Hospital", "Interpreter"),
    }
    assert roles_on(person("zhang.wei"), trip) == {
        ("Visit to Peking Union Medical College Hospital", "Host contact")
    }
    anders = roles_on(person("anders.kuhnau"), trip)
    assert ("Visit to Peking Union Medical College Hospital", "") in anders


def test_a_staff_escort_has_the_visit_and_is_listed_with_the_others():
    trip = Delegation.objects.get(slug=BEIJING)
    signe = person("signe.madsen")
    visit = trip.visits.get(title_en="Visit to Beijing Anding Hospital")
    visit.escorts.add(signe)
    assert roles_on(signe, trip) == {("Visit to Beijing Anding Hospital", "Staff escort")}
    with translation.override("en"):
        anders_items = build_itinerary(person("anders.kuhnau"), delegation=trip).items
    anding = next(i for i in anders_items if i.uid == f"visit-{visit.pk}")
    assert signe in anding.people


def other_visit(trip, title, starts, ends, **people):
    host = Delegation.objects.get(slug=BEIJING).visits.first().host
    visit = Visit.objects.create(
        delegation=trip,
        host=host,
        title_en=title,  # whatever language an earlier test left active
        time_zone=TZ,
        starts_at=starts,
        ends_at=ends,
    )
    for role, who in people.items():
        if role == "participants":
            visit.participants.set(who)
        else:
            setattr(visit, role, who)
    visit.save()
    return visit


def test_an_interpreter_booked_twice_is_warned_everywhere(staff_client):
    beijing = Delegation.objects.get(slug=BEIJING)
    aarhus = Delegation.objects.get(slug=AARHUS)
    wang = person("wang.li")
    # Aarhus (closed) books her for the afternoon she interprets at Anding for Midtjylland.
    other_visit(
        aarhus,
        "Aarhus at the Capital Library",
        at(6, 15),
        at(6, 16),
        interpreter=wang,
        participants=[person("mette.lund")],
    )
    with translation.override("en"):
        itinerary = build_itinerary(wang, delegation=beijing)
    assert [w.kind for w in itinerary.warnings] == ["overlap"]
    assert "Aarhus at the Capital Library" in itinerary.warnings[0].message
    plan = trip_plan(beijing)
    assert [(p.latin_name, w.kind) for p, w in plan.conflicts] == [("Wang Li", "overlap")]
    html = staff_client.get(f"/en/staff/trips/{BEIJING}/").content.decode()
    conflicts = html.split('id="conflicts-title"', 1)[1].split("</section>", 1)[0]
    assert "Wang Li" in conflicts and "Aarhus at the Capital Library" in conflicts
    # The overview warns for the trip still open (follow-up), not for the closed one.
    found = overview(dt.date(2026, 11, 24)).conflicts
    assert [(d.slug, p.latin_name) for d, p, _w in found] == [(BEIJING, "Wang Li")]


def test_a_host_contact_on_stage_at_the_same_time_is_a_conflict():
    beijing = Delegation.objects.get(slug=BEIJING)
    zhang = person("zhang.wei")  # panellist 5 December 11:00-12:30
    other_visit(
        beijing,
        "Lunch meeting at PUMCH",
        at(5, 11, 30),
        at(5, 13),
        host_contact=zhang,
        participants=[person("bettina.sorensen")],
    )
    with translation.override("en"):
        warnings = build_itinerary(zhang, delegation=beijing).warnings
        conflicts = trip_plan(beijing).conflicts
    assert any("Panel: health promotion" in w.message for w in warnings)
    assert ("Zhang Wei", "overlap") in [(p.latin_name, w.kind) for p, w in conflicts]


def test_a_member_on_stage_and_on_a_visit_at_once_is_a_conflict():
    beijing = Delegation.objects.get(slug=BEIJING)
    anders = person("anders.kuhnau")  # opens the forum 5 December 09:00
    other_visit(beijing, "Breakfast visit", at(5, 8, 30), at(5, 9, 30), participants=[anders])
    with translation.override("en"):
        conflicts = trip_plan(beijing).conflicts
    assert any(
        p == anders and "Opening of the forum" in w.message and "Breakfast visit" in w.message
        for p, w in conflicts
    )


def test_the_trip_page_costs_the_same_with_more_helpers(
    staff_client, django_assert_max_num_queries
):
    beijing = Delegation.objects.get(slug=BEIJING)
    page = f"/en/staff/trips/{BEIJING}/"
    staff_client.get(page)
    with django_assert_max_num_queries(60) as few:
        staff_client.get(page)
    for n in range(6):
        helper = Person.objects.create(given_name=f"Helper{n}", family_name="Interpreter")
        escort = Person.objects.create(given_name=f"Escort{n}", family_name="Staff")
        visit = other_visit(
            beijing,
            f"Extra visit {n}",
            at(6, 9 + n),
            at(6, 10 + n),
            interpreter=helper,
            participants=[person("christian.boel")],
        )
        visit.escorts.add(escort)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = staff_client.get(page).content.decode()
    assert "Extra visit 5" in html
