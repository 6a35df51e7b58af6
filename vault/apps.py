from django.apps import AppConfig
from django.core import checks


class VaultConfig(AppConfig):
    name = "vault"
    verbose_name = "Vault"

    def ready(self):
        checks.register(keys_set, checks.Tags.security, deploy=True)


def keys_set(app_configs=None, **kwargs):
    from django.conf import settings

    if settings.VAULT_KEYS:
        return []
    return [
        checks.Warning(
            "VAULT_KEYS is not set: passport numbers are encrypted under a key derived from "
            "SECRET_KEY.",
            hint="Set VAULT_KEYS to a key made by `manage.py rotate_vault_keys --new-key`.",
            id="vault.W001",
        )
    ]
