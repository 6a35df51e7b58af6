"""An import shows exactly what it will change before it changes it: field by field, status
and sessions included, organisations to create, every error row; and it refuses XML attacks."""

import csv
import io
import os
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from delegations.models import Organisation, Person
from forum import imports
from forum.models import Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
URL = "/admin/forum/registration/import/"


def forum():
    return Forum.objects.get(slug=SLUG)


def run(text, *, dry_run=False, organisations=None):
    headers, rows = imports.read_table("people.csv", text.encode())
    return imports.import_participants(
        forum(),
        headers,
        rows,
        imports.guess_mapping(headers),
        dry_run=dry_run,
        organisations=organisations,
    )


def a_participant():
    registration = (
        Registration.objects.filter(forum__slug=SLUG, status="registered")
        .exclude(person__email="")
        .select_related("person")
        .first()
    )
    return registration, registration.person


@pytest.mark.parametrize("status", ["cancelled", "Aflyst", "已取消", "Cancelled"])
def test_a_status_change_is_shown_and_applied_in_any_language(status):
    registration, person = a_participant()
    text = (
        "E-mail,Given name,Family name,Status\n"
        f"{person.email},{person.given_name},{person.family_name},{status}\n"
    )
    preview = run(text, dry_run=True)
    row = preview.rows[0]
    assert not row.errors and row.action == "update"
    assert [(str(label), old, new) for label, old, new in row.changes] == [
        ("Status", "Registered", "Cancelled")
    ]
    registration.refresh_from_db()
    assert registration.status == "registered"  # a preview writes nothing
    report = run(text)
    assert report.written and report.registrations_updated == 1
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert run(text, dry_run=True).rows[0].action == "unchanged"


def test_an_overwritten_title_shows_old_and_new():
    _registration, person = a_participant()
    old = person.position
    text = (
        "E-mail,Given name,Family name,Title\n"
        f"{person.email},{person.given_name},{person.family_name},Deputy mayor\n"
    )
    change = run(text, dry_run=True).rows[0].changes
    assert [(str(label), o, n) for label, o, n in change] == [
        ("Title or position", old, "Deputy mayor")
    ]
    run(text)
    person.refresh_from_db()
    assert person.position == "Deputy mayor"
    assert person.history.first().history_type == "~"


def test_values_longer_than_their_column_are_errors_and_nothing_is_written():
    text = (
        "E-mail,Given name,Family name,Title,Phone\n"
        f"long.title@example.org,Long,Title,{'x' * 300},{'1' * 64}\n"
    )
    report = run(text)
    assert not report.written
    errors = " ".join(report.rows[0].errors)
    assert "Title or position is too long: 300 characters, at most 200." in errors
    assert "Phone is too long: 64 characters, at most 40." in errors
    assert not Person.objects.filter(email="long.title@example.org").exists()


def test_new_organisations_are_listed_and_made_as_staff_chose():
    text = (
        "E-mail,Given name,Family name,Organisation,Country\n"
        "wang.fang@example.org,Fang,Wang,北京天坛医院,CN\n"
        "liu.yang@example.org,Yang,Liu,北京天坛医院,CN\n"
    )
    preview = run(text, dry_run=True)
    assert [(o.name, o.rows, o.is_native) for o in preview.new_organisations] == [
        ("北京天坛医院", 2, True)
    ]
    assert not Organisation.objects.filter(name_native="北京天坛医院").exists()
    run(
        text,
        organisations={
            "北京天坛医院": {
                "kind": "hospital",
                "name_en": "Beijing Tiantan Hospital",
                "match": None,
            }
        },
    )
    made = Organisation.objects.get(name_native="北京天坛医院")
    assert (made.kind, made.name_en, made.name_zh_hans) == (
        "hospital",
        "Beijing Tiantan Hospital",
        "北京天坛医院",
    )
    assert Person.objects.get(email="liu.yang@example.org").organisation == made


