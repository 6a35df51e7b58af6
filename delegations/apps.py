from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        import pagecache

        from .models import (
            Delegation,
            DelegationMember,
            Organisation,
            Person,
            Stay,
            TravelLeg,
            Visit,
        )

        pagecache.watch(Organisation)
        # The signed-in user is cached with their Person and permissions (accounts/backends.py).
        pagecache.watch(Person, scopes=pagecache.SCOPES)
        pagecache.watch(
            Delegation, DelegationMember, TravelLeg, Stay, Visit, scopes=[pagecache.ITINERARY]
        )
