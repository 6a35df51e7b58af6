"""Secrets at rest: values encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under keys
from the environment, rotatable.

`VAULT_KEYS` (settings, from the environment) is a list of Fernet keys: the first encrypts,
every one decrypts, so a new key goes first and the old one stays until
`manage.py rotate_vault_keys` has encrypted every stored value again under the new one.
Without `VAULT_KEYS` (development and tests only: `manage.py check --deploy` warns) a key is
derived from `SECRET_KEY`.

The public API; other apps import `vault`, never its modules.
"""

from .crypto import decrypt, encrypt, mask, new_key
from .fields import EncryptedCharField

__all__ = ["EncryptedCharField", "decrypt", "encrypt", "mask", "new_key"]
