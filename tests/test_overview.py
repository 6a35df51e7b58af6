"""The staff overview's figures on the demo data, with a fixed number of queries."""

import datetime as dt

import pytest

from delegations.models import (
    Delegation,
    DelegationMember,
    FollowUp,
    Invitation,
    Person,
    TravelLeg,
    Visit,
)
from delegations.overview import overview, reminders_by_owner

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


def test_figures_on_the_demo():
    figures = overview(TODAY)
    counts = {status: count for status, _label, count in figures.by_status}
    # Closed: Aarhus, Odense, Southern Denmark at the forum; Shanghai 2019 (forum/demo_report.py).
    assert counts["follow_up"] == 1 and counts["closed"] == 4 and counts["planning"] == 1
    assert {m.person.latin_name for m in figures.unconfirmed} == {"Anders Kühnau", "Signe Madsen"}
    assert [d.slug for d in figures.no_travel_home] == ["region-midtjylland-shanghai-2027"]
    assert [v.host.slug for v in figures.visits_without_contact] == ["beijing-chaoyang-hospital"]
    assert [f.action_en for f in figures.overdue] == [
        "Share material on organising psychiatry with Beijing Anding Hospital"
    ]
    assert [p.slug for p in figures.expiring] == ["midtjylland-shanghai"]
    assert figures.coming == []


def test_coming_trips_and_their_conflicts():
    shanghai = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    figures = overview(dt.date(2027, 4, 1))
    assert figures.coming == [shanghai]
    assert figures.conflicts == []
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    host = Delegation.objects.get(slug="region-midtjylland-beijing-2016").visits.first().host
    for hour in (9, 10):
        visit = Visit.objects.create(
            delegation=shanghai,
            host=host,
            title=f"Meeting {hour}",
            time_zone="Asia/Shanghai",
            starts_at=dt.datetime(2027, 4, 13, hour, tzinfo=dt.UTC),
            ends_at=dt.datetime(2027, 4, 13, hour + 2, tzinfo=dt.UTC),
        )
        visit.participants.add(anders)
    conflicts = overview(dt.date(2027, 4, 1)).conflicts
    assert [(d.slug, p.latin_name, w.kind) for d, p, w in conflicts] == [
        ("region-midtjylland-shanghai-2027", "Anders Kühnau", "overlap")
    ]


def add_coming_trips(numbers):
    """Trips with every kind of gap the overview lists: a member without travel or hotel, a
    leg without travellers, a visit without interpreter whose host contact is double booked,
    a late follow-up and an invitation waiting for its reply."""
    shanghai = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    owner = Person.objects.get(email="signe.madsen@example.org")
    contact = Person.objects.get(email="zhou.min@example.org")
    host = Delegation.objects.get(slug="region-midtjylland-beijing-2016").visits.first().host
    soon = dt.datetime.combine(dt.date.today(), dt.time(9), tzinfo=dt.UTC)
    for n in numbers:
        copy = Delegation.objects.create(
            slug=f"copy-{n}",
            name=f"Copy {n}",
            sending_organisation=shanghai.sending_organisation,
            destination_city="Shanghai",
            destination_country="CN",
            destination_time_zone="Asia/Shanghai",
            starts_on=dt.date.today() + dt.timedelta(days=40 + n),  # later than 30 days too
            ends_on=dt.date.today() + dt.timedelta(days=43 + n),
        )
        DelegationMember.objects.create(delegation=copy, person=owner)
        FollowUp.objects.create(action=f"Late {n}", owner=owner, due_on=dt.date(2020, 1, 1))
        TravelLeg.objects.create(
            delegation=copy,
            reference=f"MU {n}",
            origin="PVG",
            destination="PEK",
            departs_at=soon,
            departure_time_zone="Asia/Shanghai",
            arrives_at=soon + dt.timedelta(hours=2),
            arrival_time_zone="Asia/Shanghai",
        )
        start = soon + dt.timedelta(days=41 + n)
        visit = Visit.objects.create(
            delegation=copy,
            host=host,
            title_en=f"Visit {n}",
            time_zone="Asia/Shanghai",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            host_contact=contact,
        )
        visit.participants.add(owner)
        Invitation.objects.create(
            host=host,
            invitee_organisation=shanghai.sending_organisation,
            occasion_en=f"Invitation {n}",
            received_on=dt.date(2026, 1, 1),
            reply_due=dt.date(2027, 1, 1) + dt.timedelta(days=n),
        )


