"""The admin's file input for private documents: its link to the current file goes to the
view that checks who asks (delegations/views/documents.py), never to a /media/ address."""

import os

from django.contrib.admin.widgets import AdminFileWidget
from django.urls import reverse

from .photos import ACCEPT

DOWNLOAD_VIEWS = {
    "delegations.Invitation": "documents:invitation_letter",
    "delegations.PartnershipDocument": "documents:partnership_document",
    "delegations.Gift": "documents:gift_photo",
}


class DownloadLink:
    """What the widget's template shows: `url` and the file's name."""

    def __init__(self, file):
        instance = file.instance
        self.url = reverse(DOWNLOAD_VIEWS[instance._meta.label], args=[instance.pk])
        self.name = os.path.basename(file.name)

    def __str__(self):
        return self.name


class PrivateFileWidget(AdminFileWidget):
    accept = ".pdf,.png,.jpg,.jpeg,.docx,.odt"

    def __init__(self, attrs=None):
        super().__init__({"accept": self.accept, **(attrs or {})})

    def is_initial(self, value):
        instance = getattr(value, "instance", None)
        return bool(value and instance is not None and instance.pk)

    def format_value(self, value):
        if self.is_initial(value):
            return DownloadLink(value)
        return None


class PrivatePhotoWidget(PrivateFileWidget):
    """A gift's photo: the file picker offers images (delegations/photos.py checks them)."""

    accept = ACCEPT
