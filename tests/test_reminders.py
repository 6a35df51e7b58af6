"""Reminders by `run_periodic`: follow-up digests for owners, invitation replies for staff,
tomorrow's programme for delegates the evening before; each once a day."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.management import call_command

from delegations import reminders
from delegations.models import (
    Delegation,
    DelegationMember,
    FollowUp,
    Invitation,
    Organisation,
    Person,
    ReminderSent,
    TravelDocument,
    Visa,
    Visit,
)
from outbox.models import OutboxMessage
from tests.worker import start_worker

pytestmark = pytest.mark.django_db
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(zone, *args):
    return dt.datetime(*args, tzinfo=zone)


@pytest.fixture
def quiet(db):
    """Only what each test adds: no other open follow-ups or pending invitations."""
    FollowUp.objects.update(status="cancelled")
    Invitation.objects.update(answer="accepted")


@pytest.fixture
def owner(quiet):
    person = Person.objects.get(email="christian.boel@example.org")
    trip = Delegation.objects.get(slug="region-midtjylland-beijing-2016")
    for action, due in (
        ("Send the minutes to Peking Union", dt.date(2027, 3, 1)),  # overdue
        ("Renew the MTIC agreement", dt.date(2027, 3, 8)),  # within 7 days
        ("Plan the return visit", dt.date(2027, 4, 1)),  # later
    ):
        FollowUp.objects.create(
            action_en=action, action_da=action, owner=person, due_on=due, delegation=trip
        )
    return person


def digests():
    return list(OutboxMessage.objects.filter(kind="reminder_follow_ups"))


def test_an_owner_gets_one_digest_a_day_of_follow_ups_due_within_a_week_or_overdue(owner):
    morning = at(COPENHAGEN, 2027, 3, 3, 9, 0)
    assert reminders.send_all(morning)["follow_ups"] == 1
    (message,) = digests()
    assert message.to == owner.email and message.language == "da"
    assert message.subject == "Dine opfølgninger, der snart skal være klar"
    text = message.body_text
    assert "Send the minutes to Peking Union" in text and "forfalden siden 1. marts 2027" in text
    assert "Renew the MTIC agreement" in text and "senest 8. marts 2027" in text
    assert "Plan the return visit" not in text
    assert "<strong>forfalden siden 1. marts 2027</strong>" in message.body_html
    assert "/admin/delegations/followup/" in text
    # Again the same day: nothing. The next day: the next digest.
    assert reminders.send_all(morning + dt.timedelta(hours=5))["follow_ups"] == 0
    assert len(digests()) == 1
    assert reminders.send_all(morning + dt.timedelta(days=1))["follow_ups"] == 1


def test_no_digest_before_the_reminder_hour(owner, settings):
    settings.REMINDER_HOUR = 7
    assert reminders.send_all(at(COPENHAGEN, 2027, 3, 3, 6, 30))["follow_ups"] == 0
    assert not ReminderSent.objects.exists()


def test_staff_get_invitation_replies_due(quiet):
    host = Organisation.objects.get(slug="danish-embassy-beijing")
    Invitation.objects.create(
        host=host,
        invitee_organisation=Organisation.objects.get(slug="region-midtjylland"),
        occasion="Health week in Chengdu",
        received_on=dt.date(2027, 2, 1),
        reply_due=dt.date(2027, 3, 5),
    )
    Invitation.objects.create(
        host=host,
        invitee_organisation=Organisation.objects.get(slug="region-midtjylland"),
        occasion="Far away",
        received_on=dt.date(2027, 2, 1),
        reply_due=dt.date(2027, 6, 1),
    )
    assert reminders.send_all(at(COPENHAGEN, 2027, 3, 3, 9, 0))["replies"] == 1
    (message,) = OutboxMessage.objects.filter(kind="reminder_invitation_replies")
    assert message.to == "staff@example.org"
    assert "Health week in Chengdu" in message.body_text and "Far away" not in message.body_text
    assert reminders.send_all(at(COPENHAGEN, 2027, 3, 3, 10, 0))["replies"] == 0


@pytest.fixture
def coming_trip(quiet):
    region = Organisation.objects.get(slug="region-midtjylland")
    hospital = Organisation.objects.filter(kind="hospital").first()
    trip = Delegation.objects.create(
        slug="chengdu-2027",
        name_en="Chengdu 2027",
        name_zh_hans="成都 2027",
        sending_organisation=region,
        destination_city="Chengdu",
        destination_country="CN",
        destination_time_zone="Asia/Shanghai",
        starts_on=dt.date(2027, 5, 10),
        ends_on=dt.date(2027, 5, 13),
        status="confirmed",
    )
    people = list(
        Person.objects.filter(email__in=["anders.kuhnau@example.org", "christian.boel@example.org"])
    )
    for person in people:
        DelegationMember.objects.create(delegation=trip, person=person)
    Person.objects.filter(email="christian.boel@example.org").update(preferred_language="zh-hans")
    visit = Visit.objects.create(
        delegation=trip,
        host=hospital,
        title_en="West China Hospital",
        title_da="West China Hospital",
        title_zh_hans="华西医院",
        starts_at=at(BEIJING, 2027, 5, 11, 9, 30),
        ends_at=at(BEIJING, 2027, 5, 11, 11, 0),
        time_zone="Asia/Shanghai",
    )
    visit.participants.set(people)
    return trip


def test_staff_get_a_digest_of_passports_and_visas_that_put_a_trip_at_risk(coming_trip, settings):
    settings.TRAVEL_DOCUMENT_REMINDER_DAYS = 60
    Person.objects.filter(user__username="staff").update(preferred_language="en")
    anders, christian = (
        Person.objects.get(email=f"{name}@example.org")
        for name in ("anders.kuhnau", "christian.boel")
    )
    TravelDocument.objects.filter(person__in=[anders, christian]).delete()
    TravelDocument.objects.create(
        person=anders, number="P1234567", issuing_country="DK",
        expires_on=dt.date(2027, 8, 1),  # less than six months after the return
    )  # fmt: skip
    Visa.objects.create(delegation=coming_trip, person=anders, status=Visa.Status.APPLIED)
    ten_days_before = at(COPENHAGEN, 2027, 4, 30, 9, 0)
    assert reminders.send_all(ten_days_before)["documents"] == 1
    (message,) = OutboxMessage.objects.filter(kind="reminder_travel_documents")
    assert message.to == "staff@example.org"
    text = message.body_text
    assert "Chengdu 2027" in text
    assert "Christian Boel has no travel document on file." in text
    assert "less than six months after the return" in text
    assert "visa is not granted yet" in text
    assert "P1234567" not in text and "P1234567" not in message.body_html  # never the number
    assert "/admin/delegations/delegation/overview/" in text
    # Once a day; and nothing for a trip further away than the setting.
    assert reminders.send_all(ten_days_before + dt.timedelta(hours=3))["documents"] == 0
    settings.TRAVEL_DOCUMENT_REMINDER_DAYS = 5
    assert reminders.send_all(ten_days_before + dt.timedelta(days=1))["documents"] == 0


def test_no_travel_document_digest_when_every_document_is_in_order(coming_trip):
    for person in Person.objects.filter(memberships__delegation=coming_trip):
        TravelDocument.objects.filter(person=person).delete()
        TravelDocument.objects.create(
            person=person, number="P7654321", issuing_country="DK", expires_on=dt.date(2032, 1, 1)
        )
        Visa.objects.create(delegation=coming_trip, person=person, status=Visa.Status.GRANTED)
    assert reminders.send_all(at(COPENHAGEN, 2027, 4, 30, 9, 0))["documents"] == 0


def test_delegates_get_tomorrows_programme_the_evening_before_in_the_trips_zone(coming_trip):
    afternoon = at(BEIJING, 2027, 5, 10, 17, 0)
    assert reminders.send_all(afternoon)["tomorrow"] == 0
    evening = at(BEIJING, 2027, 5, 10, 18, 30)  # 12:30 in Copenhagen
    assert reminders.send_all(evening)["tomorrow"] == 2
    summaries = {m.to: m for m in OutboxMessage.objects.filter(kind="reminder_tomorrow")}
    zh = summaries["christian.boel@example.org"]
    assert zh.language == "zh-hans"
    assert "华西医院" in zh.body_text and "09:30 中国时间 – 11:00" in zh.body_text
    assert "2027年5月11日" in zh.subject
    da = summaries["anders.kuhnau@example.org"]
    assert "11. maj 2027 09:30 Kinesisk tid – 11:00" in da.body_text
    assert 'lang="da"' in da.body_html and "West China Hospital" in da.body_html
    assert reminders.send_all(evening + dt.timedelta(hours=2))["tomorrow"] == 0


def test_tomorrows_programme_is_off_for_people_who_said_so_and_for_empty_days(coming_trip):
    Person.objects.filter(email="anders.kuhnau@example.org").update(tomorrow_summary=False)
    assert reminders.send_all(at(BEIJING, 2027, 5, 10, 19, 0))["tomorrow"] == 1
    assert (
        reminders.send_all(at(BEIJING, 2027, 5, 11, 19, 0))["tomorrow"] == 0
    )  # nothing on the 12th


def test_run_periodic_runs_the_reminders_and_prunes_import_previews(
    owner, settings, tmp_path, monkeypatch
):
    import os
    import time

    import forum.imports

    settings.IMPORT_PREVIEW_HOURS = 24
    old = tmp_path / "old-preview.csv"
    old.write_text("a")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    monkeypatch.setattr(forum.imports, "IMPORT_DIR", tmp_path)  # restored after the test
    out = io.StringIO()
    call_command("run_periodic", stdout=out)
    assert "follow-up digest(s)" in out.getvalue()
    assert "1 import preview(s) removed." in out.getvalue()
    assert not old.exists()
    names = [name for name, _args in settings.PERIODIC_COMMANDS]
    assert {"send_reminders", "send_itinerary_notices", "prune_import_previews"} <= set(names)


@pytest.mark.django_db(transaction=True)
def test_end_to_end_a_digest_by_the_real_worker_and_smtp(demo_in_live_db, smtp_server, settings):
    settings.REMINDER_HOUR = 0  # whenever the test runs
    FollowUp.objects.update(status="cancelled")
    Invitation.objects.update(answer="accepted")
    owner = Person.objects.get(email="christian.boel@example.org")
    FollowUp.objects.create(
        action_en="Send the minutes",
        action_da="Send referatet",
        owner=owner,
        due_on=dt.date(2020, 1, 2),
    )
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())  # the same day: nothing new
    worker = start_worker("--batch", env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}"})
    output = worker.communicate(timeout=120)[0].decode()
    assert worker.returncode == 0, output
    (received,) = [m for m in smtp_server.messages if m["To"] == owner.email]
    assert received["Content-Language"] == "da"
    parts = smtp_server.parts(received)
    assert (
        "Send referatet" in parts["text/plain"]
        and "forfalden siden 2. januar 2020" in parts["text/plain"]
    )
    assert "<strong>forfalden siden 2. januar 2020</strong>" in parts["text/html"]
