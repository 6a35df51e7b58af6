"""Participants are anonymised N days after their last forum; nobody else is touched."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from delegations.models import Person
from forum.retention import apply_retention, expired_participants

pytestmark = pytest.mark.django_db
FORUM_ENDED = dt.date(2016, 12, 6)


def test_participants_expire_after_the_period():
    assert expired_participants(30, today=FORUM_ENDED + dt.timedelta(days=30)).count() == 0
    expired = expired_participants(30, today=FORUM_ENDED + dt.timedelta(days=31))
    assert expired.count() == 320  # the demo's Chinese participants
    assert not expired.filter(memberships__isnull=False).exists()


def test_apply_retention_anonymises_only_participants():
    count = apply_retention(30, today=FORUM_ENDED + dt.timedelta(days=31))
    assert count == 320
    assert not Person.objects.filter(email__startswith="participant-").exists()
    assert Person.objects.get(email="anders.kuhnau@example.org").given_name == "Anders"
    # Running again finds nobody left.
    assert apply_retention(30, today=FORUM_ENDED + dt.timedelta(days=31)) == 0


def test_command_needs_a_period(settings):
    settings.PARTICIPANT_RETENTION_DAYS = None
    with pytest.raises(CommandError, match="No retention period"):
        call_command("apply_retention")


def test_command_dry_run_counts_without_changing():
    out = io.StringIO()
    call_command("apply_retention", "--days", "365", "--dry-run", stdout=out)
    assert "320 participant(s) would be anonymised" in out.getvalue()
    assert Person.objects.filter(email__startswith="participant-").count() == 320
