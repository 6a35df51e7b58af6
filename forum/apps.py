from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        import pagecache
        from delegations import itinerary
        from delegations.models import Delegation, Organisation, Person

        from . import itinerary as forum_itinerary
        from . import page_keys as keys
        from .models import Forum, Registration, Session, SessionRole, Track

        itinerary.register_source(forum_itinerary.session_items)

        # What raises which generation of kept pages (pagecache/core.py).
        pagecache.watch(Forum, keys=keys.forum)
        pagecache.watch(keys.HOSTS, keys=keys.host)
        pagecache.watch(Track, keys=keys.track)
        pagecache.watch(Session, keys=keys.session)
        pagecache.watch(SessionRole, keys=keys.session_role)
        pagecache.watch(Registration, keys=keys.registration, shown=keys.registration_shown)
        pagecache.watch(keys.SEATS, keys=keys.seat)
        # What the forum's pages show of the domain's people and organisations.
        pagecache.watch(Person, keys=keys.person)
        pagecache.watch(Organisation, keys=keys.organisation)
        # The programme links the participating delegations that have a public page.
        pagecache.watch(Delegation, keys=keys.delegation)
        pagecache.watch(keys.PARTICIPATING, keys=keys.participating)
