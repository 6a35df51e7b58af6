"""Uploaded documents: invitation letters and partnership documents.

They are private. The type is read from the content, never from the name: PDF, PNG, JPEG,
Word (.docx) and OpenDocument text (.odt); a .docx or .odt is a zip file, so its list of
content types (or its `mimetype` entry) must say so. Anything else (HTML, programs, other
archives) is refused beside the field, as is a file over DOCUMENT_MAX_BYTES.

The files live in MEDIA_ROOT (outside the static files), which has no URL: `private_storage`
refuses to make one, and only `delegations.views.documents` serves a file, to regional staff
and always as a download. A replaced or deleted file is removed from disk once the change is
committed (history rows keep only the old name).
"""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# kind: (content type, the file name endings that go with it)
KINDS = {
    "pdf": ("application/pdf", (".pdf",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (".odt",)),
}
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_MANIFEST_BYTES = 1024 * 1024  # a [Content_Types].xml is a few kB


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT without a public URL: documents are served only by a view that checks who
    asks (delegations/views/documents.py)."""

    def url(self, name):
        raise ValueError("documents have no public URL; link to delegations:documents views")


def private_storage():
    return PrivateStorage()  # MEDIA_ROOT, read when first used (and again if it changes)


def _zip_kind(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > MAX_MANIFEST_BYTES:
                    return None
                types = archive.read(info).decode("utf-8", "replace")
                if DOCX_MAIN in types and "word/document.xml" in names:
                    return "docx"
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                if archive.read("mimetype").strip() == ODT_MIMETYPE and "content.xml" in names:
                    return "odt"
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return None
    return None


def document_kind(upload):
    """ "pdf", "png", "jpeg", "docx", "odt" from the file's first bytes, else None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
    upload.seek(0)
    return kind


@deconstructible
class DocumentValidator:
    """Field validator for uploaded documents (type by content, name to match, size)."""

    def __call__(self, value):
        if isinstance(value, FieldFile) and value._committed:
            return  # the file already stored: it was checked when it was uploaded
        if value.size > settings.DOCUMENT_MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s; files of up to %(limit)s can be uploaded."),
                code="document_too_large",
                params={
                    "size": filesizeformat(value.size),
                    "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES),
                },
            )
        kind = document_kind(value)
        name = (value.name or "").lower()
        if kind is None or not name.endswith(KINDS[kind][1]):
            raise ValidationError(
                _(
                    "Upload a PDF, PNG or JPEG file, or a Word (.docx) or OpenDocument text "
                    "(.odt) document; the name must end as its type does."
                ),
                code="document_type",
            )

    def __eq__(self, other):
        return isinstance(other, DocumentValidator)


validate_document = DocumentValidator()


def content_type_for(name):
    ending = os.path.splitext(name)[1].lower()
    for content_type, endings in KINDS.values():
        if ending in endings:
            return content_type
    return "application/octet-stream"


# --- old files are removed once the change that replaced or deleted them is committed -------

DOCUMENT_FIELDS = {
    "delegations.Invitation": "letter",
    "delegations.PartnershipDocument": "file",
    "delegations.Gift": "photo",  # checked by delegations/photos.py
}
OLD_NAME = "_document_name_before_save"


def _remove_later(storage, name):
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _field(instance):
    return DOCUMENT_FIELDS[instance._meta.label]


def remember_old_name(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    field = _field(instance)
    old = sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
    setattr(instance, OLD_NAME, old or "")


def remove_replaced(sender, instance, raw=False, **kwargs):
    old = getattr(instance, OLD_NAME, "")
    file = getattr(instance, _field(instance))
    if old and old != file.name:
        _remove_later(file.storage, old)
    setattr(instance, OLD_NAME, file.name or "")


def remove_deleted(sender, instance, **kwargs):
    file = getattr(instance, _field(instance))
    _remove_later(file.storage, file.name)


for _label in DOCUMENT_FIELDS:
    receiver(pre_save, sender=_label, dispatch_uid=f"{_label}-old-document")(remember_old_name)
    receiver(post_save, sender=_label, dispatch_uid=f"{_label}-replaced")(remove_replaced)
    receiver(post_delete, sender=_label, dispatch_uid=f"{_label}-deleted")(remove_deleted)
