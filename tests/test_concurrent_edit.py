"""Two staff editing one record: the second save is refused, the first change is kept."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from delegations.models import Organisation, Person

pytestmark = pytest.mark.django_db


def form_data(client, url):
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            value = ""
        if isinstance(value, list | tuple | set):
            value = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    return data


@pytest.fixture
def second_staff(staff_user):
    user = User.objects.create_user("staff2", password="x-unused-9", is_staff=True)
    user.groups.add(Group.objects.get(name="Regional staff"))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("model", "lookup", "field", "value_a", "value_b"),
    [
        (Organisation, {"slug": "pumch"}, "name_zh_hans", "协和医院（甲）", "协和医院（乙）"),
        (
            Person,
            {"email": "karen.holm@example.org"},
            "phone",
            "+45 11 11 11 11",
            "+45 22 22 22 22",
        ),
    ],
)
def test_second_save_is_refused(staff_client, second_staff, model, lookup, field, value_a, value_b):
    obj = model.objects.get(**lookup)
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    first = form_data(staff_client, url)
    second = form_data(second_staff, url)
    assert first["loaded_version"]

    first[field] = value_a
    response = staff_client.post(url, first)
    assert response.status_code == 302, response.context["adminform"].form.errors

    second[field] = value_b
    refused = second_staff.post(url, second)
    assert refused.status_code == 200
    assert "Someone else saved this record" in refused.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, field) == value_a


def test_a_fresh_form_saves(staff_client):
    obj = Organisation.objects.get(slug="pumch")
    url = reverse("admin:delegations_organisation_change", args=[obj.pk])
    data = form_data(staff_client, url)
    data["name_da"] = "Peking Union (dansk)"
    assert staff_client.post(url, data).status_code == 302
    again = form_data(staff_client, url)
    again["name_da"] = "Peking Union (igen)"
    assert staff_client.post(url, again).status_code == 302
