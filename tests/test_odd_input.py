"""NUL bytes and other odd input give 400 or 404 (or the page's own refusal), never a 500:
sent in path parameters, query strings and form fields to every URL pattern, signed out and
as each signed-in role."""

import re

import pytest
from django.test import Client

from tests.test_access_matrix import all_patterns, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# Percent-encoded, as they arrive from a browser or a script.
ODD = [
    "%00",
    "y" * 40 + "%00",  # long enough to be looked up as a calendar token
    "x" * 3000,
    "%ff%fe%c0%af",  # not UTF-8
    "%E2%80%AE%F0%9F%98%80",  # right-to-left override, an emoji
    "..%2F..%2Fetc%2Fpasswd",
    "99999999999999999999999",
]
NUL = ["%00", "y" * 40 + "%00"]
# Every query and form field name the views read, plus the admin's.
FIELD_NAMES = [
    "q", "session", "delegation", "organisation", "country", "status", "checked_in",
    "columns", "name_order", "language", "home", "page", "next", "query", "name", "undo",
    "token", "step", "forum", "confirm", "answer", "action", "username", "password", "email",
    "code", "old_password", "new_password1", "new_password2", "o", "p", "e", "_changelist_filters",
]  # fmt: skip
PARAMETER = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")
SAMPLE = {
    "int": "1",
    "slug": "china-denmark-cities-regions-forum-2016",
    "path": "1",
    "str": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


def fill(route, odd_name=None, odd=None):
    def value(match):
        if match["name"] == odd_name:
            return odd
        return SAMPLE[match["converter"] or "str"]

    return "/" + PARAMETER.sub(value, route).replace("^", "").replace("$", "")


def requests_for(route, odd_values):
    """(method, path, data) for one route: odd path parameters, query strings, form fields."""
    names = [m["name"] for m in PARAMETER.finditer(route)]
    plain = fill(route)
    for odd in odd_values:
        for name in names:
            yield "GET", fill(route, name, odd), None
        query = "&".join(f"{field}={odd}" for field in FIELD_NAMES)
        yield "GET", f"{plain}?{query}", None
        yield "POST", plain, {field: odd.replace("%00", "\x00") for field in FIELD_NAMES}


def failures(world, role, routes, odd_values):  # noqa: F811
    """Every request that answered 5xx. The user signs in again before each route, as a
    POST to a sign-out address ends the session."""
    client = Client(raise_request_exception=False)
    user = world["users"][role]
    found = []
    for route in routes:
        if user is not None:
            client.force_login(user)
        # PDFs (itinerary, badges) take seconds each to render: NUL values only there.
        values = NUL if ".pdf" in route else odd_values
        for method, path, data in requests_for(route, values):
            response = client.get(path) if method == "GET" else client.post(path, data)
            if response.status_code >= 500:
                found.append((role, method, path[:120], response.status_code))
    return found


def site_routes():
    return [route for _name, route in all_patterns() if not route.startswith("admin/")]


def admin_routes(part, parts=4):
    routes = [route for _name, route in all_patterns() if route.startswith("admin/")]
    return routes[part::parts]


@pytest.mark.parametrize("role", ["anonymous", "delegate_a", "embassy", "staff"])
def test_site_pages_never_answer_500(world, role):  # noqa: F811
    assert failures(world, role, site_routes(), ODD) == []


@pytest.mark.parametrize("part", range(2))
def test_admin_pages_signed_out_never_answer_500(world, part):  # noqa: F811
    odd = ["x" * 3000, "%ff%fe%c0%af", "99999999999999999999999"]
    assert failures(world, "anonymous", admin_routes(part, parts=2), odd) == []


@pytest.mark.parametrize("part", range(2))
def test_admin_pages_refuse_nul_characters_for_staff(world, part):  # noqa: F811
    assert failures(world, "staff", admin_routes(part, parts=2), NUL) == []


def test_nul_character_gets_the_sites_400_page_in_the_visitors_language(client):
    response = client.get("/calendar/" + "y" * 40 + "%00.ics", HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke læses" in response.content.decode()
    saved = client.post("/zh-hans/accounts/login/", {"username": "a\x00b", "password": "x"})
    assert saved.status_code == 400
    assert "无法读取此请求" in saved.content.decode()


def test_a_very_long_username_is_counted_not_a_500(client):
    from axes.models import AccessAttempt

    response = client.post("/en/accounts/login/", {"username": "u" * 3000, "password": "x"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "u" * 150
