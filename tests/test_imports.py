"""Participant imports: mapping, preview, row-by-row errors, all-or-nothing, idempotent."""

import io
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from delegations.models import Person
from forum import imports
from forum.models import Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
GOOD = (
    "E-mail,Given name,Family name,中文名,Organisation,Country,Phone\n"
    "li.na@example.org,Na,Li,李娜,Tianjin Municipal People's Government,CN,+86 22 0000 0001\n"
    "zhao.lei@example.org,Lei,Zhao,赵磊,Xi'an Municipal People's Government,CN,\n"
)


def counts():
    return {
        m._meta.label: m.objects.count() for m in apps.get_app_config("delegations").get_models()
    } | {m._meta.label: m.objects.count() for m in apps.get_app_config("forum").get_models()}


def run(text, *, name="people.csv", dry_run=False, data=None):
    forum = Forum.objects.get(slug=SLUG)
    headers, rows = imports.read_table(name, data if data is not None else text.encode())
    return imports.import_participants(
        forum, headers, rows, imports.guess_mapping(headers), dry_run=dry_run
    )


def test_guesses_the_mapping_from_headers():
    mapping = imports.guess_mapping(["E-mail", "Given name", "Family name", "中文名", "单位"])
    assert mapping == {
        "email": 0,
        "given_name": 1,
        "family_name": 2,
        "native_name": 3,
        "organisation": 4,
    }


def test_preview_writes_nothing():
    before = counts()
    report = run(GOOD, dry_run=True)
    assert [row.action for row in report.rows] == ["new", "new"]
    assert counts() == before


def test_import_then_same_file_again_creates_nothing_new():
    report = run(GOOD)
    assert report.written and report.people_created == 2 and report.registrations_created == 2
    li = Person.objects.get(email="li.na@example.org")
    assert li.native_name == "李娜" and li.organisation.country == "CN"
    assert Registration.objects.filter(person=li, forum__slug=SLUG).exists()
    before = counts()
    again = run(GOOD)
    assert again.people_created == 0 and again.registrations_created == 0
    assert [row.action for row in run(GOOD, dry_run=True).rows] == ["unchanged", "unchanged"]
    assert counts() == before


def test_email_matches_whatever_the_case():
    text = "Email,Given name,Family name\nANDERS.KUHNAU@example.org,Anders,Kühnau\n"
    report = run(text)
    assert report.people_created == 0
    assert Person.objects.filter(given_name="Anders").count() == 1


def test_one_bad_row_and_nothing_is_written():
    bad = GOOD + "not-an-email,X,Y,,,,\nli.na@example.org,Na,Li,,,,\n,,Nobody,,,China,\n"
    before = counts()
    report = run(bad)
    assert not report.written
    errors = {row.number: " ".join(row.errors) for row in report.errors}
    assert "is not an e-mail address" in errors[4]
    assert "already in row 2" in errors[5]
    assert "E-mail is missing" in errors[6] and "two-letter code" in errors[6]
    assert counts() == before


def test_xlsx_import():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["E-mail", "Given name", "Family name", "中文名"])
    sheet.append(["wu.jie@example.org", "Jie", "Wu", "吴杰"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run("", name="people.xlsx", data=buffer.getvalue())
    assert report.people_created == 1
    assert Person.objects.get(email="wu.jie@example.org").native_name == "吴杰"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("people.csv", GOOD.encode("gb18030"), "not in UTF-8"),
        ("people.xlsx", b"E-mail,Given name\nx@example.org,X\n", "not a real .xlsx"),
        ("people.xlsx", b"PK\x03\x04 broken", "not a real .xlsx"),
        ("people.pdf", b"%PDF", "Upload a .csv or .xlsx"),
        ("people.csv", b"", "empty"),
    ],
)
def test_unreadable_files_are_refused_clearly(name, data, message):
    with pytest.raises(imports.ImportRefused, match=message):
        imports.read_table(name, data)


def test_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(imports.ImportRefused, match="not a real .xlsx"):
        imports.read_table("people.xlsx", buffer.getvalue())


def test_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(imports.ImportRefused, match="unpacks to far more data"):
        imports.read_table("people.xlsx", buffer.getvalue())


