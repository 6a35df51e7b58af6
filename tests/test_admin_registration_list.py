"""The admin's registration list stays fast at 100,000 registrations (bench/admin_list.py
measures it): newest first by an index, one count, a fixed number of queries whatever the
data, and the row checkbox written without a template per row."""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations.models import Delegation, Organisation, Person
from forum.models import Forum, Registration

pytestmark = pytest.mark.django_db
LIST = reverse("admin:forum_registration_changelist")
CASES = [
    "",
    "?status__exact=registered",
    "?organisation__country=DK",
    "?q=Family",
    "?o=1",
]


def more_registrations(count):
    """A forum with `count` registrations of new people, organisations and a delegation."""
    forum = Forum.objects.create(
        slug=f"big-forum-{count}",
        name="Big forum",
        starts_on=dt.date(2027, 5, 1),
        ends_on=dt.date(2027, 5, 2),
        city="Aarhus",
        country="DK",
        time_zone="Europe/Copenhagen",
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(slug=f"big-{count}-{n}", name=f"Org {n}", country="DK") for n in range(5)
    )
    delegation = Delegation.objects.create(
        slug=f"big-{count}",
        name="Big delegation",
        sending_organisation=organisations[0],
        destination_country="DK",
        destination_time_zone="Europe/Copenhagen",
        starts_on=dt.date(2027, 5, 1),
        ends_on=dt.date(2027, 5, 2),
    )
    people = Person.objects.bulk_create(
        Person(given_name=f"Given{n}", family_name=f"Family{n}", organisation=organisations[n % 5])
        for n in range(count)
    )
    Registration.objects.bulk_create(
        Registration(
            forum=forum,
            person=person,
            organisation=person.organisation,
            delegation=delegation if n % 2 else None,
        )
        for n, person in enumerate(people)
    )
    return forum


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("query", CASES)
def test_the_number_of_queries_does_not_grow_with_the_data(staff_client, query):
    queries_of(staff_client, LIST + query)  # warm up (content types, sessions)
    small = queries_of(staff_client, LIST + query)
    forum = more_registrations(150)
    large = queries_of(staff_client, LIST + query)
    # 9: with the tests' dummy cache the signed-in user, its permissions and its role names
    # are read on every request (one query each, accounts/backends.py).
    assert len(large) == len(small) <= 9
    forum_only = queries_of(staff_client, f"{LIST}?forum__id__exact={forum.pk}")
    assert len(forum_only) == len(small)


def test_newest_first_with_one_count(staff_client):
    forum = more_registrations(120)
    newest = Registration.objects.filter(forum=forum).order_by("-pk").first()
    response = staff_client.get(LIST)
    results = list(response.context["cl"].result_list)
    assert results[0] == newest
    assert [r.pk for r in results] == sorted((r.pk for r in results), reverse=True)
    counts = [sql for sql in queries_of(staff_client, LIST) if "COUNT(" in sql.upper()]
    assert len(counts) == 1  # what the filters leave; no second count of the whole table


def test_a_forum_lists_newest_first_by_an_index(staff_client):
    forum = more_registrations(30)
    response = staff_client.get(f"{LIST}?forum__id__exact={forum.pk}")
    results = list(response.context["cl"].result_list)
    assert {r.forum_id for r in results} == {forum.pk} and len(results) == 30
    assert results[0].pk == max(r.pk for r in results)
    index = next(i for i in Registration._meta.indexes if i.name == "registration_forum_newest")
    assert index.fields == ["forum", "-id"]


def test_the_row_checkbox_is_djangos_own(staff_client):
    registration = Registration.objects.select_related("person", "forum").order_by("-pk").first()
    model_admin = admin.site._registry[Registration]
    assert model_admin.action_checkbox(registration) == admin.ModelAdmin.action_checkbox(
        model_admin, registration
    )
    page = staff_client.get(LIST).content.decode()
    assert f'name="_selected_action" value="{registration.pk}"' in page
