from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        import pagecache

        from .models import Forum, Registration, Session, SessionRole, Track

        pagecache.watch(Forum, Track, Session, SessionRole)
        pagecache.watch(Registration, scopes=[pagecache.ITINERARY])
