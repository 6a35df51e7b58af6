from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        from django.db.models import signals

        import pagecache

        from . import cars, itinerary, membership
        from . import page_keys as keys
        from .models import (
            Car,
            CarSeat,
            Delegation,
            DelegationMember,
            Organisation,
            Person,
            SharedLink,
            Stay,
            Transfer,
            TravelLeg,
            TripContact,
            Visit,
        )

        for source in (itinerary.travel_items, itinerary.stay_items, itinerary.visit_items):
            itinerary.register_source(source)
        itinerary.register_source(cars.car_items)  # who rides in which car (delegations/cars.py)

        # Whoever's itinerary pages a change raised is told of it (delegations/notices.py).
        from . import notices

        pagecache.on_changed(notices.people_changed)

        # What raises which generation of kept pages (pagecache/core.py).
        pagecache.watch(
            Person, keys=keys.person, shown=keys.person_shown, unshown=keys.person_unshown
        )
        pagecache.watch(Organisation, keys=keys.organisation)
        pagecache.watch(Delegation, keys=keys.delegation)
        pagecache.watch(DelegationMember, keys=keys.member, shown=keys.member_shown)
        pagecache.watch(TravelLeg, keys=keys.travel_leg)
        pagecache.watch(Stay, keys=keys.stay)
        pagecache.watch(Visit, keys=keys.visit, shown=keys.visit_shown)
        pagecache.watch(TripContact, keys=keys.trip_contact)
        # A member's itinerary shows their car and seat on each transfer.
        pagecache.watch(CarSeat, keys=keys.car_seat, shown=keys.car_seat_shown)
        pagecache.watch(Car, keys=keys.car)
        pagecache.watch(Transfer, keys=keys.transfer)
        # /me/ lists the person's shared links (kept under their generation).
        pagecache.watch(SharedLink, keys=keys.member)
        for link in (keys.TRAVELLERS, keys.GUESTS, keys.PARTICIPANTS, keys.ESCORTS):
            pagecache.watch(link, keys=keys.traveller)

        # The leader is the member with the role "Leader" (delegations/membership.py).
        uid = "delegations:leader"
        signals.post_save.connect(
            membership.member_saved, sender=DelegationMember, dispatch_uid=uid
        )
        signals.post_delete.connect(
            membership.member_deleted, sender=DelegationMember, dispatch_uid=uid
        )
