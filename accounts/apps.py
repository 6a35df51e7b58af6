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

        from . import audit, session_limits  # noqa: F401

        post_migrate.connect(_sync_roles, dispatch_uid="accounts:sync_roles")
        # The signed-in user is cached with their Person and permissions (backends.py).
        pagecache.watch(get_user_model(), Group, Permission, scopes=[pagecache.ACCOUNTS])


def _sync_roles(sender, using="default", **kwargs):
    """After `migrate` (once: post_migrate is sent per app): repair the role groups
    (accounts/roles.py); it makes every app's permissions first."""
    if sender.name != "accounts":
        return
    from .roles import sync_roles

    sync_roles()
