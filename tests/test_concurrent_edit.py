"""Two staff editing one record: the second save is refused, the first change is kept."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from delegations.models import DelegationMember, Organisation, Person
from forum.models import SessionRole

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
    # What each browser sends, inline forms (a person's travel documents) included.
    first = page_form(staff_client, url, f"{obj._meta.model_name}_form")
    second = page_form(second_staff, url, f"{obj._meta.model_name}_form")
    assert first["loaded_version"] != [""]

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


class _FormFields(HTMLParser):
    """What a browser would submit from the form with this id, as the page was served."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.add(a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.add(self.select, a.get("value", ""))
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.add(self.textarea, "")

    def handle_data(self, text):
        if self.inside and self.textarea:
            self.data[self.textarea][-1] += text

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def page_form(client, url, form_id):
    parser = _FormFields(form_id)
    parser.feed(client.get(url).content.decode())
    assert parser.data, f"no form #{form_id} on {url}"
    return parser.data


@pytest.fixture
def pending_member(delegate_user):
    return DelegationMember.objects.filter(person=delegate_user.person, answer="pending").first()


def delegation_page(member):
    return reverse("admin:delegations_delegation_change", args=[member.delegation_id])


def test_the_delegation_page_saves_as_loaded(staff_client, pending_member):
    data = page_form(staff_client, delegation_page(pending_member), "delegation_form")
    assert any(name.endswith("loaded_version") and name.startswith("memberships") for name in data)
    response = staff_client.post(delegation_page(pending_member), data)
    assert response.status_code == 302


def test_a_delegates_answer_is_not_overwritten_by_an_older_page(
    staff_client, delegate_user, pending_member
):
    data = page_form(staff_client, delegation_page(pending_member), "delegation_form")
    delegate = Client()
    delegate.force_login(delegate_user)
    answered = delegate.post(
        reverse("me:answer", args=[pending_member.pk]), {"answer": "confirmed"}
    )
    assert answered.status_code == 302
    refused = staff_client.post(delegation_page(pending_member), data)
    assert refused.status_code == 200
    assert "Someone else saved this record" in refused.content.decode()
    pending_member.refresh_from_db()
    assert pending_member.answer == "confirmed"


def test_a_speaker_row_changed_meanwhile_is_not_overwritten(staff_client):
    role = SessionRole.objects.select_related("session").first()
    url = reverse("admin:forum_session_change", args=[role.session_id])
    data = page_form(staff_client, url, "session_form")
    row = next(
        name[: -len("-id")]
        for name, values in data.items()
        if name.endswith("-id") and values == [str(role.pk)]
    )
    role.order = 5  # saved some other way while the page was open; the session is unchanged
    role.save()
    data[f"{row}-order"] = ["9"]
    refused = staff_client.post(url, data)
    assert refused.status_code == 200
    assert "Someone else saved this record" in refused.content.decode()
    role.refresh_from_db()
    assert role.order == 5


def test_a_form_without_its_loaded_version_is_refused(staff_client):
    obj = Organisation.objects.get(slug="pumch")
    url = reverse("admin:delegations_organisation_change", args=[obj.pk])
    data = form_data(staff_client, url)
    data.pop("loaded_version")
    data["name_zh_hans"] = "没有版本的表单"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    obj.refresh_from_db()
    assert obj.name_zh_hans != "没有版本的表单"


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_saves_exactly_one_wins(demo_in_live_db):
    """Two staff members press Save at the same moment, ten times over: each time exactly one
    save lands and the other is refused (the check and the write are one locked step)."""
    import threading

    from django.db import connections

    for name in ("staff-a", "staff-b"):
        user = User.objects.create_user(name, password="x-unused-9", is_staff=True)
        user.groups.add(Group.objects.get(name="Regional staff"))
    clients = {}
    for name in ("staff-a", "staff-b"):
        clients[name] = Client()
        clients[name].force_login(User.objects.get(username=name))
    organisation = Organisation.objects.get(slug="pumch")
    url = reverse("admin:delegations_organisation_change", args=[organisation.pk])
    for round_number in range(10):
        forms = {name: form_data(client, url) for name, client in clients.items()}
        barrier = threading.Barrier(2)
        results = {}

        def save(name, forms=forms, barrier=barrier, results=results, n=round_number):
            data = {**forms[name], "name_da": f"{name} round {n}"}
            barrier.wait()
            try:
                results[name] = clients[name].post(url, data).status_code
            finally:
                connections.close_all()

        threads = [threading.Thread(target=save, args=(name,)) for name in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results.values()) == [200, 302], (round_number, results)
        winner = next(name for name, status in results.items() if status == 302)
        organisation.refresh_from_db()
        assert organisation.name_da == f"{winner} round {round_number}"
