"""Django's password reset, sent through the outbox (so staff see it, and it is retried)."""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation

from . import mail


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # The language the reset was asked for in: the link in the mail keeps it.
        language = translation.get_language() or settings.LANGUAGE_CODE
        subject, text, html = mail.render(
            language, context, subject_template_name, email_template_name, html_email_template_name
        )
        mail.store(
            to=to_email,
            language=language,
            subject=subject,
            text=text,
            html=html,
            kind="password_reset",
        )
