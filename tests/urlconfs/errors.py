"""The site's URLs plus views that fail on purpose, for tests/test_error_pages.py."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def bad(request):
    raise BadRequest("unreadable")


def forbidden(request):
    raise PermissionDenied("secret reason")


def broken(request):
    raise RuntimeError("secret traceback detail")


urlpatterns = [
    *urlpatterns,
    *i18n_patterns(
        path("test-errors/400/", bad),
        path("test-errors/403/", forbidden),
        path("test-errors/500/", broken),
    ),
]
