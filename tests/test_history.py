"""Every staff change is kept in history with the acting user and every language's text."""

import pytest
from django.urls import reverse

from delegations.models import Delegation, Organisation

pytestmark = pytest.mark.django_db


def test_history_rows_name_the_staff_member(staff_client):
    from tests.test_concurrent_edit import form_data

    org = Organisation.objects.get(slug="beijing-anding-hospital")
    url = reverse("admin:delegations_organisation_change", args=[org.pk])
    data = form_data(staff_client, url)
    data["name_zh_hans"] = "北京安定医院（精神科）"
    assert staff_client.post(url, data).status_code == 302
    latest = org.history.first()
    assert latest.history_user.username == "staff"
    assert latest.name_zh_hans == "北京安定医院（精神科）"
    assert latest.history_type == "~"
    previous = latest.prev_record
    assert previous.name_zh_hans == "首都医科大学附属北京安定医院"
    page = staff_client.get(reverse("admin:delegations_organisation_history", args=[org.pk]))
    assert "北京安定医院（精神科）" in page.content.decode() or page.status_code == 200


def test_per_language_columns_are_tracked():
    history = Delegation.history.model
    names = {f.name for f in history._meta.fields}
    assert {"name_da", "name_en", "name_zh_hans", "purpose_zh_hans"} <= names


def test_workflow_moves_are_in_history_with_the_user(staff_user):
    from delegations import workflow

    trip = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    workflow.advance(trip, "invited", by=staff_user)
    record = trip.history.first()
    assert record.status == "invited" and record.history_user == staff_user


@pytest.mark.parametrize(
    ("model", "lookup"),
    [("delegation", {"slug": "region-midtjylland-shanghai-2027"}), ("registration", None)],
)
def test_history_is_read_never_reverted(staff_client, staff_user, model, lookup):
    """A revert would write an old row back past the workflow and the concurrent-edit guard:
    the past version can be read, the revert button is not offered, a POST changes nothing."""
    from delegations import workflow
    from forum.models import Registration

    if model == "delegation":
        obj = Delegation.objects.get(**lookup)
        workflow.advance(obj, "invited", by=staff_user)
        app = "delegations"
    else:
        obj = Registration.objects.filter(status="registered").first()
        obj.status = "cancelled"
        obj.save()
        app = "forum"
    old = obj.history.last()  # the first version
    url = reverse(f"admin:{app}_{model}_simple_history", args=[obj.pk, old.history_id])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    refused = staff_client.post(url, {"status": old.status})
    assert refused.status_code == 405
    obj.refresh_from_db()
    assert obj.status != old.status
