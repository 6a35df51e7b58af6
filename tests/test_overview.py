"""The staff overview's figures on the demo data, with a fixed number of queries."""

import datetime as dt

import pytest

from delegations.models import Delegation, DelegationMember, FollowUp, Person, Visit
from delegations.overview import overview, reminders_by_owner

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


def test_figures_on_the_demo():
    figures = overview(TODAY)
    counts = {status: count for status, _label, count in figures.by_status}
    assert counts["follow_up"] == 1 and counts["closed"] == 3 and counts["planning"] == 1
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
    shanghai = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    owner = Person.objects.get(email="signe.madsen@example.org")
    for n in numbers:
        copy = Delegation.objects.create(
            slug=f"copy-{n}",
            name=f"Copy {n}",
            sending_organisation=shanghai.sending_organisation,
            destination_city="Shanghai",
            destination_country="CN",
            destination_time_zone="Asia/Shanghai",
            starts_on=dt.date.today(),
            ends_on=dt.date.today() + dt.timedelta(days=3),
        )
        DelegationMember.objects.create(delegation=copy, person=owner)
        FollowUp.objects.create(action=f"Late {n}", owner=owner, due_on=dt.date(2020, 1, 1))


def test_overview_page_in_the_admin(staff_client, django_assert_max_num_queries):
    add_coming_trips([0])
    with django_assert_max_num_queries(30) as small:
        response = staff_client.get("/admin/delegations/delegation/overview/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "MTIC meeting at Beijing Chao-Yang Hospital" in html
    add_coming_trips(range(1, 16))  # more data, same number of queries
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get("/admin/delegations/delegation/overview/")
    assert "Late 15" in response.content.decode() and "Copy 15" in response.content.decode()


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
