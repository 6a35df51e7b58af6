"""The three roles' permissions as they stand now (the data migrations made them first).

`ensure_roles()` repairs the groups if they are missing, e.g. after a test flushed the
database or someone deleted a group by mistake; seed_demo calls it before making logins.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes

from delegations.roles import DELEGATES, EMBASSY_STAFF, REGIONAL_STAFF

EMBASSY_PERMISSIONS = [
    ("forum", "view_forum"),
    ("forum", "view_track"),
    ("forum", "view_session"),
    ("forum", "view_sessionrole"),
    ("forum", "view_registration"),
    ("forum", "export_registration"),
    ("forum", "check_in_registration"),
    ("forum", "add_exportprofile"),
    ("forum", "change_exportprofile"),
    ("forum", "delete_exportprofile"),
    ("forum", "view_exportprofile"),
    ("delegations", "view_organisation"),
    ("delegations", "view_person"),
    ("delegations", "view_delegation"),
]
DELEGATE_PERMISSIONS = [("delegations", "view_own_itinerary")]


def _permissions(pairs):
    wanted = {f"{app}.{codename}" for app, codename in pairs}
    return [
        p
        for p in Permission.objects.select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" in wanted
    ]


def ensure_roles():
    """Create any missing role group with its permissions; leave existing groups alone."""
    names = {REGIONAL_STAFF, EMBASSY_STAFF, DELEGATES}
    if Group.objects.filter(name__in=names).count() == len(names):
        return
    for app_config in apps.get_app_configs():  # what post_migrate makes, in case it is gone
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    if not Group.objects.filter(name=REGIONAL_STAFF).exists():
        group = Group.objects.create(name=REGIONAL_STAFF)
        group.permissions.set(
            [
                *Permission.objects.filter(content_type__app_label__in=["delegations", "forum"]),
                *Permission.objects.filter(content_type__app_label="auth", codename="view_user"),
                *_permissions([("outbox", "view_outboxmessage"), ("jobs", "view_job")]),
            ]
        )
    for name, pairs in ((EMBASSY_STAFF, EMBASSY_PERMISSIONS), (DELEGATES, DELEGATE_PERMISSIONS)):
        if not Group.objects.filter(name=name).exists():
            Group.objects.create(name=name).permissions.set(_permissions(pairs))
