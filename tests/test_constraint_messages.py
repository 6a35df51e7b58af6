"""Database constraints are explained to people beside the field they concern, in their
language; no constraint name ever reaches a page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from delegations.models import Delegation, Organisation, Person, Visit
from forum.models import Forum, Registration

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"


def errors_of(instance):
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    return raised.value.message_dict


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The visit must end after it starts."),
        ("da", "Besøget skal slutte, efter det er begyndt."),
        ("zh-hans", "参观的结束时间必须晚于开始时间。"),
    ],
)
def test_a_visit_ending_before_it_starts_is_explained_beside_its_end(language, text):
    visit = Visit.objects.filter(delegation__slug=BEIJING).first()
    visit.ends_at = visit.starts_at - dt.timedelta(hours=1)
    with translation.override(language):
        errors = errors_of(visit)
    assert errors["ends_at"] == [text]
    assert "__all__" not in errors


def test_every_check_and_unique_constraint_has_a_message_for_people():
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label not in ("delegations", "forum"):
            continue
        explained = getattr(model, "constraint_messages", {})
        for constraint in model._meta.constraints:
            assert constraint.name in explained, f"{model.__name__}: {constraint.name}"
            field, _message = explained[constraint.name]
            model._meta.get_field(field)  # a real field of the model


def test_a_duplicate_email_links_the_person_who_has_it(staff_client):
    existing = Person.objects.get(email="anders.kuhnau@example.org")
    response = staff_client.post(
        "/admin/delegations/person/add/",
        {
            "given_name": "Anders",
            "family_name": "Again",
            "name_order": "given_first",
            "kind": "official",
            "email": "ANDERS.KUHNAU@example.org",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "email" in errors
    html = response.content.decode()
    assert f"/admin/delegations/person/{existing.pk}/change/" in html
    assert "is violated" not in html and "person_email_unique_ci" not in html


def test_admin_shows_the_message_beside_the_field_in_danish(staff_client):
    forum = Forum.objects.get(slug="china-denmark-cities-regions-forum-2016")
    response = staff_client.post(
        f"/admin/forum/forum/{forum.pk}/change/",
        {"ends_on": "2016-12-01", "starts_on": "2016-12-05"},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    # The form is invalid for other reasons too; what matters: no constraint name anywhere.
    html = response.content.decode()
    assert "forum_ends_after_start" not in html and "is violated" not in html


def test_registration_twice_is_explained_on_the_person():
    registration = Registration.objects.first()
    twin = Registration(forum=registration.forum, person=registration.person)
    with translation.override("en"):
        errors = errors_of(twin)
    assert errors["person"] == ["This person is registered for the forum already."]


def test_delegation_ending_before_it_starts():
    delegation = Delegation.objects.get(slug=BEIJING)
    delegation.ends_on = delegation.starts_on - dt.timedelta(days=1)
    with translation.override("en"):
        assert errors_of(delegation)["ends_on"] == ["The trip cannot end before it starts."]


def test_country_code_message_is_on_the_country():
    organisation = Organisation(slug="x-org", name="X", country="dk")
    with translation.override("en"):
        errors = errors_of(organisation)
    assert "Use a two-letter ISO country code, e.g. DK or CN." in errors["country"]
