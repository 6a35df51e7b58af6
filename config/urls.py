"""URL map (README.md "What is where"). Public and personal pages live under a language prefix."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.health import healthz
from config.offline import manifest, service_worker

admin.site.site_header = _("Delegation Desk")
admin.site.site_title = _("Delegation Desk")
admin.site.index_title = _("Regional staff")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # The service worker from the root, so that it may look after every page (config/offline.py).
    path("sw.js", service_worker, name="service_worker"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("calendar/", include("delegations.urls.calendar")),
    # Uploaded documents: regional staff only, as downloads (no public /media/ URL).
    path("documents/", include("delegations.urls.documents")),
]

urlpatterns += i18n_patterns(
    path("manifest.webmanifest", manifest, name="manifest"),
    path("accounts/two-factor/", include("accounts.urls_two_factor")),
    path("accounts/", include("accounts.urls")),
    path("me/", include("delegations.urls.me")),
    path("staff/", include("delegations.urls.staff")),
    path("shared/", include("delegations.urls.shared")),
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

# The site's own error pages (config/views.py), in the visitor's language.
handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
