"""The admin site: Django's, with autocomplete results labelled by each model admin, and odd
input answered 400 instead of 500."""

import functools
import logging

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView

logger = logging.getLogger(__name__)

# Rows one inline may send. Django builds every row a form says it has, up to the formset's
# absolute maximum (2,000), before it refuses the rest: a forged TOTAL_FORMS of 10**23 on
# the delegation page built 6,000 forms and took half a minute. No page here has inlines of
# more than a few hundred rows (a delegation's members, a session's people on stage).
MAX_INLINE_ROWS = 500


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

    def admin_view(self, view, cacheable=False):
        """Every admin page, rendered here so that what Django's admin itself does not catch
        answers 400: a year of 99999999999999999999999 in the date drill-down (OverflowError
        in ChangeList.get_filters), a text where an id belongs re-rendered in an autocomplete
        widget after the form refused it (ValueError in the widget's query)."""
        wrapped = super().admin_view(view, cacheable)

        @functools.wraps(wrapped)
        def guarded(request, *args, **kwargs):
            if request.method == "POST" and request.user.is_staff and too_many_rows(request.POST):
                from config.views import bad_request

                logger.warning("Too many inline rows refused on %s", request.path)
                return bad_request(request, ValueError("too many rows"))
            try:
                response = wrapped(request, *args, **kwargs)
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
            except (OverflowError, ValueError) as error:
                from config.views import bad_request

                logger.warning("Odd input refused on %s: %r", request.path, error)
                return bad_request(request, error)
            return response

        return guarded


def too_many_rows(data):
    """Whether a formset in `data` claims more than MAX_INLINE_ROWS rows."""
    for name, value in data.items():
        if name.endswith("-TOTAL_FORMS"):
            value = value.strip()
            if value.isdigit() and (len(value) > 6 or int(value) > MAX_INLINE_ROWS):
                return True
    return False