def test_oversized_and_overlong_files(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(imports.ImportRefused, match="larger than"):
        imports.read_table("people.csv", b"x" * 101)
    settings.IMPORT_MAX_BYTES = 5_000_000
    settings.IMPORT_MAX_ROWS = 1
    with pytest.raises(imports.ImportRefused, match="at most 1"):
        imports.read_table("people.csv", GOOD.encode())


def test_the_preview_shows_the_columns_the_file_fills(staff_client):
    forum = Forum.objects.get(slug=SLUG)
    data = "E-mail,Fornavn,Efternavn\nhanne@example.dk,Hanne,Overgaard\n,Ole,\n"
    preview = staff_client.post(
        "/admin/forum/registration/import/",
        {"step": "upload", "forum": forum.pk, "file": SimpleUploadedFile("p.csv", data.encode())},
    )
    assert preview.context["columns"] == ["E-mail", "Given name", "Family name"]
    assert [[key for key, _value in cells] for _row, cells in preview.context["preview"]] == [
        ["email", "given_name", "family_name"]
    ] * 2
    html = preview.content.decode()
    assert '<td class="col-email">hanne@example.dk</td>' in html
    assert "<th>Name on badge</th>" not in html  # not in the file: no empty column for it
    assert "admin/css/forms" in html  # the column choices and buttons styled as in the admin


def test_admin_upload_preview_and_confirm(staff_client):
    forum = Forum.objects.get(slug=SLUG)
    page = staff_client.get("/admin/forum/registration/")
    assert "/admin/forum/registration/import/" in page.content.decode()
    preview = staff_client.post(
        "/admin/forum/registration/import/",
        {"step": "upload", "forum": forum.pk, "file": SimpleUploadedFile("p.csv", GOOD.encode())},
    )
    assert preview.status_code == 200
    # The page itself shows the preview (rows and the Import button), not the upload form again.
    html = preview.content.decode()
    assert "li.na@example.org" in html and 'value="confirm"' in html
    assert 'name="file"' not in html
    assert not Person.objects.filter(email="li.na@example.org").exists()
    token = preview.context["token"]
    mapping = {
        f"map_{key}": "" if index is None else index
        for key, _l, index in preview.context["targets"]
    }
    done = staff_client.post(
        "/admin/forum/registration/import/",
        {"step": "confirm", "token": token, "forum": forum.pk, **mapping},
    )
    assert done.status_code == 302
    li_na = Person.objects.get(email="li.na@example.org")
    # Written in bulk, still with a history record that names the importer.
    assert [(h.history_type, h.history_user.username) for h in li_na.history.all()] == [
        ("+", "staff")
    ]
    registration = Registration.objects.get(forum=forum, person=li_na)
    assert registration.history.get().history_user.username == "staff"


def test_admin_shows_refusal_and_keeps_the_database(staff_client):
    before = counts()
    forum = Forum.objects.get(slug=SLUG)
    response = staff_client.post(
        "/admin/forum/registration/import/",
        {
            "step": "upload",
            "forum": forum.pk,
            "file": SimpleUploadedFile("p.csv", GOOD.encode("utf-16")),
        },
    )
    assert "not in UTF-8" in response.content.decode()
    assert counts() == before


def test_embassy_staff_cannot_import(client, embassy_user):
    client.force_login(embassy_user)
    response = client.get("/admin/forum/registration/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_titles_go_into_the_files_language_whatever_the_pages(staff_client):
    """A Chinese-speaking staff member imports a Danish file: the Danish titles go into the
    Danish column, the Chinese title on record stays."""
    forum = Forum.objects.get(slug=SLUG)
    person = Person.objects.create(
        email="lars.dam@example.org", given_name="Lars", family_name="Dam",
        position_en="Mayor", position_zh_hans="市长",
    )  # fmt: skip
    data = (
        "E-mail,Given name,Family name,Organisation,Country,Stilling\n"
        "lars.dam@example.org,Lars,Dam,Aarhus Municipality,DK,Borgmester\n"
        "mette.lundqvist@example.org,Mette,Lund,Aarhus Municipality,DK,Rådmand\n"
    )
    staff_client.cookies["django_language"] = "zh-hans"
    preview = staff_client.post(
        "/admin/forum/registration/import/",
        {
            "step": "upload", "forum": forum.pk, "language": "da",
            "file": SimpleUploadedFile("p.csv", data.encode()),
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip
    assert preview.status_code == 200
    assert preview.context["language"] == "da"
    html = preview.content.decode()
    assert 'name="language"' in html and '<option value="da" selected>' in html
    mapping = {
        f"map_{key}": "" if index is None else index
        for key, _l, index in preview.context["targets"]
    }
    done = staff_client.post(
        "/admin/forum/registration/import/",
        {
            "step": "confirm", "token": preview.context["token"], "forum": forum.pk,
            "language": "da", **mapping,
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip
    assert done.status_code == 302
    person.refresh_from_db()
    assert (person.position_da, person.position_zh_hans, person.position_en) == (
        "Borgmester", "市长", "Mayor",
    )  # fmt: skip
    mette = Person.objects.get(email="mette.lundqvist@example.org")
    assert mette.position_da == "Rådmand" and not mette.position_zh_hans


def test_the_files_language_reaches_the_import_of_a_large_file():
    forum = Forum.objects.get(slug=SLUG)
    data = "E-mail,Given name,Family name,Title\nana.berg@example.org,Ana,Berg,Direktør\n"
    headers, rows = imports.read_table("p.csv", data.encode())
    imports.import_participants(
        forum, headers, rows, imports.guess_mapping(headers), dry_run=False, language="da"
    )
    ana = Person.objects.get(email="ana.berg@example.org")
    assert ana.position_da == "Direktør" and not ana.position_en
    assert imports.file_language("xx") in {"da", "en", "zh-hans"}
