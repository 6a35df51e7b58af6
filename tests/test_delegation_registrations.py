"""A delegation linked to a forum registers its members there and keeps them in step
(forum/delegation_registrations.py, connected in forum/apps.py)."""

import pytest
from django.utils import timezone

from delegations.models import Delegation, DelegationMember, Person
from forum.models import Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
SHANGHAI = "region-midtjylland-shanghai-2027"


@pytest.fixture
def forum():
    return Forum.objects.get(slug=SLUG)


@pytest.fixture
def trip():
    return Delegation.objects.get(slug=SHANGHAI)  # Anders, Signe pending; Christian confirmed


def status_of(forum, person):
    return (
        Registration.objects.filter(forum=forum, person=person)
        .values_list("status", flat=True)
        .first()
    )


def newcomer(name="Nina"):
    return Person.objects.create(given_name=name, family_name="Newcomer")


def test_linking_registers_every_member_by_their_answer(forum, trip):
    nina = newcomer()
    DelegationMember.objects.create(delegation=trip, person=nina, answer="pending")
    gone = newcomer("Gone")
    DelegationMember.objects.create(delegation=trip, person=gone, answer="declined")
    forum.delegations.add(trip)
    assert status_of(forum, nina) == "invited"
    assert status_of(forum, gone) is None
    registration = Registration.objects.get(forum=forum, person=nina)
    assert registration.delegation == trip
    christian = trip.memberships.get(person__email="christian.boel@example.org").person
    # Registered already with his 2016 delegation: kept, not duplicated.
    assert Registration.objects.filter(forum=forum, person=christian).count() == 1


def test_linking_from_the_delegations_side_too(forum, trip):
    nina = newcomer()
    DelegationMember.objects.create(delegation=trip, person=nina, answer="confirmed")
    trip.forums.add(forum)
    assert status_of(forum, nina) == "registered"


def test_members_added_answering_and_removed_stay_in_step(forum, trip):
    forum.delegations.add(trip)
    nina = newcomer()
    member = DelegationMember.objects.create(delegation=trip, person=nina)
    assert status_of(forum, nina) == "invited"
    member.answer = "confirmed"
    member.save()
    assert status_of(forum, nina) == "registered"
    member.answer = "declined"
    member.save()
    assert status_of(forum, nina) == "cancelled"
    member.answer = "confirmed"
    member.save()
    assert status_of(forum, nina) == "registered"  # back again
    member.delete()
    assert status_of(forum, nina) == "cancelled"


def test_an_attended_registration_is_never_cancelled(forum, trip):
    forum.delegations.add(trip)
    nina = newcomer()
    member = DelegationMember.objects.create(delegation=trip, person=nina, answer="confirmed")
    Registration.objects.filter(forum=forum, person=nina).update(
        status="attended", checked_in_at=timezone.now()
    )
    member.delete()
    assert status_of(forum, nina) == "attended"
    forum.delegations.remove(trip)
    assert status_of(forum, nina) == "attended"


def test_unlinking_cancels_what_came_with_the_delegation_only(forum, trip):
    nina = newcomer()
    DelegationMember.objects.create(delegation=trip, person=nina, answer="confirmed")
    own = newcomer("Own")
    Registration.objects.create(forum=forum, person=own)  # registered without the trip
    DelegationMember.objects.create(delegation=trip, person=own, answer="confirmed")
    forum.delegations.add(trip)
    forum.delegations.remove(trip)
    assert status_of(forum, nina) == "cancelled"
    assert status_of(forum, own) == "registered"


def test_clearing_the_links_cancels_too(forum, trip):
    nina = newcomer()
    DelegationMember.objects.create(delegation=trip, person=nina, answer="confirmed")
    forum.delegations.add(trip)
    trip.forums.clear()
    assert status_of(forum, nina) == "cancelled"


def test_a_member_of_an_unlinked_trip_registers_nowhere(forum, trip):
    nina = newcomer()
    DelegationMember.objects.create(delegation=trip, person=nina, answer="confirmed")
    assert not Registration.objects.filter(person=nina).exists()


def test_the_admin_link_registers_the_members(staff_client, forum, trip):
    """The forum's admin form saves the link through set(): the same signals."""
    nina = newcomer()
    DelegationMember.objects.create(delegation=trip, person=nina, answer="confirmed")
    forum.delegations.set([*forum.delegations.all(), trip])
    assert status_of(forum, nina) == "registered"
