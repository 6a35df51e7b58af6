"""Every status move: allowed ones succeed when their preconditions hold; others say why."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from delegations import workflow
from delegations.models import Approval, Delegation, DelegationMember, FollowUp, Person, TravelLeg

pytestmark = pytest.mark.django_db
S = Delegation.Status
ALL = list(S)


def ready_trip(status, *, past=True):
    """A delegation that meets every precondition, in `status`."""
    region = Delegation.objects.get(slug="region-midtjylland-beijing-2016").sending_organisation
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    starts = dt.date(2016, 1, 10) if past else dt.date(2099, 1, 10)
    trip = Delegation.objects.create(
        slug=f"trip-{status}",
        name="Test trip",
        sending_organisation=region,
        destination_city="Beijing",
        destination_country="CN",
        destination_time_zone="Asia/Shanghai",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=3),
        status=status,
    )
    DelegationMember.objects.create(
        delegation=trip, person=anders, role="leader", answer="confirmed"
    )
    Approval.objects.create(
        delegation=trip,
        deciding_body="Regional Council",
        decided_on=starts - dt.timedelta(days=30),
        case_number="1-2-3",
        approved_purpose="Test",
    )
    departs = dt.datetime(starts.year, starts.month, starts.day, 8, tzinfo=dt.UTC)
    TravelLeg.objects.create(
        delegation=trip,
        origin="CPH",
        destination="PEK",
        departs_at=departs,
        departure_time_zone="Europe/Copenhagen",
        arrives_at=departs + dt.timedelta(hours=10),
        arrival_time_zone="Asia/Shanghai",
    )
    return trip


@pytest.mark.parametrize(
    ("source", "target"), [(a, b) for a in ALL for b in ALL if a != b], ids=lambda s: s.value
)
def test_move_matrix(source, target):
    trip = ready_trip(source)
    if target in workflow.MOVES[source]:
        workflow.advance(trip, target)
        trip.refresh_from_db()
        assert trip.status == target
    else:
        with pytest.raises(workflow.MoveRefused, match="cannot go from"):
            workflow.advance(trip, target)
        trip.refresh_from_db()
        assert trip.status == source


def test_same_status_is_refused():
    trip = ready_trip(S.PLANNING)
    with pytest.raises(workflow.MoveRefused, match="already"):
        workflow.advance(trip, S.PLANNING)


def test_confirmed_needs_a_leader_and_a_confirmed_member():
    trip = ready_trip(S.INVITED)
    trip.memberships.update(answer="pending", role="member")
    with pytest.raises(workflow.MoveRefused) as refusal:
        workflow.advance(trip, S.CONFIRMED)
    assert "needs a leader" in str(refusal.value) and "confirmed their place" in str(refusal.value)


def test_travelling_needs_outbound_travel_and_a_started_trip():
    trip = ready_trip(S.CONFIRMED, past=False)
    trip.travel_legs.all().delete()
    with pytest.raises(workflow.MoveRefused) as refusal:
        workflow.advance(trip, S.TRAVELLING)
    assert "outbound travel" in str(refusal.value) and "not started" in str(refusal.value)


def test_returned_only_after_the_trip():
    trip = ready_trip(S.TRAVELLING, past=False)
    with pytest.raises(workflow.MoveRefused, match="not over yet"):
        workflow.advance(trip, S.RETURNED)


def test_closing_needs_finished_follow_ups():
    trip = ready_trip(S.FOLLOW_UP)
    owner = Person.objects.get(email="signe.madsen@example.org")
    follow_up = FollowUp.objects.create(
        action="Write report", owner=owner, due_on=dt.date(2016, 2, 1), delegation=trip
    )
    with pytest.raises(workflow.MoveRefused, match="open follow-ups"):
        workflow.advance(trip, S.CLOSED)
    follow_up.status, follow_up.completed_on = "done", dt.date(2016, 2, 1)
    follow_up.save()
    workflow.advance(trip, S.CLOSED)
    assert trip.status == S.CLOSED


def test_allowed_moves_lists_the_table():
    trip = ready_trip(S.TRAVELLING)
    assert workflow.allowed_moves(trip) == [S.RETURNED]


def test_command_enforces_the_same_rules():
    trip = ready_trip(S.PLANNING)
    out = io.StringIO()
    call_command("advance_delegation", trip.slug, "invited", stdout=out)
    assert "Invited" in out.getvalue()
    with pytest.raises(CommandError, match="cannot go from"):
        call_command("advance_delegation", trip.slug, "closed")
    with pytest.raises(CommandError, match="No delegation"):
        call_command("advance_delegation", "nope", "closed")
