"""Login throttling with django-axes, and fewer queries per signed-in request.

Axes' backend refuses to work without a request. Every sign-in over HTTP passes one (Django's
login forms do); calls without a request (the test client's `login()`, scripts) have no
client to throttle, so this backend steps aside and lets the next backend decide.

`ModelBackend` checks passwords as Django's does and loads the signed-in user on every
request: with their Person in the same query, and all their permissions in one query instead of
Django's two (docs/benchmarks.md).
"""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q


class AxesRequestBackend(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("person")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

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
