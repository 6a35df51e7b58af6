"""Database constraints hold even when forms are bypassed."""

import datetime as dt

import pytest
from django.db import DataError, IntegrityError, transaction

from delegations.models import (
    Delegation,
    DelegationMember,
    FollowUp,
    Invitation,
    Organisation,
    Person,
    Stay,
    TravelLeg,
    Visit,
)
from forum.models import Forum, Registration, Session, SessionRole

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def when(day, hour=9):
    return dt.datetime(2016, 12, day, hour, tzinfo=UTC)


def refused(make):
    # PostgreSQL refuses an over-long value (DataError) before checking constraints.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        make()


@pytest.fixture
def region():
    return Organisation.objects.get(slug="region-midtjylland")


@pytest.fixture
def trip():
    return Delegation.objects.get(slug="region-midtjylland-beijing-2016")


@pytest.fixture
def forum():
    return Forum.objects.get(slug="china-denmark-cities-regions-forum-2016")


def test_delegation_cannot_end_before_it_starts(region):
    refused(
        lambda: Delegation.objects.create(
            slug="backwards",
            name="Backwards",
            sending_organisation=region,
            destination_city="Beijing",
            destination_country="CN",
            destination_time_zone="Asia/Shanghai",
            starts_on=dt.date(2016, 12, 7),
            ends_on=dt.date(2016, 12, 4),
        )
    )


def test_person_is_member_of_a_delegation_once(trip):
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    refused(lambda: DelegationMember.objects.create(delegation=trip, person=anders))


def test_member_departs_after_arriving(trip):
    karen = Person.objects.get(email="karen.holm@example.org")
    refused(
        lambda: DelegationMember.objects.create(
            delegation=trip, person=karen, arrives_at=when(5), departs_at=when(4)
        )
    )


def test_travel_leg_arrives_after_departure(trip):
    refused(
        lambda: TravelLeg.objects.create(
            delegation=trip,
            origin="A",
            destination="B",
            departs_at=when(5),
            departure_time_zone="Asia/Shanghai",
            arrives_at=when(5),
            arrival_time_zone="Asia/Shanghai",
        )
    )


def test_stay_checks_out_after_check_in(trip):
    hotel = Organisation.objects.get(slug="kempinski-beijing")
    refused(
        lambda: Stay.objects.create(
            delegation=trip,
            hotel=hotel,
            check_in=when(6),
            check_out=when(5),
            time_zone="Asia/Shanghai",
        )
    )


def test_visit_ends_after_start(trip):
    host = Organisation.objects.get(slug="pumch")
    refused(
        lambda: Visit.objects.create(
            delegation=trip,
            host=host,
            title="x",
            starts_at=when(5, 10),
            ends_at=when(5, 9),
            time_zone="Asia/Shanghai",
        )
    )


def test_invitation_needs_an_invitee(region):
    refused(
        lambda: Invitation.objects.create(
            host=region, occasion="x", received_on=dt.date(2016, 1, 1)
        )
    )


def test_email_is_unique_whatever_the_case():
    refused(
        lambda: Person.objects.create(
            given_name="A", family_name="K", email="ANDERS.KUHNAU@example.org"
        )
    )


def test_people_without_email_do_not_collide():
    Person.objects.create(given_name="No", family_name="Mail")
    Person.objects.create(given_name="Also", family_name="Nomail")
    assert Person.objects.filter(email="").count() >= 2


def test_country_must_be_an_iso_code():
    refused(lambda: Organisation.objects.create(slug="bad-country", name="x", country="dk"))


def test_follow_up_done_needs_completion_date(trip):
    owner = Person.objects.get(email="signe.madsen@example.org")
    refused(
        lambda: FollowUp.objects.create(
            action="x", owner=owner, due_on=dt.date(2017, 1, 1), status="done", delegation=trip
        )
    )


def test_session_ends_after_start(forum):
    refused(
        lambda: Session.objects.create(forum=forum, title="x", starts_at=when(5), ends_at=when(5))
    )


def test_person_registers_for_a_forum_once(forum):
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    refused(lambda: Registration.objects.create(forum=forum, person=anders))


def test_checked_in_means_attended(forum):
    person = Person.objects.create(given_name="New", family_name="Comer")
    refused(
        lambda: Registration.objects.create(
            forum=forum, person=person, status="registered", checked_in_at=when(5)
        )
    )


def test_one_role_of_a_kind_per_person_and_session(forum):
    role = SessionRole.objects.filter(session__forum=forum).first()
    refused(
        lambda: SessionRole.objects.create(session=role.session, person=role.person, role=role.role)
    )


def test_organisation_in_use_cannot_be_deleted(region):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        region.delete()
    assert Organisation.objects.filter(slug="region-midtjylland").exists()
