"""Invitation letters and partnership documents: the type is checked by content, the size is
limited, the file is served only to regional staff as a download, and a replaced or deleted
file is removed from disk once the change is committed."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from delegations.documents import validate_document
from delegations.models import Invitation, Partnership, PartnershipDocument
from tests.test_concurrent_edit import form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
HTML = b"<!doctype html><script src=/media/x.js></script>"
EXE = b"MZ\x90\x00" + b"\x00" * 60


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped(
    {
        "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
        "word/document.xml": "<w:document/>",
    }
)
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
XLSX = zipped(
    {
        "[Content_Types].xml": '<Types><Override ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "xl/workbook.xml": "<w/>",
    }
)
ACCEPTED = [
    ("letter.pdf", PDF),
    ("scan.PNG", PNG),
    ("scan.jpg", JPEG),
    ("scan.jpeg", JPEG),
    ("letter.docx", DOCX),
    ("letter.odt", ODT),
]
REFUSED = [
    ("letter.html", HTML),
    ("letter.pdf", HTML),  # the name says PDF, the content does not
    ("setup.exe", EXE),
    ("letter.pdf", EXE),
    ("letter.html", PDF),  # a PDF named .html would open as a page once downloaded
    ("sheet.xlsx", XLSX),
    ("letter.docx", XLSX),
    ("letter.docx", zipped({"word/document.xml": "<w/>"})),
    ("letter.odt", zipped({"mimetype": "application/zip", "content.xml": "<x/>"})),
    ("letter.docx", b"PK\x03\x04broken"),
    ("empty.pdf", b""),
]
TYPE_MESSAGES = {
    "en": "Upload a PDF, PNG or JPEG file",
    "da": "Upload en PDF-, PNG- eller JPEG-fil",
    "zh-hans": "请上传 PDF、PNG 或 JPEG 文件",
}
SIZE_MESSAGES = {"en": "files of up to", "da": "filer på op til", "zh-hans": "最多可上传"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(("name", "content"), ACCEPTED)
def test_documents_of_the_allowed_types_are_accepted(name, content):
    validate_document(SimpleUploadedFile(name, content))  # no error


@pytest.mark.parametrize("lang", TYPE_MESSAGES)
@pytest.mark.parametrize(("name", "content"), REFUSED)
def test_other_types_are_refused_with_a_clear_message(name, content, lang):
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        validate_document(SimpleUploadedFile(name, content))
    with translation.override(lang):
        assert TYPE_MESSAGES[lang] in refused.value.messages[0]


@pytest.mark.parametrize("lang", SIZE_MESSAGES)
def test_size_limit(settings, lang):
    settings.DOCUMENT_MAX_BYTES = 1000
    validate_document(SimpleUploadedFile("ok.pdf", PDF + b" " * (1000 - len(PDF))))
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        validate_document(SimpleUploadedFile("big.pdf", PDF + b" " * 1000))
    with translation.override(lang):
        assert SIZE_MESSAGES[lang] in refused.value.messages[0]


def invitation_change(staff_client, invitation, upload):
    url = reverse("admin:delegations_invitation_change", args=[invitation.pk])
    data = form_data(staff_client, url)
    data.pop("letter", None)
    data["letter"] = upload
    return staff_client.post(url, data)


@pytest.mark.parametrize("lang", TYPE_MESSAGES)
def test_admin_shows_the_refusal_beside_the_field(staff_client, lang, media):
    invitation = Invitation.objects.first()
    staff_client.cookies["django_language"] = lang
    response = invitation_change(staff_client, invitation, SimpleUploadedFile("x.html", HTML))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["letter"]
    with translation.override(lang):
        assert TYPE_MESSAGES[lang] in errors["letter"][0]
    assert TYPE_MESSAGES[lang] in response.content.decode()
    assert not any(media.rglob("*.html"))
    invitation.refresh_from_db()
    assert not invitation.letter


def test_admin_upload_links_to_the_checking_view(staff_client, media):
    invitation = Invitation.objects.first()
    response = invitation_change(staff_client, invitation, SimpleUploadedFile("l.pdf", PDF))
    assert response.status_code == 302, response.context["adminform"].form.errors
    invitation.refresh_from_db()
    assert (media / invitation.letter.name).read_bytes() == PDF
    page = staff_client.get(reverse("admin:delegations_invitation_change", args=[invitation.pk]))
    body = page.content.decode()
    download = reverse("documents:invitation_letter", args=[invitation.pk])
    assert f'href="{download}"' in body
    assert "/media/" not in body


@pytest.fixture
def letter(media):
    invitation = Invitation.objects.first()
    invitation.letter.save("letter.pdf", ContentFile(PDF))
    return invitation


@pytest.fixture
def partnership_document(media):
    return PartnershipDocument.objects.create(
        partnership=Partnership.objects.first(),
        title="Agreement",
        file=ContentFile(DOCX, name="agreement.docx"),
    )


def test_staff_download_is_an_attachment_with_nosniff(staff_client, letter, partnership_document):
    response = staff_client.get(reverse("documents:invitation_letter", args=[letter.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    url = reverse("documents:partnership_document", args=[partnership_document.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DOCX
    assert 'filename="agreement' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment;")


def test_no_public_media_url(client, staff_client, letter):
    assert client.get(f"/media/{letter.letter.name}").status_code == 404
    assert staff_client.get(f"/media/{letter.letter.name}").status_code == 404
    with pytest.raises(ValueError):
        letter.letter.url  # noqa: B018


def test_a_missing_file_or_no_letter_is_404(staff_client, letter, media):
    (media / letter.letter.name).unlink()
    assert (
        staff_client.get(reverse("documents:invitation_letter", args=[letter.pk])).status_code
        == 404
    )
    other = Invitation.objects.exclude(pk=letter.pk).first()
    assert (
        staff_client.get(reverse("documents:invitation_letter", args=[other.pk])).status_code == 404
    )


def test_replaced_file_is_removed_after_commit(letter, media, django_capture_on_commit_callbacks):
    old = media / letter.letter.name
    with django_capture_on_commit_callbacks(execute=True):
        letter.letter.save("new.pdf", ContentFile(PDF + b"%new"))
    assert not old.exists()
    assert (media / letter.letter.name).read_bytes() == PDF + b"%new"


def test_file_stays_until_the_change_is_committed(
    letter, media, django_capture_on_commit_callbacks
):
    old = media / letter.letter.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        letter.letter.save("new.pdf", ContentFile(PDF))
    assert old.exists() and len(callbacks) == 1  # a rolled-back change keeps it


def test_cleared_and_deleted_files_are_removed(
    letter, partnership_document, media, django_capture_on_commit_callbacks
):
    letter_path = media / letter.letter.name
    document_path = media / partnership_document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        letter.letter = ""
        letter.save()
        partnership_document.partnership.delete()  # the documents go with it
    assert not letter_path.exists()
    assert not document_path.exists()


def test_untouched_save_keeps_the_file(letter, media, django_capture_on_commit_callbacks):
    path = media / letter.letter.name
    with django_capture_on_commit_callbacks(execute=True):
        letter.notes = "seen"
        letter.save()
    assert path.exists()


def test_others_get_404(letter, partnership_document, delegate_user, embassy_user):
    urls = [
        reverse("documents:invitation_letter", args=[letter.pk]),
        reverse("documents:partnership_document", args=[partnership_document.pk]),
    ]
    for url in urls:  # not signed in: sign in first, like every page for staff
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (delegate_user, embassy_user):
        visitor = Client()
        visitor.force_login(user)
        for url in urls:
            assert visitor.get(url).status_code == 404
