"""Staff enter and see every time in its place's zone; stored values stay UTC.

Copenhagen moves its clocks on 28 March 2027 (02:00 -> 03:00) and 31 October 2027
(03:00 -> 02:00); Shanghai never does.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from delegations import zones
from delegations.models import Delegation, DelegationMember, TravelLeg, Visit
from forum.models import Session
from tests.test_concurrent_edit import page_form

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def shanghai_trip():
    return Delegation.objects.get(slug="region-midtjylland-shanghai-2027")


# -- zones in words ---------------------------------------------------------------------


def test_zone_names_are_words_in_each_language():
    assert zones.zone_label("Asia/Shanghai", "en") == "China Time"
    assert zones.zone_label("Asia/Shanghai", "da") == "Kinesisk tid"
    assert zones.zone_label("Asia/Shanghai", "zh-hans") == "中国时间"
    with translation.override("da"):
        assert zones.zone_label("Europe/Copenhagen") == "Centraleuropæisk tid"


@pytest.mark.parametrize("word", ["beijing", "shanghai", "北京", "上海", "kina", "中国", "china"])
def test_beijing_and_shanghai_find_china_time(word):
    assert word in zones.search_terms("Asia/Shanghai")


def test_the_picker_offers_common_zones_first_and_no_ids():
    groups = zones.zone_groups("zh-hans")
    common_label, common = groups[0]
    assert [zone for zone, _label in common][:2] == ["Europe/Copenhagen", "Asia/Shanghai"]
    labels = dict(option for _group, options in groups for option in options)
    assert labels["Asia/Shanghai"] == "上海 (中国) · 中国时间"
    assert all("/" not in label for label in labels.values())
    assert zones.is_known("Asia/Shanghai") and not zones.is_known("asia/shanghai")


def test_wall_clock_times_at_the_daylight_saving_edges():
    cph = "Europe/Copenhagen"
    assert zones.aware(dt.datetime(2027, 3, 27, 23, 30), cph) == utc(2027, 3, 27, 22, 30)
    with pytest.raises(zones.NonexistentLocalTime):
        zones.aware(dt.datetime(2027, 3, 28, 2, 30), cph)
    # Happens twice: read as the first time, still summer time (UTC+2).
    assert zones.is_ambiguous(dt.datetime(2027, 10, 31, 2, 30), cph)
    assert zones.aware(dt.datetime(2027, 10, 31, 2, 30), cph) == utc(2027, 10, 31, 0, 30)
    # Shanghai has no such nights.
    shanghai = "Asia/Shanghai"
    assert zones.aware(dt.datetime(2027, 3, 28, 2, 30), shanghai) == utc(2027, 3, 27, 18, 30)
    assert not zones.is_ambiguous(dt.datetime(2027, 10, 31, 2, 30), shanghai)


# -- a travel leg in its two zones ------------------------------------------------------


def leg_form(client, trip, **times):
    url = reverse("admin:delegations_travelleg_add") + f"?delegation={trip.pk}"
    data = page_form(client, url, "travelleg_form")
    data.update(
        {
            "delegation": [str(trip.pk)],
            "reference": ["SK 997"],
            "origin_en": ["Copenhagen Airport (CPH)"],
            "destination_en": ["Beijing Capital International Airport (PEK)"],
        }
    )
    for key, value in times.items():
        data[key] = [value]
    return url, data


def test_a_new_leg_leaves_from_home_and_arrives_in_the_destination_zone(
    staff_client, shanghai_trip
):
    _url, data = leg_form(staff_client, shanghai_trip)
    assert data["direction"] == ["outbound"]
    assert data["departure_time_zone"] == ["Europe/Copenhagen"]
    assert data["arrival_time_zone"] == ["Asia/Shanghai"]


def post_leg(client, trip, departs, departure_zone, arrives, arrival_zone, kind="flight"):
    url, data = leg_form(
        client,
        trip,
        kind=kind,
        departs_at_0=departs[:10],
        departs_at_1=departs[11:],
        departure_time_zone=departure_zone,
        arrives_at_0=arrives[:10],
        arrives_at_1=arrives[11:],
        arrival_time_zone=arrival_zone,
    )
    return client.post(url, data)


def errors_of(response, field):
    return [str(e) for e in response.context["adminform"].form.errors.get(field, [])]


def test_a_flight_is_read_in_its_departure_and_arrival_zones(staff_client, shanghai_trip):
    response = post_leg(
        staff_client,
        shanghai_trip,
        "2027-03-27 23:30",
        "Europe/Copenhagen",
        "2027-03-28 15:35",
        "Asia/Shanghai",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    leg = TravelLeg.objects.get(reference="SK 997")
    assert leg.departs_at == utc(2027, 3, 27, 22, 30)
    assert leg.arrives_at == utc(2027, 3, 28, 7, 35)


def test_a_time_skipped_by_the_clocks_is_refused_with_a_message(staff_client, shanghai_trip):
    response = post_leg(
        staff_client,
        shanghai_trip,
        "2027-03-28 02:30",
        "Europe/Copenhagen",
        "2027-03-28 18:35",
        "Asia/Shanghai",
    )
    assert response.status_code == 200
    [message] = errors_of(response, "departs_at")
    assert "02:30 does not exist" in message and "Central European Time" in message
    assert not TravelLeg.objects.filter(reference="SK 997").exists()


def test_a_time_that_happens_twice_is_the_first(staff_client, shanghai_trip):
    response = post_leg(
        staff_client,
        shanghai_trip,
        "2027-10-31 02:30",
        "Europe/Copenhagen",
        "2027-10-31 16:20",
        "Asia/Shanghai",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert TravelLeg.objects.get(reference="SK 997").departs_at == utc(2027, 10, 31, 0, 30)


def test_arrival_before_departure_in_real_time_says_why(staff_client, shanghai_trip):
    # 20:00 in Copenhagen (summer time) is 02:00 next morning in Shanghai: not later.
    response = post_leg(
        staff_client,
        shanghai_trip,
        "2027-04-12 20:00",
        "Europe/Copenhagen",
        "2027-04-13 02:00",
        "Asia/Shanghai",
    )
    assert response.status_code == 200
    [message] = errors_of(response, "arrives_at")
    assert message == (
        "In real time this is not after “Departs”: April 12, 2027 20:00 Central European "
        "Time is April 13, 2027 02:00 China Time."
    )
    assert "Constraint" not in response.content.decode()


def test_an_end_before_its_start_in_one_zone_is_said_once(staff_client, shanghai_trip):
    response = post_leg(
        staff_client,
        shanghai_trip,
        "2027-04-14 09:00",
        "Asia/Shanghai",
        "2027-04-14 08:30",
        "Asia/Shanghai",
    )
    assert response.status_code == 200
    [message] = errors_of(response, "arrives_at")
    assert message == "This is not after “Departs”, April 14, 2027 09:00 China Time."


def test_a_flight_over_twenty_hours_is_questioned(staff_client, shanghai_trip):
    response = post_leg(
        staff_client,
        shanghai_trip,
        "2027-04-12 08:00",
        "Europe/Copenhagen",
        "2027-04-13 16:10",
        "Asia/Shanghai",
    )
    assert response.status_code == 200
    [message] = errors_of(response, "arrives_at")
    assert "26 hours" in message
    # A long train or transfer is not questioned.
    response = post_leg(
        staff_client,
        shanghai_trip,
        "2027-04-12 08:00",
        "Europe/Copenhagen",
        "2027-04-13 16:10",
        "Asia/Shanghai",
        kind="train",
    )
    assert response.status_code == 302


def test_the_demo_flight_shows_its_arrival_in_beijing_time(staff_client):
    leg = TravelLeg.objects.get(reference="SK 995")
    response = staff_client.get(reverse("admin:delegations_travelleg_change", args=[leg.pk]))
    html = response.content.decode()
    assert 'name="arrives_at_1" value="09:10:00"' in html
    assert 'name="departs_at_1" value="17:40:00"' in html
    assert re.search(r'data-zone-field="arrival_time_zone">China Time<', html)
    assert re.search(r'data-zone-field="departure_time_zone">Central European Time<', html)


def test_saving_a_leg_unchanged_keeps_its_times(staff_client):
    leg = TravelLeg.objects.get(reference="SK 995")
    before = (leg.departs_at, leg.arrives_at)
    url = reverse("admin:delegations_travelleg_change", args=[leg.pk])
    response = staff_client.post(url, page_form(staff_client, url, "travelleg_form"))
    assert response.status_code == 302
    leg.refresh_from_db()
    assert (leg.departs_at, leg.arrives_at) == before


def test_changing_zone_and_time_together(staff_client):
    leg = TravelLeg.objects.get(reference="SK 995")
    url = reverse("admin:delegations_travelleg_change", args=[leg.pk])
    data = page_form(staff_client, url, "travelleg_form")
    data.update(arrival_time_zone=["Asia/Tokyo"], arrives_at_1=["10:40"])
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    leg.refresh_from_db()
    assert leg.arrives_at == utc(2016, 12, 4, 1, 40)
    assert leg.arrival_time_zone == "Asia/Tokyo"


def test_zones_are_chosen_not_typed(staff_client):
    leg = TravelLeg.objects.get(reference="SK 995")
    url = reverse("admin:delegations_travelleg_change", args=[leg.pk])
    data = page_form(staff_client, url, "travelleg_form")
    data["arrival_time_zone"] = ["asia/shanghai"]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert errors_of(response, "arrival_time_zone") == ["Choose a time zone from the list."]


# -- the delegation page: inlines in their zones ---------------------------------------


def delegation_url(trip):
    return reverse("admin:delegations_delegation_change", args=[trip.pk])


def test_the_delegation_page_shows_local_times_and_defaults(staff_client):
    trip = Delegation.objects.get(slug="region-midtjylland-beijing-2016")
    with translation.override("en"):
        page = staff_client.get(delegation_url(trip)).content.decode()
    # Saved legs are one-line summaries in their places' times, edited on their own page.
    assert "Dec. 3, 2016 17:40 Central European Time – Dec. 4, 2016 09:10 China Time" in page
    leg = TravelLeg.objects.get(delegation=trip, reference="SK 995")
    data = page_form(
        staff_client, reverse("admin:delegations_travelleg_change", args=[leg.pk]), "travelleg_form"
    )
    assert data["arrives_at_1"] == ["09:10:00"]
    assert data["arrival_time_zone"] == ["Asia/Shanghai"]
    data = page_form(staff_client, delegation_url(trip), "delegation_form")
    # The empty row that "Add another" copies: an outbound leg from home to the destination;
    # stays and visits in the destination's zone.
    assert data["travel_legs-__prefix__-departure_time_zone"] == ["Europe/Copenhagen"]
    assert data["travel_legs-__prefix__-arrival_time_zone"] == ["Asia/Shanghai"]
    assert data["stays-__prefix__-time_zone"] == ["Asia/Shanghai"]
    assert data["visits-__prefix__-time_zone"] == ["Asia/Shanghai"]


def test_inline_rows_save_in_their_zones(staff_client, shanghai_trip):
    url = delegation_url(shanghai_trip)
    data = page_form(staff_client, url, "delegation_form")
    visits = int(data["visits-TOTAL_FORMS"][0])
    prefix = f"visits-{visits}-"
    for key, value in list(data.items()):
        if key.startswith("visits-__prefix__-"):
            data[key.replace("visits-__prefix__-", prefix)] = value
    data["visits-TOTAL_FORMS"] = [str(visits + 1)]
    host = shanghai_trip.sending_organisation_id
    data.update(
        {
            f"{prefix}title_en": ["Shanghai Health Commission"],
            f"{prefix}host": [str(host)],
            f"{prefix}starts_at_0": ["2027-04-13"],
            f"{prefix}starts_at_1": ["14:00"],
            f"{prefix}ends_at_0": ["2027-04-13"],
            f"{prefix}ends_at_1": ["16:10"],
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, [
        f.errors for fs in response.context["inline_admin_formsets"] for f in fs.formset
    ]
    visit = Visit.objects.get(title_en="Shanghai Health Commission")
    assert (visit.starts_at, visit.ends_at) == (utc(2027, 4, 13, 6), utc(2027, 4, 13, 8, 10))
    assert visit.time_zone == "Asia/Shanghai"
    # A member's own arrival is edited on the member's page (the summary's edit link), in
    # the destination's zone, and the save returns to the delegation.
    member = DelegationMember.objects.get(
        delegation=shanghai_trip, person__email="christian.boel@example.org"
    )
    member_url = reverse("admin:delegations_delegationmember_change", args=[member.pk])
    assert f"{member_url}?return_to=" in staff_client.get(url).content.decode()
    member_url += f"?return_to={url}"
    data = page_form(staff_client, member_url, "delegationmember_form")
    data.update({"arrives_at_0": ["2027-04-12"], "arrives_at_1": ["09:30"]})
    response = staff_client.post(member_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == url
    member.refresh_from_db()
    assert member.arrives_at == utc(2027, 4, 12, 1, 30)


def test_a_session_is_read_in_its_forums_zone(staff_client):
    session = Session.objects.select_related("forum").order_by("starts_at").first()
    assert session.forum.time_zone == "Asia/Shanghai"
    url = reverse("admin:forum_session_change", args=[session.pk])
    data = page_form(staff_client, url, "session_form")
    local = zones.naive_local(session.starts_at, "Asia/Shanghai")
    assert data["starts_at_1"] == [local.strftime("%H:%M:%S")]
    data.update(starts_at_1=["08:45"])
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    session.refresh_from_db()
    assert zones.naive_local(session.starts_at, "Asia/Shanghai").strftime("%H:%M") == "08:45"
    assert session.starts_at.astimezone(UTC).hour == 0


# -- change lists and history -----------------------------------------------------------


def test_change_lists_show_local_times(staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("admin:delegations_travelleg_changelist"))
    html = response.content.decode()
    assert "Dec. 4, 2016 09:10 China Time" in html
    assert "Dec. 3, 2016 17:40 Central European Time" in html
    sessions = staff_client.get(reverse("admin:forum_session_changelist")).content.decode()
    assert "China Time" in sessions


def test_a_span_says_the_day_and_the_zone_once():
    start, end = utc(2016, 12, 5, 1, 0), utc(2016, 12, 5, 1, 45)  # 09:00-09:45 in Shanghai
    assert (
        zones.format_local_span(start, end, "Asia/Shanghai", "da")
        == "5. december 2016 09:00–09:45 Kinesisk tid"
    )
    # Past local midnight (not UTC's): both ends in full.
    late = zones.format_local_span(start, utc(2016, 12, 5, 16, 30), "Asia/Shanghai", "en")
    assert late == "Dec. 5, 2016 09:00 China Time – Dec. 6, 2016 00:30 China Time"
    assert zones.format_local_span(start, None, "Asia/Shanghai", "en") == (
        "Dec. 5, 2016 09:00 China Time"
    )


def test_the_session_list_names_the_forum_only_when_there_are_several(staff_client):
    from forum.models import Forum

    url = reverse("admin:forum_session_changelist")
    html = staff_client.get(url).content.decode()
    assert "09:00–09:45 China Time" in html  # the opening, start and end in one column
    assert "column-forum" not in html  # one forum: its name on every row said nothing
    forum = Forum.objects.get()
    Forum.objects.create(
        name_en="Second forum",
        slug="second-forum",
        time_zone="Europe/Copenhagen",
        starts_on=forum.starts_on,
        ends_on=forum.ends_on,
        city=forum.city,
    )
    assert "column-forum" in staff_client.get(url).content.decode()
    filtered = staff_client.get(url, {"forum__id__exact": forum.pk}).content.decode()
    assert "column-forum" not in filtered


def test_history_shows_labels_and_local_times(staff_client):
    leg = TravelLeg.objects.get(reference="SK 995")
    url = reverse("admin:delegations_travelleg_change", args=[leg.pk])
    data = page_form(staff_client, url, "travelleg_form")
    data.update(arrives_at_1=["09:40"], direction=["home"])
    assert staff_client.post(url, data).status_code == 302
    history = staff_client.get(reverse("admin:delegations_travelleg_history", args=[leg.pk]))
    html = history.content.decode()
    assert "Dec. 4, 2016 09:10 China Time" in html
    assert "Dec. 4, 2016 09:40 China Time" in html
    assert "Outbound" in html and "Travel home" in html
    assert "+00:00" not in html


def test_the_delegation_page_keeps_its_queries_and_weight(
    staff_client, django_assert_max_num_queries
):
    trip = Delegation.objects.get(slug="region-midtjylland-beijing-2016")
    with django_assert_max_num_queries(60):
        response = staff_client.get(delegation_url(trip))
    html = response.content.decode()
    # The zone list is on the page once, not in each of its zone selects.
    assert html.count('id="zone-options"') == 1
    # Two on the delegation, three in the empty rows that "Add another" copies (saved rows
    # are summaries, edited on their own pages).
    assert html.count('class="zone-select') >= 5
    assert len(response.content) < 600_000


def test_a_past_version_reads_in_its_zones_too(staff_client):
    leg = TravelLeg.objects.get(reference="SK 995")
    record = leg.history.order_by("history_id").first()
    response = staff_client.get(
        reverse("admin:delegations_travelleg_simple_history", args=[leg.pk, record.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="arrives_at_1" value="09:10:00"' in html
    assert ">China Time<" in html
