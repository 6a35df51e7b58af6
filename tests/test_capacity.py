"""Session capacity holds under concurrent joins, on PostgreSQL and SQLite alike."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from delegations.models import Organisation, Person
from forum.capacity import SessionFull, join_session, leave_session, seats_left
from forum.models import Forum, Registration, Session

CAPACITY = 10
CONTENDERS = 50
ROUNDS = 20


def make_forum(prefix):
    host = Organisation.objects.create(slug=f"{prefix}-host", name="Host", country="CN")
    forum = Forum.objects.create(
        slug=f"{prefix}-forum",
        name="Capacity forum",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 1, 1),
        city="Beijing",
        country="CN",
        time_zone="Asia/Shanghai",
    )
    forum.hosts.add(host)
    people = Person.objects.bulk_create(
        [
            Person(given_name=f"P{n}", family_name=prefix, email=f"{prefix}-{n}@example.org")
            for n in range(CONTENDERS)
        ]
    )
    registrations = Registration.objects.bulk_create(
        [Registration(forum=forum, person=p) for p in people]
    )
    return forum, registrations


def new_session(forum, number):
    # Ahead of now whenever the tests run: sessions that have begun take no bookings.
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=30, hours=number)
    return Session.objects.create(
        forum=forum,
        title=f"Round {number}",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=50),
        capacity=CAPACITY,
    )


def race(session, registrations):
    """All registrations try to join `session` at the same moment, each on its own connection."""
    barrier = threading.Barrier(len(registrations))
    results, errors = [], []

    def contend(registration):
        try:
            barrier.wait()
            results.append(join_session(registration, session))
        except SessionFull:
            results.append("full")
        except Exception as error:  # anything else fails the test below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=contend, args=(r,)) for r in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_joins_fill_exactly_ten_seats_every_round():
    forum, registrations = make_forum("race")
    outcomes = []
    for number in range(ROUNDS):
        session = new_session(forum, number)
        results, errors = race(session, registrations)
        assert not errors, errors[:3]
        seated = Registration.sessions.through.objects.filter(session=session).count()
        outcomes.append((seated, results.count(True), results.count("full")))
    assert outcomes == [(CAPACITY, CAPACITY, CONTENDERS - CAPACITY)] * ROUNDS, connection.vendor


@pytest.mark.django_db
def test_join_is_idempotent_and_leave_frees_the_seat():
    forum, registrations = make_forum("seat")
    session = new_session(forum, 0)
    assert join_session(registrations[0], session) is True
    assert join_session(registrations[0], session) is False
    assert seats_left(session) == CAPACITY - 1
    assert leave_session(registrations[0], session) is True
    assert seats_left(session) == CAPACITY


@pytest.mark.django_db
def test_full_session_refuses_with_a_message():
    forum, registrations = make_forum("full")
    session = new_session(forum, 0)
    for registration in registrations[:CAPACITY]:
        join_session(registration, session)
    with pytest.raises(SessionFull, match="is full"):
        join_session(registrations[CAPACITY], session)


@pytest.mark.django_db
def test_cancelled_registration_and_other_forum_are_refused():
    forum, registrations = make_forum("refuse")
    other, _ = make_forum("other")
    session = new_session(other, 0)
    with pytest.raises(ValueError, match="another forum"):
        join_session(registrations[0], session)
    registrations[1].status = Registration.Status.CANCELLED
    registrations[1].save()
    with pytest.raises(ValueError, match="cancelled"):
        join_session(registrations[1], new_session(forum, 1))


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_http_requests_take_exactly_ten_seats(demo_in_live_db):
    """The same race through the whole request stack: 20 rounds, never a 5xx."""
    from django.contrib.auth.models import User
    from django.test import Client

    forum, registrations = make_forum("http")
    Forum.objects.filter(pk=forum.pk).update(is_published=True)
    clients = []
    for registration in registrations:
        user = User.objects.create_user(f"seat-{registration.pk}", password="x-unused-9")
        Person.objects.filter(pk=registration.person_id).update(user=user)
        client = Client()
        client.force_login(user)
        clients.append(client)
    outcomes = []
    for number in range(ROUNDS):
        session = new_session(forum, number)
        url = f"/en/forum/{forum.slug}/sessions/{session.pk}/attend/"
        barrier = threading.Barrier(len(clients))
        statuses = []

        def post(client, barrier=barrier, url=url, statuses=statuses):
            try:
                barrier.wait()
                statuses.append(client.post(url).status_code)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=post, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        seated = Registration.sessions.through.objects.filter(session=session).count()
        outcomes.append((seated, len(statuses), max(statuses)))
    assert outcomes == [(CAPACITY, CONTENDERS, 302)] * ROUNDS, connection.vendor
