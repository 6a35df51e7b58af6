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
    from accounts.roles import ensure_roles

    before = {name: perms(name) for name in ("Regional staff", "Embassy staff", "Delegates")}
    Group.objects.all().delete()
    ensure_roles()
    assert {name: perms(name) for name in before} == before


def test_groups_hold_exactly_the_permissions_defined_in_accounts_roles():
    from accounts.roles import role_permissions

    assert {name: perms(name) for name in role_permissions()} == role_permissions()


def test_the_migrations_froze_the_same_lists():
    """forum/migrations froze copies of the role lists; they must say what accounts/roles.py
    says (the export-profile permissions came with migration 0004)."""
    import importlib

    from accounts import roles

    frozen = importlib.import_module("forum.migrations.0002_roles")
    export_profile = {
        ("forum", f"{action}_exportprofile") for action in ("add", "change", "delete", "view")
    }
    assert set(frozen.EMBASSY_PERMISSIONS) | export_profile == set(roles.EMBASSY_PERMISSIONS)
    assert frozen.DELEGATE_PERMISSIONS == roles.DELEGATE_PERMISSIONS
    assert (frozen.REGIONAL_STAFF, frozen.EMBASSY_STAFF, frozen.DELEGATES) == (
        roles.REGIONAL_STAFF,
        roles.EMBASSY_STAFF,
        roles.DELEGATES,
    )


def test_a_lost_permission_comes_back_after_migrate():
    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    group = Group.objects.get(name="Embassy staff")
    group.permissions.remove(Permission.objects.get(codename="check_in_registration"))
    assert "forum.check_in_registration" not in perms("Embassy staff")
    call_command("migrate", verbosity=0)
    assert "forum.check_in_registration" in perms("Embassy staff")
