"""Who may see what: one vocabulary of named rules (accounts/rules.py, delegations/rules.py,
forum/rules.py), declared on every view with one audience decorator (accounts/decorators.py),
asked by the nav the same way."""

import io
import json
import logging
import re

import pytest
import rules
from django.contrib.auth.models import Group, User
from django.urls import URLResolver, get_resolver, resolve

from accounts.decorators import audience_of, for_anyone, requires
from accounts.rules import may
from config.logging import JsonLines
from delegations.models import Delegation, DelegationMember, Person
from forum.models import ExportProfile, Forum, Registration
from forum.rules import visible_forums

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
BEIJING = "region-midtjylland-beijing-2016"
# Django's own language switch, included whole from django.conf.urls.i18n: for anyone.
NOT_OURS = {"set_language"}
ADMIN_CUSTOM_VIEWS = [
    ("/admin/delegations/delegation/overview/", "delegations.view_overview"),
    ("/admin/delegations/followup/reminders/", "delegations.view_follow_up_reminders"),
    ("/admin/forum/registration/import/", "forum.import_participants"),
]


def all_patterns(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_every_view_states_who_may_see_it():
    missing, unknown = [], []
    for route, pattern in all_patterns():
        if route.startswith("admin/") or pattern.name in NOT_OURS:
            continue
        audience = audience_of(pattern.callback)
        if audience is None:
            missing.append(route)
        elif audience.rule is not None and not rules.perm_exists(audience.rule):
            unknown.append((route, audience.rule))
    assert missing == [] and unknown == []


def test_the_admins_own_pages_use_the_same_rules():
    for url, rule in ADMIN_CUSTOM_VIEWS:
        audience = audience_of(resolve(url).func)
        assert audience is not None and audience.rule == rule, url


def test_one_audience_per_view():
    @for_anyone
    def page(request):
        return None

    with pytest.raises(TypeError):
        requires("forum.list_attendees")(page)
    with pytest.raises(TypeError):
        for_anyone(page)
    with pytest.raises(LookupError):
        requires("forum.no_such_rule")


def test_an_unknown_rule_is_an_error_not_a_refusal(staff_user):
    with pytest.raises(LookupError):
        may(staff_user, "forum.lsit_attendees")


@pytest.fixture
def people(other_embassy, other_delegate):
    user_tokyo, tokyo = other_embassy
    stranger = User.objects.create_user("stranger", password="x-unused-9")  # no role
    return {
        "anonymous": None,
        "delegate": User.objects.get(username="delegate"),
        "christian": other_delegate,
        "embassy": User.objects.get(username="embassy"),
        "tokyo": user_tokyo,
        "staff": User.objects.get(username="staff"),
        "stranger": stranger,
        "beijing_forum": Forum.objects.get(slug=SLUG),
        "tokyo_forum": tokyo,
    }


def user_of(people, role):
    from django.contrib.auth.models import AnonymousUser

    return people[role] or AnonymousUser()


def test_attendee_lists_per_role(people):
    beijing, tokyo = people["beijing_forum"], people["tokyo_forum"]
    expected = {
        "anonymous": set(),
        "delegate": set(),
        "christian": set(),
        "stranger": set(),
        "embassy": {beijing},
        "tokyo": {tokyo},
        "staff": {beijing, tokyo},
    }
    for role, forums in expected.items():
        user = user_of(people, role)
        for forum in (beijing, tokyo):
            for rule in ("forum.list_attendees", "forum.export_attendees", "forum.check_in"):
                assert may(user, rule, forum) == (forum in forums), (role, rule, forum)
        assert may(user, "forum.view_attendee_lists") == (role in {"embassy", "tokyo", "staff"})


def test_visible_forums_says_what_the_rule_says(people):
    """The queryset (the list page) and the rule (each forum's pages) agree for every role."""
    forums = list(Forum.objects.all())
    for role in ("anonymous", "delegate", "embassy", "tokyo", "staff", "stranger"):
        user = user_of(people, role)
        listed = set(visible_forums(user))
        assert listed == {f for f in forums if may(user, "forum.list_attendees", f)}, role


def test_an_embassy_without_the_check_in_permission_may_not_check_in(people):
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name="Embassy staff")
    group.permissions.remove(Permission.objects.get(codename="check_in_registration"))
    embassy = User.objects.get(username="embassy")  # permissions are read afresh
    forum = people["beijing_forum"]
    assert may(embassy, "forum.list_attendees", forum)
    assert not may(embassy, "forum.check_in", forum)


def test_itineraries_and_memberships(people):
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    christian = Person.objects.get(email="christian.boel@example.org")
    delegate, staff = people["delegate"], people["staff"]
    assert may(delegate, "delegations.view_itinerary", anders)
    assert not may(delegate, "delegations.view_itinerary", christian)
    assert may(staff, "delegations.view_itinerary", christian)
    assert not may(people["embassy"], "delegations.view_itinerary", people["embassy"].person)
    assert not may(delegate, "delegations.view_anyones_itinerary", anders)
    assert may(staff, "delegations.view_anyones_itinerary", anders)
    trip = Delegation.objects.get(slug=BEIJING)
    assert may(staff, "delegations.view_delegation_warnings", trip)
    assert not may(delegate, "delegations.view_delegation_warnings", trip)
    own = DelegationMember.objects.get(person=anders, delegation=trip)
    theirs = DelegationMember.objects.get(person=christian, delegation=trip)
    assert may(delegate, "delegations.answer_membership", own)
    assert not may(delegate, "delegations.answer_membership", theirs)
    assert not may(staff, "delegations.answer_membership", own)  # staff answer in the admin
    assert may(people["christian"], "delegations.answer_membership", theirs)


