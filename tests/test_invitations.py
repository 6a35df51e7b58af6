"""Invitations: answer them, and turn an accepted one into a delegation in one step."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from delegations import workflow
from delegations.models import Delegation, Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def shanghai_invitation():
    return Invitation.objects.get(occasion_en__startswith="Shanghai–Midtjylland")


def test_pending_invitation_cannot_become_a_delegation(shanghai_invitation):
    with pytest.raises(ValidationError, match="Only an accepted invitation"):
        workflow.delegation_from_invitation(shanghai_invitation)


def test_accepted_invitation_becomes_a_delegation_once(shanghai_invitation):
    workflow.answer_invitation(shanghai_invitation, "accepted", on=dt.date(2026, 11, 24))
    assert shanghai_invitation.answered_on == dt.date(2026, 11, 24)
    delegation = workflow.delegation_from_invitation(shanghai_invitation)
    assert delegation.status == "invited"
    assert delegation.sending_organisation.slug == "region-midtjylland"
    assert delegation.starts_on == dt.date(2027, 4, 12) and delegation.ends_on == dt.date(
        2027, 4, 16
    )
    assert delegation.name_zh_hans == "上海与中日德兰大区合作续签会谈"
    assert delegation.destination_city_da == "Shanghai"
    assert delegation.destination_time_zone == "Asia/Shanghai"
    again = workflow.delegation_from_invitation(shanghai_invitation)
    assert again.pk == delegation.pk
    assert Delegation.objects.filter(invitation=shanghai_invitation).count() == 1


def test_answers_are_accepted_or_declined(shanghai_invitation):
    with pytest.raises(ValidationError):
        workflow.answer_invitation(shanghai_invitation, "maybe")


def test_admin_actions_answer_and_create(staff_client, shanghai_invitation):
    changelist = "/admin/delegations/invitation/"
    staff_client.post(
        changelist, {"action": "mark_accepted", "_selected_action": [shanghai_invitation.pk]}
    )
    shanghai_invitation.refresh_from_db()
    assert shanghai_invitation.answer == "accepted"
    response = staff_client.post(
        changelist,
        {"action": "create_delegation", "_selected_action": [shanghai_invitation.pk]},
        follow=True,
    )
    assert "is ready" in response.content.decode()
    made = Delegation.objects.get(invitation=shanghai_invitation)
    # The message links the new delegation.
    assert f'href="/admin/delegations/delegation/{made.pk}/change/"' in response.content.decode()


def test_view_on_site_only_for_public_delegations(staff_client):
    for delegation in Delegation.objects.all()[:6]:
        page = staff_client.get(f"/admin/delegations/delegation/{delegation.pk}/change/")
        has_link = "viewsitelink" in page.content.decode()
        assert has_link is delegation.is_public, delegation.slug


def test_invitation_letter_upload(staff_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    invitation = Invitation.objects.get(occasion_en__startswith="China Denmark")
    invitation.letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter")
    invitation.save()
    assert (tmp_path / invitation.letter.name).read_bytes() == b"%PDF-1.4 letter"
