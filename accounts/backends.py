"""Login throttling with django-axes, and fewer queries per signed-in request.

Axes' backend refuses to work without a request. Every sign-in over HTTP passes one (Django's
login forms do); calls without a request (the test client's `login()`, scripts) have no
client to throttle, so this backend steps aside and lets the next backend decide.

`ModelBackend` checks passwords as Django's does. The signed-in user of each request comes from
the cache, with their Person and permissions, until that user, their Person or their groups
change (the generation "user:<id>") or any group or permission does ("roles"), raised on
commit: a changed password, a user made inactive or a group taken away count from the next
request on, in every server process; somebody else's sign-in changes nothing here. On a
miss the user is read with their Person in one query and all their permissions in one query
instead of Django's two (docs/benchmarks.md). The session itself stays in the database, so
signing out or deleting a session ends it at once. Their role names are kept with them too,
so the rules of accounts/rules.py ask no query for a role.
"""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

import pagecache

from . import ROLES_KEY
from .rules import load_roles


def user_keys(user_id, person_id=None):
    """The generations a signed-in user's own pages carry: the user (and what is cached with
    them), the roles, and their person's itinerary if they have one (accounts/sessions.py reads
    them with the session)."""
    keys = [pagecache.key("user", user_id), ROLES_KEY]
    if person_id is not None:
        keys.append(pagecache.key("person", person_id))
    return keys


class AxesRequestBackend(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        return pagecache.cached(
            [pagecache.key("user", user_id), ROLES_KEY],
            ["user", user_id],
            lambda: self._load(user_id),
        )

    def _load(self, user_id):
        users = get_user_model()._default_manager.select_related("person")
        try:
            user = users.get(pk=user_id)
        except (get_user_model().DoesNotExist, ValueError):
            return None
        if not self.user_can_authenticate(user):
            return None
        self.get_all_permissions(user)  # kept with the user
        load_roles(user)  # and their roles (accounts/rules.py)
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            pairs = permissions.values_list("content_type__app_label", "codename")
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in pairs.order_by()}
        return user_obj._perm_cache
