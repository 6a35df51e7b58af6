from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        import pagecache

        from . import itinerary
        from . import page_keys as keys
        from .models import (
            Delegation,
            DelegationMember,
            Organisation,
            Person,
            SharedLink,
            Stay,
            TravelLeg,
            Visit,
        )

        for source in (itinerary.travel_items, itinerary.stay_items, itinerary.visit_items):
            itinerary.register_source(source)

        # What raises which generation of kept pages (pagecache/core.py).
        pagecache.watch(
            Person, keys=keys.person, shown=keys.person_shown, unshown=keys.person_unshown
        )
        pagecache.watch(Organisation, keys=keys.organisation)
        pagecache.watch(Delegation, keys=keys.delegation)
        pagecache.watch(DelegationMember, keys=keys.member, shown=keys.member_shown)
        pagecache.watch(TravelLeg, keys=keys.travel_leg)
        pagecache.watch(Stay, keys=keys.stay)
        pagecache.watch(Visit, keys=keys.visit)
        # /me/ lists the person's shared links (kept under their generation).
        pagecache.watch(SharedLink, keys=keys.member)
        for link in (keys.TRAVELLERS, keys.GUESTS, keys.PARTICIPANTS):
            pagecache.watch(link, keys=keys.traveller)
