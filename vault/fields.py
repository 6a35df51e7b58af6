"""A model field whose value is stored encrypted (vault.crypto)."""

from django.db import models

from .crypto import decrypt, encrypt


class EncryptedCharField(models.TextField):
    """A short text kept encrypted in the database and plain in Python. The column holds a
    Fernet token (a new one at every save), so it cannot be searched, sorted or made unique
    in SQL; `max_length` checks the plain text."""

    def __init__(self, *args, max_length=None, **kwargs):
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)
        if max_length is not None:
            from django.core.validators import MaxLengthValidator

            self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        path = "vault.EncryptedCharField"  # the public name: migrations import only `vault`
        if self.plain_max_length is not None:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(
            **{"form_class": forms.CharField, "max_length": self.plain_max_length, **kwargs}
        )
