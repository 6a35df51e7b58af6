"""A delegation's history includes its members, legs, stays and visits: in words, in the
place's time, in the staff member's language, at a fixed number of queries, never reverted."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from delegations.models import Delegation, DelegationMember, TravelLeg
from tests.test_concurrent_edit import page_form

pytestmark = pytest.mark.django_db

BEIJING = "region-midtjylland-beijing-2016"


def history_page(client, trip, language="en"):
    client.cookies["django_language"] = language
    with translation.override(language):
        response = client.get(reverse("admin:delegations_delegation_history", args=[trip.pk]))
    assert response.status_code == 200
    return response.content.decode()


def part_changes(html):
    return html[html.index('id="part-changes"') :]


def test_changes_to_legs_and_members_are_on_the_trips_history(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    leg = TravelLeg.objects.get(delegation=trip, reference="SK 995")
    url = reverse("admin:delegations_travelleg_change", args=[leg.pk])
    data = page_form(staff_client, url, "travelleg_form")
    data.update(arrives_at_1=["09:40"], direction=["home"])
    assert staff_client.post(url, data).status_code == 302
    member = DelegationMember.objects.filter(delegation=trip).order_by("precedence").last()
    url = reverse("admin:delegations_delegationmember_change", args=[member.pk])
    data = page_form(staff_client, url, "delegationmember_form")
    data.update(answer=["declined"])
    assert staff_client.post(url, data).status_code == 302

    html = part_changes(history_page(staff_client, trip))
    # The leg's arrival in its arrival zone, the direction and the answer as labels.
    assert "Dec. 4, 2016 09:10 China Time → Dec. 4, 2016 09:40 China Time" in html
    assert "Outbound → Travel home" in html
    assert "Confirmed → Declined" in html
    assert "staff" in html
    assert "+00:00" not in html and ">home<" not in html

    danish = part_changes(history_page(staff_client, trip, "da"))
    assert "4. december 2016 09:10 Kinesisk tid → 4. december 2016 09:40 Kinesisk tid" in danish
    assert "Bekræftet → Afslået" in danish
    assert "Rejseetape" in danish
    chinese = part_changes(history_page(staff_client, trip, "zh-hans"))
    assert "中国时间" in chinese and "行程段" in chinese
    assert "Travel leg" not in chinese and "Changes to the trip" not in chinese


def test_a_deleted_visit_stays_in_the_trips_history(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    visit = trip.visits.order_by("starts_at").first()
    title = visit.title
    visit.delete()
    html = part_changes(history_page(staff_client, trip))
    assert f"<strong>{title}</strong> (deleted)" in html


def test_the_trips_history_costs_the_same_however_long_it_is(
    staff_client, django_assert_max_num_queries
):
    trip = Delegation.objects.get(slug=BEIJING)
    url = reverse("admin:delegations_delegation_history", args=[trip.pk])
    staff_client.get(url)
    with django_assert_max_num_queries(40) as before:
        staff_client.get(url)
    leg = TravelLeg.objects.get(delegation=trip, reference="SK 995")
    for minutes in range(1, 21):
        leg.arrives_at += dt.timedelta(minutes=minutes)
        leg.save()
    for visit in trip.visits.all():
        visit.topic_en = f"{visit.topic_en} (updated)"
        visit.save()
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = staff_client.get(url)
    assert response.content.decode().count("SK 995") > 20


def test_the_trips_history_offers_no_revert(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    html = history_page(staff_client, trip)
    assert "revert" not in html.lower()
    record = trip.history.last()
    url = reverse("admin:delegations_delegation_simple_history", args=[trip.pk, record.pk])
    assert staff_client.post(url, {"name_en": "Reverted"}).status_code == 405
