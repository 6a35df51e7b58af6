"""URL map (README.md "What is where"). Public and personal pages live under a language prefix."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.health import healthz

admin.site.site_header = _("Delegation Desk")
admin.site.site_title = _("Delegation Desk")
admin.site.index_title = _("Regional staff")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("calendar/", include("delegations.urls.calendar")),
]

urlpatterns += i18n_patterns(
    path("accounts/two-factor/", include("accounts.urls_two_factor")),
    path("accounts/", include("accounts.urls")),
    path("me/", include("delegations.urls.me")),
    path("staff/", include("delegations.urls.staff")),
    path("embassy/", include("forum.urls.embassy")),
    path("jobs/", include("jobs.urls")),
    path("", include("delegations.urls.public")),
    path("", include("forum.urls.public")),
    prefix_default_language=True,
)

if settings.BENCH_HELLO:
    from config.bench import hello, hello_signed_in

    urlpatterns += [
        path("bench/hello", hello, name="bench-hello"),
        path("bench/hello-signed-in", hello_signed_in, name="bench-hello-signed-in"),
    ]

if settings.DEBUG:
    from django.http import Http404
    from django.urls import re_path
    from django.views.static import serve

    def media(request, path):
        # Job files (JOB_FILES_ROOT, under MEDIA_ROOT by default) are their owner's only:
        # jobs/views.py serves them, never this.
        if (settings.MEDIA_ROOT / path).resolve().is_relative_to(settings.JOB_FILES_ROOT.resolve()):
            raise Http404
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media)]
