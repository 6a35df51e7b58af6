"""A second factor (TOTP, django-otp) for regional staff and embassy staff.

After the password, a privileged session must present a one-time code before it may open any
page; the first time, it enrols an authenticator app from a QR code. Which sessions are
privileged was written into the session at sign-in (session_limits), so ordinary requests pay
no query for this check.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .session_limits import PRIVILEGED_SINCE

# Pages a half-signed-in privileged user may still reach (by URL name).
OPEN_URL_NAMES = {"two_factor", "logout", "set_language", "healthz", "password_reset"}


class RequireSecondFactor:
    """Middleware, after django_otp.middleware.OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_SECOND_FACTOR
            and hasattr(request, "session")
            and request.session.get(PRIVILEGED_SINCE) is not None
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not self.is_open(request)
        ):
            target = reverse("two_factor:verify")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def is_open(request):
        if request.path.startswith(settings.STATIC_URL):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.url_name in OPEN_URL_NAMES or "two_factor" in match.namespaces
