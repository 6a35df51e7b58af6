"""Photos of gifts: a checked upload, kept privately.

A photo is an image by its content, not its name: Pillow must recognise it as JPEG, PNG or
WebP, its header must say no more than MAX_PIXELS pixels (a "decompression bomb" is refused
before it is decoded), and `verify()` must find the file whole. A file over
GIFT_PHOTO_MAX_BYTES, an empty file, a file of NUL bytes or anything else is refused beside
the field in the reader's language.

The stored name is made here (a random name with the ending of the detected type), so an odd
uploaded name (NUL bytes, a path, 3,000 characters) never reaches the disk. Files live in
the private storage of delegations/documents.py (no URL); delegations/views/documents.py
serves them to regional staff only.
"""

import os
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Pillow's format: (the stored name's ending, the content type it is served with)
FORMATS = {
    "JPEG": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "WEBP": (".webp", "image/webp"),
}
CONTENT_TYPES = {ending: content_type for ending, content_type in FORMATS.values()}
MAX_PIXELS = 50_000_000  # a 50-megapixel camera's photo; a bomb's header claims far more
ACCEPT = "image/jpeg,image/png,image/webp"


class NotAPhoto(Exception):
    """The file is not a photo we keep; `code` says why ("type" or "pixels")."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def photo_format(upload):
    """Pillow's format name of an uploaded photo ("JPEG", "PNG", "WEBP"), after checking its
    size in pixels and that it is whole. Raises NotAPhoto."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                found = image.format
                width, height = image.size
                if found not in FORMATS:
                    raise NotAPhoto("type")
                if width * height > MAX_PIXELS:
                    raise NotAPhoto("pixels")
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise NotAPhoto("pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError):
        raise NotAPhoto("type") from None
    finally:
        upload.seek(0)
    return found


@deconstructible
class PhotoValidator:
    """Field validator for photos (size in bytes, type by content, pixels, whole)."""

    def __call__(self, value):
        if isinstance(value, FieldFile) and value._committed:
            return  # the stored file: it was checked when it was uploaded
        limit = settings.GIFT_PHOTO_MAX_BYTES
        if value.size > limit:
            raise ValidationError(
                _("The photo is %(size)s; photos of up to %(limit)s can be uploaded."),
                code="photo_too_large",
                params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
            )
        try:
            photo_format(value)
        except NotAPhoto as refusal:
            if refusal.code == "pixels":
                raise ValidationError(
                    _(
                        "The photo has too many pixels; make it smaller (at most %(max)s "
                        "megapixels) and upload it again."
                    ),
                    code="photo_pixels",
                    params={"max": MAX_PIXELS // 1_000_000},
                ) from None
            raise ValidationError(
                _("This file is not a photo we can keep: upload a JPEG, PNG or WebP image."),
                code="photo_type",
            ) from None

    def __eq__(self, other):
        return isinstance(other, PhotoValidator)


validate_photo = PhotoValidator()


class PhotoFieldFile(FieldFile):
    """Saved under the ending of the type its content has (the uploaded name is dropped)."""

    def save(self, name, content, save=True):
        try:
            ending = FORMATS[photo_format(content)][0]
        except NotAPhoto:
            ending = ".bin"  # never shown as an image (served as a download)
        super().save(f"photo{ending}", content, save)


class PhotoField(models.FileField):
    """A FileField whose files are named by their content (see PhotoFieldFile)."""

    attr_class = PhotoFieldFile


def gift_photo_name(instance, filename):
    """gifts/<random>.<ending>: `filename` is the name PhotoFieldFile made from the content."""
    ending = os.path.splitext(filename)[1].lower()
    return f"gifts/{uuid.uuid4().hex}{ending if ending in CONTENT_TYPES else '.bin'}"


def content_type_for(name):
    """The content type a stored photo is served with (a download for anything else)."""
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")
