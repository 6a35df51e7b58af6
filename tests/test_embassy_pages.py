"""Embassy staff list attendees of the forums their embassy hosts, and nothing else."""

import subprocess

import pytest
from django.contrib.auth.models import User

from delegations.models import Person
from forum.models import ExportProfile, Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
LIST = f"/en/embassy/{SLUG}/attendees/"


@pytest.fixture
def embassy(client, embassy_user):
    client.force_login(embassy_user)
    return client


def test_embassy_sees_its_forum_and_attendees(embassy):
    forums = embassy.get("/en/embassy/")
    assert SLUG in forums.content.decode()
    page = embassy.get(LIST)
    assert page.status_code == 200
    assert (
        page.context["page"].paginator.count
        == Registration.objects.filter(forum__slug=SLUG).count()
    )
    assert "no-store" in page["Cache-Control"]


def test_filters_narrow_the_list(embassy):
    page = embassy.get(f"{LIST}?country=DK&columns=country")
    assert {cells[0] for _pk, _at, cells in page.context["rows"]} == {"DK"}
    shown = {pk for pk, _at, _cells in page.context["rows"]}
    assert shown == set(
        Registration.objects.filter(forum__slug=SLUG, organisation__country="DK").values_list(
            "pk", flat=True
        )
    )
    page = embassy.get(
        f"{LIST}?delegation="
        + str(
            Forum.objects.get(slug=SLUG).delegations.get(slug="region-midtjylland-beijing-2016").pk
        )
    )
    names = {cells[0] for _pk, _at, cells in page.context["rows"]}
    assert names == {"Anders Kühnau", "Christian Boel", "Bettina Balslev Sørensen"}


def test_names_in_both_scripts_and_chosen_order(embassy):
    page = embassy.get(f"{LIST}?q=吕明欧&columns=name&columns=native_name&name_order=given_first")
    ((_pk, _at, values),) = page.context["rows"]
    assert values == ["Ming'ou Lü", "吕明欧"]
    page = embassy.get(f"{LIST}?q=吕明欧&columns=name&columns=native_name")
    assert page.context["rows"][0][2][0] == "Lü Ming'ou"


def test_each_embassy_sees_only_its_own_forum(client, embassy_user, other_embassy):
    tokyo_user, tokyo_forum = other_embassy
    client.force_login(tokyo_user)
    assert client.get(LIST).status_code == 404
    assert client.get(f"/en/embassy/{SLUG}/attendees/export.csv").status_code == 404
    assert client.get(f"/en/embassy/{tokyo_forum.slug}/attendees/").status_code == 200
    client.force_login(embassy_user)
    assert client.get(f"/en/embassy/{tokyo_forum.slug}/attendees/").status_code == 404


def test_delegates_and_anonymous_users_are_kept_out(client, delegate_user):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(delegate_user)
    for url in (
        "/en/embassy/",
        LIST,
        f"/en/embassy/{SLUG}/badges.pdf",
        f"/en/embassy/{SLUG}/attendees/export.csv",
    ):
        assert client.get(url).status_code == 404, url


def test_regional_staff_see_every_forum(staff_client, other_embassy):
    assert staff_client.get("/en/embassy/tokyo-forum/attendees/").status_code == 200
    assert staff_client.get(LIST).status_code == 200


