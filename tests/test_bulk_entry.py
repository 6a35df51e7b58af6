"""Entering a trip without a pick per person: new legs, stays and visits start with the
confirmed members; a leg is copied as the way back and a visit as another like it; the
leader is chosen once, as a member."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.utils import translation

from delegations import workflow
from delegations.models import Delegation, DelegationMember, Invitation, Person, TravelLeg, Visit

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
SHANGHAI = "region-midtjylland-shanghai-2027"


def selected(html, name):
    """The values selected in the <select name=`name`> of `html`."""
    match = re.search(rf'<select[^>]*name="{re.escape(name)}".*?</select>', html, re.S)
    assert match, name
    return {int(v) for v in re.findall(r'<option value="(\d+)" selected', match.group(0))}


def confirmed_ids(trip):
    return set(trip.memberships.filter(answer="confirmed").values_list("person_id", flat=True))


def test_new_inline_rows_start_with_the_confirmed_members_only(staff_client):
    trip = Delegation.objects.get(slug=SHANGHAI)  # Christian confirmed; Anders, Signe pending
    html = staff_client.get(f"/admin/delegations/delegation/{trip.pk}/change/").content.decode()
    christian = Person.objects.get(email="christian.boel@example.org")
    assert confirmed_ids(trip) == {christian.pk}
    assert selected(html, "travel_legs-__prefix__-travellers") == {christian.pk}
    assert selected(html, "stays-__prefix__-guests") == {christian.pk}
    assert selected(html, "visits-__prefix__-participants") == {christian.pk}


def test_saved_rows_keep_their_own_people(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    chaoyang = trip.visits.order_by("starts_at").last()  # Bettina only
    # Saved rows are one-line summaries on the delegation page; their own page is where they
    # are edited, and it shows the visit's own people, not the trip's members.
    html = staff_client.get(f"/admin/delegations/visit/{chaoyang.pk}/change/").content.decode()
    assert selected(html, "participants") == {p.pk for p in chaoyang.participants.all()}
    assert len(confirmed_ids(trip)) == 3 and len(chaoyang.participants.all()) == 1


@pytest.mark.parametrize(
    ("model", "field"), [("travelleg", "travellers"), ("stay", "guests"), ("visit", "participants")]
)
def test_the_add_form_opened_from_a_delegation_starts_with_its_members(staff_client, model, field):
    trip = Delegation.objects.get(slug=BEIJING)
    html = staff_client.get(f"/admin/delegations/{model}/add/?delegation={trip.pk}").content
    assert selected(html.decode(), field) == confirmed_ids(trip)
    plain = staff_client.get(f"/admin/delegations/{model}/add/").content.decode()
    assert selected(plain, field) == set()
    odd = staff_client.get(f"/admin/delegations/{model}/add/?delegation=x&copy=-1")
    assert odd.status_code == 200


def test_a_leg_is_copied_as_the_way_back(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    out = trip.travel_legs.get(reference="SK 995")
    with translation.override("en"):
        html = staff_client.get(f"/admin/delegations/travelleg/add/?copy={out.pk}").content.decode()
    assert re.search(r'name="origin_en"[^>]*value="Beijing Capital International Airport', html)
    assert re.search(r'name="destination_en"[^>]*value="Copenhagen Airport \(CPH\)"', html)
    assert re.search(r'name="origin_zh_hans"[^>]*value="北京首都国际机场 \(PEK\)"', html)
    assert re.search(
        r'name="departure_time_zone".*?<option value="Asia/Shanghai"[^>]*selected', html, re.S
    )
    assert re.search(
        r'name="arrival_time_zone".*?<option value="Europe/Copenhagen"[^>]*selected', html, re.S
    )
    assert re.search(r'<option value="home" selected>', html)
    assert selected(html, "travellers") == {p.pk for p in out.travellers.all()}
    assert 'name="departs_at_0" value=""' in html or 'name="departs_at_0"' in html


def test_a_visit_is_copied_with_everyone_but_not_its_time(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    visit = trip.visits.order_by("starts_at").first()
    html = staff_client.get(f"/admin/delegations/visit/add/?copy={visit.pk}").content.decode()
    assert f'value="{visit.title_en}"' in html
    assert selected(html, "participants") == {p.pk for p in visit.participants.all()}
    assert selected(html, "interpreter") == {visit.interpreter_id}
    assert selected(html, "host_contact") == {visit.host_contact_id}
    assert not re.search(r'name="starts_at_0"[^>]*value="\d', html)


def test_the_copy_actions_open_the_prefilled_form(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    leg = trip.travel_legs.get(reference="SK 995")
    response = staff_client.post(
        "/admin/delegations/travelleg/",
        {"action": "copy_one", "_selected_action": [leg.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/delegations/travelleg/add/?copy={leg.pk}"
    two = staff_client.post(
        "/admin/delegations/visit/",
        {"action": "copy_one", "_selected_action": list(trip.visits.values_list("pk", flat=True))},
        follow=True,
    )
    assert "Choose exactly one to copy." in two.content.decode()


def test_the_trip_page_links_to_adding_and_copying(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    html = staff_client.get(f"/en/staff/trips/{BEIJING}/").content.decode()
    assert f"/admin/delegations/travelleg/add/?delegation={trip.pk}" in html
    assert f"/admin/delegations/visit/add/?delegation={trip.pk}" in html
    home = trip.travel_legs.get(reference="SK 995")
    assert f"/admin/delegations/travelleg/add/?copy={home.pk}" in html
    visit = trip.visits.first()
    assert f"/admin/delegations/visit/add/?copy={visit.pk}" in html


def test_a_new_inline_leg_saves_the_members_it_started_with(staff_client):
    """What the browser sends back for the prefilled row is saved as travellers."""
    trip = Delegation.objects.get(slug=SHANGHAI)
    christian = Person.objects.get(email="christian.boel@example.org")
    page = staff_client.get(f"/admin/delegations/delegation/{trip.pk}/change/")
    data = form_data(page.content.decode())
    prefix = "travel_legs"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    row = f"{prefix}-{total}"
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data.update(
        {
            f"{row}-kind": "train",
            f"{row}-direction": "local",
            f"{row}-origin_en": "Shanghai Hongqiao",
            f"{row}-destination_en": "Suzhou",
            f"{row}-departs_at_0": "2027-04-14",
            f"{row}-departs_at_1": "09:00",
            f"{row}-departure_time_zone": "Asia/Shanghai",
            f"{row}-arrives_at_0": "2027-04-14",
            f"{row}-arrives_at_1": "09:30",
            f"{row}-arrival_time_zone": "Asia/Shanghai",
            f"{row}-travellers": [str(christian.pk)],
        }
    )
    response = staff_client.post(f"/admin/delegations/delegation/{trip.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    leg = TravelLeg.objects.get(delegation=trip, destination_en="Suzhou")
    assert list(leg.travellers.all()) == [christian]


def form_data(html):
    """The values a browser would send for the change form in `html` (inputs, selects,
    textareas; the empty __prefix__ rows left out)."""
    data = {}
    form = html.split('id="delegation_form"', 1)[1].split("</form>", 1)[0]
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or "__prefix__" in name.group(1):
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind = kind.group(1) if kind else "text"
        if kind in ("submit", "button", "file", "search"):
            continue
        if kind == "checkbox" and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = (
            unescape(value.group(1)) if value else ("on" if kind == "checkbox" else "")
        )
    for attrs, body in re.findall(r"<select([^>]*)>(.*?)</select>", form, re.S):
        name = re.search(r'name="([^"]+)"', attrs).group(1)
        if "__prefix__" in name:
            continue
        values = [unescape(v) for v in re.findall(r'<option value="([^"]*)"[^>]*selected', body)]
        data[name] = values if "multiple" in attrs else (values[0] if values else "")
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        if "__prefix__" not in name:
            data[name] = unescape(body.lstrip("\n"))
    return data


def unescape(text):
    import html

    return html.unescape(text)


# --- the leader: one source of truth -------------------------------------------------------


def test_the_leader_is_the_member_with_the_role_leader():
    trip = Delegation.objects.get(slug=BEIJING)
    assert trip.leader.latin_name == "Anders Kühnau"
    christian = trip.memberships.get(person__email="christian.boel@example.org")
    anders = trip.memberships.get(person__email="anders.kuhnau@example.org")
    anders.role = "member"
    anders.save()
    trip.refresh_from_db()
    assert trip.leader is None
    christian.role = "leader"
    christian.save()
    trip.refresh_from_db()
    assert trip.leader == christian.person
    christian.answer = "declined"
    christian.save()
    trip.refresh_from_db()
    assert trip.leader is None


def test_needs_a_leader_is_satisfied_by_the_leader_member(settings):
    settings.TRIP_APPROVAL_REQUIRED = False  # the approval is another rule (test_approval_budget)
    trip = Delegation.objects.get(slug=SHANGHAI)
    trip.memberships.update(answer="confirmed")
    leader = trip.memberships.get(role="leader")
    leader.role = "member"
    leader.save()
    reasons = [str(r) for r in workflow.preconditions(trip, "confirmed")]
    assert any("needs a leader" in r for r in reasons)
    leader.role = "leader"
    leader.save()
    assert workflow.preconditions(trip, "confirmed") == []
    workflow.advance(trip, "confirmed")


def test_the_admin_shows_the_leader_but_sets_it_only_through_the_members(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    html = staff_client.get(f"/admin/delegations/delegation/{trip.pk}/change/").content.decode()
    assert 'name="leader"' not in html
    assert "Anders Kühnau" in html.split("field-leader", 1)[1][:800]


def test_an_invitation_becomes_a_trip_led_by_the_person_invited():
    invitation = Invitation.objects.filter(invitee_organisation__isnull=False).first()
    invitation.invitee_person = Person.objects.get(email="christian.boel@example.org")
    invitation.answer = "accepted"
    invitation.starts_on = invitation.starts_on or dt.date(2027, 6, 1)
    invitation.city = invitation.city or "Beijing"
    invitation.country = invitation.country or "CN"
    invitation.save()
    Delegation.objects.filter(invitation=invitation).update(invitation=None)
    trip = workflow.delegation_from_invitation(invitation)
    assert trip.leader_id == invitation.invitee_person_id
    assert trip.memberships.get(role="leader").person_id == invitation.invitee_person_id


def test_the_migration_makes_the_old_leader_a_member():
    migration = __import__(
        "delegations.migrations.0010_leader_from_members_and_visit_escorts",
        fromlist=["leader_as_member"],
    )
    trip = Delegation.objects.get(slug=SHANGHAI)
    karen = Person.objects.get(email="karen.holm@example.org")
    # As the data stood before: a leader set on the trip, no leader among the members.
    DelegationMember.objects.filter(delegation=trip, role="leader").update(role="member")
    Delegation.objects.filter(pk=trip.pk).update(leader=karen)
    closed = Delegation.objects.get(slug="aarhus-kommune-beijing-2016")
    DelegationMember.objects.filter(delegation=closed).update(role="member")
    Delegation.objects.filter(pk=closed.pk).update(leader=None)
    migration.leader_as_member(apps, None)
    trip.refresh_from_db()
    assert trip.leader == karen
    member = trip.memberships.get(person=karen)
    assert (member.role, member.answer) == ("leader", "pending")
    closed.refresh_from_db()
    assert closed.leader is None  # no leader anywhere: none made up
    assert Visit.objects.exists()  # the demo is intact


# --- found entering a 12-person Shanghai trip by hand (issue 14) --------------------------------


def test_a_new_leg_leaves_from_home_and_arrives_at_the_destination(staff_client):
    """Both zones started as the destination's: Copenhagen's 19:50 was read as China time."""
    trip = Delegation.objects.get(slug=SHANGHAI)
    assert (trip.home_time_zone, trip.destination_time_zone) == (
        "Europe/Copenhagen",
        "Asia/Shanghai",
    )
    for html in (
        staff_client.get(f"/admin/delegations/delegation/{trip.pk}/change/").content.decode(),
        staff_client.get(
            f"/admin/delegations/travelleg/add/?delegation={trip.pk}"
        ).content.decode(),
    ):
        name = "travel_legs-__prefix__-" if "travel_legs-__prefix__" in html else ""
        assert re.search(
            rf'name="{name}departure_time_zone".*?<option value="Europe/Copenhagen"[^>]*selected',
            html,
            re.S,
        )
        assert re.search(
            rf'name="{name}arrival_time_zone".*?<option value="Asia/Shanghai"[^>]*selected',
            html,
            re.S,
        )
        assert "Centraleuropæisk tid" in html or "Central European Time" in html
    # A leg home, the other way round; a copy keeps its own (swapped) zones.
    home = staff_client.get(
        f"/admin/delegations/travelleg/add/?delegation={trip.pk}&direction=home"
    ).content.decode()
    assert re.search(
        r'name="departure_time_zone".*?<option value="Asia/Shanghai"[^>]*selected', home, re.S
    )
    assert re.search(
        r'name="arrival_time_zone".*?<option value="Europe/Copenhagen"[^>]*selected', home, re.S
    )


def test_a_leg_added_from_the_trip_page_goes_back_to_it(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    back = f"/da/staff/trips/{BEIJING}/"
    html = staff_client.get(back).content.decode()
    add = f"/admin/delegations/travelleg/add/?delegation={trip.pk}&amp;return_to={back}"
    assert add in html
    leg = trip.travel_legs.get(reference="SK 995")
    assert f"/admin/delegations/travelleg/{leg.pk}/change/?return_to={back}" in html
    assert f"/admin/delegations/travelleg/add/?copy={leg.pk}&amp;return_to={back}" in html
    christian = Person.objects.get(email="christian.boel@example.org")
    data = {
        "delegation": trip.pk,
        "kind": "train",
        "direction": "local",
        "origin_en": "Beijing South",
        "destination_en": "Tianjin",
        "departs_at_0": "2016-12-05",
        "departs_at_1": "09:00",
        "departure_time_zone": "Asia/Shanghai",
        "arrives_at_0": "2016-12-05",
        "arrives_at_1": "09:35",
        "arrival_time_zone": "Asia/Shanghai",
        "travellers": [christian.pk],
    }
    url = f"/admin/delegations/travelleg/add/?delegation={trip.pk}&return_to={back}"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == back
    assert TravelLeg.objects.filter(delegation=trip, destination_en="Tianjin").exists()
    assert '<li class="success">' in staff_client.get(back).content.decode()
    # "Save and add another" stays in the admin; a foreign return address is ignored.
    data["destination_en"] = "Tianjin West"
    other = staff_client.post(url, {**data, "_addanother": "1"})
    assert other["Location"] != back
    data["destination_en"] = "Tianjin East"
    away = staff_client.post(
        "/admin/delegations/travelleg/add/?return_to=https://evil.example/", data
    )
    assert away.status_code == 302 and "evil" not in away["Location"]


def test_a_hotel_added_from_the_stays_picker_starts_as_a_hotel(staff_client):
    """It started as "other", and the picker it was made for (hotels only) refused it."""
    popup = "/admin/delegations/organisation/add/?_to_field=id&_popup=1"
    html = staff_client.get(f"{popup}&_source_model=delegations.stay").content.decode()
    assert re.search(r'name="kind".*?<option value="hotel" selected', html, re.S)
    for source in ("delegations.person", "nonsense", "no.such_model"):
        plain = staff_client.get(f"{popup}&_source_model={source}").content.decode()
        assert not re.search(r'<option value="hotel" selected', plain)
