"""Which seats can be booked (forum/capacity.py): not sessions that have begun, not breaks,
receptions only with a capacity; people on stage keep their session; a session that overlaps
the itinerary asks before it is booked."""

import datetime as dt

import pytest

from delegations.models import Person
from forum.capacity import NoSeats, OnStage, join_session, leave_session
from forum.models import Registration, Session, SessionRole

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"


@pytest.fixture
def delegate(client, delegate_user):
    client.force_login(delegate_user)
    return client


def url(session):
    return f"/en/forum/{SLUG}/sessions/{session.pk}/"


def registration():
    return Registration.objects.get(forum__slug=SLUG, person__email="anders.kuhnau@example.org")


def opening():
    return Session.objects.get(forum__slug=SLUG, title_en="Opening of the forum")


def extra_session(kind="talk", capacity=None, at=None, minutes=60):
    starts = at or opening().ends_at + dt.timedelta(hours=10)
    return Session.objects.create(
        forum=opening().forum,
        title="Extra session",
        kind=kind,
        capacity=capacity,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=minutes),
    )


def test_a_session_that_has_begun_cannot_be_booked(delegate):
    session = extra_session()  # December 2016: long past
    response = delegate.post(url(session) + "attend/", follow=True)
    assert "“Extra session” has begun: its seats can no longer be booked." in (
        response.content.decode()
    )
    assert not registration().sessions.filter(pk=session.pk).exists()
    page = delegate.get(url(session)).content.decode()
    assert "Take a seat" not in page and "has begun" in page


@pytest.mark.parametrize(
    ("kind", "capacity", "bookable"),
    [
        ("break", None, False),
        ("break", 50, False),
        ("reception", None, False),
        ("reception", 80, True),
        ("talk", None, True),
    ],
)
def test_breaks_and_receptions_without_capacity_have_no_seats(
    before_the_beijing_forum, kind, capacity, bookable
):
    session = extra_session(kind, capacity)
    if bookable:
        assert join_session(registration(), session) is True
    else:
        with pytest.raises(NoSeats):
            join_session(registration(), session)
        assert not registration().sessions.filter(pk=session.pk).exists()


def test_the_refusal_is_in_the_visitors_language(delegate, before_the_beijing_forum):
    session = extra_session("break")
    response = delegate.post(f"/zh-hans/forum/{SLUG}/sessions/{session.pk}/attend/", follow=True)
    assert "没有可预订的座位" in response.content.decode()


def test_people_on_stage_cannot_give_back_their_session(delegate, before_the_beijing_forum):
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    role = SessionRole.objects.filter(person=anders).select_related("session").first()
    session = role.session
    registration().sessions.add(session)
    with pytest.raises(OnStage):
        leave_session(registration(), session)
    page = delegate.get(url(session)).content.decode()
    assert "You are on stage in this session" in page and "Give my seat back" not in page
    response = delegate.post(url(session) + "leave/", follow=True)
    assert "You are on stage in" in response.content.decode()
    assert registration().sessions.filter(pk=session.pk).exists()


def test_a_seat_cannot_be_given_back_once_the_session_has_begun(delegate):
    session = registration().sessions.exclude(roles__person=registration().person).first()
    response = delegate.post(url(session) + "leave/", follow=True)
    assert "its seat can no longer be given back" in response.content.decode()
    assert registration().sessions.filter(pk=session.pk).exists()


def test_booking_a_session_that_overlaps_the_itinerary_asks_first(
    delegate, before_the_beijing_forum
):
    first = opening()
    parallel = extra_session(at=first.starts_at + dt.timedelta(minutes=30))
    asked = delegate.post(url(parallel) + "attend/")
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "This session overlaps your itinerary" in html and first.title_en in html
    assert 'name="confirmed" value="1"' in html
    assert "09:00–" in html and "China" in html  # in the place's time, the zone in words
    assert f'href="{url(parallel)}"' in html  # cancel
    assert not registration().sessions.filter(pk=parallel.pk).exists()
    booked = delegate.post(url(parallel) + "attend/", {"confirmed": "1"})
    assert booked.status_code == 302
    assert registration().sessions.filter(pk=parallel.pk).exists()


def test_no_question_without_a_clash(delegate, before_the_beijing_forum):
    late = extra_session(at=opening().starts_at - dt.timedelta(days=3))  # nothing else then
    response = delegate.post(url(late) + "attend/")
    assert response.status_code == 302
    assert registration().sessions.filter(pk=late.pk).exists()
