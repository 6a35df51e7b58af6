"""Shorter sessions for privileged accounts (regional staff and embassy staff).

At sign-in the role is written into the session, so no request pays a query for it. Activity
renews the idle timeout, at most once a minute (renewing is a write to the session table:
on every request it was three of an embassy page's round trips); past the absolute limit since
sign-in the session ends and the user signs in again. Delegates keep Django's default session
age.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .rules import is_embassy_staff, is_regional_staff

PRIVILEGED_SINCE = "privileged_since"
RENEWED_AT = "privileged_renewed_at"
RENEW_EVERY = 60  # seconds: the idle timeout is exact to a minute


@receiver(user_logged_in)
def mark_privileged_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if is_regional_staff(user) or is_embassy_staff(user):
            request.session[PRIVILEGED_SINCE] = int(time.time())
            request.session.set_expiry(settings.PRIVILEGED_SESSION_IDLE_SECONDS)


class PrivilegedSessionLimits:
    """Middleware, after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        since = request.session.get(PRIVILEGED_SINCE) if hasattr(request, "session") else None
        if since is not None:
            now = time.time()
            if now - since > settings.PRIVILEGED_SESSION_MAX_SECONDS:
                logout(request)
            elif now - request.session.get(RENEWED_AT, since) >= RENEW_EVERY:
                request.session[RENEWED_AT] = int(now)
                request.session.set_expiry(settings.PRIVILEGED_SESSION_IDLE_SECONDS)
        return self.get_response(request)
