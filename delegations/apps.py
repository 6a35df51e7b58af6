from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        # audit and session_limits connect their signal receivers on import.
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

        page_cache.watch(Organisation, Person)
        page_cache.watch(
            Delegation, DelegationMember, TravelLeg, Stay, Visit, scopes=[page_cache.ITINERARY]
        )
