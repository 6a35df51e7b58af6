"""Invitation letters and partnership documents, for regional staff only, always as a
download (delegations/documents.py keeps them off every public URL)."""

import os

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from config.caching import no_store
from delegations.documents import content_type_for
from delegations.models import Invitation, PartnershipDocument
from delegations.roles import is_regional_staff


def _download(file):
    if not file:
        raise Http404
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=os.path.basename(file.name),
        content_type=content_type_for(file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return no_store(response)


@never_cache
def invitation_letter(request, pk):
    """Regional staff: an invitation's letter. 404 for everyone else."""
    if not is_regional_staff(request.user):
        raise Http404
    return _download(get_object_or_404(Invitation, pk=pk).letter)


@never_cache
def partnership_document(request, pk):
    """Regional staff: a document kept with a partnership. 404 for everyone else."""
    if not is_regional_staff(request.user):
        raise Http404
    return _download(get_object_or_404(PartnershipDocument, pk=pk).file)
