"""Invitations to sign in: a one-time link to choose a password, valid INVITATION_LINK_DAYS.

Who is invited is the domain's business (delegations/sign_in.py creates the login and sends
the e-mail); here are the link and the page it opens. The link is Django's password-reset
token with its own salt and lifetime: it stops working once a password is chosen (the token
covers the password hash and the last sign-in), when it expires, and when a newer invitation
replaces it (a login that has no password yet gets a new unusable one).
"""

from django.conf import settings
from django.contrib.auth import views as auth
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode


class InvitationTokens(PasswordResetTokenGenerator):
    key_salt = "accounts.invitations.InvitationTokens"

    def check_token(self, user, token):
        """Like the reset token, but valid INVITATION_LINK_DAYS (not PASSWORD_RESET_TIMEOUT)."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - ts <= settings.INVITATION_LINK_DAYS * 86400


tokens = InvitationTokens()


def link(user, language):
    """The absolute address of a new one-time link for `user`, in `language`'s pages."""
    with translation.override(language):
        path = reverse(
            "accounts:invitation_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": tokens.make_token(user),
            },
        )
    return settings.SITE_URL.rstrip("/") + path


class ChoosePasswordView(auth.PasswordResetConfirmView):
    """Public: the page the invitation's link opens (choose a password, then sign in)."""

    token_generator = tokens
    template_name = "registration/invitation_confirm.html"
    success_url = reverse_lazy("accounts:invitation_complete")
