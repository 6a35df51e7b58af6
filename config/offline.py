"""The installable app and its offline copy: the web app manifest and the service worker.

The service worker (static/js/sw.js) is served from the site root by `service_worker`, so its
scope is the whole site; it is a plain static file read once per process, under the strict CSP
(no inline script). It keeps only the signed-in person's own itinerary pages (/<lang>/me/)
and the files they use, and forgets them on sign-out (accounts/urls.py sends Clear-Site-Data;
static/js/offline.js also tells the worker). The manifest is per language, so the installed
app opens the itinerary in the language it was installed from.
"""

import functools
import json

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.decorators import for_anyone


@functools.cache
def _worker_source():
    with open(finders.find("js/sw.js"), encoding="utf-8") as source:
        return source.read()


@for_anyone
@require_safe
def service_worker(request):
    """Public: the service worker script at /sw.js (root scope, same origin)."""
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers look for a new worker at most daily anyway; never keep an old one longer.
    response["Cache-Control"] = "no-cache"
    return response


@for_anyone
@require_safe
def manifest(request):
    """Public: the web app manifest in the page's language; the app opens on /<lang>/me/."""
    data = {
        "name": _("Delegation Desk"),
        "short_name": _("Delegation Desk"),
        "description": _("Your itinerary, driver cards and contacts, also without a connection."),
        "lang": get_language(),
        "start_url": reverse("me:itinerary"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbfbfa",
        "theme_color": "#0b5c8a",
        "icons": [
            {
                "src": static(f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
