"""Meetings carry notes and outcomes; an outcome becomes a follow-up with an owner and a due
date in one step, linked to the partnership it serves."""

import datetime as dt

import pytest
from django.utils import translation

from delegations.meetings import FollowUpRefused, make_follow_up
from delegations.models import FollowUp, Meeting, Outcome, Partnership, Person, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome():
    visit = Visit.objects.get(host__slug="pumch")
    meeting = Meeting.objects.create(visit=visit, title="Round table", held_on=dt.date(2016, 12, 4))
    assert meeting.organisation_id == visit.host_id  # the partner defaults to the host
    return Outcome.objects.create(
        meeting=meeting,
        text_en="Send our discharge guidelines\nWith the translation.",
        text_da="Send vores udskrivningsvejledning",
        text_zh_hans="发送出院指南",
        partnership=Partnership.objects.get(slug="mtic-public-private"),
    )


def test_an_outcome_becomes_a_follow_up(outcome):
    owner = Person.objects.get(email="signe.madsen@example.org")
    follow_up = make_follow_up(outcome, owner=owner, due_on=dt.date(2017, 1, 31))
    assert follow_up.action_en == "Send our discharge guidelines"
    assert follow_up.action_zh_hans == "发送出院指南"
    assert follow_up.partnership.slug == "mtic-public-private"
    assert follow_up.organisation.slug == "pumch"
    assert follow_up.delegation.slug == "region-midtjylland-beijing-2016"
    assert follow_up.status == "open"
    outcome.refresh_from_db()
    assert outcome.follow_up == follow_up
    with translation.override("en"), pytest.raises(FollowUpRefused, match="already"):
        make_follow_up(outcome, owner=owner, due_on=dt.date(2017, 1, 31))


def test_missing_owner_and_date_are_named(outcome):
    with translation.override("en"), pytest.raises(FollowUpRefused) as refusal:
        make_follow_up(outcome, owner=None, due_on=None)
    assert "an owner and a due date" in str(refusal.value)


def test_one_step_in_the_admin(staff_client, outcome):
    owner = Person.objects.get(email="christian.boel@example.org")
    url = f"/admin/delegations/outcome/{outcome.pk}/change/"
    form = staff_client.get(url)
    assert form.status_code == 200
    data = {
        "meeting": outcome.meeting_id,
        "text_en": outcome.text_en,
        "text_da": outcome.text_da,
        "text_zh_hans": outcome.text_zh_hans,
        "partnership": outcome.partnership_id,
        "follow_up_owner": owner.pk,
        "follow_up_due_on": "",
        "loaded_version": outcome.updated_at.isoformat(),
    }
    missing = staff_client.post(url, data)
    assert missing.status_code == 200 and "When is the follow-up due?" in missing.content.decode()
    assert not FollowUp.objects.filter(outcome=outcome).exists()
    data["follow_up_due_on"] = "2017-02-15"
    done = staff_client.post(url, data)
    assert done.status_code == 302
    outcome.refresh_from_db()
    assert outcome.follow_up.owner == owner and outcome.follow_up.due_on == dt.date(2017, 2, 15)
    assert outcome.follow_up.history.first().history_user.username == "staff"


def test_meetings_and_outcomes_are_in_history(outcome):
    assert outcome.history.count() == 1
    assert outcome.meeting.history.count() == 1