def test_embassy_cannot_edit_in_the_admin(embassy):
    registration = Registration.objects.filter(forum__slug=SLUG).first()
    response = embassy.post(
        f"/admin/forum/registration/{registration.pk}/change/", {"status": "cancelled"}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    registration.refresh_from_db()
    assert registration.status != "cancelled"


def test_check_in_and_undo(embassy):
    registration = Registration.objects.filter(forum__slug=SLUG, status="registered").first()
    response = embassy.post(
        f"/en/embassy/{SLUG}/attendees/{registration.pk}/check-in/", {"query": "country=CN"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?country=CN")
    registration.refresh_from_db()
    assert registration.status == "attended" and registration.checked_in_at is not None
    embassy.post(f"/en/embassy/{SLUG}/attendees/{registration.pk}/check-in/", {"undo": "1"})
    registration.refresh_from_db()
    assert registration.status == "registered" and registration.checked_in_at is None
    assert (
        embassy.get(f"/en/embassy/{SLUG}/attendees/{registration.pk}/check-in/").status_code == 405
    )


def test_cancelled_registration_cannot_be_checked_in(embassy):
    registration = Registration.objects.filter(forum__slug=SLUG, status="cancelled").first()
    embassy.post(f"/en/embassy/{SLUG}/attendees/{registration.pk}/check-in/")
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_of_another_forum_is_404(embassy, other_embassy):
    _user, tokyo = other_embassy
    person = Person.objects.create(given_name="A", family_name="B")
    foreign = Registration.objects.create(forum=tokyo, person=person)
    response = embassy.post(f"/en/embassy/{SLUG}/attendees/{foreign.pk}/check-in/")
    assert response.status_code == 404


def test_saved_lists(embassy, embassy_user):
    embassy.post(
        f"/en/embassy/{SLUG}/saved-lists/",
        {"name": "Chinese guests", "query": "country=CN&columns=name"},
    )
    profile = ExportProfile.objects.get(owner=embassy_user)
    assert profile.query == "country=CN&columns=name"
    page = embassy.get(LIST)
    assert "?country=CN&amp;columns=name" in page.content.decode()
    other = User.objects.create_user("x-other", password="x-unused-9")
    foreign = ExportProfile.objects.create(
        owner=other, forum=profile.forum, name="theirs", query=""
    )
    assert embassy.post(f"/en/embassy/{SLUG}/saved-lists/{foreign.pk}/delete/").status_code == 404
    embassy.post(f"/en/embassy/{SLUG}/saved-lists/{profile.pk}/delete/")
    assert not ExportProfile.objects.filter(pk=profile.pk).exists()


def test_badges_are_bilingual_pdf(embassy, tmp_path):
    response = embassy.get(f"/en/embassy/{SLUG}/badges.pdf?q=吕明欧")
    path = tmp_path / "badges.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "吕明欧" in text and "Lü Ming'ou" in text and "丹麦王国驻华大使馆" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts
    assert "no-store" in response["Cache-Control"]


def test_list_queries_do_not_grow(embassy, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as small:
        embassy.get(f"{LIST}?columns=name&columns=sessions&columns=delegation")
    forum = Forum.objects.get(slug=SLUG)
    people = Person.objects.bulk_create(
        [
            Person(given_name=f"N{n}", family_name="Aaa", email=f"q-{n}@example.org")
            for n in range(500)
        ]
    )
    Registration.objects.bulk_create([Registration(forum=forum, person=p) for p in people])
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = embassy.get(f"{LIST}?columns=name&columns=sessions&columns=delegation")
    assert page.context["page"].paginator.count > 800


def test_quick_select_writes_what_djangos_select_writes(db):
    """The filters' fast <select> (forum/filters.py) against Django's own, option by option."""
    import re

    from django import forms

    from forum.filters import AttendeeFilter, QuickSelect
    from forum.models import Forum

    forum = Forum.objects.get(slug="china-denmark-cities-regions-forum-2016")
    session = forum.sessions.order_by("starts_at").last()
    form = AttendeeFilter(forum, {"session": str(session.pk), "country": "CN"})
    assert form.is_valid(), form.errors
    for name in ("session", "delegation", "organisation", "country"):
        field = form[name]
        assert isinstance(field.field.widget, QuickSelect)
        quick = str(field)
        django = forms.Select.render(
            field.field.widget, field.html_name, field.value(), {"id": field.auto_id}
        )

        def options(html):
            return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)

        assert options(quick) == options(django) and len(options(quick)) > 1, name
        assert f'name="{name}"' in quick and f'id="id_{name}"' in quick
    assert (str(session.pk), " selected", str(session)) in options(str(form["session"]))


def ticked(html):
    import re

    return re.findall(r'<input type="checkbox" name="columns" value="([^"]+)"[^>]* checked', html)


def test_column_picker_shows_the_columns_shown_and_adds_to_them(embassy):
    from forum.exports import DEFAULT_COLUMNS

    page = embassy.get(LIST)
    assert ticked(page.content.decode()) == DEFAULT_COLUMNS
    assert len(page.context["header"]) == len(DEFAULT_COLUMNS)
    # A filter without columns: still the defaults, still ticked.
    page = embassy.get(f"{LIST}?country=DK")
    assert ticked(page.content.decode()) == DEFAULT_COLUMNS
    # The defaults ticked as shown, plus one more: all of them.
    query = "&".join(f"columns={key}" for key in [*DEFAULT_COLUMNS, "email"])
    page = embassy.get(f"{LIST}?{query}")
    assert set(ticked(page.content.decode())) == {*DEFAULT_COLUMNS, "email"}
    assert page.context["header"][-1] == "E-mail"
    assert len(page.context["header"]) == len(DEFAULT_COLUMNS) + 1


def test_export_languages_come_from_the_settings(embassy, settings):
    from forum.filters import AttendeeFilter

    forum = Forum.objects.get(slug=SLUG)
    codes = [code for code, _label in AttendeeFilter(forum).fields["language"].choices]
    assert codes == ["", *(code for code, _name in settings.LANGUAGES)]
    settings.LANGUAGES = [("da", "Danish"), ("en", "English")]
    codes = [code for code, _label in AttendeeFilter(forum).fields["language"].choices]
    assert codes == ["", "da", "en"]
    labels = dict(AttendeeFilter(forum).fields["language"].choices)
    assert labels["da"] == "Dansk"


def test_page_shows_check_in_times_in_the_forums_zone(embassy):
    import datetime as dt

    registration = Registration.objects.filter(forum__slug=SLUG, status="registered").first()
    registration.status = "attended"
    registration.checked_in_at = dt.datetime(2016, 12, 5, 23, 30, tzinfo=dt.UTC)
    registration.save()
    page = embassy.get(f"{LIST}?q={registration.person.email}&columns=checked_in")
    ((pk, at, cells),) = page.context["rows"]
    assert (pk, at, cells) == (registration.pk, "07:30", ["2016-12-06 07:30"])
    html = page.content.decode()
    assert "Checked in (China Time)" in html and "<time>07:30</time>" in html
