"""Every admin page answers for regional staff (a non-superuser in the group) with the demo."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"delegations", "forum"}
MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in PROJECT_APPS
)


def test_every_project_model_has_an_admin():
    from django.apps import apps

    registered = set(MODELS) | {
        (inline.model._meta.app_label, inline.model._meta.model_name)
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            # Page-cache counters, sign-in sessions, what people were told (the messages
            # themselves are in the outbox's admin): machinery, not content. Shared itinerary
            # links: made and stopped by the person alone, on /me/ (token digests).
            if model._meta.model_name in {
                "contentversion",
                "usersession",
                "pendingnotice",
                "itinerarysnapshot",
                "remindersent",
                "sharedlink",
            }:
                continue
            assert (app_label, model._meta.model_name) in registered, model


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_staff_sees_changelist_add_change_and_history(staff_client, app_label, model_name):
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    if model_name == "exportlog":  # read-only log: made by an export, never by hand
        staff_client.get("/en/embassy/china-denmark-cities-regions-forum-2016/attendees/export.csv")
    if model_name == "checkinevent":  # read-only log: made at the door, never by hand
        from forum.checkin import check_in_once
        from forum.models import Registration

        guest = Registration.objects.filter(status="registered").first()
        check_in_once(guest, nonce="admin-page-test", by=_request_for(staff_client).user)
    if model_name == "exportprofile":  # made by embassy staff from their list page
        from forum.models import ExportProfile, Forum

        ExportProfile.objects.create(
            owner=_request_for(staff_client).user,
            forum=Forum.objects.first(),
            name="Chinese guests",
            query="country=CN",
        )
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the demo has no {model_name}"
    model_admin = admin.site._registry[model]
    urls = [
        reverse(f"admin:{app_label}_{model_name}_changelist"),
        reverse(f"admin:{app_label}_{model_name}_changelist") + "?q=a",
        reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]),
        reverse(f"admin:{app_label}_{model_name}_history", args=[obj.pk]),
    ]
    if model_admin.has_add_permission(_request_for(staff_client)):
        urls.append(reverse(f"admin:{app_label}_{model_name}_add"))
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def _request_for(client):
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(username="staff")
    return request


def test_admin_change_page_shows_native_address(staff_client):
    from delegations.models import Organisation

    hospital = Organisation.objects.get(slug="pumch")
    response = staff_client.get(
        reverse("admin:delegations_organisation_change", args=[hospital.pk])
    )
    assert "北京市东城区帅府园1号" in response.content.decode()
    # One input per language for translated fields.
    for suffix in ("name_da", "name_en", "name_zh_hans"):
        assert f'name="{suffix}"' in response.content.decode()


def test_staff_can_save_a_translated_field(staff_client):
    from delegations.models import Organisation

    org = Organisation.objects.get(slug="via-university-college")
    url = reverse("admin:delegations_organisation_change", args=[org.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["loaded_version"] = form.fields["loaded_version"].initial  # as the page sends it
    data.update({"name_zh_hans": "VIA 大学学院（新）", "kind": org.kind, "country": org.country})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    org.refresh_from_db()
    assert org.name_zh_hans == "VIA 大学学院（新）"
    assert org.history.first().history_user.username == "staff"


@pytest.mark.parametrize("username", ["delegate", "embassy"])
def test_other_roles_cannot_use_the_admin(client, username):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("admin:delegations_person_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_changelists_do_not_grow_queries_with_data(
    staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = staff_client.get(reverse("admin:forum_registration_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count > 300


LOCAL_TIME_ADMINS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model, model_admin in admin.site._registry.items()
    if getattr(model_admin.form, "local_times", None)
)


def test_the_timed_models_read_local_times():
    assert {name for _app, name in LOCAL_TIME_ADMINS} == {
        "delegationmember",
        "travelleg",
        "stay",
        "visit",
        "transfer",
        "session",
    }


@pytest.mark.parametrize(("app_label", "model_name"), LOCAL_TIME_ADMINS)
def test_every_time_field_says_its_zone_in_words(staff_client, app_label, model_name):
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    model_admin = admin.site._registry[model]
    obj = model.objects.order_by("pk").first()
    html = staff_client.get(
        reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])
    ).content.decode()
    for field in model_admin.form.local_times:
        note = f'<span class="zone-note" id="id_{field}_zone_note"'
        assert note in html, field
    assert "Asia/Shanghai<" not in html  # zone IDs are values, never what people read


def test_the_forum_form_asks_for_the_name_before_the_slug(staff_client):
    html = staff_client.get(reverse("admin:forum_forum_add")).content.decode()
    assert 0 < html.index('name="name_en"') < html.index('name="slug"')
    assert 'name="time_zone"' in html and 'name="venue_address_native"' in html
