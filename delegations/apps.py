from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        # audit and session_limits connect their signal receivers on import.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission

        from . import audit, page_cache, session_limits  # noqa: F401
        from .models import (
            Delegation,
            DelegationMember,
            Organisation,
            Person,
            Stay,
            TravelLeg,
            Visit,
        )

        page_cache.watch(Organisation)
        # The signed-in user is cached with their Person and permissions (auth_backends.py).
        page_cache.watch(Person, scopes=page_cache.SCOPES)
        page_cache.watch(get_user_model(), Group, Permission, scopes=[page_cache.ACCOUNTS])
        page_cache.watch(
            Delegation, DelegationMember, TravelLeg, Stay, Visit, scopes=[page_cache.ITINERARY]
        )
