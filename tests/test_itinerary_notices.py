"""Notices when an itinerary changes: one message per person per batch, old → new in local
times, through the outbox; none for own edits, opted-out people or closed trips."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from delegations import notices
from delegations.models import (
    Delegation,
    ItinerarySnapshot,
    PendingNotice,
    Person,
    TravelLeg,
)
from forum.models import Forum, Registration, Session
from outbox.models import OutboxMessage
from tests.test_concurrent_edit import page_form
from tests.worker import start_worker

pytestmark = pytest.mark.django_db
SK995 = {"reference": "SK 995"}


def beijing():
    return Delegation.objects.get(slug="region-midtjylland-beijing-2016")


def leg():
    return TravelLeg.objects.get(**SK995)


def travellers():
    return list(leg().travellers.exclude(email="").select_related("organisation"))


def later():
    return timezone.now() + dt.timedelta(minutes=10)


def move_in_admin(client, **fields):
    """Save SK 995's change page as staff would, with `fields` changed."""
    url = reverse("admin:delegations_travelleg_change", args=[leg().pk])
    data = page_form(client, url, "travelleg_form")
    data.update({name: [value] for name, value in fields.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def messages_to(person):
    return list(OutboxMessage.objects.filter(to=person.email, kind="itinerary_changed"))


@pytest.fixture
def staff_client(client, staff_user, django_capture_on_commit_callbacks):
    # Signing in saves the user: its on-commit raise must not stay pending, or the changes
    # below would join it (one raise per transaction) and never run in this test.
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(staff_user)
    return client


@pytest.fixture
def known(db):
    """Everyone on the Beijing trip as they were last told (no pending notices)."""
    PendingNotice.objects.all().delete()  # loading the demo marked everyone
    DBTaskResult.objects.filter(task_path="delegations.tasks.send_due_notices").delete()
    people = list(beijing().members.select_related("organisation"))
    notices.remember(people)
    return people


def test_a_moved_flight_gives_each_traveller_one_message_with_old_and_new_local_times(
    staff_client, known, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        move_in_admin(staff_client, departs_at_1="19:05")  # was 17:40 Copenhagen time
    with django_capture_on_commit_callbacks(execute=True):
        move_in_admin(staff_client, arrives_at_1="10:35")  # was 09:10 China time
    people = travellers()
    assert len(people) >= 3
    assert PendingNotice.objects.filter(person__in=people).count() == len(people)
    # One task for the batch, due when the batch closes.
    task = DBTaskResult.objects.get(task_path="delegations.tasks.send_due_notices")
    assert task.run_after > timezone.now() + dt.timedelta(minutes=4)

    assert notices.send_due() == 0  # not due yet
    assert notices.send_due(now=later()) == len(people)

    anders = Person.objects.get(email="anders.kuhnau@example.org")
    (message,) = messages_to(anders)
    assert message.language == "da"
    assert message.subject == "Din rejseplan er ændret"
    text = message.body_text
    assert "SK 995" in text
    assert "Afgang: 3. december 2016 17:40 Centraleuropæisk tid → 3. december 2016 19:05" in text
    assert "Ankomst: 4. december 2016 09:10 Kinesisk tid → 4. december 2016 10:35 Kinesisk tid" in (
        text
    )
    assert "http://127.0.0.1:8000/da/me/" in text
    assert "<s>3. december 2016 17:40 Centraleuropæisk tid</s>" in message.body_html
    assert 'lang="da"' in message.body_html
    assert not PendingNotice.objects.exists()
    # Told once: the next run has nothing to say.
    assert notices.send_due(now=later()) == 0


def test_changes_that_cancel_out_or_that_no_itinerary_shows_send_nothing(
    known, django_capture_on_commit_callbacks
):
    moved = leg()
    departs = moved.departs_at
    with django_capture_on_commit_callbacks(execute=True):
        TravelLeg.objects.get(pk=moved.pk).save()  # marks people, but shows no difference
        christian = Person.objects.get(email="christian.boel@example.org")
        christian.phone = "+45 11 22 33 44"
        christian.save()
    assert PendingNotice.objects.exists()
    assert notices.send_due(now=later()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        moved.departs_at = departs + dt.timedelta(hours=1)
        moved.save()
        moved.departs_at = departs
        moved.save()
    assert notices.send_due(now=later()) == 0
    assert not OutboxMessage.objects.filter(kind="itinerary_changed").exists()


def test_no_message_for_opted_out_people_or_closed_trips(known, django_capture_on_commit_callbacks):
    christian = Person.objects.get(email="christian.boel@example.org")
    Person.objects.filter(pk=christian.pk).update(itinerary_notices=False)
    with django_capture_on_commit_callbacks(execute=True):
        moved = leg()
        moved.departs_at += dt.timedelta(minutes=30)
        moved.save()
    assert notices.send_due(now=later()) == len(travellers()) - 1
    assert not OutboxMessage.objects.filter(to=christian.email).exists()

    # Opting in again: only what changes from now on (the snapshot moved on meanwhile).
    OutboxMessage.objects.all().delete()
    Person.objects.filter(pk=christian.pk).update(itinerary_notices=True)
    with django_capture_on_commit_callbacks(execute=True):
        moved = leg()
        moved.arrives_at += dt.timedelta(minutes=30)
        moved.save()
    notices.send_due(now=later())
    (message,) = messages_to(christian)
    assert "Ankomst" in message.body_text and "Afgang" not in message.body_text

    OutboxMessage.objects.all().delete()
    Delegation.objects.filter(pk=beijing().pk).update(status=Delegation.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        moved = leg()
        moved.arrives_at += dt.timedelta(minutes=30)
        moved.save()
    assert PendingNotice.objects.exists()
    assert notices.send_due(now=later()) == 0


@pytest.mark.django_db(transaction=True)
def test_no_message_for_a_staff_members_own_edit_of_their_own_trip(demo_in_live_db, client):
    """Committed for real, inside the admin's request, as in production."""
    from django.contrib.auth.models import Group, User

    user = User.objects.get(username="delegate")  # Anders Kühnau, made staff for this test
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Regional staff"))
    PendingNotice.objects.all().delete()
    notices.remember(beijing().members.select_related("organisation"))
    client.force_login(user)
    move_in_admin(client, departs_at_1="19:05")
    rows = {row.person_id: row.by_others for row in PendingNotice.objects.all()}
    assert rows[user.person.pk] is False
    assert sum(rows.values()) == len(travellers()) - 1
    assert notices.send_due(now=later()) == len(travellers()) - 1
    assert messages_to(user.person) == []
    # His snapshot took his own edit: a change by someone else later lists only theirs.
    moved = leg()
    moved.arrives_at += dt.timedelta(minutes=30)
    moved.save()  # no request: not his login
    notices.send_due(now=later())
    (message,) = messages_to(user.person)
    assert "Ankomst" in message.body_text and "Afgang" not in message.body_text


def test_a_seat_in_a_forum_session_added_and_removed_is_told_in_chinese(
    known, django_capture_on_commit_callbacks
):
    forum = Forum.objects.get(slug="china-denmark-cities-regions-forum-2016")
    with django_capture_on_commit_callbacks(execute=True):
        session = Session.objects.create(
            forum=forum,
            title_en="Health innovation workshop",
            title_zh_hans="健康创新研讨会",
            starts_at=dt.datetime(2016, 12, 6, 1, 0, tzinfo=dt.UTC),  # 09:00 in Beijing
            ends_at=dt.datetime(2016, 12, 6, 2, 30, tzinfo=dt.UTC),
            room="Hall B",
        )
    person = Person.objects.get(email="christian.boel@example.org")
    Person.objects.filter(pk=person.pk).update(preferred_language="zh-hans")
    notices.remember([Person.objects.get(pk=person.pk)])
    with django_capture_on_commit_callbacks(execute=True):
        registration = Registration.objects.filter(person=person, forum=forum).first()
        if registration is None:
            registration = Registration.objects.create(person=person, forum=forum)
    with django_capture_on_commit_callbacks(execute=True):
        registration.sessions.add(session)
    assert notices.send_due(now=later()) == 1
    (message,) = messages_to(person)
    assert message.language == "zh-hans"
    assert message.subject == "您的行程已更改"
    assert "健康创新研讨会" in message.body_text
    assert "2016年12月6日 09:00 中国时间 – 10:30" in message.body_text
    assert "/zh-hans/me/" in message.body_text
    assert "Health innovation" not in message.body_text + message.body_html

    with django_capture_on_commit_callbacks(execute=True):
        registration.sessions.remove(session)
    assert notices.send_due(now=later()) == 1
    removed = messages_to(person)[0]
    assert "健康创新研讨会" in removed.body_text and "<s>" in removed.body_html


def test_marking_people_costs_the_same_few_queries_for_many(known, django_assert_max_num_queries):
    ids = [p.pk for p in Person.objects.exclude(email="")[:300]]
    assert len(ids) > 100
    # One statement and one queued task (and a savepoint in tests), however many people.
    with django_assert_max_num_queries(4):
        assert notices.mark(ids[:3]) == 3
    with django_assert_max_num_queries(4):
        assert notices.mark(ids) == len(ids) - 3
    assert PendingNotice.objects.count() == len(ids)
    assert notices.mark(ids) == 0  # nothing new: no task either
    assert DBTaskResult.objects.filter(task_path="delegations.tasks.send_due_notices").count() == 2
    # A later change by someone else than the person (here: no request) marks an own edit.
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    PendingNotice.objects.filter(person=anders).update(by_others=False)
    assert notices.mark([anders.pk], actor_id=anders.user_id) == 0
    assert notices.mark([anders.pk]) == 1
    assert PendingNotice.objects.get(person=anders).by_others


def test_run_periodic_sends_due_notices_and_takes_first_snapshots(
    django_capture_on_commit_callbacks,
):
    ItinerarySnapshot.objects.all().delete()
    PendingNotice.objects.all().delete()
    call_command("send_itinerary_notices", verbosity=0)
    people = beijing().members.exclude(email="")
    assert ItinerarySnapshot.objects.filter(person__in=people).count() == people.count()
    with django_capture_on_commit_callbacks(execute=True):
        moved = leg()
        moved.departs_at += dt.timedelta(hours=2)
        moved.save()
    PendingNotice.objects.update(due_at=timezone.now())
    call_command("send_itinerary_notices", verbosity=0)
    assert OutboxMessage.objects.filter(kind="itinerary_changed").count() == len(travellers())


@pytest.mark.django_db(transaction=True)
def test_end_to_end_with_the_real_worker_and_smtp_in_danish_and_chinese(
    demo_in_live_db, smtp_server, settings
):
    settings.ITINERARY_NOTICE_MINUTES = 0
    Person.objects.filter(email="bettina.sorensen@example.org").update(preferred_language="zh-hans")
    PendingNotice.objects.all().delete()  # loading the demo marked everyone
    notices.remember(beijing().members.select_related("organisation"))
    moved = leg()
    moved.departs_at += dt.timedelta(minutes=45)
    moved.save()  # committed: the listener runs at once
    assert PendingNotice.objects.count() == len(travellers())

    worker = start_worker(
        "--batch",
        env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}", "ITINERARY_NOTICE_MINUTES": "0"},
    )
    output = worker.communicate(timeout=120)[0].decode()
    assert worker.returncode == 0, output

    received = {m["To"]: m for m in smtp_server.messages}
    assert set(received) == {p.email for p in travellers()}, output
    da = received["anders.kuhnau@example.org"]
    assert da["Subject"] == "Din rejseplan er ændret" and da["Content-Language"] == "da"
    parts = smtp_server.parts(da)
    assert "17:40 Centraleuropæisk tid → 3. december 2016 18:25" in parts["text/plain"]
    assert "<s>3. december 2016 17:40 Centraleuropæisk tid</s>" in parts["text/html"]
    zh = received["bettina.sorensen@example.org"]
    assert zh["Subject"] == "您的行程已更改" and zh["Content-Language"] == "zh-hans"
    parts = smtp_server.parts(zh)
    with translation.override("zh-hans"):
        assert "出发" in parts["text/plain"] and "中国时间" in parts["text/plain"]
    assert "2016年12月3日 17:40" in parts["text/plain"]
    assert 'lang="zh-hans"' in parts["text/html"]
    assert not PendingNotice.objects.exists()
