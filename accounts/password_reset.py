"""Password reset, throttled per e-mail address and per client address.

Each request for a reset link counts, whether or not an account has that address, and the
refusal reads the same either way, so the limit reveals nothing about who has an account.
The counts live in the cache named by PASSWORD_RESET_CACHE (fixed windows of
PASSWORD_RESET_WINDOW_SECONDS); with a memory cache per process each server process counts
on its own, so the limit is at most that many times looser.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from config.client_ip import client_ip

REFUSAL = _(
    "Too many reset links have been asked for from here or for this address. "
    "Wait an hour and try again, or ask the international office."
)


def _count(key):
    """Raise the count under `key` in the current window and return it."""
    cache = caches[settings.PASSWORD_RESET_CACHE]
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def allowed(request, email):
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    per_address = _count(f"password-reset:address:{address}")
    per_client = _count(f"password-reset:client:{client_ip(request)}")
    return (
        per_address <= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        and per_client <= settings.PASSWORD_RESET_LIMIT_PER_CLIENT
    )


class ThrottledPasswordResetView(auth.PasswordResetView):
    """Public: ask for a reset link (Django's view, with the limits above)."""

    def form_valid(self, form):
        if not allowed(self.request, form.cleaned_data["email"]):
            form.add_error("email", REFUSAL)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
