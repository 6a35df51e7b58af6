"""The site's own error pages: 400, 403, 404, 500 and a refused form (CSRF).

Each is rendered in the visitor's language (LocaleMiddleware has chosen it from the address's
language prefix, else the browser's Accept-Language, before any view runs) and in the site's
look, with a way back and nothing technical. The 500 page is rendered without the request, so
no context processor runs and nothing reads the database that may be the reason for the error.
"""

from django.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _render(request, template_name, response_class):
    template = loader.get_template(template_name)
    return response_class(template.render({}, request))


@requires_csrf_token
def bad_request(request, exception=None):
    """Everyone: a request the site cannot read (a malformed address or form)."""
    return _render(request, "400.html", HttpResponseBadRequest)


@requires_csrf_token
def permission_denied(request, exception=None):
    """Everyone: a page this visitor may not open."""
    return _render(request, "403.html", HttpResponseForbidden)


@requires_csrf_token
def page_not_found(request, exception=None):
    """Everyone: no such page (or one this visitor may not see)."""
    return _render(request, "404.html", HttpResponseNotFound)


def server_error(request):
    """Everyone: an error of ours. Rendered without the request: no context processors, no
    database (the database may be what failed)."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def csrf_failure(request, reason=""):
    """Everyone (CSRF_FAILURE_VIEW): a form sent without its security token, usually an old
    page or blocked cookies. The reason is Django's technical text and is not shown."""
    return _render(request, "403_csrf.html", HttpResponseForbidden)
