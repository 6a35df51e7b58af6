"""A person's data export covers every model; erasure leaves no trace in any table."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import UserSession
from delegations.models import Person
from delegations.personal_data import anonymise_person, export_person_data, identifying_strings
from tests.test_concurrent_edit import page_form

pytestmark = pytest.mark.django_db


def tables_containing(needles):
    """Every (table, column) whose text contains one of `needles`, by a scan of the database."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "
                        f"WHERE CAST({name} AS TEXT) LIKE %s",
                        [f"%{needle}%"],
                    )
                    if cursor.fetchone()[0]:
                        hits.append((table, column.name, needle))
    return hits


@pytest.fixture
def bettina(staff_client):
    person = Person.objects.get(email="bettina.sorensen@example.org")
    # A staff edit through the admin writes history and an admin log entry with her name.
    url = reverse("admin:delegations_person_change", args=[person.pk])
    data = page_form(staff_client, url, "person_form")  # what the browser sends, inlines too
    data.update(phone=["+45 20 99 99 99"])
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    return person


def test_export_holds_every_kind_of_row(bettina):
    data = export_person_data(bettina)
    assert data["person"]["fields"]["email"] == "bettina.sorensen@example.org"
    assert data["person"]["fields"]["dietary_needs"] == "Vegetarian"
    related = data["related"]
    for label in (
        "delegations.DelegationMember",
        "delegations.Visit",
        "delegations.TravelLeg",
        "delegations.Stay",
        "forum.Registration",
        "forum.SessionRole",
        "delegations.FollowUp",
    ):
        assert label in related, label
    assert any(row["fields"]["phone"] == "+45 20 99 99 99" for row in data["person_history"])
    assert data["admin_log"] and "Bettina" in data["admin_log"][0]["object_repr"]


def test_export_includes_the_login(delegate_user):
    data = export_person_data(delegate_user.person)
    assert data["login"]["username"] == "delegate"
    assert data["login"]["groups"] == ["Delegates"]


def test_erasure_leaves_no_trace_in_any_table(bettina):
    needles = identifying_strings(bettina) | {"+45 20 00 00 03", "Bettina"}
    assert tables_containing(needles), "the check must find her before erasure"
    anonymised = anonymise_person(bettina)
    assert tables_containing(needles) == []
    assert anonymised.given_name == "Anonymised"
    # Her place in the trip and the programme stays: only identity is gone.
    assert anonymised.memberships.count() == 1
    assert anonymised.session_roles.exists()