def test_a_seat_is_taken_only_with_ones_own_registration(people):
    forum = people["beijing_forum"]
    anders = Registration.objects.get(forum=forum, person__user=people["delegate"])
    christian = Registration.objects.get(forum=forum, person__user=people["christian"])
    assert may(people["delegate"], "forum.take_seat", anders)
    assert not may(people["delegate"], "forum.take_seat", christian)
    assert not may(people["staff"], "forum.take_seat", anders)


def test_a_superuser_without_a_person_gets_404_not_a_crash(client):
    boss = User.objects.create_superuser("boss", password="x-unused-9")
    client.force_login(boss)
    assert client.get("/en/me/").status_code == 404
    assert client.get("/en/embassy/").status_code == 200  # superusers are regional staff


@pytest.fixture
def access_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("delegation_desk.access")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_a_refusal_answers_404_and_is_logged_with_ids_only(client, people, access_lines):
    tokyo = people["tokyo_forum"]
    client.force_login(people["embassy"])
    assert client.get(f"/en/embassy/{tokyo.slug}/attendees/").status_code == 404
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    client.force_login(people["christian"])
    assert client.get(f"/en/me/staff/people/{anders.pk}/").status_code == 404
    events = access_lines()
    assert [(e["event"], e["what"]) for e in events] == [
        ("access_refused", "forum.list_attendees"),
        ("access_refused", "delegations.view_anyones_itinerary"),
    ]
    assert events[0]["user_id"] == people["embassy"].pk
    assert events[0]["object_id"] == tokyo.pk
    assert events[1]["object_id"] == anders.pk
    raw = json.dumps(events)
    assert "Tokyo" not in raw and "Kühnau" not in raw and "tokyo-forum" not in raw


def test_anonymous_visitors_are_sent_to_sign_in_not_refused(client, access_lines):
    response = client.get(f"/en/embassy/{SLUG}/attendees/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert access_lines() == []


def test_a_staff_account_without_the_permission_gets_404_on_the_admins_own_pages(client):
    clerk = User.objects.create_user("clerk", password="x-unused-9", is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/").status_code == 200
    for url, _rule in ADMIN_CUSTOM_VIEWS:
        assert client.get(url).status_code == 404, url


def nav_links(html):
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return set(re.findall(r'href="([^"]+)"', nav))


def test_the_nav_shows_exactly_the_areas_that_open(client, people):
    areas = {"/en/me/": "My itinerary", "/en/embassy/": "Embassy", "/admin/": "Admin"}
    expected = {
        "anonymous": set(),
        "delegate": {"/en/me/"},
        "christian": {"/en/me/"},
        "embassy": {"/en/embassy/"},
        "tokyo": {"/en/embassy/"},
        "staff": {"/en/me/", "/en/embassy/", "/admin/"},
        "stranger": set(),
    }
    for role, shown in expected.items():
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        links = nav_links(client.get("/en/partnerships/").content.decode())
        assert links & set(areas) == shown, role
        for url in areas:
            opens = client.get(url).status_code == 200
            assert opens == (url in shown), (role, url)


def test_the_attendee_page_offers_check_in_by_the_same_rule(client, people):
    from django.contrib.auth.models import Permission

    client.force_login(people["embassy"])
    page = client.get(f"/en/embassy/{SLUG}/attendees/").content.decode()
    assert "check-in/" in page
    Group.objects.get(name="Embassy staff").permissions.remove(
        Permission.objects.get(codename="check_in_registration")
    )
    page = client.get(f"/en/embassy/{SLUG}/attendees/").content.decode()
    assert "check-in/" not in page
    # and the rule that hid the button refuses the request
    registration = Registration.objects.filter(forum__slug=SLUG).first()
    response = client.post(f"/en/embassy/{SLUG}/attendees/{registration.pk}/check-in/")
    assert response.status_code == 404


def test_a_saved_list_of_someone_else_is_404_even_for_regional_staff(client, people):
    forum = people["beijing_forum"]
    mine = ExportProfile.objects.create(owner=people["embassy"], forum=forum, name="Door")
    client.force_login(people["staff"])
    response = client.post(f"/en/embassy/{SLUG}/saved-lists/{mine.pk}/delete/")
    assert response.status_code == 404
    assert ExportProfile.objects.filter(pk=mine.pk).exists()


def test_roles_come_with_the_kept_signed_in_user(client, settings, people):
    """Role checks on every embassy page and in the nav ask no query once the user is kept."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "r"}
    }
    cache.clear()
    client.force_login(people["embassy"])
    assert client.get("/en/embassy/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/en/embassy/")
    assert page.status_code == 200 and 'href="/en/embassy/"' in page.content.decode()
    assert not [q["sql"] for q in queries.captured_queries if "auth_user_groups" in q["sql"]]
    cache.clear()
