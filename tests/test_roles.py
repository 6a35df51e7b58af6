"""The three roles exist as groups with least-privilege permissions (data migration)."""

import pytest
from django.contrib.auth.models import Group, User

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_regional_staff_may_change_everything():
    staff = perms("Regional staff")
    for codename in ("change_delegation", "add_person", "delete_visit", "change_followup"):
        assert f"delegations.{codename}" in staff
    assert "forum.change_registration" in staff
    assert "forum.export_registration" in staff


def test_embassy_staff_view_and_export_only():
    embassy = perms("Embassy staff")
    assert {
        "forum.view_registration",
        "forum.export_registration",
        "forum.check_in_registration",
    } <= embassy
    # Their only edits: their own saved export profiles.
    edits = {p for p in embassy if p.split(".")[1].startswith(("add_", "change_", "delete_"))}
    assert edits == {
        "forum.add_exportprofile",
        "forum.change_exportprofile",
        "forum.delete_exportprofile",
    }


def test_delegates_see_only_their_itinerary():
    assert perms("Delegates") == {"delegations.view_own_itinerary"}


def test_embassy_user_cannot_change_a_registration():
    user = User.objects.get(username="embassy")
    assert user.has_perm("forum.export_registration")
    assert not user.has_perm("forum.change_registration")
    assert not user.has_perm("delegations.view_own_itinerary")


def test_missing_groups_are_repaired_with_the_same_permissions():
    from forum.roles import ensure_roles

    before = {name: perms(name) for name in ("Regional staff", "Embassy staff", "Delegates")}
    Group.objects.all().delete()
    ensure_roles()
    assert {name: perms(name) for name in before} == before