def test_erasure_disables_the_login_and_ends_sessions(client, delegate_user):
    # A failed attempt leaves the username in django-axes' tables too.
    client.post("/admin/login/", {"username": "delegate", "password": "wrong"})
    client.force_login(delegate_user)
    person = delegate_user.person
    # The demo username "delegate" is also part of the group name "Delegates": leave it out.
    needles = identifying_strings(person) - {"delegate"}
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username="delegate").exists()
    other = Client()
    other.force_login(User.objects.get(username="staff"))
    assert UserSession.objects.filter(user_id=delegate_user.pk).count() == 1
    anonymise_person(person)
    assert not UserSession.objects.filter(user_id=delegate_user.pk).exists()
    assert other.get("/admin/").status_code == 200  # other people stay signed in
    user = User.objects.get(pk=delegate_user.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.username.startswith("anonymised-")
    assert tables_containing(needles) == []
    assert not AccessAttempt.objects.filter(username="delegate").exists()
    assert client.get("/admin/").status_code == 302


def test_staff_export_and_erase_from_the_admin(staff_client):
    import json

    karen = Person.objects.get(email="karen.holm@example.org")
    changelist = "/admin/delegations/person/"
    response = staff_client.post(
        changelist, {"action": "export_personal_data", "_selected_action": [karen.pk]}
    )
    data = json.loads(response.content)
    assert data[str(karen.pk)]["person"]["fields"]["email"] == "karen.holm@example.org"
    assert "no-store" in response["Cache-Control"]
    confirm = staff_client.post(changelist, {"action": "anonymise", "_selected_action": [karen.pk]})
    assert "cannot be undone" in confirm.content.decode()
    karen.refresh_from_db()
    assert karen.given_name == "Karen"  # nothing happens before the confirmation
    staff_client.post(
        changelist,
        {"action": "anonymise", "_selected_action": [karen.pk], "confirm": "yes"},
    )
    karen.refresh_from_db()
    assert karen.given_name == "Anonymised" and karen.email == ""


def test_refused_access_is_logged_without_names(client, delegate_user):
    import io
    import json
    import logging

    from config.logging import JsonLines

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("delegation_desk")
    logger.addHandler(handler)
    try:
        client.force_login(delegate_user)
        assert client.get("/en/embassy/").status_code == 404
    finally:
        logger.removeHandler(handler)
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    refused = [e for e in events if e.get("event") == "access_refused"]
    assert refused and refused[0]["user_id"] == delegate_user.pk
    assert "Kühnau" not in stream.getvalue()


def test_erasure_leaves_no_translated_base_column_badge_or_saved_filter(bettina, embassy_user):
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from delegations.models import Delegation
    from forum.models import ExportLog, ExportProfile, Registration

    registration = Registration.objects.filter(person=bettina).first()
    registration.badge_name = "B. B. Sørensen (MTIC)"  # not her name as written elsewhere
    registration.save()
    registration.badge_name = "Bettina B. Sørensen"
    registration.save()  # two history rows with badge names
    forum = registration.forum
    ExportProfile.objects.create(
        owner=embassy_user, forum=forum, name="Hers", query="q=bettina.sorensen%40example.org"
    )
    ExportLog.objects.create(
        user=embassy_user,
        forum=forum,
        kind="csv",
        query="q=Bettina+Balslev+S%C3%B8rensen",
        row_count=1,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT position FROM delegations_person WHERE id = %s", [bettina.pk])
        assert cursor.fetchone()[0]  # the base column of the translated field holds text
    # Another staff member's edit of a trip she is on stays in the admin log.
    trip = Delegation.objects.get(slug="region-midtjylland-beijing-2016")
    trip_type = ContentType.objects.get_for_model(Delegation)
    other = LogEntry.objects.create(
        user=User.objects.get(username="staff"),
        content_type=trip_type,
        object_id=str(trip.pk),
        object_repr=trip.name,
        action_flag=2,
        change_message='[{"changed": {"fields": ["Purpose"]}}]',
    )
    mentioning = LogEntry.objects.create(
        user=User.objects.get(username="staff"),
        content_type=trip_type,
        object_id=str(trip.pk),
        object_repr=trip.name,
        action_flag=2,
        change_message='[{"added": {"name": "delegation member", "object": "'
        'Bettina Balslev S\\u00f8rensen \\u2013 Beijing"}}]',
    )
    trip.leader = bettina
    trip.save()

    anonymise_person(bettina)

    with connection.cursor() as cursor:
        cursor.execute("SELECT position FROM delegations_person WHERE id = %s", [bettina.pk])
        assert cursor.fetchone()[0] == ""
    registration.refresh_from_db()
    assert registration.badge_name == ""
    history = registration.history.values_list("badge_name", flat=True)
    assert set(history) <= {""}
    assert ExportProfile.objects.get(name="Hers").query == ""
    assert "S%C3%B8rensen" not in ExportLog.objects.get(kind="csv", row_count=1).query
    other.refresh_from_db()
    assert other.change_message == '[{"changed": {"fields": ["Purpose"]}}]'
    mentioning.refresh_from_db()
    assert "Bettina" not in mentioning.change_message
    assert "S\\u00f8rensen" not in mentioning.change_message
    assert "delegation member" in mentioning.change_message
