from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from delegations import page_cache

        from .models import Forum, Registration, Session, SessionRole, Track

        page_cache.watch(Forum, Track, Session, SessionRole)
        page_cache.watch(Registration, scopes=[page_cache.ITINERARY])
