"""No silent overwrites: a form refuses to save over a change saved since it was loaded.

Each form of a timestamped row carries the row's `updated_at` as it was loaded
(`loaded_version`). On save the row is read again under a row lock (`SELECT … FOR UPDATE`
inside the admin's transaction), so of two simultaneous saves the second waits for the first
to commit, then sees the new stamp and is refused: exactly one wins. On SQLite the IMMEDIATE
transaction mode (config/settings.py) serialises the same section. A form of an existing row
that arrives without its loaded version (an old page, a script) is refused too.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STALE = _(
    "Someone else saved this record while you were editing it. Your changes were not saved: "
    "open the record again to see theirs, then make yours."
)
NO_VERSION = _(
    "This form is out of date (it does not say which version of the record it changes). Your "
    "changes were not saved: open the record again, then make them."
)


class ConcurrentEditForm(forms.ModelForm):
    """Refuses to save over a change someone else saved after this form was loaded."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stamp = getattr(self.instance, "updated_at", None)
        if self.instance.pk and stamp:
            self.fields["loaded_version"].initial = stamp.isoformat()

    def clean(self):
        cleaned = super().clean()
        if not (self.instance.pk and hasattr(self.instance, "updated_at")):
            return cleaned
        if not self.has_changed():
            # The posted values equal the row as it is now (the admin reads it afresh):
            # saving them loses nothing, whoever saved last.
            return cleaned
        loaded = self.data.get(self.add_prefix("loaded_version"))
        if not loaded:
            raise ValidationError(NO_VERSION, code="no_version")
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        # Locked until the transaction ends: a second save waits here for the first.
        current = rows.select_for_update().values_list("updated_at", flat=True).first()
        if current is not None and current.isoformat() != loaded:
            raise ValidationError(STALE, code="concurrent_edit")
        return cleaned


class ConcurrentEditInline:
    """Inline rows refuse to save over a change saved since the page was loaded too: a
    delegate's answer, given on their own page while staff had the delegation open, is not
    overwritten by the staff's older copy of the row."""

    form = ConcurrentEditForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "loaded_version" in fields else [*fields, "loaded_version"]
