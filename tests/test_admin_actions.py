"""Moves from the admin go through the workflow; refusals say why; status is read-only."""

import pytest
from django.urls import reverse

from delegations.models import Delegation, Partnership

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/delegations/delegation/"


def test_allowed_move_from_the_admin(staff_client):
    trip = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    response = staff_client.post(
        CHANGELIST, {"action": "move_to_invited", "_selected_action": [trip.pk]}, follow=True
    )
    trip.refresh_from_db()
    assert trip.status == "invited"
    assert "moved to" in response.content.decode()


def test_refused_move_says_why(staff_client):
    trip = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    response = staff_client.post(
        CHANGELIST, {"action": "move_to_closed", "_selected_action": [trip.pk]}, follow=True
    )
    trip.refresh_from_db()
    assert trip.status == "planning"
    assert "cannot go from" in response.content.decode()


def test_status_cannot_be_edited_directly(staff_client):
    trip = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    page = staff_client.get(reverse("admin:delegations_delegation_change", args=[trip.pk]))
    assert 'name="status"' not in page.content.decode()


def test_partnership_register_shows_what_expires_soon(staff_client):
    soon = staff_client.get("/admin/delegations/partnership/?expiry=soon")
    names = [p.slug for p in soon.context["cl"].result_list]
    assert names == ["midtjylland-shanghai"] or all(
        Partnership.objects.get(slug=n).expires_on for n in names
    )
    assert "midtjylland-shanghai" in names
    page = staff_client.get(
        reverse(
            "admin:delegations_partnership_change",
            args=[Partnership.objects.get(slug="mtic-public-private").pk],
        )
    )
    assert "partnership document" in page.content.decode().lower()
