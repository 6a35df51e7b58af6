from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from django.db.models import signals
        from django.db.models.signals import post_save

        import pagecache
        from delegations import itinerary
        from delegations.models import Delegation, DelegationMember, Organisation, Person

        from . import delegation_registrations as in_step
        from . import itinerary as forum_itinerary
        from . import page_keys as keys
        from . import search
        from .models import Forum, Registration, Session, SessionRole, Track

        itinerary.register_source(forum_itinerary.session_items)
        from delegations import precedence

        from . import speaking

        precedence.register_speaking_source(speaking.session_occasions)

        # What raises which generation of kept pages (pagecache/core.py).
        pagecache.watch(Forum, keys=keys.forum)
        pagecache.watch(keys.HOSTS, keys=keys.host)
        pagecache.watch(Track, keys=keys.track)
        pagecache.watch(Session, keys=keys.session)
        pagecache.watch(SessionRole, keys=keys.session_role, shown=keys.session_role_shown)
        pagecache.watch(Registration, keys=keys.registration, shown=keys.registration_shown)
        pagecache.watch(keys.SEATS, keys=keys.seat)
        # What the forum's pages show of the domain's people and organisations.
        pagecache.watch(Person, keys=keys.person)
        pagecache.watch(Organisation, keys=keys.organisation)
        # A person's names are what their registrations are found by.
        post_save.connect(search.person_saved, sender=Person, dispatch_uid="forum.search")

        # A delegation linked to a forum registers its members (forum/delegation_registrations.py).
        uid = "forum:delegation-registrations"
        signals.post_save.connect(in_step.member_saved, sender=DelegationMember, dispatch_uid=uid)
        signals.post_delete.connect(
            in_step.member_deleted, sender=DelegationMember, dispatch_uid=uid
        )
        signals.m2m_changed.connect(in_step.links_changed, sender=in_step.LINKS, dispatch_uid=uid)
        # The programme links the participating delegations that have a public page.
        pagecache.watch(Delegation, keys=keys.delegation)
        pagecache.watch(keys.PARTICIPATING, keys=keys.participating)
