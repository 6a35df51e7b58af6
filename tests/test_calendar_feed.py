"""Personal calendar feeds: secret revocable token, stable UIDs, correct zones."""

import datetime as dt
import zoneinfo

import icalendar
import pytest

from delegations.calendar_feed import new_token
from delegations.models import Person, TravelLeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def anders():
    return Person.objects.get(email="anders.kuhnau@example.org")


def events(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}, calendar


def test_token_is_long_random_and_shown_on_me(client, delegate_user, anders):
    client.force_login(delegate_user)
    client.post("/en/me/calendar-link/", {"action": "create"})
    anders.refresh_from_db()
    token = anders.calendar_token
    assert len(token) >= 43  # 32 random bytes in base64: 256 bits
    assert token in client.get("/en/me/").content.decode()
    client.post("/en/me/calendar-link/", {"action": "rotate", "confirmed": "1"})
    anders.refresh_from_db()
    assert anders.calendar_token != token
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_revoked_and_unknown_tokens_are_404(client, delegate_user, anders):
    token = new_token(anders)
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    client.force_login(delegate_user)
    client.post("/en/me/calendar-link/", {"action": "revoke", "confirmed": "1"})
    client.logout()
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get("/calendar/short.ics").status_code == 404
    assert client.get("/calendar/" + "x" * 43 + ".ics").status_code == 404


def test_feed_has_every_item_with_zones(client, anders):
    response = client.get(f"/calendar/{new_token(anders)}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    found, calendar = events(response)
    zones = {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")}
    assert {"Europe/Copenhagen", "Asia/Shanghai"} <= zones
    leg = TravelLeg.objects.get(reference="SK 995")
    flight = found[f"travelleg-{leg.pk}-person-{anders.pk}@delegation-desk"]
    start, end = flight["dtstart"], flight["dtend"]
    assert start.params["TZID"] == "Europe/Copenhagen" and end.params["TZID"] == "Asia/Shanghai"
    assert start.dt == dt.datetime(
        2016, 12, 3, 17, 40, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen")
    )
    assert end.dt.astimezone(dt.UTC) == leg.arrives_at.astimezone(dt.UTC)
    assert any("北京市东城区帅府园1号" in str(e.get("location", "")) for e in found.values())
    # In the person's language (Anders: Danish, from his organisation's country).
    assert any("Åbning af forummet" == str(e["summary"]) for e in found.values())


def test_uids_are_stable_when_times_change(client, anders):
    token = new_token(anders)
    before, _ = events(client.get(f"/calendar/{token}.ics"))
    leg = TravelLeg.objects.get(reference="SK 996")
    leg.departs_at += dt.timedelta(hours=1)
    leg.arrives_at += dt.timedelta(hours=1)
    leg.save()
    after, _ = events(client.get(f"/calendar/{token}.ics"))
    assert set(before) == set(after)
    uid = f"travelleg-{leg.pk}-person-{anders.pk}@delegation-desk"
    assert after[uid]["dtstart"].dt - before[uid]["dtstart"].dt == dt.timedelta(hours=1)


def test_feed_of_one_person_has_nothing_of_another(client, anders):
    lu = Person.objects.get(email="ming.ou.lu@example.org")
    found, _ = events(client.get(f"/calendar/{new_token(lu)}.ics"))
    assert all(uid.endswith(f"-person-{lu.pk}@delegation-desk") for uid in found)
    assert not any("SK 995" in str(e["summary"]) for e in found.values())


def test_token_is_not_in_history(anders):
    new_token(anders)
    assert not hasattr(anders.history.model, "calendar_token")


def test_every_event_has_an_end_and_check_in_lasts_half_an_hour(client, anders):
    found, _calendar = events(client.get(f"/calendar/{new_token(anders)}.ics"))
    assert all("dtend" in event for event in found.values())
    stay = anders.stays.get(delegation__slug="region-midtjylland-beijing-2016")
    check_in = found[f"stay-{stay.pk}-check_in-person-{anders.pk}@delegation-desk"]
    assert check_in["dtstart"].dt.astimezone(dt.UTC) == stay.check_in.astimezone(dt.UTC)
    assert check_in["dtend"].dt - check_in["dtstart"].dt == dt.timedelta(minutes=30)
    assert check_in["dtend"].params["TZID"] == "Asia/Shanghai"


def test_feed_asks_calendars_to_refresh_hourly(client, anders):
    text = client.get(f"/calendar/{new_token(anders)}.ics").content.decode()
    head = text.split("BEGIN:VEVENT")[0]  # properties of the calendar itself
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in head
    assert "\r\nX-PUBLISHED-TTL:PT1H\r\n" in head


def test_descriptions_carry_the_interpreters_and_contacts_phone(client, anders):
    found, _calendar = events(client.get(f"/calendar/{new_token(anders)}.ics"))
    visit = anders.visits.filter(interpreter__isnull=False).first()
    event = found[f"visit-{visit.pk}-person-{anders.pk}@delegation-desk"]
    description = str(event["description"])
    assert f"{visit.interpreter.both_names} · {visit.interpreter.phone}" in description
    assert visit.host_contact.phone in description


@pytest.mark.parametrize(
    ("preferred", "opening", "interpreter"),
    [("zh-hans", "论坛开幕式", "口译："), ("en", "Opening of the forum", "Interpreter: ")],
)
def test_feed_is_in_the_persons_language_not_the_apps(
    client, anders, preferred, opening, interpreter
):
    anders.preferred_language = preferred
    anders.save()
    response = client.get(f"/calendar/{new_token(anders)}.ics", HTTP_ACCEPT_LANGUAGE="da")
    found, _calendar = events(response)
    assert any(str(e["summary"]) == opening for e in found.values())
    assert any(interpreter in str(e.get("description", "")) for e in found.values())
    # The header says the language it is written in, not the asking app's.
    assert response["Content-Language"] == preferred


def test_subscribe_link_and_copy_button_on_me(client, delegate_user, anders):
    token = new_token(anders)
    client.force_login(delegate_user)
    html = client.get("/en/me/").content.decode()
    assert f'href="webcal://testserver/calendar/{token}.ics"' in html
    assert 'class="secondary copy" data-copy="feed-url"' in html and "js/copy.js" in html


@pytest.mark.parametrize(
    ("action", "question", "done"),
    [
        ("rotate", "Make a new calendar address?", "Your calendar link is replaced"),
        ("revoke", "Stop your calendar link?", "Your calendar link is stopped"),
    ],
)
def test_rotating_and_stopping_ask_first_and_stay_on_the_trip(
    client, delegate_user, anders, action, question, done
):
    token = new_token(anders)
    client.force_login(delegate_user)
    trip = "region-midtjylland-beijing-2016"
    asked = client.post("/en/me/calendar-link/", {"action": action, "trip": trip})
    assert asked.status_code == 200 and question in asked.content.decode()
    anders.refresh_from_db()
    assert anders.calendar_token == token  # nothing happened yet
    html = asked.content.decode()
    assert 'name="confirmed" value="1"' in html and f'value="{trip}"' in html
    assert f'href="/en/me/?delegation={trip}"' in html  # cancel: back to the same trip
    confirmed = client.post(
        "/en/me/calendar-link/", {"action": action, "trip": trip, "confirmed": "1"}, follow=True
    )
    assert confirmed.redirect_chain[-1][0] == f"/en/me/?delegation={trip}"
    assert confirmed.context["trip"].slug == trip
    assert done in confirmed.content.decode()
    anders.refresh_from_db()
    assert anders.calendar_token != token
    assert client.get(f"/calendar/{token}.ics").status_code == 404
