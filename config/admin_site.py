"""The admin site: Django's, with autocomplete results labelled by each model admin."""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class LabelledAutocomplete(AutocompleteJsonView):
    """Each result's text from the searched model admin's `autocomplete_label(obj)` when it
    has one (two people of the same name tell apart), else `str(obj)` as usual."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class DeskAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return LabelledAutocomplete.as_view(admin_site=self)(request)