def test_a_new_organisation_can_be_matched_to_an_existing_one():
    existing = Organisation.objects.filter(country="CN").first()
    text = (
        "E-mail,Given name,Family name,Organisation,Country\n"
        "xu.ming@example.org,Ming,Xu,Some Bureau,CN\n"
    )
    count = Organisation.objects.count()
    run(text, organisations={"Some Bureau": {"kind": "other", "name_en": "", "match": existing}})
    assert Organisation.objects.count() == count
    assert Person.objects.get(email="xu.ming@example.org").organisation == existing


def test_sessions_column_sets_the_sessions():
    registration, person = a_participant()
    session = forum().sessions.order_by("starts_at").last()
    title = session.title_zh_hans or session.title
    text = (
        "E-mail,Given name,Family name,Sessions\n"
        f"{person.email},{person.given_name},{person.family_name},{title}\n"
    )
    row = run(text, dry_run=True).rows[0]
    assert [str(label) for label, _o, _n in row.changes] == ["Sessions"]
    run(text)
    assert list(registration.sessions.values_list("pk", flat=True)) == [session.pk]
    wrong = text.replace(title, "No such session")
    assert "There is no session “No such session” in this forum." in run(wrong).rows[0].errors


def big_file_with_an_error_at(row_number, rows=300):
    lines = ["E-mail,Given name,Family name"]
    for number in range(2, rows + 2):
        email = "not-an-address" if number == row_number else f"p{number}@example.org"
        lines.append(f"{email},Given{number},Family{number}")
    return "\n".join(lines) + "\n"


def test_the_preview_shows_every_error_row_highlighted_and_a_report(staff_client):
    upload = SimpleUploadedFile("big.csv", big_file_with_an_error_at(250).encode())
    page = staff_client.post(URL, {"step": "upload", "forum": forum().pk, "file": upload})
    html = page.content.decode()
    assert "“not-an-address” is not an e-mail address." in html
    assert '<tr class="row-error"><td>250</td>' in html
    token = page.context["token"]
    mapping = {f"map_{k}": "" if i is None else i for k, _l, i in page.context["targets"]}
    only = staff_client.post(
        URL, {"step": "preview", "token": token, "forum": forum().pk, "errors_only": "1", **mapping}
    )
    assert [row.number for row, _cells in only.context["preview"]] == [250]
    report = staff_client.post(
        URL, {"step": "report", "token": token, "forum": forum().pk, **mapping}
    )
    assert report["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Row", "Errors", "Result"] and len(rows) == 301
    assert rows[249][0] == "250" and "is not an e-mail address" in rows[249][1]


def xlsx_with_doctype(doctype):
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["E-mail", "Given name", "Family name"])
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                if data.startswith(b"<?xml"):
                    end = data.index(b"?>") + 2
                    data = data[:end] + doctype + data[end:]
                else:
                    data = doctype + data
            target.writestr(info, data)
    return out.getvalue()


LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
XXE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("doctype", [LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_xml_entities_in_a_workbook_are_refused_clearly(staff_client, doctype):
    data = xlsx_with_doctype(doctype)
    with pytest.raises(imports.ImportRefused, match="declares XML entities"):
        imports.read_table("attack.xlsx", data)
    upload = SimpleUploadedFile("attack.xlsx", data)
    page = staff_client.post(URL, {"step": "upload", "forum": forum().pk, "file": upload})
    assert page.status_code == 200
    assert "declares XML entities" in page.content.decode()


def test_old_previews_are_removed(settings, tmp_path):
    settings.IMPORT_PREVIEW_HOURS = 24
    imports.IMPORT_DIR = tmp_path
    try:
        old = imports.stash(b"a,b\n", "old.csv")
        day_ago = time.time() - 25 * 3600
        os.utime(tmp_path / old, (day_ago, day_ago))
        fresh = imports.stash(b"a,b\n", "fresh.csv")
        assert not (tmp_path / old).exists()
        assert imports.unstash(fresh) == b"a,b\n"
    finally:
        from pathlib import Path

        imports.IMPORT_DIR = Path(settings.IMPORT_DIR)


def test_tokens_that_are_not_ours_are_refused():
    for token in ("../../etc/passwd", "x.csv", "a" * 200 + ".csv", "abc\x00def.csv"):
        assert imports.unstash(token) is None
