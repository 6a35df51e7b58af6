"""Each rule has one home beside its model, and the places that apply it ask there: status
groups on Delegation.Status, open follow-ups, expiring partnerships, unique slugs, the
content languages."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation

from delegations import membership, public
from delegations.languages import content_languages, fallback_names, localized_names
from delegations.models import (
    Delegation,
    DelegationMember,
    FollowUp,
    Organisation,
    Partnership,
    Person,
)
from delegations.slugs import unique_slug
from delegations.workflow import MOVES

pytestmark = pytest.mark.django_db
S = Delegation.Status
TODAY = dt.date(2026, 11, 24)


def test_status_groups():
    assert S.not_yet_back() == ("planning", "invited", "confirmed", "travelling")
    assert S.called_off() == ("declined", "cancelled")
    assert S.in_play() == (*S.not_yet_back(), "returned", "follow_up")
    # Every status is exactly one of: in play, closed, called off.
    assert sorted([*S.in_play(), S.CLOSED, *S.called_off()]) == sorted(S.values)
    # The groups are not choices of their own.
    assert len(S.choices) == 9 and "not_yet_back" not in S.values


def test_a_trip_back_home_can_no_longer_be_answered():
    member = DelegationMember.objects.filter(answer="pending").select_related("delegation").first()
    delegation = member.delegation
    for status in S:
        Delegation.objects.filter(pk=delegation.pk).update(status=status)
        member.delegation.status = status
        if status in S.not_yet_back():
            membership.answer_membership(member, "confirmed")
        else:
            with pytest.raises(ValueError, match="can no longer be answered"):
                membership.answer_membership(member, "declined")


def test_called_off_trips_have_no_public_page():
    assert set(public.HIDDEN_STATUSES) == set(S.called_off())
    # Trips called off can be planned again: the workflow knows the same group.
    assert all(MOVES[status] == {S.PLANNING} for status in S.called_off())


def test_open_and_overdue_follow_ups():
    owner = Person.objects.first()
    made = {
        status: FollowUp.objects.create(
            action=f"Do {status}",
            owner=owner,
            due_on=TODAY - dt.timedelta(days=1),
            status=status,
            completed_on=TODAY if status == "done" else None,
        )
        for status in FollowUp.Status.values
    }
    still = {made["open"].pk, made["in_progress"].pk}
    mine = FollowUp.objects.filter(owner=owner, action__startswith="Do ")
    assert set(mine.open().values_list("pk", flat=True)) == still
    assert set(mine.overdue(TODAY).values_list("pk", flat=True)) == still
    assert not mine.overdue(TODAY - dt.timedelta(days=1)).exists()  # due that day: not late
    # The related manager of a delegation has the same methods (the workflow uses it).
    delegation = Delegation.objects.first()
    FollowUp.objects.filter(pk__in=still).update(delegation=delegation)
    assert set(delegation.follow_ups.open().values_list("pk", flat=True)) >= still


@pytest.fixture
def expiring():
    partnership = Partnership.objects.create(
        slug="expiring-test",
        name_en="Expiring test",
        name_da="Udløbende test",
        name_zh_hans="",
        kind="other",
        expires_on=TODAY + dt.timedelta(days=183),
    )
    return partnership


def test_expiring_partnerships_within_six_months(expiring):
    found = set(Partnership.objects.expiring(TODAY).values_list("slug", flat=True))
    assert "expiring-test" in found and "midtjylland-shanghai" in found
    assert expiring.expires_soon(TODAY)
    later = TODAY - dt.timedelta(days=1)  # 184 days ahead: not yet
    assert "expiring-test" not in Partnership.objects.expiring(later).values_list("slug", flat=True)
    assert not expiring.expires_soon(later)
    after = expiring.expires_on + dt.timedelta(days=1)
    assert Partnership.objects.expired(after).filter(pk=expiring.pk).exists()
    assert not Partnership.objects.expiring(after).filter(pk=expiring.pk).exists()
    assert not Partnership(expires_on=None).expires_soon(TODAY)


def test_the_custom_managers_keep_modeltranslation(expiring):
    """modeltranslation merges its manager into ours: filters on a translated field go to
    the active language's column, and a missing translation reads as English."""
    with translation.override("da"):
        assert Partnership.objects.expiring(TODAY).filter(name="Udløbende test").exists()
    with translation.override("zh-hans"):
        found = Partnership.objects.expiring(TODAY).get(slug="expiring-test")
        assert found.name == "Expiring test"  # no Chinese name: English
        # Filters read the active language's column only (no fallback in SQL).
        assert not Partnership.objects.expiring(TODAY).filter(name="Expiring test").exists()
    with translation.override("da"):
        follow_up = FollowUp.objects.open().filter(action_da__gt="").first()
        assert follow_up is not None and follow_up.action == follow_up.action_da


def test_unique_slug_numbers_until_free():
    assert unique_slug(Organisation, "Region Midtjylland") == "region-midtjylland-2"
    Organisation.objects.create(slug="region-midtjylland-2", name="Copy", country="DK")
    assert unique_slug(Organisation, "Region Midtjylland") == "region-midtjylland-3"
    assert unique_slug(Organisation, "北京协和医院") == "organisation"  # no Latin letters
    assert unique_slug(Delegation, "", fallback="trip") == "trip"
    long = unique_slug(Delegation, "x" * 200)
    assert len(long) == 70  # room for "-2" and more within the field's 80


def test_content_languages_come_from_the_settings():
    assert content_languages() == tuple(settings.MODELTRANSLATION_LANGUAGES)
    assert localized_names("name") == ["name_da", "name_en", "name_zh_hans"]
    assert fallback_names("name", "zh-hans") == ["name_zh_hans", "name_en", "name_da"]
    assert fallback_names("name", "da") == ["name_da", "name_en"]
    assert fallback_names("name", "en") == ["name_en", "name_da"]
    assert fallback_names("name", None) == ["name_en", "name_da"]


def test_every_language_of_the_invitation_reaches_the_delegation(settings):
    from delegations import workflow
    from delegations.models import Invitation

    invitation = Invitation.objects.get(occasion_en__startswith="Shanghai–Midtjylland")
    workflow.answer_invitation(invitation, "accepted", on=TODAY)
    delegation = workflow.delegation_from_invitation(invitation)
    for name, occasion in zip(localized_names("name"), localized_names("occasion"), strict=True):
        assert getattr(delegation, name) == (getattr(invitation, occasion) or "")
    assert delegation.slug.startswith("shanghai")
