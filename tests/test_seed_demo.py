"""seed_demo loads the reference case and is safe to run twice."""

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command

from delegations.models import Delegation, Partnership, Person, Visit
from forum.models import Forum, Registration

pytestmark = pytest.mark.django_db


def snapshot():
    counts = {}
    for app_label in ("delegations", "forum", "auth"):
        for model in apps.get_app_config(app_label).get_models():
            counts[model._meta.label] = model.objects.count()
    return counts


def test_second_run_changes_nothing():
    before = snapshot()
    stamps = dict(Person.objects.values_list("pk", "updated_at"))
    password = User.objects.get(username="delegate").password
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert snapshot() == before
    assert dict(Person.objects.values_list("pk", "updated_at")) == stamps
    assert User.objects.get(username="delegate").password == password
    assert "0 rows created, 0 updated" in out.getvalue()


def test_reference_case_is_there():
    forum = Forum.objects.get(slug="china-denmark-cities-regions-forum-2016")
    assert forum.is_published
    assert {h.slug for h in forum.hosts.all()} == {"danish-embassy-beijing", "cpaffc"}
    assert forum.sessions.dates("starts_at", "day").count() == 2
    trip = Delegation.objects.get(slug="region-midtjylland-beijing-2016")
    assert trip.leader.latin_name == "Anders Kühnau"
    assert [m.person.latin_name for m in trip.memberships.order_by("precedence")] == [
        "Anders Kühnau",
        "Christian Boel",
        "Bettina Balslev Sørensen",
    ]
    assert trip.name_zh_hans and trip.name_da and trip.name_en
    assert Visit.objects.filter(delegation=trip, host__kind="hospital").count() >= 2
    assert Partnership.objects.filter(parties__slug="shanghai-municipality").exists()
    assert Delegation.objects.count() >= 4
    lu = Person.objects.get(native_name="吕明欧")
    assert lu.latin_name == "Lü Ming'ou"


def test_hundreds_of_chinese_participants_with_chinese_names():
    chinese = Registration.objects.filter(
        forum__slug="china-denmark-cities-regions-forum-2016", organisation__country="CN"
    )
    assert chinese.count() >= 300
    for registration in chinese.select_related("person")[:50]:
        name = registration.person.native_name
        assert name and all("\u4e00" <= ch <= "\u9fff" for ch in name), name


def test_contact_details_are_fictional():
    emails = Person.objects.exclude(email="").values_list("email", flat=True)
    assert emails and all(e.endswith("@example.org") for e in emails)


def test_demo_logins_have_their_roles():
    assert User.objects.get(username="staff").groups.filter(name="Regional staff").exists()
    assert User.objects.get(username="staff").is_staff
    delegate = User.objects.get(username="delegate")
    assert delegate.person.latin_name == "Anders Kühnau"
    assert delegate.check_password("demo-password")
    assert not delegate.is_staff
    embassy = User.objects.get(username="embassy")
    assert embassy.person.organisation.slug == "danish-embassy-beijing"


def test_password_option_resets_demo_logins():
    call_command("seed_demo", "--password", "another-secret-42", verbosity=0)
    assert User.objects.get(username="staff").check_password("another-secret-42")


def test_if_empty_skips_a_database_with_forums():
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