def test_overview_page_in_the_admin(staff_client, django_assert_max_num_queries):
    add_coming_trips([0])
    # 35: the session and user, the overview's lists, passports and visas (3), the seats in
    # cars (1, the itinerary's car source), the admin's own.
    with django_assert_max_num_queries(35) as small:
        response = staff_client.get("/admin/delegations/delegation/overview/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "MTIC meeting at Beijing Chao-Yang Hospital" in html
    add_coming_trips(range(1, 16))  # more data, same number of queries
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get("/admin/delegations/delegation/overview/")
    html = response.content.decode()
    assert "Late 15" in html and "Copy 15" in html and "MU 15" in html
    assert "Visit 15" in html and "Invitation 15" in html


def section(html, name):
    return html.split(f'id="{name}"', 1)[1].split("</ul>", 1)[0]


def test_every_open_trip_and_what_it_lacks(staff_client):
    add_coming_trips([1, 2])
    figures = overview(TODAY)
    missing = {
        (d.slug, p.latin_name): [str(m) for m in what] for d, p, what in figures.members_missing
    }
    assert missing[("copy-1", "Signe Madsen")] == [
        "outbound travel",
        "travel home",
        "a hotel night",
    ]
    assert ("region-midtjylland-beijing-2016", "Anders Kühnau") not in missing  # all booked
    assert [leg.reference for leg in figures.legs_without_travellers] == ["MU 1", "MU 2"]
    lacking = {v.title: [str(m) for m in what] for v, what in figures.visits_missing}
    assert lacking["Visit 1"] == ["interpreter"]
    assert lacking["MTIC meeting at Beijing Chao-Yang Hospital"] == ["host contact", "interpreter"]
    html = staff_client.get("/admin/delegations/delegation/overview/").content.decode()
    assert "Signe Madsen" in section(html, "members-missing")
    assert "MU 1" in section(html, "legs-without-travellers")
    assert "Visit 1" in section(html, "visits-missing")
    # One list of what visits lack: a second one ("without a host contact") repeated them.
    chaoyang = Visit.objects.get(title_en="MTIC meeting at Beijing Chao-Yang Hospital")
    assert html.count(f'href="/admin/delegations/visit/{chaoyang.pk}/change/"') == 1
    assert 'id="visits-without-contact"' not in html


def test_pending_invitations_by_reply_due_with_the_late_ones_marked(staff_client):
    add_coming_trips([2, 1])
    figures = overview(dt.date(2027, 1, 3))
    pending = [i.occasion_en or i.occasion for i in figures.pending_invitations]
    assert pending.index("Invitation 1") < pending.index("Invitation 2")
    late = {i.occasion: i.is_overdue for i in figures.pending_invitations}
    assert late["Invitation 1"] is True and late["Invitation 2"] is False
    html = staff_client.get("/admin/delegations/delegation/overview/").content.decode()
    assert "Invitation 2" in section(html, "pending-invitations")


def test_a_closed_trip_warns_of_nothing():
    Delegation.objects.filter(slug="region-midtjylland-beijing-2016").update(status="travelling")
    beijing = Delegation.objects.get(slug="region-midtjylland-beijing-2016")
    beijing.travel_legs.filter(direction="home").delete()
    beijing.visits.update(interpreter=None)
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    from delegations.itinerary import build_itinerary

    assert "no_travel_home" in [
        w.kind for w in build_itinerary(anders, delegation=beijing).warnings
    ]
    figures = overview(TODAY)
    assert any(d == beijing for d, _p, _m in figures.members_missing)
    assert any(v.delegation_id == beijing.pk for v, _m in figures.visits_missing)
    Delegation.objects.filter(pk=beijing.pk).update(status="closed")
    beijing.refresh_from_db()
    figures = overview(TODAY)
    assert all(d != beijing for d, _p, _m in figures.members_missing)
    assert all(v.delegation_id != beijing.pk for v, _m in figures.visits_missing)
    assert all(d != beijing for d, _p, _w in figures.conflicts)
    assert "no_travel_home" not in [
        w.kind for w in build_itinerary(anders, delegation=beijing).warnings
    ]


def test_conflicts_of_trips_beyond_the_next_30_days():
    add_coming_trips([1])
    trip = Delegation.objects.get(slug="copy-1")
    visit = trip.visits.get()
    Visit.objects.create(
        delegation=trip,
        host=visit.host,
        title_en="Double",
        time_zone="Asia/Shanghai",
        starts_at=visit.starts_at,
        ends_at=visit.ends_at,
    ).participants.add(*visit.participants.all())
    figures = overview(dt.date.today())
    assert trip not in figures.coming
    assert [(d.slug, w.kind) for d, _p, w in figures.conflicts] == [("copy-1", "overlap")]


def test_overview_is_for_staff_only(client, embassy_user):
    client.force_login(embassy_user)
    response = client.get("/admin/delegations/delegation/overview/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_reminders_per_owner(staff_client, django_assert_max_num_queries):
    owners = dict(reminders_by_owner(TODAY))
    names = {owner.latin_name: [f.action_en for f in items] for owner, items in owners.items()}
    assert (
        "Share material on organising psychiatry with Beijing Anding Hospital"
        in names["Christian Boel"]
    )
    assert names["Signe Madsen"] == ["Prepare the renewal of the Shanghai cooperation agreement"]
    with django_assert_max_num_queries(15):
        page = staff_client.get("/admin/delegations/followup/reminders/")
    assert page.status_code == 200
    assert "overdue" in page.content.decode()


def test_admin_index_links_to_the_overview(staff_client):
    html = staff_client.get("/admin/").content.decode()
    assert "/admin/delegations/delegation/overview/" in html
