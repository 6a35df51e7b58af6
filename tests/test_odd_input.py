"""NUL bytes and other odd input give 400 or 404 (or the page's own refusal), never a 500:
sent in path parameters, query strings and form fields to every URL pattern, signed out and
as each signed-in role."""

import html
import re
import time
import traceback
from html.parser import HTMLParser
from urllib.parse import quote

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


# -- the admin's own pages, as staff: filters, search, paging and every form field ----------

# Percent-encoded as they arrive: too long, SQL LIKE wildcards, not numbers, impossible
# dates, unknown choices, a lone surrogate (not UTF-8), a huge page number, an empty list.
ADMIN_ODD = [
    "x" * 3000,
    "%25",
    "%25%25_",
    "-1",
    "1.5",
    "99999999999999999999999",
    "2027-13-45",
    "2027-02-30+25%3A61",
    "no-such-choice",
    "%ED%A0%80",
    "%ff%fe",
    "%5B%5D",
    "true",
]


# Sent to one parameter or field at a time (the rest as served): a refusal of one does not
# hide another's crash. Numbers too big for the database and text too long for any column.
PER_FIELD = ["99999999999999999999999", "x" * 3000]


class _FieldNames(HTMLParser):
    """The names of every field of the page's main form, with the values it was served with."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag in ("input", "select", "textarea") and a.get("name"):
            if a.get("type") in ("submit", "button", "file", "image"):
                return
            checked = a.get("type") not in ("checkbox", "radio") or "checked" in a
            value = a.get("value", "") if tag == "input" and checked else ""
            self.fields.setdefault(a["name"], value)
            if tag == "select":
                self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def form_fields(client, url, model):
    parser = _FieldNames(f"{model._meta.model_name}_form")
    parser.feed(client.get(url).content.decode())
    return parser.fields


def encoded(fields):
    """A form body with each value percent-encoded unless it already is (the odd ones)."""
    return "&".join(f"{quote(name)}={value}" for name, value in fields.items())


def registered_admins():
    from django.contrib import admin

    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def changelist_parameters(client, url, model_admin):
    """Every query parameter the change list links to (filters, sorting), its search, paging
    and date drill-down."""
    page = client.get(url).content.decode()
    names = {"q", "p", "o", "e", "all", "_to_field", "_popup"}
    for href in re.findall(r'href="\?([^"]*)"', page):
        names |= {part.split("=")[0] for part in html.unescape(href).split("&") if part}
    if model_admin.date_hierarchy:
        names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    return sorted(names)


def admin_failures(client, model, model_admin):
    """(method, path) of each request to this admin's pages that answered 5xx."""
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    found = []

    def check(method, path, body=None):
        try:
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(
                    path, data=body, content_type="application/x-www-form-urlencoded"
                )
        except Exception as error:  # the test client re-raises what would be a 500
            where = traceback.extract_tb(error.__traceback__)
            ours = [f for f in where if "/.venv/" not in f.filename and "/tests/" not in f.filename]
            ours = ours or where
            raised = f"{type(error).__name__}: {str(error)[:120]}"
            found.append((method, path[:120], raised, f"{ours[-1].filename}:{ours[-1].lineno}"))
            return
        if response.status_code >= 500:
            found.append((method, path[:160], (body or "")[:160]))

    names = changelist_parameters(client, base, model_admin)
    for odd in ADMIN_ODD:
        check("GET", f"{base}?" + "&".join(f"{quote(name)}={odd}" for name in names))
    # One parameter at a time, each with one of the values that crash a single place (taken
    # in turn: the whole suite has to stay within minutes).
    for number, name in enumerate(names):
        check("GET", f"{base}?{quote(name)}={PER_FIELD[number % len(PER_FIELD)]}")
    if model_admin.date_hierarchy:  # a valid year with an impossible month or day
        for part in ("month", "day"):
            check("GET", f"{base}?{model_admin.date_hierarchy}__year=2027&"
                  f"{model_admin.date_hierarchy}__{part}=99999999999999999999999")  # fmt: skip
    obj = model._default_manager.order_by("pk").first()
    pages = [f"{base}add/"] + ([f"{base}{obj.pk}/change/"] if obj is not None else [])
    # Every field odd at once, each field with another of the odd values in each round (the
    # values turn round the fields), the rounds shared out between the add and the change
    # page: a field both forms list in the same place meets every odd value once, in half the
    # requests of sending each value to both pages. Then each field of the record on its own
    # (the rest as served), so that one refusal does not hide another field's crash.
    rounds = range(len(ADMIN_ODD))
    shares = [rounds] if len(pages) == 1 else [rounds[::2], rounds[1::2]]
    for url, share in zip(pages, shares, strict=True):
        fields = form_fields(client, url, model)
        if not fields:
            continue  # no permission to add or change: the page refuses before any form
        for turn in share:
            odd = {
                name: ADMIN_ODD[(number + turn) % len(ADMIN_ODD)]
                for number, name in enumerate(fields)
            }
            check("POST", url, encoded(odd))
        own = [name for name in fields if "-" not in name]
        if url.endswith("/add/"):  # one field at a time on the (lighter) add page
            for number, name in enumerate(own):
                odd = PER_FIELD[number % len(PER_FIELD)]
                check("POST", url, encoded({**fields, name: odd}))
    return found


ADMIN_PARTS = 6


@pytest.mark.parametrize("part", range(ADMIN_PARTS))
def test_admin_changelists_and_forms_never_answer_500_to_odd_values(staff_client, part):
    found = []
    for model, model_admin in registered_admins()[part::ADMIN_PARTS]:
        found += admin_failures(staff_client, model, model_admin)
    assert found == []


def test_a_forged_row_count_is_refused_before_thousands_of_forms_are_built(staff_client):
    from delegations.models import Delegation

    delegation = Delegation.objects.order_by("pk").first()
    url = f"/admin/delegations/delegation/{delegation.pk}/change/"
    fields = form_fields(staff_client, url, Delegation)
    counts = [name for name in fields if name.endswith("-TOTAL_FORMS")]
    assert counts  # the page has inlines
    before = delegation.updated_at
    started = time.perf_counter()
    response = staff_client.post(
        url, data=encoded({**fields, **dict.fromkeys(counts, "99999999999999999999999")}),
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert response.status_code == 400
    assert time.perf_counter() - started < 3  # not the half minute of 2,000 forms an inline
    delegation.refresh_from_db()
    assert delegation.updated_at == before
    # A real page's counts pass: the same form as served is answered as usual.
    assert staff_client.post(
        url, data=encoded(fields), content_type="application/x-www-form-urlencoded"
    ).status_code in (200, 302)


def test_row_counts_up_to_the_limit_pass():
    from config.admin_site import MAX_INLINE_ROWS, too_many_rows

    assert not too_many_rows({"members-TOTAL_FORMS": str(MAX_INLINE_ROWS), "x": "9" * 30})
    assert too_many_rows({"members-TOTAL_FORMS": str(MAX_INLINE_ROWS + 1)})
    assert too_many_rows({"legs-TOTAL_FORMS": "9" * 23})
    assert not too_many_rows({"legs-TOTAL_FORMS": "-1"})  # the formset refuses it itself
