"""Invitation letters and partnership documents, for regional staff only, always as a
download (delegations/documents.py keeps them off every public URL); gifts' photos, for
regional staff only, shown as images (delegations/photos.py checked them on upload)."""

import os

from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache

from accounts.decorators import requires
from config.caching import no_store
from delegations import photos
from delegations.documents import content_type_for
from delegations.rules import gift_from_pk, invitation_from_pk, partnership_document_from_pk


def _download(file, content_type=None):
    """The file as a download; with a `content_type` (a checked image), shown in the page."""
    if not file:
        raise Http404
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=content_type is None,
        filename=os.path.basename(file.name),
        content_type=content_type or content_type_for(file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return no_store(response)


@requires("delegations.read_documents", object=invitation_from_pk)
@never_cache
def invitation_letter(request, invitation):
    """Regional staff: an invitation's letter. 404 for everyone else (sign in first)."""
    return _download(invitation.letter)


@requires("delegations.read_documents", object=partnership_document_from_pk)
@never_cache
def partnership_document(request, document):
    """Regional staff: a document kept with a partnership. 404 for everyone else."""
    return _download(document.file)


@requires("delegations.read_documents", object=gift_from_pk)
@never_cache
def gift_photo(request, gift):
    """Regional staff: a gift's photo (an image; anything else stored goes as a download)."""
    content_type = photos.content_type_for(gift.photo.name) if gift.photo else None
    if content_type == "application/octet-stream":
        content_type = None
    return _download(gift.photo, content_type)
