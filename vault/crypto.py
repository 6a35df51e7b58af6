"""Fernet encryption under the keys of settings.VAULT_KEYS (see the package's docstring)."""

import base64
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def new_key():
    """A new random key for VAULT_KEYS."""
    return Fernet.generate_key().decode()


def development_key():
    """The key used without VAULT_KEYS: derived from SECRET_KEY (never for production)."""
    digest = hashlib.sha256(b"vault:" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


@functools.cache
def _fernet(keys):
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "VAULT_KEYS must be Fernet keys (manage.py rotate_vault_keys --new-key makes one)."
        ) from error


def keys():
    return tuple(settings.VAULT_KEYS) or (development_key(),)


def encrypt(text):
    """The token of `text` under the first key (a new random one each time)."""
    return _fernet(keys()).encrypt(text.encode()).decode()


def decrypt(token):
    """The text of `token`, under whichever key made it; ValueError if no key can read it."""
    try:
        return _fernet(keys()).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError(
            "This value was encrypted with a key that is not in VAULT_KEYS."
        ) from error


def rotate(token):
    """`token` encrypted again under the first key; ValueError if no key can read it."""
    try:
        return _fernet(keys()).rotate(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("A value was encrypted with a key that is not in VAULT_KEYS.") from error


def mask(text, shown=3):
    """`text` for lists and screens: all but its last `shown` characters hidden."""
    if not text:
        return ""
    return "•" * max(len(text) - shown, 3) + text[-shown:]
