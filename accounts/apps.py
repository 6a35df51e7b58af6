from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # audit and session_limits connect their signal receivers on import.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission

        import pagecache

        from . import ROLES_KEY, audit, session_limits  # noqa: F401

        post_migrate.connect(_sync_roles, dispatch_uid="accounts:sync_roles")
        # The signed-in user is cached with their Person and permissions (backends.py): a
        # change to the user or their links raises that user; to groups and permissions, all.
        User = get_user_model()
        pagecache.watch(User, keys=lambda user: [pagecache.key_of(user)])
        for link in (User.groups.through, User.user_permissions.through):
            pagecache.watch(link, keys=lambda row: [pagecache.key("user", row.user_id)])
        for model in (Group, Permission, Group.permissions.through):
            pagecache.watch(model, keys=lambda row: [ROLES_KEY])


def _sync_roles(sender, using="default", **kwargs):
    """After `migrate` (once: post_migrate is sent per app): repair the role groups
    (accounts/roles.py); it makes every app's permissions first."""
    if sender.name != "accounts":
        return
    from .roles import sync_roles

    sync_roles()
